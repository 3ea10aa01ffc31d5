"""Nobody, HR included, can see what one person answered: not on a page, not in an export."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import inspect

from elearn.extensions import db
from tests.surveys.helpers import make_round, post_answers, set_dates, store_answers

MARKER = "UNIK-MARKOR-7f3a"


def _exports_text(client, round_id: int) -> str:
    """Every export of a round as text: the CSV files and the XLSX files' cells."""
    texts = []
    for part in ("amnen", "stod", "fritext"):
        texts.append(client.get(f"/enkater/{round_id}/resultat/{part}.csv").get_data(as_text=True))
        response = client.get(f"/enkater/{round_id}/resultat/{part}.xlsx")
        if response.status_code == 200:
            sheet = load_workbook(io.BytesIO(response.data)).active
            texts.append(" ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row))
    return "\n".join(texts)


def _every_text(client, round_id: int) -> str:
    """Everything HR can read about a round: its pages and its exports."""
    pages = ["/enkater/", f"/enkater/{round_id}", f"/enkater/{round_id}/resultat"]
    return "\n".join([*(client.get(url).get_data(as_text=True) for url in pages), _exports_text(client, round_id)])


@pytest.mark.parametrize("closed", [False, True])
def test_a_small_groups_free_text_never_reaches_hr(app: Flask, create_person, login_as, closed: bool) -> None:
    round_id = make_round(app)
    for index in range(3):  # fewer than the minimum of five
        text = MARKER if index == 0 else "vanlig text"
        store_answers(app, round_id, create_person(kind="elected").id, {"begrepp": 1 + index}, free_text=text)
    if closed:
        set_dates(app, round_id, opens=-20, closes=-1)
    for role in ("hr", "admin"):
        client = app.test_client()
        from tests.conftest import login

        login(client, create_person(roles={role}).email)
        everything = _every_text(client, round_id)
        assert MARKER not in everything and "vanlig text" not in everything
    assert MARKER not in app.test_client().get(f"/enkater/{round_id}/resultat").get_data(as_text=True)


def test_hr_sees_who_answered_but_never_what(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    respondents = [create_person(name=f"Svarande {i}", kind="elected") for i in range(6)]
    create_person(name="Ej svarat", kind="elected")
    for index, person in enumerate(respondents):
        text = MARKER if index == 0 else f"Tanke {index}"
        store_answers(app, round_id, person.id, {"begrepp": 1 + index % 5, "signaler": 5}, free_text=text)
    client = login_as(create_person(roles={"hr"}))
    status = client.get(f"/enkater/{round_id}").get_data(as_text=True)
    assert "Svarande 0" in status and "Ej svarat" in status and "6 av 7" in status
    assert MARKER not in status and "Tanke" not in status
    set_dates(app, round_id, opens=-20, closes=-1)
    results = client.get(f"/enkater/{round_id}/resultat").get_data(as_text=True)
    assert MARKER in results  # six answered: the text is shown, without a name ...
    assert not any(f"Svarande {i}" in results for i in range(6))  # ... and nobody's name is on the page
    status = client.get(f"/enkater/{round_id}").get_data(as_text=True)
    assert MARKER not in status and "Tanke" not in status  # the list of respondents carries no answers
    exported = _exports_text(client, round_id)
    assert MARKER in exported and "Svarande" not in exported and "Ej svarat" not in exported


def test_a_respondent_cannot_read_anyone_elses_answers(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    store_answers(app, round_id, create_person(kind="elected").id, {"begrepp": 1}, free_text=MARKER)
    client = login_as(create_person(kind="elected"))
    response = client.get(f"/enkater/{round_id}/svara")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="fritext"' in html  # the empty form, not an error
    assert MARKER not in html and "Du har redan svarat" not in html
    for url in (f"/enkater/{round_id}", f"/enkater/{round_id}/resultat", f"/enkater/{round_id}/resultat/fritext.csv"):
        assert client.get(url).status_code == 403


def test_the_answer_tables_hold_no_person_and_no_time(app: Flask) -> None:
    with app.app_context():
        inspector = inspect(db.engine)
        for table in ("survey_response", "survey_rating", "survey_choice"):
            columns = {c["name"] for c in inspector.get_columns(table)}
            assert not columns & {"person_id", "created_at", "updated_at", "answered_at", "id"}, table


def test_an_answer_row_is_found_again_only_by_its_own_respondent(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    first = login_as(create_person(kind="elected"))
    post_answers(first, round_id, {"begrepp": 2}, free_text="min egen")
    second = app.test_client()
    from tests.conftest import login

    login(second, create_person(kind="elected").email)
    post_answers(second, round_id, {"begrepp": 5}, free_text="den andras")
    assert "min egen</textarea>" in first.get(f"/enkater/{round_id}/svara").get_data(as_text=True)
    assert "den andras</textarea>" in second.get(f"/enkater/{round_id}/svara").get_data(as_text=True)
