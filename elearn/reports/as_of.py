"""Figures as they were at a moment, counted from the history of people and assignments.

Today's pages count from the people as they are; a day or a year that is over is counted from
who was where, with which role and which due date, at its end (`people/history.py`,
`learning/history.py`). The completion and status rules are the reports' own
(`service._completion_sets`), so both kinds of figure follow one rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from .. import clock, suppression
from ..learning import status as rule
from ..learning.history import AssignmentHistory
from ..learning.models import CourseCompletion, CourseReminder
from ..people.history import PersonHistory, PersonRoleHistory, holds_at
from ..people.models import Department, Person
from .filters import Filters
from .retention import Retention, retention
from .service import (
    Coverage,
    Overview,
    PeopleQuery,
    PersonStatus,
    TopicGaps,
    _completion_sets,
    completed_within,
    coordinator_coverage,
    count_overview,
    drill_down,
    group_of_person,
    overview,
    people_columns,
    sorted_people,
    topic_gaps,
)


def is_past(filters: Filters) -> bool:
    """A report about a day that is over counts from the history, as that day ended."""
    return filters.as_of_date < clock.today()


def people_as_of(moment: datetime):
    """People as they were at `moment`, usable wherever a report query joins Person: the topic
    and retention figures of a year that is over group answers by the department at its end."""
    held = (
        select(
            PersonHistory.person_id.label("id"),
            PersonHistory.department_id.label("department_id"),
            PersonHistory.kind.label("kind"),
            PersonHistory.active.label("active"),
        )
        .where(holds_at(PersonHistory, moment))
        .subquery("people_as_of")
    )
    return aliased(Person, held, adapt_on_names=True)


def _had_role(person_id, role: str, moment: datetime):
    held = aliased(PersonRoleHistory)
    return exists().where(held.person_id == person_id, held.role == role, holds_at(held, moment))


def _assigned_at(filters: Filters, coordinator_course: str | None):
    """Assignments held at the moment by people active then, joined to their status sets; for
    `coordinator_course`, only people who were coordinators then (whom that course is meant for)."""
    at = filters.as_of
    person, assignment = aliased(PersonHistory), aliased(AssignmentHistory)
    valid, ever, started = _completion_sets(filters)

    def same(sub):
        return and_(sub.c.person_id == assignment.person_id, sub.c.course_id == assignment.course_id)

    query = (
        select()
        .select_from(assignment)
        .join(person, and_(person.person_id == assignment.person_id, holds_at(person, at)))
        .outerjoin(valid, same(valid))
        .outerjoin(ever, same(ever))
        .outerjoin(started, same(started))
        .where(holds_at(assignment, at), person.active.is_(True))
    )
    if coordinator_course:
        query = query.where(
            or_(assignment.course_id != coordinator_course, _had_role(assignment.person_id, "coordinator", at))
        )
    if filters.course_id:
        query = query.where(assignment.course_id == filters.course_id)
    if filters.kind:
        query = query.where(person.kind == filters.kind)
    if filters.group is not None:
        query = query.where(group_of_person(person) == filters.group)
    return query, person, assignment, valid, ever, started


def overview_as_of(
    session: Session,
    filters: Filters,
    minimum: int,
    coordinator_course: str | None = None,
    since: datetime | None = None,
) -> Overview:
    """The overview's figures per group and course as they stood at `filters.as_of`, by the
    status rule of `learning.status` and suppressed as today's are; with `since`, also who of
    them completed within the period."""
    query, person, assignment, valid, ever, started = _assigned_at(filters, coordinator_course)
    query, in_period = completed_within(query, filters, since, assignment)
    is_valid = valid.c.person_id.is_not(None)
    status = rule.status_sql(is_valid, ever.c.at, started.c.at)
    is_overdue = rule.overdue_sql(is_valid, assignment.due_on, filters.as_of_date)
    group = group_of_person(person).label("grp")
    return count_overview(session, query, group, assignment.course_id, status, is_overdue, in_period, minimum, since)


def dated_overview(session: Session, filters: Filters, minimum: int, since: datetime | None = None) -> Overview:
    """The overview of the report pages, their exports and the API: today's from the
    organisation as it is, an earlier day's from the history, as it stood at that day's end;
    with `since`, also the completions from then to that day."""
    if is_past(filters):
        return overview_as_of(session, filters, minimum, since=since)
    return overview(session, filters, minimum, since)


def drill_down_as_of(session: Session, filters: Filters, wanted: PeopleQuery) -> list[PersonStatus]:
    """The people who were in the group at `filters.as_of`, with their status, due date and
    overdue flag as they stood then, and the last course reminder sent to them by then (the
    log, `CourseReminder`: `Reminder` keeps only the latest of a kind)."""
    query, _, assignment, valid, ever, started = _assigned_at(filters, None)
    is_valid = valid.c.person_id.is_not(None)
    reminded = (
        select(func.max(CourseReminder.sent_at))
        .where(CourseReminder.person_id == assignment.person_id, CourseReminder.sent_at <= filters.as_of)
        .correlate(assignment)
        .scalar_subquery()
    )
    rows = people_columns(
        query.join(Person, Person.id == assignment.person_id),
        wanted,
        assignment,
        rule.status_sql(is_valid, ever.c.at, started.c.at),
        rule.overdue_sql(is_valid, assignment.due_on, filters.as_of_date),
        valid.c.at,
        reminded,
    )
    return sorted_people(session, rows, wanted)


def dated_drill_down(session: Session, filters: Filters, wanted: PeopleQuery) -> list[PersonStatus]:
    """The drill-down and its export: today's from the organisation as it is, an earlier day's
    from the history."""
    if is_past(filters):
        return drill_down_as_of(session, filters, wanted)
    return drill_down(session, filters, query=wanted)


def _people_at(filters: Filters):
    """Whom answers are grouped by: people as they are, or as they were at a day that is over."""
    return people_as_of(filters.as_of) if is_past(filters) else Person


def dated_topic_gaps(session: Session, filters: Filters, minimum: int, since: datetime | None = None) -> TopicGaps:
    """The topic map up to `filters.as_of`, its answers grouped by the department and kind the
    people had then."""
    return topic_gaps(session, filters, minimum, since, person=_people_at(filters))


def dated_retention(
    session: Session, filters: Filters, minimum: int, min_days: int, since: datetime | None = None
) -> Retention:
    """Retention up to `filters.as_of`, its answers grouped by the people as they were then."""
    return retention(session, filters, minimum, min_days, since, person=_people_at(filters))


@dataclass(frozen=True)
class Change:
    """Why a course's completed count moved between two year ends."""

    headcount_before: int
    headcount_now: int
    joined: int  # counted now, not before: hired, given the course, or became a coordinator
    left: int  # counted before, not now: left, deactivated, or no longer assigned
    completed: int  # counted both times, completed during the year
    expired: int  # counted both times, their completion expired during the year
    joined_completed: int  # of those who joined, already completed
    left_completed: int  # of those who left, had completed

    # What the causes add up to, each a figure that is shown beside them: the change in headcount
    # (joined - left) and in completed (completed - expired + joined_completed - left_completed).
    SUMS = (("joined", "left"), ("completed", "expired", "joined_completed", "left_completed"))

    def hidden(self, minimum: int) -> frozenset[str]:
        """The causes too few to show, and those they could be worked out from."""
        causes = {name: getattr(self, name) for terms in self.SUMS for name in terms}
        return suppression.hide_terms(causes, self.SUMS, minimum)


