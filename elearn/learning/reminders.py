"""Reminder e-mails for cron: learners whose courses are due soon or overdue, and coordinators
a summary of their department's overdue people. Each at most once per interval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from .. import clock
from ..absolute_url import absolute_url
from ..content import Library
from ..mail import send_mail
from ..people.models import Person, PersonRole
from .models import Assignment, CourseCompletion, Reminder
from .status import valid_sql

DUE = "due"
SUMMARY = "department-summary"


@dataclass(frozen=True)
class ReminderRun:
    learners: int
    coordinators: int


def _recently_reminded(session: Session, kind: str, since: datetime) -> set[int]:
    return set(session.scalars(select(Reminder.person_id).where(Reminder.kind == kind, Reminder.sent_at > since)))


def _mark(session: Session, person_id: int, kind: str, now: datetime) -> None:
    reminder = session.get(Reminder, (person_id, kind))
    if reminder is None:
        session.add(Reminder(person_id=person_id, kind=kind, sent_at=now))
    else:
        reminder.sent_at = now
    session.commit()


def open_assignments(session: Session, now: datetime, due_before: datetime) -> list[tuple[Person, Assignment]]:
    """Active people's assignments due before `due_before` without a completion valid now."""
    valid = (
        select(CourseCompletion.id)
        .where(
            CourseCompletion.person_id == Assignment.person_id,
            CourseCompletion.course_id == Assignment.course_id,
            valid_sql(CourseCompletion.completed_at, CourseCompletion.expires_at, now),
        )
        .exists()
    )
    rows = session.execute(
        select(Person, Assignment)
        .join(Assignment, Assignment.person_id == Person.id)
        .where(
            Person.active.is_(True),
            Assignment.due_on.is_not(None),
            Assignment.due_on <= clock.local_date(due_before),
            ~valid,
        )
        .order_by(Person.id, Assignment.due_on)
    )
    return [(person, assignment) for person, assignment in rows]


def send_reminders(session: Session, library: Library, now: datetime) -> ReminderRun:
    config = current_app.config
    interval = timedelta(days=config["REMINDER_INTERVAL_DAYS"])
    due = open_assignments(session, now, now + timedelta(days=config["REMINDER_DAYS_BEFORE"]))
    learners = _remind_learners(session, library, due, now, interval)
    overdue = [(p, a) for p, a in due if a.due_on < clock.today(now)]
    coordinators = _summarise_for_coordinators(session, library, overdue, now, interval)
    return ReminderRun(learners, coordinators)


def _remind_learners(session, library, due, now, interval) -> int:
    skip = _recently_reminded(session, DUE, now - interval)
    by_person: dict[int, tuple[Person, list[Assignment]]] = {}
    for person, assignment in due:
        if person.id not in skip and library.course(assignment.course_id):
            by_person.setdefault(person.id, (person, []))[1].append(assignment)
    link = absolute_url("learning.dashboard")
    for person, assignments in by_person.values():
        with force_locale(person.locale or "sv"):
            lines = "\n".join(
                f"- {_course_title(library, a.course_id)} ({_('klar senast %(date)s', date=a.due_on.isoformat())})"
                for a in assignments
            )
            send_mail(
                person.email,
                _("Påminnelse: din utbildning om våldsbejakande extremism"),
                _(
                    "Hej %(name)s!\n\nDet här är kvar att göra:\n\n%(courses)s\n\nFortsätt här: %(link)s",
                    name=person.name,
                    courses=lines,
                    link=link,
                ),
            )
        _mark(session, person.id, DUE, now)
    return len(by_person)


def _summarise_for_coordinators(session, library, overdue, now, interval) -> int:
    by_department: dict[int, list[tuple[Person, Assignment]]] = {}
    for person, assignment in overdue:
        if person.department_id is not None:
            by_department.setdefault(person.department_id, []).append((person, assignment))
    if not by_department:
        return 0
    skip = _recently_reminded(session, SUMMARY, now - interval)
    coordinators = session.scalars(
        select(Person)
        .join(PersonRole, and_(PersonRole.person_id == Person.id, PersonRole.role == "coordinator"))
        .where(Person.active.is_(True), Person.department_id.in_(by_department))
    ).all()
    sent = 0
    for coordinator in coordinators:
        if coordinator.id in skip:
            continue
        rows = by_department[coordinator.department_id]
        lines = "\n".join(
            f"- {p.name}: {_course_title(library, a.course_id)} ({a.due_on.isoformat()})" for p, a in rows
        )
        with force_locale(coordinator.locale or "sv"):
            send_mail(
                coordinator.email,
                _("Försenade utbildningar i din förvaltning"),
                _(
                    "Hej %(name)s!\n\n%(count)s utbildningar i %(department)s är försenade:\n\n%(lines)s",
                    name=coordinator.name,
                    count=len(rows),
                    department=coordinator.department.name,
                    lines=lines,
                ),
            )
        _mark(session, coordinator.id, SUMMARY, now)
        sent += 1
    return sent


def _course_title(library: Library, course_id: str) -> str:
    course = library.course(course_id)
    return course.title if course else course_id
