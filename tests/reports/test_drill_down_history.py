"""The drill-down of a day that is over, on the page and in its export, lists the people who were
in the group at that day's end, with their status, due date and reminders as they were then:
the hand count of `test_lagesbild_history`'s organisation, after today's moves, leaver and new
due date."""

# ruff: noqa: F811 - the fixtures imported below are redefined, as pytest means, as test arguments
from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import CourseReminder, Reminder
from tests.reports.test_lagesbild_history import _today_the_organisation_changes, at, past, year  # noqa: F401

HEADER = "Namn;E-post;Kurs;Status;Klar senast;Försenad;Genomförd;Senast påmind"


@pytest.fixture
def reminded(app: Flask, past: dict[str, int], year: int) -> None:
    """a3 was reminded of testkurs in November and again today; the drill-down of the year's end
    shows November's."""
    with app.app_context():
        now = utcnow()
        db.session.add_all(
            [
                CourseReminder(person_id=past["a3"], course_id="testkurs", sent_at=at(year, 11)),
                CourseReminder(person_id=past["a3"], course_id="testkurs", sent_at=now),
                Reminder(person_id=past["a3"], kind="due", sent_at=now),
            ]
        )
        db.session.commit()


def _export(client, group: int, query: str) -> list[str]:
    csv = client.get(f"/rapporter/grupp/{group}/export.csv?{query}").get_data(as_text=True)
    return csv.lstrip("\ufeff").splitlines()


def test_last_year_ends_drill_down_lists_who_was_in_the_group_then_with_their_status_then(
    app: Flask, past: dict[str, int], reminded, year: int, today: date, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    earlier = year - 1
    # Alfa at the end of last year: a1, a2, a3 and the coordinator c_a; b1 came only today, and
    # a3's due date is the one of then, not the one HR set today. Overdue first, by due date.
    assert _export(client, past["dept_A"], f"datum={year}-12-31") == [
        HEADER,
        f"a1;a1@example.org;Testkurs;Utgången;{earlier}-02-09;ja;;",
        f"a3;a3@example.org;Testkurs;Inte påbörjad;{earlier}-02-09;ja;;{year}-11-15",
        f"c_a;c_a@example.org;Öppen introduktion;Inte påbörjad;{earlier}-02-09;ja;;",
        f"a1;a1@example.org;fordjupning;Inte påbörjad;{earlier}-06-01;ja;;",
        f"a2;a2@example.org;Testkurs;Klar;{earlier}-02-09;nej;{year}-06-15;",
        f"c_a;c_a@example.org;fordjupning;Klar;{earlier}-06-01;nej;{earlier}-05-15;",
    ]
    assert _export(client, past["dept_A"], f"datum={year}-12-31&status=overdue&kurs=testkurs")[1:] == [
        f"a1;a1@example.org;Testkurs;Utgången;{earlier}-02-09;ja;;",
        f"a3;a3@example.org;Testkurs;Inte påbörjad;{earlier}-02-09;ja;;{year}-11-15",
    ]


def test_a_mid_year_drill_down_keeps_leavers_and_completions_not_yet_expired(
    app: Flask, past: dict[str, int], year: int, today: date, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    earlier = year - 1
    # Beta on 30 June: b4 had not left yet, c_b's deep course had not expired (July), b2 had not
    # completed (August) and had until January under the due date HR gave in March, b3 (hired in
    # May) was past the due date of 14 June. b1 and b2, gone from Beta today, were there.
    assert _export(client, past["dept_B"], f"datum={year}-06-30") == [
        HEADER,
        f"c_b;c_b@example.org;Öppen introduktion;Inte påbörjad;{earlier}-02-09;ja;;",
        f"b3;b3@example.org;Testkurs;Inte påbörjad;{year}-06-14;ja;;",
        f"b1;b1@example.org;Testkurs;Klar;{earlier}-02-09;nej;{earlier}-02-15;",
        f"b4;b4@example.org;Testkurs;Klar;{earlier}-02-09;nej;{earlier}-04-15;",
        f"c_b;c_b@example.org;fordjupning;Klar;{earlier}-06-01;nej;{earlier}-05-15;",
        f"b2;b2@example.org;Testkurs;Inte påbörjad;{year + 1}-01-31;nej;;",
    ]


def test_the_drill_down_page_of_a_past_day_names_the_people_of_then(
    app: Flask, past: dict[str, int], year: int, today: date, create_person, login_as
) -> None:
    _today_the_organisation_changes(app, past, today)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    then = client.get(f"/rapporter/grupp/{past['dept_B']}?datum={year}-12-31").get_data(as_text=True)
    now = client.get(f"/rapporter/grupp/{past['dept_B']}").get_data(as_text=True)
    names = ("a3", "b1", "b2", "b3", "b4", "c_b")
    # b4 had left in September; a3 came from Alfa today, b1 went there, b2 left today
    assert [name for name in names if f">{name}</a>" in then] == ["b1", "b2", "b3", "c_b"]
    assert [name for name in names if f">{name}</a>" in now] == ["a3", "b3", "c_b"]
