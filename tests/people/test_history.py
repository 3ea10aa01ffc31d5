"""Every path that changes what the figures depend on writes it down as history: the people
forms, deactivation, the CSV import, assignment rules, manual assignments, renewals, campaigns
and demo data. After each, the open history rows say exactly what the tables say now."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.course_library import library
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.assignments import Rules, renew_expired_assignments
from elearn.learning.history import AssignmentHistory
from elearn.learning.models import Assignment, CourseCompletion
from elearn.people import csv_import
from elearn.people.history import PersonHistory, PersonRoleHistory
from elearn.people.models import Person, PersonRole
from tests.conftest import csrf_from
from tests.people.test_import import export


def _history_matches_today(app: Flask) -> None:
    with app.app_context():
        session = db.session
        people = {p.id: (p.department_id, p.kind, p.active) for p in session.scalars(select(Person))}
        open_states = list(
            session.execute(
                select(
                    PersonHistory.person_id, PersonHistory.department_id, PersonHistory.kind, PersonHistory.active
                ).where(PersonHistory.valid_to.is_(None))
            )
        )
        assert {pid: tuple(rest) for pid, *rest in open_states} == people
        assert len(open_states) == len(people)  # one open row a person
        roles = set(session.execute(select(PersonRole.person_id, PersonRole.role)))
        assert (
            set(
                session.execute(
                    select(PersonRoleHistory.person_id, PersonRoleHistory.role).where(
                        PersonRoleHistory.valid_to.is_(None)
                    )
                )
            )
            == roles
        )
        assignments = set(session.execute(select(Assignment.person_id, Assignment.course_id, Assignment.due_on)))
        open_assignments = list(
            session.execute(
                select(AssignmentHistory.person_id, AssignmentHistory.course_id, AssignmentHistory.due_on).where(
                    AssignmentHistory.valid_to.is_(None)
                )
            )
        )
        assert set(open_assignments) == assignments and len(open_assignments) == len(assignments)


def _states(app: Flask, person_id: int) -> list[tuple]:
    with app.app_context():
        return [
            (row.department_id, row.kind, row.active, row.valid_to is None)
            for row in db.session.scalars(
                select(PersonHistory).where(PersonHistory.person_id == person_id).order_by(PersonHistory.id)
            )
        ]


def _post(client, url: str, data: dict):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(page), **data})


def test_the_people_forms_and_deactivation_write_history(
    app: Flask, create_person, create_department, login_as
) -> None:
    buf, soc = create_department("BUF"), create_department("SOC")
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    new = {"name": "Ny", "email": "ny@example.org", "department_id": buf.id, "kind": "employee"}
    assert _post(client, "/personer/ny", new).status_code == 302
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.email == "ny@example.org"))
    _history_matches_today(app)
    moved = {**new, "department_id": soc.id, "roles": ["coordinator"]}
    assert _post(client, f"/personer/{person_id}", moved).status_code == 302
    _history_matches_today(app)
    assert _post(client, f"/personer/{person_id}/aktiv", {"bekrafta": "ja"}).status_code == 302
    _history_matches_today(app)
    assert _states(app, person_id) == [
        (buf.id, "employee", True, False),
        (soc.id, "employee", True, False),
        (soc.id, "employee", False, True),
    ]
    with app.app_context():
        roles = db.session.scalars(select(PersonRoleHistory.role).where(PersonRoleHistory.person_id == person_id))
        assert list(roles) == ["coordinator"]


def test_a_manual_assignment_and_a_rule_that_no_longer_applies_write_history(
    app: Flask, create_person, login_as
) -> None:
    person = create_person()
    client = login_as(create_person(roles={"hr"}))
    due = {"tilldela-course_id": "testkurs", "tilldela-due_on": "2031-01-31"}
    page = client.get(f"/personer/{person.id}").get_data(as_text=True)
    client.post(f"/personer/{person.id}/tilldela", data={"csrf_token": csrf_from(page), **due})
    _history_matches_today(app)
    with app.app_context():
        dues = db.session.execute(
            select(AssignmentHistory.due_on, AssignmentHistory.valid_to)
            .where(AssignmentHistory.person_id == person.id)
            .order_by(AssignmentHistory.id)
        ).all()
    first_due = (clock.today() + timedelta(days=30)).isoformat()
    assert [(d.isoformat(), end is None) for d, end in dues] == [(first_due, False), ("2031-01-31", True)]
    other = create_person()
    _post(client, f"/personer/{other.id}", {"name": "E", "email": other.email, "department_id": 0, "kind": "elected"})
    _history_matches_today(app)
    with app.app_context():
        closed = db.session.scalar(
            select(AssignmentHistory.valid_to).where(
                AssignmentHistory.person_id == other.id, AssignmentHistory.course_id == "testkurs"
            )
        )
        assert closed is not None  # the rule's testkurs went when the person became an elected official


def test_the_csv_import_writes_history_when_it_creates_moves_and_deactivates(app: Flask, create_department) -> None:
    buf, soc = create_department("BUF"), create_department("SOC")

    def run(data: bytes, **options) -> None:
        with app.app_context():
            plan = csv_import.plan_import(db.session, data, **options)
            csv_import.apply_import(db.session, plan, Rules(library(), clock.today(), 30))

    run(export(["1;A;A;a@example.org;BUF;medarbetare", "2;B;B;b@example.org;BUF;samordnare"]))
    _history_matches_today(app)
    run(export(["1;A;A;a@example.org;SOC;medarbetare"]), deactivate_missing=True)
    _history_matches_today(app)
    with app.app_context():
        a = db.session.scalar(select(Person.id).where(Person.employee_id == "1"))
        b = db.session.scalar(select(Person.id).where(Person.employee_id == "2"))
    assert _states(app, a) == [(buf.id, "employee", True, False), (soc.id, "employee", True, True)]
    assert _states(app, b) == [(buf.id, "employee", True, False), (buf.id, "employee", False, True)]


def test_renewals_and_campaigns_write_history(app: Flask, create_person) -> None:
    from elearn.spaced.campaigns import CampaignPlan, start_campaign

    person = create_person()
    hr = create_person(roles={"hr"})
    now = utcnow()
    with app.app_context():
        db.session.add(
            CourseCompletion(
                person_id=person.id,
                course_id="testkurs",
                course_version="v",
                completed_at=now - timedelta(days=400),
                expires_at=now - timedelta(days=35),
                certificate_code="RENEW1",
            )
        )
        assignment = db.session.scalar(select(Assignment).where(Assignment.person_id == person.id))
        assignment.due_on = clock.local_date(now - timedelta(days=380))
        db.session.commit()
        assert renew_expired_assignments(db.session, now, 30, library()) == 1
    _history_matches_today(app)
    with app.app_context():
        plan = CampaignPlan(
            name="Nano",
            course=library().course("nano"),
            kinds=("employee",),
            department_ids=(),
            start_on=now.date(),
            every_days=7,
        )
        start_campaign(db.session, plan, hr.id, now)
        assert db.session.scalar(select(db.func.count()).select_from(Assignment).where(Assignment.course_id == "nano"))
    _history_matches_today(app)


def test_demo_data_writes_history(app: Flask) -> None:
    from elearn.demo import load_demo_data

    with app.test_request_context():
        assert load_demo_data()
    _history_matches_today(app)
