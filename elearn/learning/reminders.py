"""Reminder e-mails for cron: learners whose courses are due soon or overdue, and coordinators
a summary of their department's overdue people. Each at most once per interval, queued in the
outbox (the command then delivers it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from .. import clock
from ..absolute_url import absolute_url
from ..content import Library
from ..jobs import take_job_lock
from ..outbox.queue import send_to
from ..people.models import Person, PersonRole
from .models import Assignment, CourseReminder, Reminder
from .status import assignment_completed_sql

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


def open_assignments(session: Session, now: datetime, due_before: datetime) -> list[tuple[Person, Assignment]]:
    """Active people's assignments due before `due_before` without a completion valid now."""
    valid = assignment_completed_sql(now)
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


def _interval() -> timedelta:
    return timedelta(days=current_app.config["REMINDER_INTERVAL_DAYS"])


def reminded_within_interval(session: Session, person_ids: set[int], now: datetime) -> set[int]:
    """Those of `person_ids` that a course reminder reached too recently to be reminded again."""
    return _recently_reminded(session, DUE, now - _interval()) & person_ids


def remind_now(session: Session, library: Library, due: list[tuple[Person, Assignment]], now: datetime) -> int:
    """Remind the people of `due` (chosen by HR or a coordinator) of those assignments, by the
    cron job's rule: nobody twice within the interval, under the same job lock. The mails are
    queued; the caller delivers them. Returns how many were reminded."""
    take_job_lock(session, "reminders")
    reminded = _remind_learners(session, library, due, now, _interval())
    session.commit()
    return reminded


def unfinished(
    session: Session, person_ids: list[int], course_id: str, now: datetime
) -> list[tuple[Person, Assignment]]:
    """Those of `person_ids` assigned `course_id` without a completion valid now, due date or not."""
    valid = assignment_completed_sql(now)
    rows = session.execute(
        select(Person, Assignment)
        .join(Assignment, Assignment.person_id == Person.id)
        .where(Person.id.in_(person_ids), Person.active.is_(True), Assignment.course_id == course_id, ~valid)
        .order_by(Person.id)
    )
    return [(person, assignment) for person, assignment in rows]


def send_reminders(session: Session, library: Library, now: datetime) -> ReminderRun:
    """Queue the reminders that are due, marking each in the same transaction, under the job's
    lock: two runs at once (two app servers) remind nobody twice."""
    config = current_app.config
    take_job_lock(session, "reminders")
    interval = _interval()
    due = open_assignments(session, now, now + timedelta(days=config["REMINDER_DAYS_BEFORE"]))
    learners = _remind_learners(session, library, due, now, interval)
    overdue = [(p, a) for p, a in due if a.due_on < clock.today(now)]
    coordinators = _summarise_for_coordinators(session, library, overdue, now, interval)
    session.commit()
    return ReminderRun(learners, coordinators)


def _remind_learners(session, library, due, now, interval) -> int:
    skip = _recently_reminded(session, DUE, now - interval)
    by_person: dict[int, tuple[Person, list[Assignment]]] = {}
    for person, assignment in due:
        if person.id not in skip and library.course(assignment.course_id):
            by_person.setdefault(person.id, (person, []))[1].append(assignment)
    link = absolute_url("learning.dashboard")
    for person, assignments in by_person.values():
        send_to(session, person, DUE, partial(_learner_mail, library, link, person, assignments))
        _mark(session, person.id, DUE, now)
        session.add_all(CourseReminder(person_id=person.id, course_id=a.course_id, sent_at=now) for a in assignments)
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
        send_to(session, coordinator, SUMMARY, partial(_coordinator_mail, library, coordinator, rows))
        _mark(session, coordinator.id, SUMMARY, now)
        sent += 1
    return sent


def _due_line(library: Library, assignment: Assignment) -> str:
    title = _course_title(library, assignment.course_id)
    if assignment.due_on is None:  # reminded from the UI, a course may have no due date
        return f"- {title}"
    return f"- {title} ({_('klar senast %(date)s', date=assignment.due_on.isoformat())})"


def _learner_mail(library: Library, link: str, person: Person, assignments: list[Assignment]) -> tuple[str, str]:
    lines = "\n".join(_due_line(library, a) for a in assignments)
    return _("Påminnelse: din utbildning om våldsbejakande extremism"), _(
        "Hej %(name)s!\n\nDet här är kvar att göra:\n\n%(courses)s\n\nFortsätt här: %(link)s",
        name=person.name,
        courses=lines,
        link=link,
    )


def _coordinator_mail(library: Library, coordinator: Person, rows: list[tuple[Person, Assignment]]) -> tuple[str, str]:
    lines = "\n".join(f"- {p.name}: {_course_title(library, a.course_id)} ({a.due_on.isoformat()})" for p, a in rows)
    return _("Försenade utbildningar i din förvaltning"), ngettext(
        "Hej %(name)s!\n\n%(num)d utbildning i %(department)s är försenad:\n\n%(lines)s"
        "\n\nSe hela förvaltningen och påminn: %(link)s",
        "Hej %(name)s!\n\n%(num)d utbildningar i %(department)s är försenade:\n\n%(lines)s"
        "\n\nSe hela förvaltningen och påminn: %(link)s",
        len(rows),
        name=coordinator.name,
        department=coordinator.department.name,
        lines=lines,
        link=absolute_url("reports.drill_down", group=str(coordinator.department_id), status="overdue"),
    )


def _course_title(library: Library, course_id: str) -> str:
    course = library.course(course_id)
    return course.title if course else course_id
