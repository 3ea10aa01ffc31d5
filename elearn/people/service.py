"""People, departments and the rules that give each person the courses meant for them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, insert, or_, select
from sqlalchemy.orm import Session

from ..content import Library
from ..db import as_utc
from ..learning.history import sync_assignments
from ..learning.models import Assignment, CourseCompletion
from .history import change_moment, recorded_at
from .models import Department, Person, PersonRole

PAGE_SIZE = 50
CHUNK = 2000  # ids per IN (...) list, well under SQLite's limit on bound parameters


class PeopleError(Exception):
    """A mistake a user can make here; the message is shown on the page."""


@dataclass(frozen=True)
class Page:
    people: list[Person]
    total: int
    number: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def find_people(
    session: Session,
    text: str = "",
    department_id: int | None = None,
    kind: str | None = None,
    role: str | None = None,
    active: bool | None = True,
    page: int = 1,
) -> Page:
    query: Select = select(Person)
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Person.name).like(pattern),
                func.lower(Person.email).like(pattern),
                Person.employee_id == text.strip(),
            )
        )
    if department_id:
        query = query.where(Person.department_id == department_id)
    if kind:
        query = query.where(Person.kind == kind)
    if role:
        query = query.where(Person.id.in_(select(PersonRole.person_id).where(PersonRole.role == role)))
    if active is not None:
        query = query.where(Person.active.is_(active))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    people = session.scalars(
        query.order_by(Person.name, Person.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return Page(list(people), total, page)


def active_people_in(kinds: Sequence[str], department_ids: Sequence[int]) -> ColumnElement[bool]:
    """Active people of `kinds` and `department_ids`; an empty list leaves that side open."""
    condition = Person.active.is_(True)
    if kinds:
        condition = and_(condition, Person.kind.in_(kinds))
    if department_ids:
        condition = and_(condition, Person.department_id.in_(department_ids))
    return condition


def departments(session: Session, active_only: bool = False) -> list[Department]:
    query = select(Department).order_by(Department.name)
    if active_only:
        query = query.where(Department.active.is_(True))
    return list(session.scalars(query))


def department_coordinators(session: Session) -> dict[int, list[Person]]:
    rows = session.scalars(
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(PersonRole.role == "coordinator", Person.active.is_(True), Person.department_id.is_not(None))
        .order_by(Person.name)
    )
    found: dict[int, list[Person]] = {}
    for person in rows:
        found.setdefault(person.department_id, []).append(person)  # type: ignore[arg-type]
    return found


def email_taken(session: Session, email: str, except_id: int | None = None) -> bool:
    query = select(Person.id).where(func.lower(Person.email) == email.strip().lower())
    if except_id is not None:
        query = query.where(Person.id != except_id)
    return session.scalar(query) is not None


def employee_id_taken(session: Session, employee_id: str, except_id: int | None = None) -> bool:
    query = select(Person.id).where(Person.employee_id == employee_id)
    if except_id is not None:
        query = query.where(Person.id != except_id)
    return session.scalar(query) is not None


def save_person(
    session: Session,
    person: Person,
    library: Library,
    today: date,
    due_days: int,
) -> Person:
    """Store a new or edited person and bring their assignments in line with the rules."""
    person.email = person.email.strip().lower()
    with session.no_autoflush:  # check before the half-edited person reaches the database
        if email_taken(session, person.email, person.id):
            raise PeopleError("Det finns redan en person med den e-postadressen.")
        if person.employee_id and employee_id_taken(session, person.employee_id, person.id):
            raise PeopleError("Det finns redan en person med det anställningsnumret.")
    session.add(person)
    session.flush()
    apply_assignment_rules(session, [person], library, today, due_days)
    session.commit()
    return person


def set_active(session: Session, person: Person, active: bool, library: Library, today: date, due_days: int) -> None:
    """Deactivated people leave the figures but keep their history; coming back restores it."""
    person.active = active
    if active:
        apply_assignment_rules(session, [person], library, today, due_days)
    session.commit()


def apply_assignment_rules(
    session: Session, people: Sequence[Person], library: Library, today: date, due_days: int
) -> tuple[int, int]:
    """Give each active person the courses whose audience includes them, with a due date, and
    drop rule-made assignments that no longer apply (manual ones stay). Returns (added, removed)."""
    existing: dict[int, dict[str, Assignment]] = {}
    for chunk in _chunks([p.id for p in people if p.active]):
        for assignment in session.scalars(select(Assignment).where(Assignment.person_id.in_(chunk))):
            existing.setdefault(assignment.person_id, {})[assignment.course_id] = assignment
    added = removed = 0
    due_on = today + timedelta(days=due_days)
    for person in people:
        if not person.active:
            continue
        have = existing.get(person.id, {})
        department = person.department.code if person.department else None
        wanted = courses_for(library, person.kind, person.roles, department)
        for course_id in sorted(wanted - set(have)):
            session.add(Assignment(person_id=person.id, course_id=course_id, due_on=due_on, source="rule"))
            added += 1
        for course_id, assignment in have.items():
            if course_id not in wanted and assignment.source == "rule" and course_id in library.courses:
                session.delete(assignment)
                removed += 1
    return added, removed


def courses_for(library: Library, kind: str, roles: frozenset[str] | set[str], department: str | None) -> set[str]:
    """The courses whose audience includes a person of this kind, with these roles, in this department."""
    return {c.id for c in library.courses.values() if c.audience.includes(kind, roles, department)}


def assign_newcomers(
    session: Session,
    newcomers: Iterable[tuple[int, str, frozenset[str], str | None]],
    library: Library,
    today: date,
    due_days: int,
) -> int:
    """Give people who were just created, as (id, kind, roles, department code), the courses meant
    for them, in one bulk insert: they have no assignments yet, so there is nothing to compare."""
    due_on = today + timedelta(days=due_days)
    rows = [
        {"person_id": person_id, "course_id": course_id, "due_on": due_on, "source": "rule"}
        for person_id, kind, roles, department in newcomers
        for course_id in sorted(courses_for(library, kind, roles, department))
    ]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(Assignment), rows[start : start + CHUNK])
    # A bulk insert bypasses the ORM's flush, where history is otherwise written.
    sync_assignments(session.connection(), {row["person_id"] for row in rows}, change_moment(session))
    return len(rows)


def assign_manually(session: Session, person: Person, course_id: str, due_on: date | None, library: Library) -> None:
    if library.course(course_id) is None:
        raise PeopleError("Kursen finns inte.")
    assignment = session.scalar(
        select(Assignment).where(Assignment.person_id == person.id, Assignment.course_id == course_id)
    )
    if assignment is None:
        session.add(Assignment(person_id=person.id, course_id=course_id, due_on=due_on, source="manual"))
    else:
        assignment.due_on = due_on
        assignment.source = "manual"
    session.commit()


def renew_expired_assignments(session: Session, now: datetime, due_days: int) -> int:
    """When a completion expires, the course is due again as a refresher with a new due date."""
    latest = (
        select(
            CourseCompletion.person_id,
            CourseCompletion.course_id,
            func.max(CourseCompletion.expires_at).label("expires_at"),
        )
        .group_by(CourseCompletion.person_id, CourseCompletion.course_id)
        .subquery()
    )
    rows = session.execute(
        select(Assignment, latest.c.expires_at)
        .join(latest, (latest.c.person_id == Assignment.person_id) & (latest.c.course_id == Assignment.course_id))
        .where(latest.c.expires_at <= now)
    )
    renewed = 0
    with recorded_at(session, now):
        for assignment, expires_at in rows:
            expired_on = as_utc(expires_at).date()
            if assignment.due_on is None or assignment.due_on <= expired_on:
                assignment.due_on = expired_on + timedelta(days=due_days)
                renewed += 1
        session.commit()
    return renewed


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
