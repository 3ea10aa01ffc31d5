"""Every situation a person's course can be in reads the same on their own "Mina kurser",
in the report's drill-down and in its CSV export."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import CourseCompletion, ModuleAttempt
from elearn.people.models import Person
from tests.conftest import login

COURSE = "testkurs"
DAY = timedelta(days=1)


def _completion(person_id: int, days_ago: int, expires_in: int, code: str) -> CourseCompletion:
    now = utcnow()
    return CourseCompletion(
        person_id=person_id,
        course_id=COURSE,
        course_version="v",
        completed_at=now - days_ago * DAY,
        expires_at=now + expires_in * DAY,
        certificate_code=code,
    )


def _attempt(person_id: int, days_ago: int, number: int) -> ModuleAttempt:
    return ModuleAttempt(
        person_id=person_id,
        course_id=COURSE,
        module_id="01-grunder",
        module_version="v",
        submission_id=f"s{person_id}-{number}",
        answers={},
        score=100,
        passed=True,
        attempt_number=number,
        created_at=utcnow() - days_ago * DAY,
    )


# situation -> (what happened: completions as (days ago, expires in days), attempts as days ago,
# whether the person is still active, whether they moved department afterwards), expected label
SITUATIONS = {
    "never started": (([], [], True, False), "Inte påbörjad"),
    "in progress": (([], [1], True, False), "Påbörjad"),
    "completed": (([(10, 355)], [11], True, False), "Klar"),
    "expired": (([(400, -35)], [401], True, False), "Utgången"),
    "refresher started": (([(400, -35)], [401, 1], True, False), "Påbörjad"),
    "refresher completed": (([(400, -35), (2, 363)], [401, 3], True, False), "Klar"),
    "deactivated": (([(10, 355)], [11], False, False), None),
    "moved": (([(10, 355)], [11], True, True), "Klar"),
}


def _drill_down_label(html: str, name: str) -> str | None:
    row = r'<tr>\s*<th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th>\s*<td>[^<]*</td>\s*<td>([^<·]+)'
    rows = re.findall(row, html)
    found = [label.strip() for who, label in rows if who == name]
    return found[0] if found else None


def _export_label(csv: str, name: str) -> str | None:
    header, *lines = [line.split(";") for line in csv.lstrip("\ufeff").splitlines()]
    status = header.index("Status")
    found = [line[status] for line in lines if line[0] == name]
    return found[0] if found else None


def _own_label(html: str) -> str | None:
    match = re.search(r'Testkurs</a></h2>\s*<p class="status status-\w+">([^<\n]+)', html)
    return match.group(1).strip() if match else None


@pytest.mark.parametrize("situation", SITUATIONS)
def test_the_learner_the_drill_down_and_the_export_agree(
    situation: str, app: Flask, create_person, create_department
) -> None:
    (completions, attempts, active, moved), expected = SITUATIONS[situation]
    here, elsewhere = create_department("BUF", "Barn och utbildning"), create_department("SOC", "Social")
    person = create_person(name="Kim Andersson", department=elsewhere if moved else here)
    # Enough colleagues in each department for their figures to be shown at all.
    for department in (here, elsewhere):
        for _ in range(5):
            create_person(department=department)
    hr = create_person(roles={"hr"}, kind="partner")
    with app.app_context():
        for number, days_ago in enumerate(attempts, start=1):
            db.session.add(_attempt(person.id, days_ago, number))
        for index, (days_ago, expires_in) in enumerate(completions):
            db.session.add(_completion(person.id, days_ago, expires_in, f"CODE-{index}"))
        stored = db.session.get(Person, person.id)
        stored.active = active
        if moved:
            stored.department_id = here.id
        db.session.commit()

    reviewer = app.test_client()
    login(reviewer, hr.email)
    page = reviewer.get(f"/rapporter/grupp/{here.id}").get_data(as_text=True)
    export = reviewer.get(f"/rapporter/grupp/{here.id}/export.csv").get_data(as_text=True)
    learner = app.test_client()
    signed_in = login(learner, person.email).status_code == 302
    own = _own_label(learner.get("/mina-kurser").get_data(as_text=True)) if signed_in else None

    assert (own, _drill_down_label(page, "Kim Andersson"), _export_label(export, "Kim Andersson")) == (
        expected,
        expected,
        expected,
    )
    if moved:  # the old department no longer lists them
        old = reviewer.get(f"/rapporter/grupp/{elsewhere.id}").get_data(as_text=True)
        assert _drill_down_label(old, "Kim Andersson") is None


def test_the_drill_down_filters_by_the_labels_every_page_uses(app: Flask, create_person, create_department) -> None:
    department = create_department("BUF", "Barn och utbildning")
    hr = create_person(roles={"hr"}, kind="partner")
    reviewer = app.test_client()
    login(reviewer, hr.email)
    page = reviewer.get(f"/rapporter/grupp/{department.id}?status=expired").get_data(as_text=True)
    options = re.findall(r'<option value="(\w+)"\s*(selected)?>([^<]+)</option>', page.split('id="status"')[1])
    assert [(value, label) for value, _, label in options[:5]] == [
        ("overdue", "Försenade"),
        ("not_started", "Inte påbörjad"),
        ("in_progress", "Påbörjad"),
        ("expired", "Utgången"),
        ("completed", "Klar"),
    ]
    assert [value for value, selected, _ in options[:5] if selected] == ["expired"]
