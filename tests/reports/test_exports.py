from __future__ import annotations

import io
from datetime import timedelta

from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader

from elearn import clock
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import CourseCompletion


def _complete(app: Flask, person_id: int, days_ago: int = 3) -> None:
    with app.app_context():
        db.session.add(
            CourseCompletion(
                person_id=person_id,
                course_id="testkurs",
                course_version="v",
                completed_at=utcnow() - timedelta(days=days_ago),
                expires_at=utcnow() + timedelta(days=300),
                certificate_code=f"X{person_id}-{days_ago}",
            )
        )
        db.session.commit()


def test_overview_csv_has_a_bom_and_neutralises_formulas(
    app: Flask, create_person, create_department, login_as
) -> None:
    department = create_department("BUF", "=SUM(A1:A9)")
    done = create_person(department=department)
    for _ in range(5):
        create_person(department=department)
    _complete(app, done.id)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    response = client.get("/rapporter/oversikt.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffGrupp;Kurs;Antal;Klara")
    assert "'=SUM(A1:A9);Testkurs;6;1;0;0;5;0;17" in text
    assert "Totalt;Testkurs;6;1;0;0;5;0;17" in text


def test_drill_down_exports_as_xlsx(app: Flask, create_person, create_department, login_as) -> None:
    department = create_department("BUF")
    create_person(name="@farlig", department=department)
    client = login_as(create_person(roles={"admin"}))
    response = client.get(f"/rapporter/grupp/{department.id}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Namn", "E-post", "Kurs", "Status", "Klar senast", "Försenad", "Genomförd")
    assert rows[1][0] == "'@farlig" and rows[1][3] == "Inte påbörjad"


def test_topic_export_shows_too_few_rather_than_figures(app: Flask, create_person, create_department, login_as) -> None:
    from tests.learning.test_flow import RIGHT_01, submit

    department = create_department("BUF", "Barn")
    for _ in range(2):
        learner = app.test_client()
        from tests.conftest import login

        login(learner, create_person(department=department).email)
        submit(learner, "01-grunder", RIGHT_01)
    client = login_as(create_person(roles={"hr"}))
    text = client.get("/rapporter/amnen.csv").get_data(as_text=True)
    assert "Barn;för få;för få" in text and "100" not in text
    assert "för få" in client.get("/rapporter/amnen").get_data(as_text=True)


def test_lagesbild_pdf_is_a_pdf_with_the_figures(app: Flask, create_person, create_department, login_as) -> None:
    department = create_department("BUF", "Barn och utbildning")
    people = [create_person(department=department) for _ in range(8)]
    _complete(app, people[0].id)
    _complete(app, people[1].id)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    year = utcnow().year
    page = client.get(f"/rapporter/lagesbild?ar={year}").get_data(as_text=True)
    assert f"Lägesbild {year}" in page and "Testkurs: 2 av 8, 25 % klara." in page
    response = client.get(f"/rapporter/lagesbild.pdf?ar={year}")
    assert response.data.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert f"Lägesbild {year}" in text
    assert "Barn och utbildning" in text and "2 av 8, 25 % klara" in text


def test_lagesbild_shows_the_change_since_last_year(app: Flask, create_person, create_department, login_as) -> None:
    from elearn.learning.models import Assignment

    department = create_department("BUF", "Barn")
    people = [create_person(department=department) for _ in range(8)]
    with app.app_context():
        db.session.execute(Assignment.__table__.update().values(created_at=utcnow() - timedelta(days=800)))
        db.session.commit()
    for person in people[:2]:
        _complete(app, person.id, days_ago=500)  # before last new year: counted last year too
    for person in people[2:4]:
        _complete(app, person.id, days_ago=1)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    html = client.get("/rapporter/lagesbild").get_data(as_text=True)
    assert "4 av 8, 50 % klara" in html and "+25 procentenheter" in html


def test_a_year_in_the_future_is_not_found(create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    assert client.get(f"/rapporter/lagesbild?ar={utcnow().year + 1}").status_code == 404


def test_a_coordinator_sees_only_their_own_department(app: Flask, create_person, create_department, login_as) -> None:
    mine, other = create_department("BUF", "Min förvaltning"), create_department("SOC", "Annan förvaltning")
    create_person(name="Kollega", department=mine)
    create_person(name="Främling", department=other)
    client = login_as(create_person(roles={"coordinator"}, department=mine))
    html = client.get("/rapporter/").get_data(as_text=True)
    assert "Min förvaltning" in html and "Annan förvaltning" not in html
    assert "Kollega" in client.get(f"/rapporter/grupp/{mine.id}").get_data(as_text=True)
    assert client.get(f"/rapporter/grupp/{other.id}").status_code == 403
    assert client.get(f"/rapporter/grupp/{other.id}/export.csv").status_code == 403
    assert "Annan" not in client.get("/rapporter/oversikt.csv").get_data(as_text=True)
    assert client.get("/rapporter/lagesbild").status_code == 403


def test_trends_count_completions_per_month(app: Flask, create_person, login_as) -> None:
    people = [create_person() for _ in range(3)]
    for person in people:
        _complete(app, person.id, days_ago=0)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    html = client.get("/rapporter/trender").get_data(as_text=True)
    month = clock.today().strftime("%Y-%m")  # the organisation's month, not UTC's
    assert f'<th scope="row">{month}</th><td>Testkurs</td><td class="num">3</td>' in html.replace("\n", "")
    assert '<svg role="img"' in html
