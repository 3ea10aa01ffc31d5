"""A closed round's results against figures counted by hand, compared with the previous round."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from flask import Flask
from openpyxl import load_workbook

from elearn.extensions import db
from elearn.surveys.models import SurveyRound
from elearn.surveys.results import round_results
from tests.surveys.helpers import OPTIONS, make_round, set_dates, store_answers

# Last year's round: five answered.            begrepp      signaler     agera
LAST_YEAR = [
    ({"begrepp": 2, "signaler": 1, "agera": 4}, [OPTIONS[0]]),
    ({"begrepp": 2, "signaler": 2, "agera": 4}, [OPTIONS[0]]),
    ({"begrepp": 3, "signaler": 2, "agera": 4}, []),
    ({"begrepp": 3, "signaler": 3}, []),
    ({"begrepp": 5, "signaler": 2}, []),
]  # begrepp 15/5 = 3.0; signaler 10/5 = 2.0; agera only 3 answers: too few
# This year's round: six answered.
THIS_YEAR = [
    ({"begrepp": 3, "signaler": 1, "agera": 2}, [OPTIONS[0], OPTIONS[1]]),
    ({"begrepp": 3, "signaler": 1, "agera": 3}, [OPTIONS[0]]),
    ({"begrepp": 4, "signaler": 2, "agera": 3}, [OPTIONS[0]]),
    ({"begrepp": 4, "signaler": 3, "agera": 4}, [OPTIONS[0]]),
    ({"begrepp": 5, "signaler": 2, "agera": 4}, []),
    ({"begrepp": 4, "signaler": 2}, []),
]  # begrepp 23/6 = 3.83 -> 3.8 (+0.8); signaler 11/6 = 1.83 -> 1.8 (-0.2); agera 16/5 = 3.2 (no earlier figure)


@pytest.fixture
def two_rounds(app: Flask, create_person) -> dict[str, int]:
    """Eight elected officials; five answered last year's round, six this year's; both closed."""
    elected = [create_person(kind="elected").id for _ in range(8)]
    last = make_round(app, name="Kunskapsbehov 2025")
    for person_id, (ratings, choices) in zip(elected, LAST_YEAR, strict=False):
        store_answers(app, last, person_id, ratings, choices, free_text="")
    set_dates(app, last, opens=-400, closes=-380)
    this = make_round(app, name="Kunskapsbehov 2026")
    texts = ["Mer om nätet", "", "ämnen för nämnden", "", "Bra initiativ", ""]
    for person_id, (ratings, choices), text in zip(elected, THIS_YEAR, texts, strict=False):
        store_answers(app, this, person_id, ratings, choices, free_text=text)
    set_dates(app, this, opens=-20, closes=-1)
    return {"last": last, "this": this}


def _results(app: Flask, round_id: int, minimum: int = 5):
    with app.app_context():
        return round_results(db.session, db.session.get(SurveyRound, round_id), minimum)


def test_figures_per_topic_match_the_hand_count(app: Flask, two_rounds) -> None:
    results = _results(app, two_rounds["this"])
    by_topic = {t.topic: t for t in results.topics}
    assert by_topic["begrepp"].counts == (0, 0, 2, 3, 1)
    assert by_topic["begrepp"].shares == (0, 0, 33, 50, 17)
    assert by_topic["begrepp"].mean == Decimal("3.8")
    assert by_topic["signaler"].counts == (2, 3, 1, 0, 0)
    assert by_topic["signaler"].mean == Decimal("1.8")
    assert by_topic["agera"].answers == 5 and by_topic["agera"].mean == Decimal("3.2")


def test_topics_are_ranked_by_need_lowest_knowledge_first(app: Flask, two_rounds) -> None:
    results = _results(app, two_rounds["this"])
    assert [t.topic for t in results.topics] == ["signaler", "agera", "begrepp"]
    assert [t.topic for t in results.greatest_needs(2)] == ["signaler", "agera"]


def test_change_since_the_previous_round(app: Flask, two_rounds) -> None:
    results = _results(app, two_rounds["this"])
    assert results.previous is not None and results.previous.name == "Kunskapsbehov 2025"
    by_topic = {t.topic: t for t in results.topics}
    assert by_topic["begrepp"].change == Decimal("0.8")
    assert by_topic["signaler"].change == Decimal("-0.2")
    assert by_topic["agera"].change is None  # last year it had too few answers to compare with
    assert (results.respondents, results.audience, results.response_rate) == (6, 8, 75)
    assert results.previous_rate == 63 and results.response_rate_change == 12  # 5 of 8 = 62.5, half up


def test_a_round_for_another_audience_is_not_the_previous_round(app: Flask, two_rounds) -> None:
    other = make_round(app, name="Samordnare", kinds=("employee",), opens=-30, closes=-1)
    assert _results(app, other).previous is None
    assert _results(app, two_rounds["this"]).previous.name == "Kunskapsbehov 2025"


def test_what_would_help_most_counts_each_respondent_once_per_option(app: Flask, two_rounds) -> None:
    options = {o.option: (o.count, o.percent) for o in _results(app, two_rounds["this"]).options}
    assert options == {OPTIONS[0]: (4, 67), OPTIONS[1]: (1, 17), OPTIONS[2]: (0, 0)}


def test_the_results_page_shows_the_figures(app: Flask, two_rounds, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    html = client.get(f"/enkater/{two_rounds['this']}/resultat").get_data(as_text=True)
    assert "6 av 8 svarade (75 %)" in html
    assert "Förändring: +12 procentenheter." in html
    assert "<strong>1,8</strong>" in html and "<strong>3,8</strong>" in html and "+0,8" in html and "-0,2" in html
    assert html.index("Att agera") < html.index("Begrepp")  # ranked by need
    assert "Mer om nätet" in html and "Bra initiativ" in html
    assert html.index("Bra initiativ") < html.index("Mer om nätet") < html.index("ämnen för nämnden")


def test_a_topic_with_too_few_answers_shows_too_few(app: Flask, two_rounds, create_person, login_as) -> None:
    last = _results(app, two_rounds["last"])
    agera = next(t for t in last.topics if t.topic == "agera")
    assert agera.suppressed and agera.mean is None and last.topics[-1] is agera
    client = login_as(create_person(roles={"hr"}))
    html = client.get(f"/enkater/{two_rounds['last']}/resultat").get_data(as_text=True)
    assert "för få" in html
    assert "<strong>3,0</strong>" in html and "<strong>2,0</strong>" in html


def test_the_minimum_comes_from_configuration(app: Flask, two_rounds) -> None:
    results = _results(app, two_rounds["this"], minimum=7)
    assert results.suppressed and all(t.suppressed for t in results.topics)
    assert results.free_texts == []


def test_results_wait_until_the_round_has_closed(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app, name="Pågående")
    for _ in range(6):
        store_answers(app, round_id, create_person(kind="elected").id, {"begrepp": 2}, free_text="Pågående svar")
    client = login_as(create_person(roles={"hr"}))
    html = client.get(f"/enkater/{round_id}/resultat").get_data(as_text=True)
    assert "Resultaten visas när omgången har stängt" in html and "Pågående svar" not in html
    assert client.get(f"/enkater/{round_id}/resultat/fritext.csv").status_code == 404


def test_csv_export_writes_swedish_decimals_and_too_few(app: Flask, two_rounds, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    this = client.get(f"/enkater/{two_rounds['this']}/resultat/amnen.csv")
    assert this.headers["Content-Type"].startswith("text/csv")
    text = this.get_data(as_text=True)
    assert text.startswith("\ufeffRang efter behov;Ämne;Antal svar;1;2;3;4;5;Medelvärde (1–5);Förändring")
    assert "1;Signaler;6;2;3;1;0;0;1,8;-0,2" in text
    assert "3;Begrepp;6;0;0;2;3;1;3,8;0,8" in text
    assert "2;Att agera;5;0;1;2;2;0;3,2;\r\n" in text
    last = client.get(f"/enkater/{two_rounds['last']}/resultat/amnen.csv").get_data(as_text=True)
    assert ";Att agera;för få;" in last
    options = client.get(f"/enkater/{two_rounds['this']}/resultat/stod.csv").get_data(as_text=True)
    assert f"{OPTIONS[0]};4;67" in options


def _table_rows(response, first_heading: str) -> list[tuple]:
    """An XLSX download's rows from its header row on, past the block that says what it holds."""
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    return rows[rows.index(next(row for row in rows if row[0] == first_heading)) :]


