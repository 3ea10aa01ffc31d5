"""Completion per department and course, counted in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..learning.models import Assignment, CourseCompletion, ModuleAttempt
from ..people.models import Department, Person


@dataclass(frozen=True)
class DepartmentRow:
    department: str | None
    course_id: str
    headcount: int
    completed: int
    expired: int
    in_progress: int
    not_started: int

    @property
    def completed_percent(self) -> int:
        return self.completed * 100 // self.headcount if self.headcount else 0


def completion_by_department(session: Session, now: datetime) -> list[DepartmentRow]:
    """Active assigned people per department and course, each counted once: completed (a
    completion valid now), expired (completions, none valid), in progress (attempts, never
    completed) and not started. One grouped query."""
    valid = (
        select(CourseCompletion.person_id, CourseCompletion.course_id)
        .where(or_(CourseCompletion.expires_at.is_(None), CourseCompletion.expires_at > now))
        .distinct()
        .subquery()
    )
    ever = select(CourseCompletion.person_id, CourseCompletion.course_id).distinct().subquery()
    started = select(ModuleAttempt.person_id, ModuleAttempt.course_id).distinct().subquery()
    is_completed = valid.c.person_id.is_not(None)
    is_expired = and_(valid.c.person_id.is_(None), ever.c.person_id.is_not(None))
    is_started = and_(ever.c.person_id.is_(None), started.c.person_id.is_not(None))
    query = (
        select(
            Department.name,
            Assignment.course_id,
            func.count(),
            func.sum(case((is_completed, 1), else_=0)),
            func.sum(case((is_expired, 1), else_=0)),
            func.sum(case((is_started, 1), else_=0)),
        )
        .select_from(Assignment)
        .join(Person, Person.id == Assignment.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(valid, and_(valid.c.person_id == Assignment.person_id, valid.c.course_id == Assignment.course_id))
        .outerjoin(ever, and_(ever.c.person_id == Assignment.person_id, ever.c.course_id == Assignment.course_id))
        .outerjoin(
            started, and_(started.c.person_id == Assignment.person_id, started.c.course_id == Assignment.course_id)
        )
        .where(Person.active.is_(True))
        .group_by(Department.name, Assignment.course_id)
        .order_by(Department.name, Assignment.course_id)
    )
    return [
        DepartmentRow(
            name, course_id, total, completed, expired, in_progress, total - completed - expired - in_progress
        )
        for name, course_id, total, completed, expired, in_progress in session.execute(query)
    ]
