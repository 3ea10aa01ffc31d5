"""Flask-Login wiring: who is signed in. Who may do what is `elearn.access`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager
from .identity import Identity, identity

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Logga in för att se sidan.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_person(session_id: str) -> Identity | None:
    """The person of a session or remember-me cookie, while its epoch is the person's current one.
    Every signed-in request asks, so it is one Core statement, not the ORM (`identity`)."""
    person_id, _, epoch = session_id.partition(":")
    if not (person_id.isascii() and person_id.isdigit() and epoch.isascii() and epoch.isdigit()):
        return None
    if len(person_id) > 10:
        return None
    person = identity(db.session, int(person_id))
    if person is None or str(person.session_epoch) != epoch:
        return None
    return person
