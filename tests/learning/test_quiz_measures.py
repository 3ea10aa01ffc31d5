"""A quiz measures knowledge: options in an order of each person's own, and nothing graded or
stored until every question is answered."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from elearn.course_library import library
from elearn.extensions import db
from elearn.learning import service
from elearn.learning.models import ModuleAttempt, QuestionResult
from elearn.people.models import Person
from tests.conftest import csrf_from, login
from tests.learning.test_flow import Q1, Q2, RIGHT_01, submit

PAGE = "/kurser/testkurs/01-grunder"


def _order(html: str, question: str) -> list[str]:
    return re.findall(rf'name="svar-{question}" id="[^"]+"\s+value="([a-z])"', html)


def _stored(app: Flask) -> tuple[int, int]:
    with app.app_context():
        attempts = db.session.scalar(select(func.count()).select_from(ModuleAttempt))
        results = db.session.scalar(select(func.count()).select_from(QuestionResult))
    return attempts, results


def test_a_reload_keeps_the_order_and_other_people_get_other_orders(app: Flask, create_person) -> None:
    orders = []
    for _ in range(8):
        client = app.test_client()
        login(client, create_person().email)
        first, again = (_order(client.get(PAGE).get_data(as_text=True), Q2) for _ in range(2))
        assert sorted(first) == ["a", "b", "c"] and first == again
        orders.append(tuple(first))
    assert len(set(orders)) > 1


def test_the_next_attempt_has_an_order_of_its_own(app: Flask, create_person, login_as) -> None:
    person = create_person()
    client = login_as(person)
    with app.app_context():
        stored = db.session.get(Person, person.id)
        course = library().course("testkurs")
        module = course.module("01-grunder")
        before = service.quiz_seed(db.session, stored, course, module)
        assert before == service.quiz_seed(db.session, stored, course, module)
    submit(client, "01-grunder", {f"svar-{Q1}": "b", f"svar-{Q2}": "c"})
    with app.app_context():
        after = service.quiz_seed(db.session, db.session.get(Person, person.id), course, module)
    assert after != before and after.endswith(":2")


def test_right_answers_pass_in_any_order_because_grading_goes_by_option(app: Flask, create_person) -> None:
    for _ in range(3):
        client = app.test_client()
        login(client, create_person().email)
        _, html = submit(client, "01-grunder", RIGHT_01)
        assert "2 av 2 rätt (100 %)" in html


def test_an_empty_submission_stores_nothing_and_says_what_is_left(app: Flask, create_person, login_as) -> None:
    status, html = submit(login_as(create_person()), "01-grunder", {})
    assert status == 400
    assert "Svara på alla frågor innan du skickar" in html
    assert "data-focus" in html and 'role="alert"' in html
    assert f'href="#fraga-{Q1}">Fråga 1:' in html and f'href="#fraga-{Q2}">Fråga 2:' in html
    assert _stored(app) == (0, 0)


def test_a_partial_submission_keeps_the_answers_and_stores_nothing(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person())
    status, html = submit(client, "01-grunder", {f"svar-{Q1}": "a", f"svar-{Q2}": "z"})  # z is no option
    assert status == 400
    assert f'href="#fraga-{Q2}">Fråga 2:' in html and f'href="#fraga-{Q1}"' not in html
    assert re.search(r'value="a"\s+checked', html.split(f'id="fraga-{Q1}"')[1].split("</fieldset>")[0])
    assert f'aria-describedby="fel-{Q2}"' in html
    assert _stored(app) == (0, 0)
    page = client.get(PAGE).get_data(as_text=True)
    assert csrf_from(page)  # and the module can be taken as usual
    assert submit(client, "01-grunder", RIGHT_01)[0] == 200
    assert _stored(app)[0] == 1
