"""A register extract (GDPR art. 15): the person downloads everything elearn holds about them;
HR downloads it for a person, without the reflections that only their author may read."""

from __future__ import annotations

import io
from datetime import date

from flask import Flask
from openpyxl import load_workbook

from elearn.extensions import db
from elearn.learning.reflections import save_reflection
from tests.spaced.helpers import RIGHT, answer, assign_nano, at
from tests.surveys.helpers import make_round, store_answers


def sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=registerutdrag")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return {sheet.title: [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def a_learner_with_a_history(app: Flask, create_person, today: date, **fields):
    person = create_person(kind="elected", **fields)
    assign_nano(app, person.id, today)
    answer(app, person.id, "n1", RIGHT, today)
    with app.app_context():
        save_reflection(db.session, person.id, "nano", "n2", "Jag skulle prata med min chef.", at(today))
    round_id = make_round(app, name="Kunskapsbehov 2026")
    store_answers(app, round_id, person.id, {"begrepp": 2})
    return person


def test_a_person_downloads_everything_held_about_them(app: Flask, create_person, login_as, today) -> None:
    person = a_learner_with_a_history(app, create_person, today, name="Rut Ek")
    other = create_person(name="Någon Annan")
    answer(app, other.id, "n1", RIGHT, today)
    client = login_as(person)
    page = client.get("/mina-uppgifter").get_data(as_text=True)
    assert "Ladda ner registerutdrag" in page

    book = sheets(client.get("/mina-uppgifter/registerutdrag.xlsx"))
    assert ("Namn", "Rut Ek") in book["Person"] and ("E-postadress", person.email) in book["Person"]
    assert ("Typ", "Förtroendevald") in book["Person"]
    assert [row[0] for row in book["Kurser"][1:]] == ["Nanokurs"]
    (attempt,) = book["Quizförsök"][1:]
    assert attempt[:2] == ("Nanokurs", "Första lektionen") and attempt[4] == 100 and "n1-1: a" in attempt[6]
    assert [row[0] for row in book["Enkäter"][1:]] == ["Kunskapsbehov 2026"]
    history = [row[2:] for row in book["Historik"][1:]]  # what earlier years' figures count them as
    assert ("Förvaltning, typ, aktiv", "Ingen förvaltning, Förtroendevald, aktiv") in history
    assert any(what == "Kurs" and value.startswith("Nanokurs, klar senast") for what, value in history)
    assert book["Reflektioner"][1][3] == "Jag skulle prata med min chef."
    assert "Någon Annan" not in str(book)
    # What was answered in the survey is stored apart from names, and stays so here.
    assert "2" not in {str(cell) for row in book["Enkäter"] for cell in row}


def test_hr_downloads_a_persons_extract_without_their_reflections(app: Flask, create_person, login_as, today) -> None:
    person = a_learner_with_a_history(app, create_person, today, name="=HYPERLINK(1)")
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    assert "Registerutdrag (XLSX)" in client.get(f"/personer/{person.id}").get_data(as_text=True)

    book = sheets(client.get(f"/personer/{person.id}/registerutdrag.xlsx"))
    assert "Reflektioner" not in book and "Jag skulle prata" not in str(book)
    assert ("Namn", "'=HYPERLINK(1)") in book["Person"]  # a name is never run as a formula
    assert len(book["Quizförsök"]) == 2


def test_a_learner_cannot_download_someone_elses_extract(app: Flask, create_person, login_as, today) -> None:
    person = a_learner_with_a_history(app, create_person, today)
    client = login_as(create_person())
    assert client.get(f"/personer/{person.id}/registerutdrag.xlsx").status_code == 403
    own = sheets(client.get("/mina-uppgifter/registerutdrag.xlsx"))
    assert person.email not in str(own)
