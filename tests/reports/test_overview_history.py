"""The overview of a day that is over, on the page, in its export and through the API, counts the
organisation as it was at that day's end: the hand count of `test_lagesbild_history`'s
organisation at the end of last year, after today's moves, leaver and new due date."""

# ruff: noqa: F811 - the fixtures imported below are redefined, as pytest means, as test arguments
from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask

from tests.api.conftest import bearer, make_token  # noqa: F401 (a fixture)
from tests.reports.test_lagesbild_history import _today_the_organisation_changes, past, year  # noqa: F401

HEADER = "Grupp;Kurs;Antal;Klara;Utgångna;Påbörjade;Inte påbörjade;Försenade;Andel klara (%)"
# At the end of last year: Alfa a1 (expired), a2 (completed), a3 (never started); Beta b1 and b2
# (completed), b3 (hired in May, not started); b4 had left. The deep course: c_a (trained) and
# a1 in Alfa, c_b (expired) in Beta, d1 in Delta, all past its due date but c_a. The open course:
# the three coordinators, partners, none started. Every due date but b2's had passed.
LAST_YEAR_END = [
    "Alfa;fordjupning;2;1;0;0;1;1;50",
    "Alfa;Öppen introduktion;1;0;0;0;1;1;0",
    "Alfa;Testkurs;3;1;1;0;1;2;33",
    "Beta;fordjupning;1;0;1;0;0;1;0",
    "Beta;Öppen introduktion;1;0;0;0;1;1;0",
    "Beta;Testkurs;3;2;0;0;1;1;67",
    "Delta;fordjupning;1;0;0;0;1;1;0",
    "Delta;Öppen introduktion;1;0;0;0;1;1;0",
    "Totalt;fordjupning;4;1;1;0;2;3;25",
    "Totalt;Öppen introduktion;3;0;0;0;3;3;0",
    "Totalt;Testkurs;6;3;1;0;2;3;50",
]


@pytest.fixture
def every_group_shown(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups of one to three people: shown here, so that every figure can be checked."""
    monkeypatch.setitem(app.config, "SUPPRESSION_MINIMUM", 1)


def test_last_year_ends_overview_export_counts_the_organisation_of_then(
    app: Flask, past: dict[str, int], year: int, today: date, every_group_shown, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    csv = client.get(f"/rapporter/oversikt.csv?datum={year}-12-31").get_data(as_text=True)
    assert csv.lstrip("\ufeff").splitlines() == [HEADER, *LAST_YEAR_END]


def test_a_dated_overview_narrows_by_kind_as_people_were_then(
    app: Flask, past: dict[str, int], year: int, today: date, every_group_shown, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    csv = client.get(f"/rapporter/oversikt.csv?datum={year}-12-31&typ=employee").get_data(as_text=True)
    # the coordinators are partners: of the deep course only a1 is left, in Alfa
    assert csv.lstrip("\ufeff").splitlines()[1:] == [
        "Alfa;fordjupning;1;0;0;0;1;1;0",
        "Alfa;Testkurs;3;1;1;0;1;2;33",
        "Beta;Testkurs;3;2;0;0;1;1;67",
        "Totalt;fordjupning;1;0;0;0;1;1;0",
        "Totalt;Testkurs;6;3;1;0;2;3;50",
    ]


def test_the_api_overview_with_a_date_counts_the_organisation_of_then(
    app: Flask, past: dict[str, int], year: int, today: date, every_group_shown, client, make_token
) -> None:
    _today_the_organisation_changes(app, past, today)
    body = client.get(
        f"/api/v1/reports/overview?date={year}-12-31&course=testkurs", headers=bearer(make_token("reports:read"))
    ).get_json()
    groups = {g["group_name"]: (g["headcount"], g["completed"], g["expired"], g["overdue"]) for g in body["groups"]}
    assert groups == {"Alfa": (3, 1, 1, 2), "Beta": (3, 2, 0, 1)}
    assert [(t["course_id"], t["headcount"], t["completed"]) for t in body["totals"]] == [("testkurs", 6, 3)]


def _coverage(html: str) -> dict[str, tuple[int, int, str]]:
    section = re.sub(r"\s+", " ", html[html.index('<h2 id="samordnare">') :]).replace("> <", "><")
    rows = re.findall(
        r'<th scope="row">(\w+)</th><td class="num">(\d+)</td><td class="num">(\d+)</td><td>(.*?)</td>', section
    )
    return {name: (int(people), int(trained), re.sub(r"<[^>]+>", "", state)) for name, people, trained, state in rows}


def test_the_coordinator_coverage_of_a_past_day_counts_the_coordinators_of_then(
    app: Flask, past: dict[str, int], year: int, today: date, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    missing = "Saknar utbildad samordnare"
    # At the end of last year c_a was Alfa's coordinator, trained; c_b's training in Beta had
    # expired in July; d1 in Delta never trained; Gamma had none.
    assert _coverage(client.get(f"/rapporter/?datum={year}-12-31").get_data(as_text=True)) == {
        "Alfa": (1, 1, "Uppfyllt"),
        "Beta": (1, 0, missing),
        "Delta": (1, 0, missing),
        "Gamma": (0, 0, missing),
    }
    # c_a gave up the role today
    assert _coverage(client.get("/rapporter/").get_data(as_text=True))["Alfa"] == (0, 0, missing)


def test_a_period_counts_the_completions_within_it_beside_the_status_at_its_end(
    app: Flask, past: dict[str, int], year: int, today: date, every_group_shown, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))

    def lines(query: str) -> list[str]:
        csv = client.get(f"/rapporter/oversikt.csv?kurs=testkurs&{query}").get_data(as_text=True)
        return csv.lstrip("\ufeff").splitlines()

    header = f"{HEADER};Genomförda under perioden"
    # Last year a2 completed in June (Alfa) and b2 in August (Beta), both counted where they were then
    assert lines(f"fran={year}-01-01&datum={year}-12-31") == [
        header,
        "Alfa;Testkurs;3;1;1;0;1;2;33;1",
        "Beta;Testkurs;3;2;0;0;1;1;67;1",
        "Totalt;Testkurs;6;3;1;0;2;3;50;2",
    ]
    assert [line.rsplit(";", 1)[1] for line in lines(f"fran={year}-07-01&datum={year}-12-31")[1:]] == ["0", "1", "1"]
    # Today Alfa has a1 (expired, overdue), a2 and b1; Beta a3 (due in 60 days) and b3 (overdue);
    # b2 has left, so of the completions since last New Year only a2's is counted.
    assert lines(f"fran={year}-01-01") == [
        header,
        "Alfa;Testkurs;3;2;1;0;0;1;67;1",
        "Beta;Testkurs;2;0;0;0;2;1;0;0",
        "Totalt;Testkurs;5;2;1;0;2;2;40;1",
    ]
    page = client.get(f"/rapporter/?kurs=testkurs&fran={year}-01-01&datum={year}-12-31").get_data(as_text=True)
    assert f"från {year}-01-01 till och med {year}-12-31" in page
    assert '<th scope="col" class="num">Genomförda under perioden</th>' in page
