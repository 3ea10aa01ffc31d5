"""HR plans a campaign with its schedule in view, starts it, and follows it per lesson and department."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from elearn.course_library import library
from elearn.extensions import db
from elearn.learning.models import Assignment, CampaignMember
from elearn.outbox.models import OutboxMail
from elearn.people.models import Person
from tests.conftest import csrf_from, login
from tests.spaced.helpers import at, link_in, send_lessons


def _form(token: str, department_id: int, start, **extra) -> dict:
    return {
        "csrf_token": token,
        "name": "Grundkursen våren",
        "course_id": "nano",
        "kinds": ["employee"],
        "department_ids": [str(department_id)],
        "start_on": start.isoformat(),
        "every_days": "3",
        **extra,
    }


def test_hr_previews_starts_and_follows_a_campaign(
    app: Flask, create_person, create_department, login_as, outbox, today
) -> None:
    school = create_department("UTB", "Utbildningsförvaltningen")
    other = create_department("KUL", "Kulturförvaltningen")
    staff = [create_person(department=school, password=False) for _ in range(3)]
    create_person(department=school, kind="elected")  # not in the chosen kinds
    create_person(department=other)  # not in the chosen department
    client = login_as(create_person(roles={"hr"}))
    token = csrf_from(client.get("/kampanjer/ny").get_data(as_text=True))

    preview = client.post("/kampanjer/ny", data=_form(token, school.id, today)).get_data(as_text=True)
    assert "3 personer får kursen Nanokurs." in preview
    for offset in (0, 3, 6):
        assert (today + timedelta(days=offset)).isoformat() in preview
    with app.app_context():
        assert db.session.scalar(select(CampaignMember.id)) is None  # nothing happens before start

    started = client.post("/kampanjer/ny", data=_form(token, school.id, today, starta="1"))
    assert started.status_code == 302
    with app.app_context():
        members = set(db.session.scalars(select(CampaignMember.person_id)))
        assigned = set(db.session.scalars(select(Assignment.person_id).where(Assignment.course_id == "nano")))
    assert members == assigned == {p.id for p in staff}

    with app.test_request_context(base_url=app.config["BASE_URL"]):
        send_lessons(db.session, library(), today, at(today, 6))
    assert len(outbox) == 3
    learner = app.test_client()
    page = learner.get(link_in(outbox[0].get_content())).get_data(as_text=True)
    learner.post(
        link_in(outbox[0].get_content()),
        data={"csrf_token": csrf_from(page), "submission_id": "e" * 32, "svar-n1-1": "a", "svar-n1-2": "a"},
    )

    progress = client.get(started.headers["Location"]).get_data(as_text=True)
    row = progress[progress.index("Första lektionen") :].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('class="num">')[1:]] == ["3", "1", "1", "0"]
    department_row = progress[progress.index('<th scope="row">Utbildningsförvaltningen') :].split("</tr>")[0]
    # Three members are too few to show per department (SUPPRESSION_MINIMUM is 5).
    assert [cell.split("<")[0] for cell in department_row.split('class="num" colspan="4">')[1:]] == ["för få"]


def test_a_campaign_cannot_start_in_the_past(app: Flask, create_person, create_department, login_as, today) -> None:
    school = create_department()
    create_person(department=school)
    client = login_as(create_person(roles={"hr"}))
    token = csrf_from(client.get("/kampanjer/ny").get_data(as_text=True))
    response = client.post("/kampanjer/ny", data=_form(token, school.id, today - timedelta(days=1), starta="1"))
    assert response.status_code == 400
    assert "Första lektionen kan inte ligga före i dag." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CampaignMember.id)) is None


def test_the_campaign_page_shows_its_audience_and_the_mails_waiting_for_a_retry(
    app: Flask, smtp, create_person, create_department, login_as, today
) -> None:
    school = create_department("UTB", "Utbildningsförvaltningen")
    for i in range(3):
        create_person(department=school, email=f"s{i}@example.org", password=False)
    client = login_as(create_person(roles={"hr"}))
    token = csrf_from(client.get("/kampanjer/ny").get_data(as_text=True))
    address = client.post("/kampanjer/ny", data=_form(token, school.id, today, starta="1")).headers["Location"]

    def send_and_read() -> tuple[str, list[str]]:
        with app.test_request_context(base_url=app.config["BASE_URL"]):
            send_lessons(db.session, library(), today, at(today, 6))
        page = client.get(address).get_data(as_text=True)
        row = page[page.index("Första lektionen") :].split("</tr>")[0]
        return page, [cell.split("<")[0] for cell in row.split('class="num">')[1:]]

    smtp.defer = {"s1@example.org"}
    page, cells = send_and_read()
    assert "Medarbetare i Utbildningsförvaltningen" in page
    assert cells == ["2", "0", "0", "1"]
    assert "1 e-postmeddelande kunde inte skickas." in page
    assert "Senaste felet från e-postservern: <code>451 try again later" in page

    smtp.defer = set()
    page, cells = send_and_read()
    assert cells == ["3", "0", "0", "0"] and "kunde inte skickas" not in page


def test_hr_ends_a_campaign_and_no_more_lessons_are_mailed(app: Flask, smtp, create_person, today) -> None:
    from elearn.learning.models import Campaign
    from elearn.spaced.campaigns import CampaignPlan, start_campaign
    from elearn.spaced.models import LessonDelivery

    learner = create_person(email="lars@example.org", assign=False)
    hr = create_person(roles={"hr"}, kind="partner")
    with app.app_context():
        plan = CampaignPlan("Hösten", library().course("testkurs"), ("employee",), (), today, 5)
        campaign_id = start_campaign(db.session, plan, hr.id, at(today)).id
    smtp.defer = {"lars@example.org"}  # the first lesson's mail waits for a retry
    with app.test_request_context(base_url=app.config["BASE_URL"]):
        send_lessons(db.session, library(), today, at(today, 6))

    learner_client = app.test_client()
    login(learner_client, learner.email)
    second = "/kurser/testkurs/02-agera"
    assert "Den här lektionen öppnas" in learner_client.get(second).get_data(as_text=True)

    client = app.test_client()
    login(client, hr.email)
    page = client.get(f"/kampanjer/{campaign_id}").get_data(as_text=True)
    asked = client.post(f"/kampanjer/{campaign_id}/avsluta", data={"csrf_token": csrf_from(page)})
    assert "Det går inte att ångra." in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Campaign, campaign_id).ended_at is None
    ended = client.post(f"/kampanjer/{campaign_id}/avsluta", data={"csrf_token": csrf_from(page), "bekrafta": "ja"})
    assert ended.status_code == 302
    page = client.get(ended.headers["Location"]).get_data(as_text=True)
    assert "Kampanjen är avslutad. Inga fler lektioner skickas i den." in page
    assert "Avsluta kampanjen" not in page and today.isoformat() in page
    with app.app_context():
        assert db.session.get(Campaign, campaign_id).ended_at is not None
        assert db.session.scalar(select(LessonDelivery.id)) is None
        assert db.session.scalar(select(OutboxMail.id).where(OutboxMail.sent_at.is_(None))) is None

    # The rest of the course opens as it would without the campaign: at once, for a self-paced one.
    assert "Den här lektionen öppnas" not in learner_client.get(second).get_data(as_text=True)
    smtp.defer = set()
    with app.test_request_context(base_url=app.config["BASE_URL"]):
        send_lessons(db.session, library(), today + timedelta(days=10), at(today + timedelta(days=10), 6))
    assert smtp.messages == []


def test_the_campaign_list_shows_a_refused_lesson_mail_until_the_address_is_corrected(
    app: Flask, smtp, create_person, login_as, today
):
    # A course spaced by its own metadata mails lessons outside any campaign; HR must see those too.
    from tests.spaced.helpers import assign_nano

    learner = create_person(email="utan.kampanj@example.org")
    assign_nano(app, learner.id, today)
    smtp.refuse = {"utan.kampanj@example.org"}
    with app.test_request_context(base_url=app.config["BASE_URL"]):
        send_lessons(db.session, library(), today, at(today, 6))
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/kampanjer/").get_data(as_text=True)
    assert "1 meddelande kom inte fram" in page
    assert "utan.kampanj@example.org" in page and "<code>550 mailbox unavailable</code>" in page

    with app.test_request_context(base_url=app.config["BASE_URL"]):
        assert send_lessons(db.session, library(), today, at(today, 7)).sent == 0  # the same address: not again
        db.session.get(Person, learner.id).email = "ratt.adress@example.org"
        db.session.commit()
        assert send_lessons(db.session, library(), today, at(today, 8)).sent == 1
    assert len(smtp.to("ratt.adress@example.org")) == 1
    assert "kom inte fram" not in client.get("/kampanjer/").get_data(as_text=True)
