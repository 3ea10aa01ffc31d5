"""People and departments: finding, checking and staging them. Which courses a person must take
is `learning.assignments`."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ..errors import DomainError
from .models import Department, Person, PersonRole

PAGE_SIZE = 50


class PeopleError(DomainError):
    """A person that cannot be saved as entered."""


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


def save_person(session: Session, person: Person) -> Person:
    """Check and stage a new or edited person; the caller brings their assignments in line with
    the rules (`learning.assignments`) and commits."""
    person.email = person.email.strip().lower()
    with session.no_autoflush:  # check before the half-edited person reaches the database
        if email_taken(session, person.email, person.id):
            raise PeopleError(_l("Det finns redan en person med den e-postadressen."), "e-mail address taken")
        if person.employee_id and employee_id_taken(session, person.employee_id, person.id):
            raise PeopleError(_l("Det finns redan en person med det anställningsnumret."), "employee id taken")
    session.add(person)
    session.flush()
    return person
