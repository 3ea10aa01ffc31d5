from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import CourseCompletion, ModuleAttempt
from elearn.reports.service import DepartmentRow, completion_by_department
from tests.conftest import query_count


def _attempt(person_id: int, passed: bool = True) -> ModuleAttempt:
    return ModuleAttempt(
        person_id=person_id,
        course_id="testkurs",
        module_id="01-grunder",
        module_version="v",
        submission_id=f"s{person_id}{passed}",
        answers={},
        score=100 if passed else 0,
        passed=passed,
    )


def _completion(person_id: int, expires_in_days: int) -> CourseCompletion:
    now = utcnow()
    return CourseCompletion(
        person_id=person_id,
        course_id="testkurs",
        course_version="v",
        completed_at=now - timedelta(days=400),
        expires_at=now + timedelta(days=expires_in_days),
        certificate_code=f"CODE-{person_id}",
    )


def _build(app: Flask, create_person, create_department) -> None:
    buf, soc = create_department("BUF", "Barn och utbildning"), create_department("SOC", "Social")
    done = create_person(department=buf)
    expired = create_person(department=buf)
    started = create_person(department=buf)
    create_person(department=buf)  # not started
    create_person(department=buf, active=False)  # deactivated: out of the figures
    soc_done = create_person(department=soc)
    create_person(department=soc)
    create_person(kind="elected")  # not assigned testkurs
    with app.app_context():
        db.session.add_all(
            [
                _completion(done.id, 30),
                _attempt(done.id),
                _completion(expired.id, -1),
                _attempt(expired.id),
                _attempt(started.id, passed=False),
                _completion(soc_done.id, 300),
            ]
        )
        db.session.commit()


def test_completion_by_department_matches_hand_counted_figures(app: Flask, create_person, create_department) -> None:
    _build(app, create_person, create_department)
    with app.app_context():
        rows = completion_by_department(db.session, utcnow())
    assert rows == [
        DepartmentRow(
            "Barn och utbildning", "testkurs", headcount=4, completed=1, expired=1, in_progress=1, not_started=1
        ),
        DepartmentRow("Social", "testkurs", headcount=2, completed=1, expired=0, in_progress=0, not_started=1),
    ]
    assert rows[1].completed_percent == 50


def test_the_report_page_shows_the_figures_to_hr(app: Flask, create_person, create_department, login_as) -> None:
    _build(app, create_person, create_department)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    html = re.sub(r">\s+<", "><", client.get("/rapporter/").get_data(as_text=True))
    assert "Barn och utbildning" in html and "Testkurs" in html
    assert (
        '<td class="num">4</td><td class="num">1</td><td class="num">1</td><td class="num">1</td><td class="num">1</td>'
        in html
    )


def test_the_report_costs_the_same_queries_for_ten_or_a_hundred_people(
    app: Flask, create_person, create_department
) -> None:
    department = create_department()
    for _ in range(10):
        create_person(department=department)
    with app.app_context(), query_count(app) as small:
        completion_by_department(db.session, utcnow())
    for _ in range(90):
        create_person(department=department, assign=True)
    with app.app_context(), query_count(app) as large:
        completion_by_department(db.session, utcnow())
    assert len(small) == len(large) == 1
