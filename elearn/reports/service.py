"""Competence figures, each family counted by one grouped query in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session

from .. import clock, suppression
from ..db import as_utc
from ..learning import status as rule
from ..learning.models import Assignment, CourseCompletion, ModuleAttempt, QuestionResult, Reminder
from ..learning.reminders import DUE as DUE_REMINDER
from ..people.models import Department, Person, PersonRole
from ..percent import percent
from .filters import ELECTED_GROUP, NO_DEPARTMENT, Filters


def group_of_person(person=Person):
    return case(
        (person.kind == "elected", literal(ELECTED_GROUP)), else_=func.coalesce(person.department_id, NO_DEPARTMENT)
    )


@dataclass
class StatusCounts:
    headcount: int = 0
    completed: int = 0
    expired: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    completed_in_period: int | None = None  # with a period (`overview(since=...)`): completed within it
    suppressed: bool = False  # too few people behind it, or one could be derived (`elearn.suppression`)

    @property
    def completed_percent(self) -> int | None:
        return percent(self.completed, self.headcount)

    def shown_counts(self) -> tuple[int, ...]:
        """Every figure a report shows beside the headcount, each counting some of its people."""
        shown = tuple(getattr(self, name) for name in (*rule.STATUSES, "overdue"))
        return shown if self.completed_in_period is None else (*shown, self.completed_in_period)

    def add(self, other: StatusCounts) -> None:
        for name in ("headcount", *rule.STATUSES, "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.completed_in_period is not None:
            self.completed_in_period = (self.completed_in_period or 0) + other.completed_in_period


@dataclass(frozen=True)
class OverviewRow:
    group: int
    group_name: str
    course_id: str
    counts: StatusCounts


@dataclass
class Overview:
    rows: list[OverviewRow]
    totals: dict[str, StatusCounts] = field(default_factory=dict)  # per course
    since: datetime | None = None  # the start of the period whose completions are counted, if any

    def rows_for(self, course_id: str) -> list[OverviewRow]:
        return [row for row in self.rows if row.course_id == course_id]

    def chart(self, course_id: str) -> list[tuple[str, int | None]]:
        """Shown groups only: a suppressed bar would give away what its table cell hides."""
        return [
            (row.group_name, row.counts.completed_percent)
            for row in self.rows_for(course_id)
            if not row.counts.suppressed
        ]


def _completion_sets(filters: Filters):
    """Per person and course, as of the report's moment: the latest valid completion, the
    latest completion, the latest attempt."""
    at = filters.as_of
    valid = (
        select(
            CourseCompletion.person_id, CourseCompletion.course_id, func.max(CourseCompletion.completed_at).label("at")
        )
        .where(rule.valid_sql(CourseCompletion.completed_at, CourseCompletion.expires_at, at))
        .group_by(CourseCompletion.person_id, CourseCompletion.course_id)
        .subquery("valid")
    )
    ever = (
        select(
            CourseCompletion.person_id, CourseCompletion.course_id, func.max(CourseCompletion.completed_at).label("at")
        )
        .where(CourseCompletion.completed_at <= at)
        .group_by(CourseCompletion.person_id, CourseCompletion.course_id)
        .subquery("ever")
    )
    started = (
        select(ModuleAttempt.person_id, ModuleAttempt.course_id, func.max(ModuleAttempt.created_at).label("at"))
        .where(ModuleAttempt.created_at <= at)
        .group_by(ModuleAttempt.person_id, ModuleAttempt.course_id)
        .subquery("started")
    )
    return valid, ever, started


def _status_columns(filters: Filters, valid, ever, started):
    """The status rule of `learning.status` over the sets of `_completion_sets`."""
    is_valid = valid.c.person_id.is_not(None)
    status = rule.status_sql(is_valid, ever.c.at, started.c.at)
    return status, rule.overdue_sql(is_valid, Assignment.due_on, filters.as_of_date)


def _assigned_people(filters: Filters, valid, ever, started) -> Select:
    """Active people and their assignments, joined to their status sets, with the filters applied."""

    def same(sub):
        return and_(sub.c.person_id == Assignment.person_id, sub.c.course_id == Assignment.course_id)

    query = (
        select()
        .select_from(Assignment)
        .join(Person, Person.id == Assignment.person_id)
        .outerjoin(valid, same(valid))
        .outerjoin(ever, same(ever))
        .outerjoin(started, same(started))
        .where(Person.active.is_(True), Assignment.created_at <= filters.as_of)
    )
    if filters.course_id:
        query = query.where(Assignment.course_id == filters.course_id)
    if filters.kind:
        query = query.where(Person.kind == filters.kind)
    if filters.group is not None:
        query = query.where(group_of_person() == filters.group)
    return query


def group_names(session: Session) -> dict[int, str]:
    names = {NO_DEPARTMENT: _("Utan förvaltning"), ELECTED_GROUP: _("Förtroendevalda")}
    names.update({key: name for key, name in session.execute(select(Department.id, Department.name))})
    return names


def completed_within(query: Select, filters: Filters, since: datetime | None, assignment=Assignment):
    """The overview's query joined to the people who completed the assigned course between
    `since` and the report's moment, and the column that counts them; without a period, a
    column of zeros that the overview does not show."""
    if since is None:
        return query, literal_column("0")
    within = (
        select(CourseCompletion.person_id, CourseCompletion.course_id)
        .where(CourseCompletion.completed_at >= since, CourseCompletion.completed_at <= filters.as_of)
        .group_by(CourseCompletion.person_id, CourseCompletion.course_id)
        .subquery("within")
    )
    joined = query.outerjoin(
        within, and_(within.c.person_id == assignment.person_id, within.c.course_id == assignment.course_id)
    )
    return joined, func.sum(case((within.c.person_id.is_not(None), 1), else_=0))


def overview(session: Session, filters: Filters, minimum: int, since: datetime | None = None) -> Overview:
    """Status counts per group and course, and with `since` the completions within the period up
    to the report's moment; groups too small to show are suppressed, per course."""
    valid, ever, started = _completion_sets(filters)
    status, is_overdue = _status_columns(filters, valid, ever, started)
    group = group_of_person().label("grp")
    query, in_period = completed_within(_assigned_people(filters, valid, ever, started), filters, since)
    return count_overview(session, query, group, Assignment.course_id, status, is_overdue, in_period, minimum, since)


