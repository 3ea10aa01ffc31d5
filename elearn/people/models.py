"""Departments (förvaltningar), people and their roles."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow


class Department(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    people: Mapped[list[Person]] = relationship(back_populates="department")


class PersonRole(db.Model):
    """One row per role beyond the learner role everyone has, so reports can join on it."""

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    __table_args__ = (Index("ix_person_role_role", "role"),)


class Person(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    employee_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="employee", index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Part of every session and remember-me cookie (see get_id): raising it ends them all.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locale: Mapped[str | None] = mapped_column(String(5))
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the person left; the retention rule (RECORDS_RETENTION_YEARS) counts from it.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    department: Mapped[Department | None] = relationship(back_populates="people", lazy="joined")
    role_rows: Mapped[list[PersonRole]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by=PersonRole.role
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset({"learner", *(row.role for row in self.role_rows)})

    def set_roles(self, roles: set[str] | frozenset[str]) -> None:
        wanted = set(roles) - {"learner"}
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        for role in sorted(wanted - {row.role for row in self.role_rows}):
            self.role_rows.append(PersonRole(role=role))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie (auth/login.py)."""
        return f"{self.id}:{self.session_epoch or 0}"

    def end_sessions(self) -> None:
        """Every session and remember-me cookie of this person stops working at the next request."""
        self.session_epoch = (self.session_epoch or 0) + 1

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def department_code(self) -> str | None:
        return self.department.code if self.department else None


@event.listens_for(Person.active, "set")
def _note_when_deactivated(person: Person, active: bool, was_active: object, _initiator: object) -> None:
    # On the attribute, so every path that deactivates (the person page, an import) records it.
    if not active and was_active is not False:
        person.deactivated_at = utcnow()
        person.end_sessions()
    elif active:
        person.deactivated_at = None


from . import history as _history  # noqa: E402, F401  the history tables and their events follow these tables
