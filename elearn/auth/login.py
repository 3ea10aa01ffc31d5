"""Flask-Login wiring: who is signed in. Who may do what is `elearn.access`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from ..people.models import Person

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Logga in för att se sidan.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"
# Every logged-in request loads its person: with the roles in the same query, and a statement
# built once (session.get would build it, and its cache key, on each request).
_PERSON_WITH_ROLES = select(Person).options(joinedload(Person.role_rows)).where(Person.id == bindparam("id"))


@login_manager.user_loader
def load_person(person_id: str) -> Person | None:
    if not person_id.isdigit():
        return None
    return db.session.execute(_PERSON_WITH_ROLES, {"id": int(person_id)}).unique().scalar_one_or_none()
