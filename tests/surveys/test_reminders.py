"""Those who have not answered an open round are reminded by e-mail, at most once a day."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import update

from elearn.extensions import db
from elearn.people.models import Person
from elearn.surveys.models import SurveyReminder
from tests.conftest import csrf_from
from tests.surveys.helpers import make_round, store_answers, today


def _audience(app: Flask, create_person) -> dict[str, int]:
    people = {
        "answered": create_person(kind="elected", email="svarat@example.org").id,
        "waiting": create_person(kind="elected", email="vantar@example.org").id,
        "no_account": create_person(kind="elected", email="utan-konto@example.org", password=False).id,
        "employee": create_person(kind="employee", email="medarbetare@example.org").id,
        "inactive": create_person(kind="elected", email="slutat@example.org", active=False).id,
    }
    return people


def test_the_cli_reminds_only_those_who_have_not_answered_once_a_day(app: Flask, create_person, outbox) -> None:
    round_id = make_round(app, name="Kunskapsbehov 2026", closes=6)
    people = _audience(app, create_person)
    store_answers(app, round_id, people["answered"], {"begrepp": 3})
    runner = app.test_cli_runner()
    assert "1 påminnelse om enkäter skickad." in runner.invoke(args=["surveys", "remind"]).output
    (message,) = outbox
    assert message["To"] == "vantar@example.org"
    assert message["Subject"] == "Påminnelse: Kunskapsbehov 2026"
    text = message.get_content()
    assert f"http://localhost/enkater/{round_id}/svara" in text
    assert (today() + timedelta(days=6)).isoformat() in text
    assert "0 påminnelser om enkäter skickade." in runner.invoke(args=["surveys", "remind"]).output
    with app.app_context():
        db.session.execute(update(SurveyReminder).values(sent_on=today() - timedelta(days=1)))
        db.session.commit()
    assert "1 påminnelse om enkäter skickad." in runner.invoke(args=["surveys", "remind"]).output


def test_closed_and_future_rounds_send_no_reminders(app: Flask, create_person, outbox) -> None:
    make_round(app, opens=-20, closes=-1)
    make_round(app, opens=2, closes=20)
    create_person(kind="elected")
    assert "0 påminnelser" in app.test_cli_runner().invoke(args=["surveys", "remind"]).output
    assert outbox == []


def test_a_reminder_is_written_in_the_persons_language(app: Flask, create_person, outbox) -> None:
    make_round(app, name="Needs 2026")
    person = create_person(kind="elected")
    with app.app_context():
        db.session.get(Person, person.id).locale = "en"
        db.session.commit()
    app.test_cli_runner().invoke(args=["surveys", "remind"])
    assert outbox[0]["Subject"] == "Reminder: Needs 2026"


def test_hr_reminds_from_the_rounds_page_and_learns_who_needs_an_invitation(
    app: Flask, create_person, login_as, outbox
) -> None:
    round_id = make_round(app)
    people = _audience(app, create_person)
    store_answers(app, round_id, people["answered"], {"begrepp": 3})
    client = login_as(create_person(roles={"hr"}, kind="employee"))
    page = client.get(f"/enkater/{round_id}").get_data(as_text=True)
    assert "har inget konto" in page and "1 av 3" in page
    response = client.post(f"/enkater/{round_id}/paminn", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "1 påminnelse skickades." in html
    assert "1 som inte har svarat har inget konto ännu och behöver en inbjudan först." in html
    assert [m["To"] for m in outbox] == ["vantar@example.org"]
    client.post(f"/enkater/{round_id}/paminn", data={"csrf_token": csrf_from(page)})
    assert len(outbox) == 1
