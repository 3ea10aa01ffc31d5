"""Sessions that end: on logout, a new password or deactivation everywhere at once (the person's
session epoch, see Person.get_id), after a spell of inactivity, and at the latest some hours
after login. HR and admin, who see everyone's data, get the short idle limit and no remember-me.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, flash, session
from flask_babel import gettext as _
from flask_login import login_user as _login_user
from flask_login import logout_user, user_loaded_from_cookie

from ..access import PERMISSIONS
from ..people.models import Person
from .identity import Identity

# Those who see everyone's personal data get the short idle limit and no remember-me.
STAFF_ROLES = tuple(sorted(PERMISSIONS["people.manage"]))
# Kept across the new session a login starts: a display preference, not an identity.
_KEPT_AT_LOGIN = ("locale",)
# The last-seen time is written at most this often, so not every page sets a cookie.
_SEEN_RESOLUTION_SECONDS = 60


def idle_limit_seconds(person: Person | Identity) -> int:
    config = current_app.config
    minutes = config["SESSION_IDLE_MINUTES_STAFF"] if person.has_role(*STAFF_ROLES) else config["SESSION_IDLE_MINUTES"]
    return int(minutes) * 60


def start(person: Person, remember: bool) -> None:
    """Sign in with a fresh session: nothing an earlier visitor of the browser set carries over."""
    kept = {key: session[key] for key in _KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)
    _login_user(person, remember=remember and not person.has_role(*STAFF_ROLES))
    _stamp(person)


def end_everywhere(person: Person) -> None:
    person.end_sessions()
    logout_user()


def _stamp(person: Person | Identity) -> None:
    now = int(time.time())
    session["_login_at"] = now
    session["_seen_at"] = now
    session["_idle_limit"] = idle_limit_seconds(person)


def _enforce_timeouts() -> None:
    if "_user_id" not in session or "_login_at" not in session:
        return
    now = int(time.time())
    config = current_app.config
    idle = now - int(session.get("_seen_at", 0)) > int(session.get("_idle_limit", 0))
    too_old = now - int(session["_login_at"]) > int(config["SESSION_MAX_HOURS"]) * 3600
    if idle or too_old:
        logout_user()
        for key in ("_login_at", "_seen_at", "_idle_limit"):
            session.pop(key, None)
        flash(_("Du har loggats ut eftersom du inte har varit aktiv på ett tag. Logga in igen."), "info")
    elif now - int(session["_seen_at"]) >= _SEEN_RESOLUTION_SECONDS:
        session["_seen_at"] = now


def _restored_from_cookie(_app: Flask, user: Identity) -> None:
    _stamp(user)


def init_app(app: Flask) -> None:
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=int(app.config["REMEMBER_DAYS"]))
    app.before_request(_enforce_timeouts)
    user_loaded_from_cookie.connect(_restored_from_cookie, app)