def test_xlsx_export_holds_numbers(app: Flask, two_rounds, create_person, login_as) -> None:
    client = login_as(create_person(roles={"admin"}))
    response = client.get(f"/enkater/{two_rounds['this']}/resultat/amnen.xlsx")
    assert _table_rows(response, "Rang efter behov")[1] == (1, "Signaler", 6, 2, 3, 1, 0, 0, 1.8, -0.2)
    texts = client.get(f"/enkater/{two_rounds['this']}/resultat/fritext.xlsx")
    assert _table_rows(texts, "Något mer?") == [
        ("Något mer?", None),
        ("Bra initiativ", None),
        ("Mer om nätet", None),
        ("ämnen för nämnden", None),
    ]


def test_an_xlsx_export_says_what_it_holds_and_is_named_after_the_round(
    app: Flask, two_rounds, create_person, login_as
) -> None:
    client = login_as(create_person(roles={"hr"}))
    response = client.get(f"/enkater/{two_rounds['this']}/resultat/amnen.xlsx")
    with app.app_context():
        closed = db.session.get(SurveyRound, two_rounds["this"]).closes_on.isoformat()
    disposition = f"attachment; filename=enkat-kunskapsbehov-2026-amnen-{closed}.xlsx"
    assert response.headers["Content-Disposition"] == disposition
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header_row = next(cell.row for cell in sheet["A"] if cell.value == "Rang efter behov")
    about = {row[0]: row[1] for row in rows[: header_row - 1] if row[0]}
    assert about["Organisation"] == "Strömsunds kommun" and about["Omgång"] == "Kunskapsbehov 2026"
    assert about["Läge per"] == closed
    assert about["Tillfrågade"] == "Förtroendevald i alla förvaltningar"  # as the round's page says
    assert about["Svar"] == "6 av 8 (75 %)"
    assert about["Små grupper"].startswith("Ämnen med färre än 5 svar visas som ”för få”")
    assert sheet.freeze_panes == f"A{header_row + 1}"
    csv = client.get(f"/enkater/{two_rounds['this']}/resultat/stod.csv")  # one plain table for programs
    assert csv.headers["Content-Disposition"] == f"attachment; filename=enkat-kunskapsbehov-2026-stod-{closed}.csv"
    assert csv.get_data(as_text=True).startswith("\ufeffVad skulle hjälpa dig mest?")


