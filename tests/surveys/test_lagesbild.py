"""The yearly lägesbild reports the survey rounds that closed during the year, suppressed alike."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import update

from elearn.extensions import db
from elearn.surveys.models import SurveyRound
from tests.surveys.helpers import make_round, store_answers, today


def _move(app: Flask, round_id: int, opens_on: date, closes_on: date) -> None:
    with app.app_context():
        db.session.execute(
            update(SurveyRound).where(SurveyRound.id == round_id).values(opens_on=opens_on, closes_on=closes_on)
        )
        db.session.commit()


def test_the_lagesbild_shows_the_years_closed_round(app: Flask, create_person, login_as) -> None:
    year = today().year - 1  # a whole year that is over, whatever day the tests run
    round_id = make_round(app, name="Kunskapsbehov förra året")
    scores = [1, 2, 2, 3, 2]  # signaler: 10 / 5 = 2.0
    for score in scores:
        person = create_person(kind="elected")
        store_answers(app, round_id, person.id, {"signaler": score, "begrepp": 4}, ["Kort utbildning"], "HEMLIG-TEXT")
    create_person(kind="elected")  # asked, did not answer: 5 of 6
    _move(app, round_id, date(year, 3, 1), date(year, 3, 31))
    small = make_round(app, name="Liten omgång", kinds=("partner",))
    store_answers(app, small, create_person(kind="partner").id, {"agera": 1})
    _move(app, small, date(year, 9, 1), date(year, 9, 30))
    next_year = make_round(app, name="Nästa års omgång", opens=-400, closes=-390)
    _move(app, next_year, date(year + 1, 2, 1), date(year + 1, 2, 28))

    client = login_as(create_person(roles={"hr"}, kind="employee"))
    html = client.get(f"/rapporter/lagesbild?ar={year}").get_data(as_text=True)
    section = html[html.index("Kunskapsbehov enligt enkät") :]
    assert "Kunskapsbehov förra året" in section and "5 av 6 svarade (83 %)" in section
    assert section.index("Signaler") < section.index("Begrepp")  # the greatest need first
    assert "2,0" in section and "4,0" in section
    assert "Kort utbildning (100 %)" in section
    assert "Liten omgång" in section and "för få" in section  # one answer: no figures
    assert "Nästa års omgång" not in section
    assert "HEMLIG-TEXT" not in html  # free text stays out of the report


def test_a_year_without_rounds_says_so(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"admin"}))
    html = client.get(f"/rapporter/lagesbild?ar={today().year}").get_data(as_text=True)
    assert "Ingen enkätomgång stängde under året." in html


def test_the_lagesbild_pdf_includes_the_survey(app: Flask, create_person, login_as) -> None:
    import io

    from pypdf import PdfReader

    year = today().year - 1
    round_id = make_round(app, name="Enkät i PDF")
    for _ in range(5):
        store_answers(app, round_id, create_person(kind="elected").id, {"begrepp": 3})
    _move(app, round_id, date(year, 5, 1), date(year, 5, 20))
    client = login_as(create_person(roles={"hr"}))
    pdf = PdfReader(io.BytesIO(client.get(f"/rapporter/lagesbild.pdf?ar={year}").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Enkät i PDF" in text and "3,0" in text


def test_a_rounds_ratings_are_drawn_as_stacked_bars_without_the_suppressed_topics(
    app: Flask, create_person, login_as
) -> None:
    year = today().year - 1
    round_id = make_round(app, name="Kunskapsbehov med diagram")
    for score in [1, 2, 2, 3, 2]:
        store_answers(app, round_id, create_person(kind="elected").id, {"signaler": score, "begrepp": 4})
    _move(app, round_id, date(year, 3, 1), date(year, 3, 31))
    small = make_round(app, name="Liten omgång", kinds=("partner",))
    store_answers(app, small, create_person(kind="partner").id, {"agera": 1})
    _move(app, small, date(year, 9, 1), date(year, 9, 30))

    client = login_as(create_person(roles={"hr"}, kind="employee"))
    html = client.get(f"/rapporter/lagesbild?ar={year}").get_data(as_text=True)
    start = html.index(f'<svg role="img" aria-labelledby="lb-enkat-{round_id}-title')
    chart = html[start : html.index("</svg>", start)]
    assert "Signaler" in chart and "Begrepp" in chart
    assert "Att agera" not in chart  # nobody rated it: too few to draw
    assert chart.count('height="18"') == 2 * 5  # a segment per score of each topic drawn
    # The shares drawn are in the table beside the chart: signaler 1 of 5 answered 1 (20 %).
    table = html[html.index("</svg>", start) : html.index("Liten omgång")]
    assert '<td class="num">20&nbsp;%</td><td class="num">60&nbsp;%</td>' in table
    assert f"lb-enkat-{small}-title" not in html  # fewer than the minimum answered: no chart
