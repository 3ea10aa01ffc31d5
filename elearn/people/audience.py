"""Who a campaign or a survey round reaches: active people of some kinds, in some departments.
The SQL condition and its Python twin sit side by side; `tests/people/test_audience.py` checks
that they agree."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_

from .models import Person


def audience_condition(kinds: Sequence[str], department_ids: Sequence[int]) -> ColumnElement[bool]:
    """Active people of `kinds` and `department_ids`; an empty list leaves that side open."""
    condition = Person.active.is_(True)
    if kinds:
        condition = and_(condition, Person.kind.in_(kinds))
    if department_ids:
        condition = and_(condition, Person.department_id.in_(department_ids))
    return condition


def in_audience(person: Person, kinds: Sequence[str], department_ids: Sequence[int]) -> bool:
    """`audience_condition` for one person already loaded."""
    if not person.active:
        return False
    if kinds and person.kind not in kinds:
        return False
    return not department_ids or person.department_id in department_ids