def changes(session: Session, before: datetime, now: datetime, coordinator_course: str | None) -> dict[str, Change]:
    """Per course, the completions, expiries and headcount changes between two moments, from the
    same person-level sets as the figures they explain, so the parts add up to the difference."""

    def people_at(moment: datetime, first: bool):
        query, _, assignment, valid, *_ = _assigned_at(Filters(as_of=moment), coordinator_course)
        done = case((valid.c.person_id.is_not(None), 1), else_=0)
        one, zero = literal_column("1"), literal_column("0")
        return query.add_columns(
            assignment.person_id.label("person_id"),
            assignment.course_id.label("course_id"),
            (one if first else zero).label("in_before"),
            (done if first else zero).label("done_before"),
            (zero if first else one).label("in_now"),
            (zero if first else done).label("done_now"),
        )

    both = union_all(people_at(before, True), people_at(now, False)).subquery("both_moments")
    per_person = (
        select(
            both.c.course_id,
            func.max(both.c.in_before).label("b"),
            func.max(both.c.done_before).label("db"),
            func.max(both.c.in_now).label("n"),
            func.max(both.c.done_now).label("dn"),
        )
        .group_by(both.c.person_id, both.c.course_id)
        .subquery("per_person")
    )
    p = per_person.c

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    query = select(
        p.course_id,
        func.sum(p.b),
        func.sum(p.n),
        count(and_(p.n == 1, p.b == 0)),
        count(and_(p.b == 1, p.n == 0)),
        count(and_(p.b == 1, p.n == 1, p.db == 0, p.dn == 1)),
        count(and_(p.b == 1, p.n == 1, p.db == 1, p.dn == 0)),
        count(and_(p.n == 1, p.b == 0, p.dn == 1)),
        count(and_(p.b == 1, p.n == 0, p.db == 1)),
    ).group_by(p.course_id)
    return {course_id: Change(*(int(v or 0) for v in values)) for course_id, *values in session.execute(query)}