def count_overview(session: Session, query, group, course_id, status, is_overdue, in_period, minimum: int, since):
    """Counts `query`'s assignments per group and course by status, today's or as of a date
    (`as_of.overview_as_of`) alike, and assembles the overview from them."""

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    query = query.add_columns(
        group,
        course_id,
        func.count(),
        count(status == rule.COMPLETED),
        count(status == rule.EXPIRED),
        count(status == rule.IN_PROGRESS),
        count(is_overdue),
        in_period,
    ).group_by(group, course_id)
    return assemble_overview(session, session.execute(query), minimum, since)


def assemble_overview(session: Session, counted, minimum: int, since: datetime | None = None) -> Overview:
    """An overview from rows of (group, course, total, completed, expired, in progress, overdue,
    completed in the period), totals per course and the suppression of groups too small to
    show: today's figures and those as of a date (`as_of.overview_as_of`) alike."""
    names = group_names(session)
    rows = []
    for group_id, course_id, total, completed, expired, in_progress, overdue, in_period in counted:
        counts = StatusCounts(
            total,
            completed,
            expired,
            in_progress,
            total - completed - expired - in_progress,
            overdue,
            None if since is None else int(in_period or 0),
        )
        rows.append(OverviewRow(group_id, names.get(group_id, "?"), course_id, counts))
    rows.sort(key=lambda r: (r.group == ELECTED_GROUP, r.group == NO_DEPARTMENT, r.group_name, r.course_id))
    result = Overview(rows, since=since)
    for row in rows:
        result.totals.setdefault(row.course_id, StatusCounts()).add(row.counts)
    for course_id, total in result.totals.items():
        course_rows = result.rows_for(course_id)
        hidden = suppression.hide(
            {row.group: row.counts.headcount for row in course_rows},
            minimum,
            {row.group: row.counts.shown_counts() for row in course_rows},
        )
        for row in course_rows:
            row.counts.suppressed = row.group in hidden.cells
        total.suppressed = hidden.total
    return result


@dataclass(frozen=True)
class Coverage:
    department_id: int
    department: str
    coordinators: int
    trained: int

    @property
    def flagged(self) -> bool:
        return self.trained == 0


