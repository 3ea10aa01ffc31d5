"""Queueing a mail to a person, written in their language."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import Session

from ..db import utcnow
from ..people.models import Person
from .models import OutboxMail


def language_of(person: Person) -> str:
    """The person's chosen language, else the configured default (BABEL_DEFAULT_LOCALE)."""
    config = current_app.config
    return person.locale if person.locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def send_to(session: Session, person: Person, kind: str, compose: Callable[[], tuple[str, str]]) -> OutboxMail:
    """Queue a mail to `person`: `compose` returns (subject, body) and runs in the person's
    language. Nothing is sent until the caller's transaction commits and `deliver` runs, so a
    page that queues mail never waits for the mail server."""
    with force_locale(language_of(person)):
        subject, body = compose()
    mail = OutboxMail(
        person_id=person.id, kind=kind, subject=subject[:300], body=body, to_address=person.email, created_at=utcnow()
    )
    session.add(mail)
    return mail
