"""Reading, validating and saving the organisation's course variables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content.variables import PHONE
from ..people.models import Person
from .models import OrgSetting, OrgSettingChange

MAX_LENGTH = 500
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Change:
    key: str
    old: str
    new: str


def kind_of(key: str) -> str:
    """How a variable is checked, from its name, so a variable added to config.py gets the
    right check without a change here."""
    if key.endswith("email"):
        return "email"
    if "phone" in key:
        return "phone"
    if key.endswith(("url", "link")):
        return "url"
    return "text"


def problem_with(key: str, value: str) -> LazyString | None:
    """The message for a value that may not be saved, or None."""
    if not value:
        return _l("Fyll i ett värde; kurserna visar det för deltagarna.")
    if len(value) > MAX_LENGTH or CONTROL.search(value) or "{{" in value or "}}" in value:
        return _l("Högst %(count)d tecken, på en rad, utan {{ eller }}.", count=MAX_LENGTH)
    kind = kind_of(key)
    if kind == "email":
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            return _l("Skriv en giltig e-postadress.")
    # A phone variable may name a route instead of a number ("kommunens växel"); a number must be whole.
    if kind == "phone" and value[0] in "+0123456789" and not PHONE.match(value):
        return _l("Skriv numret med siffror, till exempel 0670-123 45, eller en text som kommunens växel.")
    if kind == "url" and not re.match(r"^https://[^\s]+$", value):
        return _l("Skriv en fullständig adress som börjar med https://.")
    return None


# Read at the start of every request (live.py), so built once. Through the session, not its
# connection: right after `save` the new values are read before the commit (autoflush).
_SAVED = select(OrgSetting.key, OrgSetting.value)


def effective(session: Session, defaults: Mapping[str, str]) -> dict[str, str]:
    """The environment's defaults with the values saved in the UI on top."""
    saved = {key: value for key, value in session.execute(_SAVED)}
    return {key: saved.get(key, default) for key, default in defaults.items()}


def save(
    session: Session, values: Mapping[str, str], defaults: Mapping[str, str], person: Person, now: datetime
) -> list[Change]:
    """Store the values that differ from what is in force, each with a history row."""
    current = effective(session, defaults)
    changes = [Change(key, current[key], value) for key, value in values.items() if current.get(key) != value]
    for change in changes:
        setting = session.get(OrgSetting, change.key) or OrgSetting(key=change.key)
        setting.value = change.new
        session.add(setting)
        session.add(
            OrgSettingChange(
                key=change.key,
                old_value=change.old,
                new_value=change.new,
                changed_by_id=person.id,
                changed_at=now,
            )
        )
    session.commit()
    return changes


def history(session: Session, limit: int = 200) -> list[tuple[OrgSettingChange, str | None]]:
    """The latest changes first, each with the name of who made it (None once disposed of)."""
    query = (
        select(OrgSettingChange, Person.name)
        .outerjoin(Person, Person.id == OrgSettingChange.changed_by_id)
        .order_by(OrgSettingChange.id.desc())
        .limit(limit)
    )
    return [(change, name) for change, name in session.execute(query)]
