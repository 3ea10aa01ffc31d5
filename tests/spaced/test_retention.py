"""Retention per topic and group against hand-computed figures, with small groups suppressed."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import RepeatAnswer


def _repeat(app: Flask, person_id: int, topic: str, first: bool, now_right: bool, days: int, n: int = 0) -> None:
    with app.app_context():
        db.session.add(
            RepeatAnswer(
                person_id=person_id,
                course_id="nano",
                question_id=f"q-{topic}-{n}",
                topic=topic,
                correct=now_right,
                first_correct=first,
                days_after_first=days,
                submission_id=f"s{person_id}-{n}",
                answered_at=utcnow() - timedelta(days=1),
            )
        )
        db.session.commit()


def _school_and_small_team(app: Flask, create_person, create_department):
    school = create_department("UTB", "Utbildningsförvaltningen")
    small = create_department("KUL", "Kulturförvaltningen")
    teachers = [create_person(department=school) for _ in range(5)]
    # signaler in school: first right 4 of 5 (80 %), on repetition 3 of 5 (60 %): -20 points.
    for i, (first, now_right) in enumerate([(True, True), (True, True), (True, True), (True, False), (False, False)]):
        _repeat(app, teachers[i].id, "signaler", first, now_right, 20)
    # agera in school: 5 people, 2 answers each: first 5/10 (50 %), repetition 8/10 (80 %): +30.
    for i, teacher in enumerate(teachers):
        _repeat(app, teacher.id, "agera", i < 3, True, 14, 1)
        _repeat(app, teacher.id, "agera", i < 2, i < 3, 30, 2)
    # Too soon to count (13 days < 14): left out of every figure.
    _repeat(app, teachers[0].id, "signaler", False, False, 13, 9)
    for person in [create_person(department=small) for _ in range(2)]:
        _repeat(app, person.id, "signaler", True, True, 20)
    # A second small team: together with the first, enough that neither can be derived from
    # the total and the school's figures, so the school's stay shown.
    leisure = create_department("FRI", "Fritidsförvaltningen")
    for person in [create_person(department=leisure) for _ in range(3)]:
        _repeat(app, person.id, "signaler", True, False, 20)
    return school, small


def test_retention_figures_match_hand_computed_values(app: Flask, create_person, create_department) -> None:
    from elearn.reports.filters import Filters
    from elearn.reports.retention import retention

    school, small = _school_and_small_team(app, create_person, create_department)
    with app.app_context():
        data = retention(db.session, Filters(as_of=utcnow()), minimum=5, min_days=14)
    signals = data.cells[(school.id, "signaler")]
    assert (signals.people, signals.answers, signals.first_percent, signals.repeat_percent, signals.change) == (
        5,
        5,
        80,
        60,
        -20,
    )
    acting = data.cells[(school.id, "agera")]
    assert (acting.answers, acting.first_percent, acting.repeat_percent, acting.change) == (10, 50, 80, 30)
    assert data.cells[(small.id, "signaler")].suppressed and data.cells[(small.id, "signaler")].first_percent is None
    total = data.totals["signaler"]  # 10 people: 9 of 10 right first, 5 of 10 on repetition
    assert (total.people, total.first_percent, total.repeat_percent) == (10, 90, 50)


def test_retention_page_and_export_show_the_figures_and_hide_small_groups(
    app: Flask, create_person, create_department, login_as
) -> None:
    _school_and_small_team(app, create_person, create_department)
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/rapporter/repetition").get_data(as_text=True)
    assert '80 % → <span class="visually-hidden">vid repetition </span>60 %' in page
    assert "för få" in page

    csv_text = client.get("/rapporter/repetition.csv").data.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0] == "Grupp;Ämne;Första försöket (%);Vid repetition (%);Förändring (procentenheter)"
    assert "Utbildningsförvaltningen;Signaler;80;60;-20" in lines
    assert "Kulturförvaltningen;Signaler;för få;för få;för få" in lines


def test_the_lagesbild_carries_retention(app: Flask, create_person, create_department, login_as) -> None:
    _school_and_small_team(app, create_person, create_department)
    page = login_as(create_person(roles={"hr"})).get("/rapporter/lagesbild").get_data(as_text=True)
    assert "Kvarhållen kunskap under året" in page
    assert '50 % → <span class="visually-hidden">vid repetition </span>80 %' in page
