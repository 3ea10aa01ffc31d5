"""Flask-Login wiring and the role check every protected view uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from ..people.models import Person

F = TypeVar("F", bound=Callable[..., Any])

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Logga in för att se sidan.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"
# Every logged-in request loads its person: with the roles in the same query, and a statement
# built once (session.get would build it, and its cache key, on each request).
_PERSON_WITH_ROLES = select(Person).options(joinedload(Person.role_rows)).where(Person.id == bindparam("id"))


@login_manager.user_loader
def load_person(session_id: str) -> Person | None:
    """The person of a session or remember-me cookie, while its epoch is the person's current one."""
    person_id, _, epoch = session_id.partition(":")
    if not (person_id.isascii() and person_id.isdigit() and epoch.isascii() and epoch.isdigit()):
        return None
    if len(person_id) > 10:
        return None
    person = db.session.execute(_PERSON_WITH_ROLES, {"id": int(person_id)}).unique().scalar_one_or_none()
    if person is None or str(person.session_epoch) != epoch:
        return None
    return person


def role_required(*roles: str) -> Callable[[F], F]:
    """Logged in and holding one of `roles`, or 403: a person sees only what the role allows."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
