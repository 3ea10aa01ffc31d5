"""Invitations and reminders, received by a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import Assignment, CourseCompletion
from elearn.people.models import Person
from tests.conftest import csrf_from


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refuse: set[str] = set()  # recipients the server turns away for good (550)
        self.defer: set[str] = set()  # recipients it asks to try again later (451)
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        if address in self.refuse:
            return "550 mailbox unavailable"
        if address in self.defer:
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[email.message.Message]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app: Flask) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {k: app.config[k] for k in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    app.config.update(saved)
    controller.stop()


def body(message: email.message.Message) -> str:
    return message.get_content()


def test_one_invitation_reaches_the_person_by_smtp(app: Flask, smtp: Inbox, create_person, login_as) -> None:
    person = create_person(password=False, email="ny@example.org")
    client = login_as(create_person(roles={"hr"}))
    page = client.get(f"/personer/{person.id}").get_data(as_text=True)
    client.post(f"/personer/{person.id}/bjud-in", data={"csrf_token": csrf_from(page)})
    (message,) = smtp.to("ny@example.org")
    assert "http://localhost/inbjudan/" in body(message)
    assert message["Subject"] == "Välkommen till utbildningen om våldsbejakande extremism"


def test_inviting_everyone_is_idempotent_and_batched(app: Flask, smtp: Inbox, create_person, login_as) -> None:
    for n in range(30):
        create_person(password=False, email=f"p{n}@example.org")
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/personer/inbjudningar").get_data(as_text=True)
    assert "30 har inte fått någon inbjudan" in page
    first = client.post("/personer/inbjudningar", data={"csrf_token": csrf_from(page)}).get_data(as_text=True)
    assert "25 inbjudningar skickades nyss" in first and "5 har inte fått någon inbjudan" in first
    second = client.post("/personer/inbjudningar", data={"csrf_token": csrf_from(page)}).get_data(as_text=True)
    assert "0 har inte fått någon inbjudan" in second
    client.post("/personer/inbjudningar", data={"csrf_token": csrf_from(page)})
    assert len(smtp.messages) == 30
    assert all(len(smtp.to(f"p{n}@example.org")) == 1 for n in range(30))


def test_the_cli_invites_everyone_once(app: Flask, smtp: Inbox, create_person) -> None:
    for n in range(3):
        create_person(password=False, email=f"c{n}@example.org")
    create_person(email="har.konto@example.org")
    runner = app.test_cli_runner()
    assert "3 inbjudningar skickade" in runner.invoke(args=["people", "invite", "--all"]).output
    assert "0 inbjudningar skickade" in runner.invoke(args=["people", "invite", "--all"]).output
    assert len(smtp.messages) == 3 and not smtp.to("har.konto@example.org")


def test_invitation_links_export_as_csv_safe_for_excel(app: Flask, create_person, login_as) -> None:
    create_person(password=False, name='=HYPERLINK("http://evil")', email="formel@example.org")
    client = login_as(create_person(roles={"hr"}))
    response = client.get("/personer/inbjudningar.csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffNamn;E-post")
    assert "'=HYPERLINK" in text and "http://localhost/inbjudan/" in text


def _due(app: Flask, person_id: int, days: int) -> None:
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).where(Assignment.person_id == person_id))
        assignment.due_on = clock.today() + timedelta(days=days)
        db.session.commit()


def test_reminders_go_to_due_people_and_coordinators_once_per_interval(
    app: Flask, smtp: Inbox, create_person, create_department
) -> None:
    buf = create_department("BUF", "Barn och utbildning")
    overdue = create_person(email="sen@example.org", department=buf)
    soon = create_person(email="snart@example.org", department=buf)
    later = create_person(email="senare@example.org", department=buf)
    create_person(email="samordnare@example.org", department=buf, roles={"coordinator"})
    _due(app, overdue.id, -3)
    _due(app, soon.id, 2)
    _due(app, later.id, 60)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reminders", "send"])
    assert "2 påminnelser till deltagare, 1 till samordnare" in result.output, result.output
    assert "Testkurs" in body(smtp.to("sen@example.org")[0])
    assert smtp.to("snart@example.org") and not smtp.to("senare@example.org")
    summary = body(smtp.to("samordnare@example.org")[0])
    assert "Person" in summary and "Barn och utbildning" in summary
    again = runner.invoke(args=["reminders", "send"])
    assert "0 påminnelser till deltagare, 0 till samordnare" in again.output
    assert len(smtp.messages) == 3


def test_an_expired_completion_makes_the_course_due_again(app: Flask, smtp: Inbox, create_person) -> None:
    person = create_person(email="repetera@example.org")
    _due(app, person.id, -400)
    with app.app_context():
        db.session.add(
            CourseCompletion(
                person_id=person.id,
                course_id="testkurs",
                course_version="v",
                completed_at=utcnow() - timedelta(days=370),
                expires_at=utcnow() - timedelta(days=5),
                certificate_code="RENEW-1",
            )
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert "1 kurser förnyade" in result.output
    with app.app_context():
        due_on = db.session.scalar(select(Assignment.due_on).where(Assignment.person_id == person.id))
    assert due_on == clock.local_date(utcnow() - timedelta(days=5)) + timedelta(days=30)
    assert not smtp.to("repetera@example.org")  # due in 25 days: too early for a reminder


def test_deactivated_people_get_no_reminders(app: Flask, smtp: Inbox, create_person) -> None:
    person = create_person(email="borta@example.org")
    _due(app, person.id, -1)
    with app.app_context():
        db.session.get(Person, person.id).active = False
        db.session.commit()
    app.test_cli_runner().invoke(args=["reminders", "send"])
    assert smtp.messages == []
