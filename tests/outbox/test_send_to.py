"""`send_to` writes each mail in the person's language, else in the configured default."""

from __future__ import annotations

from flask import Flask

from elearn.extensions import db
from elearn.outbox.queue import send_to
from elearn.people.models import Person


def _subject_for(app: Flask, person_id: int) -> str:
    from flask_babel import gettext as _

    with app.test_request_context():
        mail = send_to(db.session, db.session.get(Person, person_id), "invitation", lambda: (_("Nytt lösenord"), ""))
        return mail.subject


def test_a_mail_is_written_in_the_persons_language_else_the_configured_default(app: Flask, create_person) -> None:
    english, unset = create_person(), create_person()
    with app.app_context():
        db.session.get(Person, english.id).locale = "en"
        db.session.commit()
    assert _subject_for(app, english.id) == "New password"
    assert _subject_for(app, unset.id) == "Nytt lösenord"
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    try:
        assert _subject_for(app, unset.id) == "New password"
    finally:
        app.config["BABEL_DEFAULT_LOCALE"] = "sv"
