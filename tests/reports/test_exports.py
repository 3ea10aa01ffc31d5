from __future__ import annotations

import io
import re
from datetime import timedelta

from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader

from elearn import clock
from elearn.db import utcnow
from elearn.extensions import db
from tests.conftest import add_completion
from tests.reports.helpers import date_back


def _complete(app: Flask, person_id: int, days_ago: int = 3) -> None:
    add_completion(app, person_id, utcnow() - timedelta(days=days_ago), utcnow() + timedelta(days=300))


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
    header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Namn")
    assert header[:8] == ("Namn", "E-post", "Kurs", "Status", "Klar senast", "Försenad", "Genomförd", "Senast påmind")
    person = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "'@farlig")
    assert person[3] == "Inte påbörjad"


def test_an_xlsx_report_says_what_it_holds_with_real_dates_a_frozen_filtered_header_and_widths(
    app: Flask, create_person, create_department, login_as
) -> None:
    from datetime import datetime

    department = create_department("BUF", "Barn och utbildning")
    late = create_person(name="Sen Person", department=department)
    for _ in range(5):  # enough people for the overview to show its figures (SUPPRESSION_MINIMUM)
        create_person(department=department)
    with app.app_context():
        from elearn.learning.models import Assignment

        assignment = db.session.query(Assignment).filter_by(person_id=late.id).one()
        assignment.due_on = clock.today() - timedelta(days=3)
        db.session.commit()
    client = login_as(create_person(roles={"hr"}))
    today = clock.today().isoformat()
    response = client.get(f"/rapporter/grupp/{department.id}/export.xlsx?status=overdue&kurs=testkurs")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=forsenade-barn-och-utbildning-{today}.xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    about = {row[0]: row[1] for row in rows[: rows.index(next(r for r in rows if r[0] == "Namn"))] if row[0]}
    assert about["Organisation"] == "Strömsunds kommun" and about["Läge per"] == today
    assert about["Kurs"] == "Testkurs" and about["Grupp"] == "Barn och utbildning" and about["Status"] == "Försenade"
    header_row = next(cell.row for cell in sheet["A"] if cell.value == "Namn")
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{header_row}:")
    (due,) = [row[4] for row in rows[header_row:] if row[0] == "Sen Person"]
    assert isinstance(due, datetime) and due.date() == clock.today() - timedelta(days=3)
    assert sheet.column_dimensions["B"].width >= len("person1@example.org")
    overview = load_workbook(io.BytesIO(client.get("/rapporter/oversikt.xlsx").data)).active
    values = list(overview.iter_rows(values_only=True))
    assert any(row[0] == "Små grupper" for row in values)
    (total,) = [row for row in values if row[0] == "Totalt"]
    assert total[2:4] == (7, 0) and isinstance(total[8], int)


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
    department = create_department("BUF", "Barn")
    people = [create_person(department=department) for _ in range(8)]
    date_back(app, utcnow() - timedelta(days=800))
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


def test_trends_show_the_share_completed_at_each_month_end_of_a_chosen_period(app: Flask, create_person, login_as):
    from datetime import date

    done, *_idle = [create_person() for _ in range(6)]  # six: enough to be shown (SUPPRESSION_MINIMUM)
    hr = create_person(roles={"hr"}, kind="partner", assign=False)
    date_back(app, utcnow() - timedelta(days=400))  # everyone assigned for over a year
    _complete(app, done.id, days_ago=0)
    client = login_as(hr)
    today = clock.today()
    start = date(today.year - 1, today.month, 1)
    html = client.get(f"/rapporter/trender?fran={start.isoformat()}&till={today.isoformat()}").get_data(as_text=True)
    rows = re.findall(
        r'<tr><th scope="row">(\d{4}-\d\d-\d\d)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>', html
    )
    assert len(rows) == 13 and rows[-1] == (today.isoformat(), "6", "1")  # 12 month ends, then today
    assert rows[0][2] == "0"  # nobody had completed a year ago
    assert "<polyline" in html and "Andel klara vid månadens slut" in html
    narrow = client.get(f"/rapporter/trender?fran={today.isoformat()}&till={today.isoformat()}").get_data(as_text=True)
    assert len(re.findall(r'<tr><th scope="row">\d{4}-\d\d-\d\d</th>', narrow)) == 1


def test_the_overview_chart_draws_the_goal_and_the_topic_map_marks_suppressed_cells(
    app: Flask, create_person, create_department, login_as
) -> None:
    from tests.conftest import login
    from tests.learning.test_flow import RIGHT_01, submit

    department = create_department("BUF", "Barn")
    learner = create_person(department=department)
    learner_client = app.test_client()
    login(learner_client, learner.email)
    submit(learner_client, "01-grunder", RIGHT_01)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    overview = client.get("/rapporter/").get_data(as_text=True)
    assert "stroke-dasharray" in overview and "Mål 100 %" in overview
    topics = client.get("/rapporter/amnen").get_data(as_text=True)
    assert '<td class="num suppressed">för få</td>' in topics  # one person is fewer than five


def test_an_english_readers_exports_are_headed_in_english(
    app: Flask, create_person, create_department, login_as
) -> None:
    department = create_department("BUF", "Barn och utbildning")
    create_person(name="Liten Grupp", department=department)
    client = login_as(create_person(roles={"hr"}))
    client.get("/sprak/en")
    text = client.get("/rapporter/oversikt.csv?typ=elected").get_data(as_text=True)
    assert text.startswith("\ufeffGroup;Course;Headcount;Done;Expired;In progress;Not started;Overdue;Share done (%)")
    overview = list(load_workbook(io.BytesIO(client.get("/rapporter/oversikt.xlsx?typ=elected").data)).active.values)
    about = {row[0]: row[1] for row in overview if row[0] and row[1]}
    assert about["Kind"] == "Elected official" and about["Course"] == "All" and "As of" in about
    assert about["Small groups"] == "Groups with fewer than 5 people are shown as “too few”."
    response = client.get(f"/rapporter/grupp/{department.id}/export.xlsx?status=not_started&q=Liten")
    rows = list(load_workbook(io.BytesIO(response.data)).active.values)
    about = {row[0]: row[1] for row in rows if row[0] and len(row) > 1 and row[1]}
    assert about["Status"] == "Not started" and about["Search"] == "Liten" and about["Organisation"]
    assert ("Name", "Email", "Course", "Status", "Due by", "Overdue", "Completed", "Last reminded") in rows
    (person,) = [row for row in rows if row[0] == "Liten Grupp"]
    assert (person[3], person[5]) == ("Not started", "no")
    topics = list(load_workbook(io.BytesIO(client.get("/rapporter/amnen.xlsx?fran=2020-01-01").data)).active.values)
    assert ("Answers from", "2020-01-01") in topics and topics[-1][0] == "Total"
    retention = client.get("/rapporter/repetition.csv").get_data(as_text=True)
    assert retention.startswith("\ufeffGroup;Topic;First try (%);On review (%);Change (percentage points)")