@dataclass(frozen=True)
class CoverageAt:
    department_id: int
    department: str
    coordinators: int
    trained: int
    expired: int  # coordinators whose deep-course completion had expired, with none valid

    @property
    def reason(self) -> str | None:
        """Why the department is flagged: no coordinator, none trained, or training expired."""
        if self.coordinators == 0:
            return "no_coordinator"
        if self.trained:
            return None
        return "expired" if self.expired else "not_trained"

    @property
    def flagged(self) -> bool:
        return self.reason is not None


def coverage_as_of(session: Session, deep_course_id: str, as_of: datetime) -> list[CoverageAt]:
    """Every department that existed and is active, with the coordinators it had at `as_of` and
    how many of them held a valid deep-course completion then, or only an expired one."""
    person = aliased(PersonHistory)
    completed = (
        select(
            CourseCompletion.person_id,
            func.max(
                case((rule.valid_sql(CourseCompletion.completed_at, CourseCompletion.expires_at, as_of), 1), else_=0)
            ).label("valid"),
        )
        .where(CourseCompletion.course_id == deep_course_id, CourseCompletion.completed_at <= as_of)
        .group_by(CourseCompletion.person_id)
        .subquery("completed")
    )
    coordinators = (
        select(person.person_id, person.department_id)
        .where(holds_at(person, as_of), person.active.is_(True), _had_role(person.person_id, "coordinator", as_of))
        .subquery("coordinators")
    )
    query = (
        select(
            Department.id,
            Department.name,
            func.count(coordinators.c.person_id),
            func.sum(case((completed.c.valid == 1, 1), else_=0)),
            func.sum(case((completed.c.valid == 0, 1), else_=0)),
        )
        .outerjoin(coordinators, coordinators.c.department_id == Department.id)
        .outerjoin(completed, completed.c.person_id == coordinators.c.person_id)
        .where(Department.active.is_(True), Department.created_at <= as_of)
        .group_by(Department.id, Department.name)
        .order_by(Department.name)
    )
    return [
        CoverageAt(dept_id, name, count, int(trained or 0), int(expired or 0))
        for dept_id, name, count, trained, expired in session.execute(query)
    ]


def dated_coverage(session: Session, deep_course_id: str, filters: Filters) -> list[Coverage] | list[CoverageAt]:
    """The overview's coordinator coverage: today's from the roles as they are, an earlier
    day's from the history."""
    if is_past(filters):
        return coverage_as_of(session, deep_course_id, filters.as_of)
    return coordinator_coverage(session, deep_course_id, filters.as_of)