def test_an_english_readers_exports_are_headed_in_english(app: Flask, two_rounds, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    client.get("/sprak/en")
    topics = client.get(f"/enkater/{two_rounds['last']}/resultat/amnen.xlsx")
    rows = _table_rows(topics, "Rank by need")
    assert rows[0] == (
        "Rank by need",
        "Topic",
        "Answers",
        "1",
        "2",
        "3",
        "4",
        "5",
        "Mean (1–5)",
        "Change since the previous round",
    )
    assert (None, "Att agera", "too few") in [row[:3] for row in rows]
    sheet = list(load_workbook(io.BytesIO(topics.data)).active.iter_rows(values_only=True))
    assert [row[0] for row in sheet[:4]] == ["Organisation", "Round", "As of", "Asked"]
    options = client.get(f"/enkater/{two_rounds['this']}/resultat/stod.csv").get_data(as_text=True)
    assert options.startswith("\ufeffWhat would help you most?;Number who chose it;Share of respondents (%)")


def test_an_unknown_export_is_not_found(app: Flask, two_rounds, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    assert client.get(f"/enkater/{two_rounds['this']}/resultat/personer.csv").status_code == 404
    assert client.get(f"/enkater/{two_rounds['this']}/resultat/amnen.pdf").status_code == 404


def test_ratings_are_drawn_as_stacked_bars_without_the_suppressed_topics(
    app: Flask, two_rounds, create_person, login_as
) -> None:
    client = login_as(create_person(roles={"hr"}))
    html = client.get(f"/enkater/{two_rounds['last']}/resultat").get_data(as_text=True)
    chart = html[html.index('<svg role="img" aria-labelledby="skattningar-title') : html.index("</svg>")]
    last = _results(app, two_rounds["last"])
    shown = [t for t in last.topics if not t.suppressed]
    assert chart.count('height="18"') == sum(len(t.shares) for t in shown)  # one segment per score
    assert "Att agera" not in chart  # too few answers to draw
