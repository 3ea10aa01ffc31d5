"""When a completion is valid and what a person's status in a course is, stated once.

Every page, export, report, reminder and cron job decides these through this module: each rule
is a SQL expression (for grouped report queries) next to its Python twin (for a person's own
pages), and `tests/learning/test_status_rule.py` checks that the two agree.

The rule, as of a moment t:
- completed: a completion made by t has not expired by t;
- in progress: no valid completion, and a module was attempted after the latest completion
  (or ever, if there is none) — a refresher that has been started is in progress;
- expired: the latest completion has expired and nothing was attempted since;
- not started: no completion and no attempt.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, case, literal, or_, select

from .models import Assignment, CourseCompletion

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
EXPIRED = "expired"
STATUSES = (COMPLETED, EXPIRED, IN_PROGRESS, NOT_STARTED)

# One label per status on every page and in every export.
LABELS = {
    COMPLETED: _l("Klar"),
    IN_PROGRESS: _l("Påbörjad"),
    EXPIRED: _l("Utgången"),
    NOT_STARTED: _l("Inte påbörjad"),
}


def label(status: str) -> str:
    return str(LABELS[status])


def is_valid(completed_at: datetime, expires_at: datetime | None, at: datetime) -> bool:
    """A completion counts at `at` once made and until it expires."""
    return completed_at <= at and (expires_at is None or expires_at > at)


def valid_sql(completed_at, expires_at, at: datetime) -> ColumnElement[bool]:
    """`is_valid` over completion columns."""
    return and_(completed_at <= at, or_(expires_at.is_(None), expires_at > at))


def assignment_completed_sql(at: datetime) -> ColumnElement[bool]:
    """The assignment's course has a completion valid at `at`, as a condition on `Assignment`
    rows: what reminders and renewals ask of each open assignment."""
    return (
        select(CourseCompletion.id)
        .where(
            CourseCompletion.person_id == Assignment.person_id,
            CourseCompletion.course_id == Assignment.course_id,
            valid_sql(CourseCompletion.completed_at, CourseCompletion.expires_at, at),
        )
        .exists()
    )


def status_of(valid: bool, last_completed_at: datetime | None, last_attempt_at: datetime | None) -> str:
    """The status from what happened up to the moment asked about: whether a completion is
    valid then, when the latest completion was made and when a module was last attempted."""
    if valid:
        return COMPLETED
    if last_attempt_at is not None and (last_completed_at is None or last_attempt_at > last_completed_at):
        return IN_PROGRESS
    if last_completed_at is not None:
        return EXPIRED
    return NOT_STARTED


def status_sql(valid: ColumnElement[bool], last_completed_at, last_attempt_at) -> ColumnElement[str]:
    """`status_of` over columns: a boolean and two (possibly NULL) datetimes."""
    return case(
        (valid, literal(COMPLETED)),
        (
            and_(
                last_attempt_at.is_not(None),
                or_(last_completed_at.is_(None), last_attempt_at > last_completed_at),
            ),
            literal(IN_PROGRESS),
        ),
        (last_completed_at.is_not(None), literal(EXPIRED)),
        else_=literal(NOT_STARTED),
    )


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Overdue: not completed and the due date, a local calendar day, has passed."""
    return status != COMPLETED and due_on is not None and due_on < today


def overdue_sql(valid: ColumnElement[bool], due_on, today: date) -> ColumnElement[bool]:
    """`is_overdue` over columns."""
    return and_(~valid, due_on.is_not(None), due_on < today)
