"""One refused recipient never stops other mail; a mail server that is down or hangs leaves the
mail for the next run and ends the command with one clear line; pages never wait for it."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.extensions import db
from elearn.learning.models import Assignment
from elearn.outbox.models import OutboxMail
from tests.conftest import csrf_from
from tests.people.test_mail import Inbox
from tests.surveys.helpers import make_round


def _due(app: Flask, person_id: int, days: int) -> None:
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).where(Assignment.person_id == person_id))
        assignment.due_on = clock.today() + timedelta(days=days)
        db.session.commit()


def _mails(app: Flask) -> list[OutboxMail]:
    with app.app_context():
        mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        db.session.expunge_all()
        return mails


def _one_line_and_status_1(result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert "Traceback" not in result.output
    return result.output


def test_reminders_go_out_past_a_refused_recipient_who_is_shown_and_not_retried(
    app: Flask, smtp: Inbox, create_person
) -> None:
    for name in ("forsta", "avvisad", "sista"):
        _due(app, create_person(email=f"{name}@example.org").id, -2)
    smtp.refuse = {"avvisad@example.org"}
    runner = app.test_cli_runner()
    output = _one_line_and_status_1(runner.invoke(args=["reminders", "send"]))
    assert "3 påminnelser till deltagare" in output and "2 e-post skickade, 1 avvisade" in output
    assert smtp.to("forsta@example.org") and smtp.to("sista@example.org") and not smtp.to("avvisad@example.org")
    (refused,) = [m for m in _mails(app) if m.sent_at is None]
    assert refused.to_address == "avvisad@example.org" and refused.refused_at is not None
    assert refused.last_error == "550 mailbox unavailable"
    again = runner.invoke(args=["mail", "send"])
    assert again.exit_code == 0 and "0 e-post skickade, 0 avvisade" in again.output


def test_survey_reminders_go_out_past_a_refused_recipient(app: Flask, smtp: Inbox, create_person) -> None:
    make_round(app)
    for name in ("ledamot1", "ledamot2", "ledamot3"):
        create_person(kind="elected", email=f"{name}@example.org")
    smtp.refuse = {"ledamot2@example.org"}
    output = _one_line_and_status_1(app.test_cli_runner().invoke(args=["surveys", "remind"]))
    assert "3 påminnelser om enkäter skickade." in output and "2 e-post skickade, 1 avvisade" in output
    assert smtp.to("ledamot1@example.org") and smtp.to("ledamot3@example.org")


def test_inviting_everyone_goes_past_a_refused_recipient_over_one_connection(
    app: Flask, smtp: Inbox, create_person
) -> None:
    for n in range(6):
        create_person(password=False, email=f"ny{n}@example.org")
    smtp.refuse = {"ny2@example.org"}
    output = _one_line_and_status_1(app.test_cli_runner().invoke(args=["people", "invite", "--all"]))
    assert "6 inbjudningar skickade." in output and "5 e-post skickade, 1 avvisade" in output
    assert len(smtp.messages) == 5 and smtp.connections == 1


def test_a_server_that_never_answers_times_out_and_the_mail_waits(
    app: Flask, smtp: Inbox, mail_server, silent_port: int, create_person
) -> None:
    real_port = app.config["MAIL_PORT"]
    for n in range(3):
        create_person(password=False, email=f"vantar{n}@example.org")
    mail_server(silent_port)
    result = app.test_cli_runner().invoke(args=["people", "invite", "--all"])
    output = _one_line_and_status_1(result)
    assert output.count("\n") == 2  # what was queued, and the one line about the server
    assert "Error: e-postservern tar inte emot e-post" in output and "timed out" in output
    assert all(m.sent_at is None and m.claimed_until is None for m in _mails(app))

    mail_server(real_port)
    again = app.test_cli_runner().invoke(args=["mail", "send"])
    assert again.exit_code == 0 and "3 e-post skickade" in again.output
    assert sorted(str(m["To"]) for m in smtp.messages) == [f"vantar{n}@example.org" for n in range(3)]


def test_with_the_server_down_lessons_send_says_so_in_one_line(
    app: Flask, mail_server, closed_port: int, create_person, today
) -> None:
    from tests.spaced.helpers import assign_nano

    assign_nano(app, create_person(email="lektion@example.org").id, today)
    mail_server(closed_port)
    output = _one_line_and_status_1(app.test_cli_runner().invoke(args=["lessons", "send"]))
    assert "1 nya utskick planerade." in output and "ConnectionRefusedError" in output
    (waiting,) = _mails(app)
    assert waiting.sent_at is None and "ConnectionRefusedError" in waiting.last_error


def test_with_the_server_down_the_invite_and_reset_pages_answer_as_normal(
    app: Flask, smtp: Inbox, mail_server, closed_port: int, create_person, login_as
) -> None:
    real_port = app.config["MAIL_PORT"]
    newcomer = create_person(password=False, email="nykomling@example.org")
    member = create_person(email="glomsk@example.org")
    client = login_as(create_person(roles={"hr"}))
    mail_server(closed_port)
    page = client.get(f"/personer/{newcomer.id}").get_data(as_text=True)
    invited = client.post(f"/personer/{newcomer.id}/bjud-in", data={"csrf_token": csrf_from(page)})
    assert invited.status_code == 302
    assert "Inbjudan är skickad" in client.get(invited.headers["Location"]).get_data(as_text=True)

    visitor = app.test_client()
    token = csrf_from(visitor.get("/glomt-losenord").get_data(as_text=True))
    reset = visitor.post("/glomt-losenord", data={"csrf_token": token, "email": member.email})
    assert reset.status_code == 302
    assert sorted(m.kind for m in _mails(app)) == ["invitation", "password-reset"]

    mail_server(real_port)
    assert app.test_cli_runner().invoke(args=["mail", "send"]).exit_code == 0
    assert smtp.to("nykomling@example.org") and smtp.to("glomsk@example.org")


def test_a_reset_is_asked_for_alike_for_known_and_unknown_and_mailed_once_per_interval(
    app: Flask, outbox: list, create_person
) -> None:
    member = create_person(email="finns@example.org")

    def ask(email: str):
        client = app.test_client()
        token = csrf_from(client.get("/glomt-losenord").get_data(as_text=True))
        response = client.post("/glomt-losenord", data={"csrf_token": token, "email": email})
        return response.status_code, response.headers["Location"], client.get("/logga-in").get_data(as_text=True)

    known, unknown = ask(member.email), ask("finns-inte@example.org")
    assert known[:2] == unknown[:2] == (302, "/logga-in")
    assert "Om adressen finns hos oss" in known[2] and "Om adressen finns hos oss" in unknown[2]
    ask(member.email)
    ask(member.email.upper())
    assert [str(m["To"]) for m in outbox] == [member.email]  # one per PASSWORD_RESET_INTERVAL_MINUTES
