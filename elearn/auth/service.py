"""Passwords and the e-mails that carry invitation and reset links."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..absolute_url import absolute_url
from ..mail import send_mail
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


def send_invitation(person: Person) -> str:
    link = link_for(person, INVITATION)
    org = current_app.config["ORG"]["name"]
    days = current_app.config["INVITATION_DAYS"]
    with force_locale(person.locale or "sv"):
        send_mail(
            person.email,
            _("Välkommen till utbildningen om våldsbejakande extremism"),
            _(
                "Hej %(name)s!\n\n%(org)s har gett dig ett konto för utbildningen om våldsbejakande "
                "extremism. Välj ditt lösenord här:\n\n%(link)s\n\nLänken gäller i %(days)s dagar "
                "och kan bara användas en gång.",
                name=person.name,
                org=org,
                link=link,
                days=days,
            ),
        )
    return link


def send_password_reset(person: Person) -> None:
    link = link_for(person, PASSWORD_RESET)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    with force_locale(person.locale or "sv"):
        send_mail(
            person.email,
            _("Välj ett nytt lösenord"),
            _(
                "Hej %(name)s!\n\nNågon bad om ett nytt lösenord till ditt konto. Välj ett nytt här:"
                "\n\n%(link)s\n\nLänken gäller i %(hours)s timmar. Bad du inte om det kan du "
                "strunta i det här mejlet.",
                name=person.name,
                link=link,
                hours=hours,
            ),
        )
