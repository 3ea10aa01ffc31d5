"""Elected officials find the open round on "Mina kurser", answer it, and may change their
answers until it closes; after that, nothing they send is stored."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.surveys.models import SurveyParticipation, SurveyRating, SurveyResponse
from tests.surveys.helpers import OPTIONS, answer_page, make_round, post_answers, set_dates


def _counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(table))
            for table in (SurveyParticipation, SurveyResponse, SurveyRating)
        )


def test_an_elected_official_sees_the_open_round_on_my_courses(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app, name="Kunskapsbehov 2026", closes=10)
    client = login_as(create_person(kind="elected"))
    html = client.get("/mina-kurser").get_data(as_text=True)
    assert "Kunskapsbehov 2026" in html
    assert "Svara på enkäten" in html and f"/enkater/{round_id}/svara" in html


def test_an_employee_does_not_see_a_round_for_elected_officials(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app, name="Kunskapsbehov 2026")
    client = login_as(create_person(kind="employee"))
    assert "Kunskapsbehov 2026" not in client.get("/mina-kurser").get_data(as_text=True)
    assert client.get(f"/enkater/{round_id}/svara").status_code == 404


def test_a_round_not_yet_open_is_neither_shown_nor_answerable(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app, name="Nästa år", opens=3, closes=20)
    client = login_as(create_person(kind="elected"))
    assert "Nästa år" not in client.get("/mina-kurser").get_data(as_text=True)
    assert client.get(f"/enkater/{round_id}/svara").status_code == 404


def test_a_round_for_a_department_reaches_only_that_department(
    app: Flask, create_person, create_department, login_as
) -> None:
    school = create_department("BUF")
    other = create_department("SOC")
    round_id = make_round(app, kinds=("employee",), departments=[school.id])
    assert login_as(create_person(department=school)).get(f"/enkater/{round_id}/svara").status_code == 200
    outsider = app.test_client()
    from tests.conftest import login

    login(outsider, create_person(department=other).email)
    assert outsider.get(f"/enkater/{round_id}/svara").status_code == 404


def test_the_form_works_without_javascript_and_groups_each_question(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    html = answer_page(login_as(create_person(kind="elected")), round_id)
    assert '<form method="post"' in html and 'name="csrf_token"' in html
    assert html.count("<fieldset") == 4  # three topics and the multiple choice
    assert html.count("<legend>") == 4
    assert 'type="radio" name="amne-begrepp" id="amne-begrepp-5" value="5"' in html
    assert 'type="checkbox" name="hjalp"' in html
    assert '<textarea id="fritext" name="fritext"' in html
    assert 'aria-describedby="skala"' in html


def test_answering_stores_the_answers_and_thanks_on_my_courses(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    client = login_as(create_person(kind="elected"))
    response = post_answers(client, round_id, {"begrepp": 4, "signaler": 2}, choices=[0, 2], free_text="Mer om nätet")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mina-kurser")
    html = client.get("/mina-kurser").get_data(as_text=True)
    assert "Dina svar är sparade" in html and "Tack, du har svarat." in html and "Ändra dina svar" in html
    assert _counts(app) == (1, 1, 2)


def test_the_respondent_sees_and_changes_their_own_answers_until_the_round_closes(
    app: Flask, create_person, login_as
) -> None:
    round_id = make_round(app)
    client = login_as(create_person(kind="elected"))
    post_answers(client, round_id, {"begrepp": 4, "signaler": 2}, choices=[0], free_text="Första tanken")
    html = answer_page(client, round_id)
    assert "Du har redan svarat" in html
    assert 'id="amne-begrepp-4" value="4" checked' in html
    assert 'id="amne-agera-0" value="" checked' in html  # skipped
    assert 'id="hjalp-0" value="0" checked' in html and 'id="hjalp-1" value="1" >' in html
    assert "Första tanken</textarea>" in html

    post_answers(client, round_id, {"begrepp": 5, "agera": 1}, choices=[1], free_text="Andra tanken")
    html = answer_page(client, round_id)
    assert 'id="amne-begrepp-5" value="5" checked' in html
    assert 'id="amne-signaler-0" value="" checked' in html
    assert 'id="hjalp-1" value="1" checked' in html and 'id="hjalp-0" value="0" >' in html
    assert "Andra tanken</textarea>" in html
    assert _counts(app) == (1, 1, 2)  # replaced, not added


def test_answers_sent_after_the_close_are_refused_with_a_clear_message(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    client = login_as(create_person(kind="elected"))
    post_answers(client, round_id, {"begrepp": 4})
    page_before_close = client.get("/mina-kurser")  # the respondent leaves the form open ...
    set_dates(app, round_id, opens=-10, closes=-1)  # ... past the last day
    response = post_answers(client, round_id, {"begrepp": 1})
    assert page_before_close.status_code == 200
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Enkäten stängde" in html and "Dina svar har inte sparats." in html
    with app.app_context():
        assert db.session.scalars(select(SurveyRating.score)).all() == [4]
    assert "tar inte emot fler svar" in answer_page(client, round_id)


def test_an_empty_or_tampered_answer_is_refused_and_nothing_is_stored(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    client = login_as(create_person(kind="elected"))
    empty = post_answers(client, round_id, {})
    assert empty.status_code == 400 and "Svara på minst en fråga." in empty.get_data(as_text=True)
    tampered = post_answers(client, round_id, {"begrepp": 7})
    assert tampered.status_code == 400 and "inte ett av alternativen" in tampered.get_data(as_text=True)
    bad_choice = post_answers(client, round_id, {"begrepp": 3}, choices=[len(OPTIONS)])
    assert bad_choice.status_code == 400
    assert _counts(app) == (0, 0, 0)


def test_answering_without_a_csrf_token_is_refused(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    client = login_as(create_person(kind="elected"))
    assert client.post(f"/enkater/{round_id}/svara", data={"amne-begrepp": "3"}).status_code == 400
    assert _counts(app) == (0, 0, 0)
