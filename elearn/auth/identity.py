"""The signed-in person as a request sees them: what access rules, the layout and the learner's
pages need, read with one Core statement into a frozen object. Loading the ORM `Person` with its
roles and department on every request cost more than most pages' own work
(docs/performance.md); the pages that change the person load it themselves (`person`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..people.models import Department, Person, PersonRole

_PEOPLE = Person.__table__
_DEPARTMENTS = Department.__table__
_ROLES = PersonRole.__table__
# One row per extra role (one with None for a learner only); built once, with bound parameters.
_IDENTITY = (
    select(
        _PEOPLE.c.id,
        _PEOPLE.c.name,
        _PEOPLE.c.locale,
        _PEOPLE.c.kind,
        _PEOPLE.c.department_id,
        _DEPARTMENTS.c.code,
        _PEOPLE.c.session_epoch,
        _PEOPLE.c.active,
        _ROLES.c.role,
    )
    .select_from(_PEOPLE)
    .outerjoin(_DEPARTMENTS, _DEPARTMENTS.c.id == _PEOPLE.c.department_id)
    .outerjoin(_ROLES, _ROLES.c.person_id == _PEOPLE.c.id)
    .where(_PEOPLE.c.id == bindparam("id"))
)


@dataclass(frozen=True, slots=True)
class Identity:
    """Answers what `Person` answers for access and audience rules (`roles`, `has_role`, `kind`,
    `department_id`, `department_code`, `active`) and what Flask-Login asks (`get_id`)."""

    id: int
    name: str
    locale: str | None
    kind: str
    department_id: int | None
    department_code: str | None
    roles: frozenset[str]
    session_epoch: int
    active: bool

    is_authenticated: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False

    @property
    def is_active(self) -> bool:
        return self.active

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def get_id(self) -> str:
        """As `Person.get_id`: what the session and the remember-me cookie hold."""
        return f"{self.id}:{self.session_epoch or 0}"


def identity(session: Session, person_id: int) -> Identity | None:
    """The person `person_id` as a request sees them, or None if there is no such person."""
    rows = session.execute(_IDENTITY, {"id": person_id}).all()
    if not rows:
        return None
    first = rows[0]
    return Identity(
        id=first.id,
        name=first.name,
        locale=first.locale,
        kind=first.kind,
        department_id=first.department_id,
        department_code=first.code,
        roles=frozenset({"learner", *(row.role for row in rows if row.role is not None)}),
        session_epoch=first.session_epoch,
        active=first.active,
    )


def person(session: Session, signed_in: Identity | Person) -> Person:
    """The ORM `Person` behind the signed-in identity, for a page that changes them."""
    if isinstance(signed_in, Person):  # the request that logged them in holds it already
        return signed_in
    return session.get_one(Person, signed_in.id)
