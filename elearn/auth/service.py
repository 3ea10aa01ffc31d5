"""Passwords and the e-mails that carry invitation and reset links."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..absolute_url import absolute_url
from ..outbox.models import OutboxMail
from ..outbox.queue import send_to
from ..people.models import Person
from . import passwords, throttle
from .tokens import INVITATION, PASSWORD_RESET, make_token

# Checked when the e-mail is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = passwords.hash_password("not-a-real-password")


def find_by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> Person | None:
    person = find_by_email(session, email)
    if person is None or person.password_hash is None:
        passwords.verify(_DUMMY_HASH, password)
        return None
    if not passwords.verify(person.password_hash, password) or not person.active:
        return None
    if passwords.needs_upgrade(person.password_hash):
        person.password_hash = passwords.hash_password(password)
        session.commit()
    return person


def set_password(session: Session, person: Person, password: str) -> None:
    person.password_hash = passwords.hash_password(password)
    person.end_sessions()  # a new password ends every other session, remember-me included
    session.commit()
    # A new password ends a lock that someone else's guessing may have caused.
    throttle.clear(session, person.email)


def link_for(person: Person, purpose: str) -> str:
    endpoint = "auth.accept_invitation" if purpose == INVITATION else "auth.reset_password"
    return absolute_url(endpoint, token=make_token(person, purpose))


def send_invitation(session: Session, person: Person) -> tuple[str, OutboxMail]:
    """Queue the invitation; the link is returned too, for the command that prints it."""
    link = link_for(person, INVITATION)
    org = current_app.config["ORG"]["name"]
    days = current_app.config["INVITATION_DAYS"]

    def compose() -> tuple[str, str]:
        return _("Välkommen till utbildningen om våldsbejakande extremism"), _(
            "Hej %(name)s!\n\n%(org)s har gett dig ett konto för utbildningen om våldsbejakande "
            "extremism. Välj ditt lösenord här:\n\n%(link)s\n\nLänken gäller i %(days)s dagar "
            "och kan bara användas en gång.",
            name=person.name,
            org=org,
            link=link,
            days=days,
        )

    return link, send_to(session, person, INVITATION, compose)


def queue_password_reset(session: Session, email: str, now: datetime) -> OutboxMail | None:
    """Queue a reset link for an active account with this address, at most one per
    PASSWORD_RESET_INTERVAL_MINUTES, so nobody can flood a mailbox through the form."""
    person = find_by_email(session, email)
    if person is None or not person.active:
        return None
    # Locks the person's row on PostgreSQL, so two requests at the same moment queue one mail.
    session.execute(select(Person.id).where(Person.id == person.id).with_for_update())
    since = now - timedelta(minutes=current_app.config["PASSWORD_RESET_INTERVAL_MINUTES"])
    recent = session.scalar(
        select(OutboxMail.id).where(
            OutboxMail.person_id == person.id, OutboxMail.kind == PASSWORD_RESET, OutboxMail.created_at > since
        )
    )
    if recent is not None:
        return None
    link = link_for(person, PASSWORD_RESET)
    hours = current_app.config["PASSWORD_RESET_HOURS"]

    def compose() -> tuple[str, str]:
        return _("Välj ett nytt lösenord"), _(
            "Hej %(name)s!\n\nNågon bad om ett nytt lösenord till ditt konto. Välj ett nytt här:"
            "\n\n%(link)s\n\nLänken gäller i %(hours)s timmar. Bad du inte om det kan du "
            "strunta i det här mejlet.",
            name=person.name,
            link=link,
            hours=hours,
        )

    mail = send_to(session, person, PASSWORD_RESET, compose)
    session.commit()
    return mail
