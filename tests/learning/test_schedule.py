"""A spaced course opens one lesson at a time, and Mina kurser says what comes next and when."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from flask import Flask

from elearn.content import Delivery
from elearn.course_library import library
from elearn.learning.schedule import Start, lessons
from tests.conftest import csrf_from
from tests.spaced.helpers import assign_nano, days_ago


def test_one_lesson_every_seven_days_from_assignment(app: Flask, create_person, login_as) -> None:
    person = create_person()
    assign_nano(app, person.id, days_ago(8))
    client = login_as(person)

    course_page = client.get("/kurser/nano").get_data(as_text=True)
    third_opens = (days_ago(8) + timedelta(days=14)).isoformat()
    assert f"öppnas {third_opens}" in course_page
    assert 'href="/kurser/nano/n2"' in course_page and 'href="/kurser/nano/n3"' not in course_page

    assert "Den andra lektionen" in client.get("/kurser/nano/n2").get_data(as_text=True)
    locked = client.get("/kurser/nano/n3").get_data(as_text=True)
    assert f"Den här lektionen öppnas {third_opens}" in locked and "Den tredje lektionen" not in locked

    token = csrf_from(locked)
    refused = client.post("/kurser/nano/n3", data={"csrf_token": token, "svar-n3-1": "a", "submission_id": "a" * 32})
    assert refused.status_code == 403


def test_mina_kurser_shows_the_next_lesson_and_its_date(app: Flask, create_person, login_as, today) -> None:
    person = create_person()
    assign_nano(app, person.id, today)
    from tests.spaced.helpers import RIGHT, answer

    answer(app, person.id, "n1", RIGHT, today)
    page = login_as(person).get("/mina-kurser").get_data(as_text=True)
    opens = (today + timedelta(days=7)).isoformat()
    assert f"Nästa lektion: Andra lektionen. Den öppnas {opens}." in page
    assert "Fortsätt" not in page  # nothing to continue with until then


def test_self_paced_courses_stay_open_all_at_once(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person())
    response = client.get("/kurser/testkurs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'href="/kurser/testkurs/01-grunder"' in page
    assert "öppnas" not in page


def test_fixed_dates_and_pace_give_each_module_its_day(app: Flask) -> None:
    with app.app_context():
        course = library().course("nano")
    paced = lessons(course, course.modules, Start(date(2027, 2, 1), 3, fixed_dates=False))
    assert [lesson.opens_on for lesson in paced] == [date(2027, 2, 1), date(2027, 2, 4), date(2027, 2, 7)]

    fixed_days = (date(2027, 3, 1), date(2027, 3, 15), date(2027, 4, 5))
    fixed = replace(course, delivery=Delivery("spaced", dates=fixed_days))
    # A person whose audience leaves out the middle module still gets the others on their dates.
    chosen = (fixed.modules[0], fixed.modules[2])
    assert [lesson.opens_on for lesson in lessons(fixed, chosen, Start(fixed_days[0], 7, True))] == [
        date(2027, 3, 1),
        date(2027, 4, 5),
    ]


def test_a_campaign_paces_a_self_paced_course_on_mina_kurser(app: Flask, create_person, login_as, today) -> None:
    from elearn.extensions import db
    from elearn.spaced.campaigns import CampaignPlan, start_campaign
    from tests.spaced.helpers import at

    person = create_person(assign=False)
    with app.app_context():
        plan = CampaignPlan("Vår", library().course("testkurs"), ("employee",), (), today - timedelta(days=1), 5)
        start_campaign(db.session, plan, person.id, at(today))
    client = login_as(person)
    page = client.get("/mina-kurser").get_data(as_text=True)
    assert f"Nästa lektion: {library_module_title(app, 'testkurs', 0)}. Den är öppen nu." in page
    assert (today + timedelta(days=4)).isoformat() in client.get("/kurser/testkurs").get_data(as_text=True)


def library_module_title(app: Flask, course_id: str, index: int) -> str:
    with app.app_context():
        return library().course(course_id).modules[index].title
