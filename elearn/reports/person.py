"""A person's whole record for HR and their coordinator: status per course, attempts, repetition
answers and reminders. Reflections are left out: only their author reads them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Library
from ..db import as_utc
from ..learning.models import Assignment, CourseReminder, ModuleAttempt, Reminder, RepeatAnswer
from ..learning.service import CourseStatus, my_courses
from ..people.models import Person
from .filters import ELECTED_GROUP


@dataclass(frozen=True)
class Attempt:
    module_id: str
    number: int
    score: int
    passed: bool
    at: datetime


@dataclass(frozen=True)
class Repetition:
    topic: str
    correct: bool
    first_correct: bool
    at: datetime


@dataclass
class CourseRecord:
    status: CourseStatus
    assigned_at: datetime | None
    attempts: list[Attempt] = field(default_factory=list)
    repetitions: list[Repetition] = field(default_factory=list)
    reminded: list[datetime] = field(default_factory=list)  # every reminder of this course, oldest first


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    courses: list[CourseRecord]
    reminders: dict[str, datetime]  # kind -> when the latest went out


def may_follow(viewer: Person, person: Person, reviewer: bool) -> bool:
    """HR and admins follow everyone; a coordinator the people their department's reports count
    (elected officials are a group of their own, whatever their department)."""
    if reviewer:
        return True
    return (
        viewer.has_role("coordinator")
        and viewer.department_id is not None
        and person.department_id == viewer.department_id
        and person.kind != "elected"
    )


def person_record(session: Session, person: Person, library: Library, now: datetime) -> PersonRecord:
    """Everything a follow-up needs about `person`, in six queries whatever their history."""
    statuses = my_courses(session, person, library, now)
    assigned = dict(
        session.execute(select(Assignment.course_id, Assignment.created_at).where(_of(Assignment, person))).all()
    )
    records = {
        s.course.id: CourseRecord(s, as_utc(assigned[s.course.id]) if s.course.id in assigned else None)
        for s in statuses
    }
    attempts = session.execute(
        select(
            ModuleAttempt.course_id,
            ModuleAttempt.module_id,
            ModuleAttempt.attempt_number,
            ModuleAttempt.score,
            ModuleAttempt.passed,
            ModuleAttempt.created_at,
        )
        .where(_of(ModuleAttempt, person))
        .order_by(ModuleAttempt.created_at, ModuleAttempt.id)
    )
    for course_id, module_id, number, score, passed, at in attempts:
        if course_id in records:
            records[course_id].attempts.append(Attempt(module_id, number, score, passed, as_utc(at)))
    repeats = session.execute(
        select(
            RepeatAnswer.course_id,
            RepeatAnswer.topic,
            RepeatAnswer.correct,
            RepeatAnswer.first_correct,
            RepeatAnswer.answered_at,
        )
        .where(_of(RepeatAnswer, person))
        .order_by(RepeatAnswer.answered_at, RepeatAnswer.id)
    )
    for course_id, topic, correct, first_correct, at in repeats:
        if course_id in records:
            records[course_id].repetitions.append(Repetition(topic, correct, first_correct, as_utc(at)))
    sent = session.execute(
        select(CourseReminder.course_id, CourseReminder.sent_at)
        .where(_of(CourseReminder, person))
        .order_by(CourseReminder.sent_at, CourseReminder.id)
    )
    for course_id, at in sent:
        if course_id in records:
            records[course_id].reminded.append(as_utc(at))
    reminders = {
        kind: as_utc(at)
        for kind, at in session.execute(select(Reminder.kind, Reminder.sent_at).where(_of(Reminder, person)))
    }
    return PersonRecord(person, list(records.values()), reminders)


def attempts_by_module(record: CourseRecord) -> dict[str, list[Attempt]]:
    grouped: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in record.attempts:
        grouped[attempt.module_id].append(attempt)
    return dict(grouped)


def group_of(person: Person) -> int:
    """The report group that counts `person`, for the link back to its drill-down."""
    if person.kind == "elected":
        return ELECTED_GROUP
    return person.department_id or 0


def _of(model, person: Person):
    return model.person_id == person.id