def coordinator_coverage(session: Session, deep_course_id: str, as_of: datetime) -> list[Coverage]:
    """Every active department, with how many active coordinators hold a valid deep-course
    completion; a department with none is flagged."""
    trained = (
        select(CourseCompletion.person_id)
        .where(
            CourseCompletion.course_id == deep_course_id,
            rule.valid_sql(CourseCompletion.completed_at, CourseCompletion.expires_at, as_of),
        )
        .group_by(CourseCompletion.person_id)
        .subquery("trained")
    )
    coordinators = (
        select(Person.id, Person.department_id)
        .join(PersonRole, and_(PersonRole.person_id == Person.id, PersonRole.role == "coordinator"))
        .where(Person.active.is_(True))
        .subquery("coordinators")
    )
    query = (
        select(Department.id, Department.name, func.count(coordinators.c.id), func.count(trained.c.person_id))
        .outerjoin(coordinators, coordinators.c.department_id == Department.id)
        .outerjoin(trained, trained.c.person_id == coordinators.c.id)
        .where(Department.active.is_(True))
        .group_by(Department.id, Department.name)
        .order_by(Department.name)
    )
    return [Coverage(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class PersonStatus:
    person_id: int
    name: str
    email: str
    course_id: str
    status: str
    due_on: date | None
    completed_at: datetime | None
    overdue: bool
    reminded_at: datetime | None = None


# Every column of the drill-down sorts; "forsenade" (overdue first) is the default.
SORTS = ("forsenade", "namn", "kurs", "status", "klar-senast", "genomford", "paminnd")
PAGE_SIZE = 100


@dataclass(frozen=True)
class PeoplePage:
    people: list[PersonStatus]
    total: int
    number: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True)
class PeopleQuery:
    """How a drill-down list is narrowed and ordered, besides the report filters."""

    sort: str = "forsenade"
    descending: bool = False
    status: str | None = None  # one of STATUSES, or "overdue"
    text: str = ""


def drill_down(
    session: Session, filters: Filters, sort: str = "forsenade", query: PeopleQuery | None = None
) -> list[PersonStatus]:
    """The people of one group with their status per course; overdue first unless asked otherwise."""
    wanted = query or PeopleQuery(sort)
    return sorted_people(session, _drill_down_query(filters, wanted), wanted)


def sorted_people(session: Session, rows: Select, wanted: PeopleQuery) -> list[PersonStatus]:
    """The rows of a drill-down query (`people_columns`) as people, in the order asked for."""
    people = [_person_status(row) for row in session.execute(rows)]
    return sorted(people, key=_ORDERS[wanted.sort if wanted.sort in SORTS else "forsenade"], reverse=wanted.descending)


def page_of(people: list[PersonStatus], page: int) -> PeoplePage:
    """One page of a drill-down list, and how many rows there are in all. The rows are sorted in
    Python (see `_ORDERS`), so a page is a slice of the whole sorted list."""
    number = min(max(1, page), max(1, -(-len(people) // PAGE_SIZE)))
    return PeoplePage(people[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], len(people), number)


def _drill_down_query(filters: Filters, wanted: PeopleQuery) -> Select:
    valid, ever, started = _completion_sets(filters)
    status, is_overdue = _status_columns(filters, valid, ever, started)
    query = _assigned_people(filters, valid, ever, started).outerjoin(
        Reminder, and_(Reminder.person_id == Person.id, Reminder.kind == DUE_REMINDER)
    )
    return people_columns(query, wanted, Assignment, status, is_overdue, valid.c.at, Reminder.sent_at)


def people_columns(
    query: Select, wanted: PeopleQuery, assignment, status, is_overdue, completed_at, reminded_at
) -> Select:
    """The drill-down's columns over assignments joined to Person (for the name and e-mail),
    narrowed by status and name: today's list and one as of a date (`as_of.drill_down_as_of`)."""
    query = query.add_columns(
        Person.id,
        Person.name,
        Person.email,
        assignment.course_id,
        status,
        assignment.due_on,
        completed_at,
        case((is_overdue, 1), else_=0),
        reminded_at,
    )
    if wanted.status == "overdue":
        query = query.where(is_overdue)
    elif wanted.status in rule.STATUSES:
        query = query.where(status == wanted.status)
    text = wanted.text.strip().lower()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(func.lower(Person.name).like(pattern, escape="\\"), func.lower(Person.email).like(pattern, escape="\\"))
        )
    return query


def _person_status(row) -> PersonStatus:
    pid, name, email, course_id, state, due_on, at, late, reminded = row
    return PersonStatus(
        pid,
        name,
        email,
        course_id,
        state,
        due_on,
        as_utc(at) if at else None,
        bool(late),
        as_utc(reminded) if reminded else None,
    )


def _swedish(name: str) -> tuple[str, str]:
    """Names in Swedish alphabetical order (å, ä, ö after z) on either database, whose
    collations disagree."""
    return name.casefold().translate(_SWEDISH_LETTERS), name


_SWEDISH_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "ü": "y"})


def _due(p: PersonStatus) -> tuple[bool, date]:
    return p.due_on is None, p.due_on or date.min  # empty due dates last


def _moment(at: datetime | None) -> tuple[bool, datetime]:
    return at is None, at or datetime.min.replace(tzinfo=UTC)  # never done last


# Sorted in Python, not SQL: SQLite and PostgreSQL put NULLs and å/ä/ö in different places, and
# an export must read the same on both. Ties go by course, then by person.
_ORDERS = {
    "forsenade": lambda p: (not p.overdue, *_due(p), _swedish(p.name), p.course_id, p.person_id),
    "namn": lambda p: (_swedish(p.name), p.course_id, p.person_id),
    "kurs": lambda p: (p.course_id, _swedish(p.name), p.person_id),
    "status": lambda p: (p.status, _swedish(p.name), p.course_id, p.person_id),
    "klar-senast": lambda p: (*_due(p), _swedish(p.name), p.course_id, p.person_id),
    "genomford": lambda p: (*_moment(p.completed_at), _swedish(p.name), p.course_id, p.person_id),
    "paminnd": lambda p: (*_moment(p.reminded_at), _swedish(p.name), p.course_id, p.person_id),
}


@dataclass(frozen=True)
class TopicCell:
    people: int
    answers: int
    right: int
    suppressed: bool

    @property
    def percent(self) -> int | None:
        if self.suppressed or not self.answers:
            return None
        return percent(self.right, self.answers)


@dataclass
class TopicGaps:
    topics: list[str]
    groups: list[tuple[int, str]]
    cells: dict[tuple[int, str], TopicCell]
    totals: dict[str, TopicCell]

    def weakest(self, count: int = 3) -> list[str]:
        shown = [(cell.percent, topic) for topic, cell in self.totals.items() if cell.percent is not None]
        return [topic for _, topic in sorted(shown)[:count]]


def narrow_answers(
    query: Select, filters: Filters, course_column, time_column, since: datetime | None, person=Person
) -> Select:
    """Answers (joined to `person`: Person, or people as they were) narrowed by the report
    filters: course, kind, group, period."""
    if since is not None:
        query = query.where(time_column >= since)
    if filters.course_id:
        query = query.where(course_column == filters.course_id)
    if filters.kind:
        query = query.where(person.kind == filters.kind)
    if filters.group is not None:
        query = query.where(group_of_person(person) == filters.group)
    return query


def topic_gaps(
    session: Session, filters: Filters, minimum: int, since: datetime | None = None, person=Person
) -> TopicGaps:
    """Per topic and group, the share of first-attempt answers that were right. Groups with
    fewer than `minimum` people are suppressed, and as many more as it takes that none can be
    derived from the totals (`elearn.suppression`). `person` is Person, or people as they were
    at a moment (`as_of.people_as_of`)."""
    group = group_of_person(person).label("grp")
    base = (
        select()
        .select_from(QuestionResult)
        .join(person, person.id == QuestionResult.person_id)
        .where(
            person.active.is_(True), QuestionResult.first_attempt.is_(True), QuestionResult.created_at <= filters.as_of
        )
    )
    base = narrow_answers(base, filters, QuestionResult.course_id, QuestionResult.created_at, since, person)
    figures = (
        func.count(func.distinct(QuestionResult.person_id)),
        func.count(),
        func.sum(case((QuestionResult.correct.is_(True), 1), else_=0)),
    )
    by_group = base.add_columns(group, QuestionResult.topic, *figures).group_by(group, QuestionResult.topic)
    overall = base.add_columns(QuestionResult.topic, *figures).group_by(QuestionResult.topic)
    names = group_names(session)
    cells = {
        (grp, topic): TopicCell(people, answers, right or 0, False)
        for grp, topic, people, answers, right in session.execute(by_group)
    }
    totals = {
        topic: TopicCell(people, answers, right or 0, False)
        for topic, people, answers, right in session.execute(overall)
    }
    cells, totals = suppression.by_topic(cells, totals, minimum)
    groups = sorted({g for g, _ in cells}, key=lambda g: (g == ELECTED_GROUP, g == NO_DEPARTMENT, names.get(g, "")))
    return TopicGaps(sorted(totals), [(g, names.get(g, "?")) for g in groups], cells, totals)


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    course_id: str
    completions: int


def completions_by_month(
    session: Session, start: datetime, end: datetime, course_id: str | None = None
) -> list[MonthCount]:
    """Completions per local calendar month between `start` and `end`. The months' UTC
    boundaries are computed here and the database only sorts each completion into one, so
    the figures do not depend on the database's idea of a time zone (SQLite has none)."""
    bounds = clock.month_starts(clock.local_date(start), clock.local_date(end))
    month = case(
        *((CourseCompletion.completed_at < bounds[i + 1][2], literal(i)) for i in range(len(bounds) - 1)),
        else_=literal(len(bounds) - 1),
    ).label("month")
    query = (
        select(month, CourseCompletion.course_id, func.count())
        .where(CourseCompletion.completed_at >= start, CourseCompletion.completed_at <= end)
        .group_by(month, CourseCompletion.course_id)
        .order_by(month, CourseCompletion.course_id)
    )
    if course_id:
        query = query.where(CourseCompletion.course_id == course_id)
    return [MonthCount(bounds[i][0], bounds[i][1], c, n) for i, c, n in session.execute(query)]
