"""Each endpoint and scope by hand: what an HR system or a BI tool reads, and what it may not."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from elearn import clock
from elearn.api.models import ApiToken
from elearn.api.tokens import hash_secret
from elearn.db import utcnow
from elearn.extensions import db
from tests.api.conftest import bearer
from tests.reports.test_overview import _answer, completion

PEOPLE_ENDPOINTS = [
    "/api/v1/departments",
    "/api/v1/people",
    "/api/v1/people/{id}",
    "/api/v1/people/{id}/courses",
    "/api/v1/assignments",
    "/api/v1/statuses",
]
REPORT_ENDPOINTS = ["/api/v1/reports/overview", "/api/v1/reports/topics"]


def test_people_are_listed_with_what_an_hr_system_matches_on_and_nothing_more(
    app: Flask, client: FlaskClient, make_token, create_person, create_department
) -> None:
    buf = create_department("BUF")
    anna = create_person(name="Anna", department=buf)
    create_person(name="Bo", kind="elected", active=False)
    with app.app_context():
        from elearn.people.models import Person

        db.session.get(Person, anna.id).employee_id = "E-17"
        db.session.commit()
    body = client.get("/api/v1/people", headers=bearer(make_token("people:read"))).get_json()
    assert body["next_cursor"] is None
    assert body["data"][0] == {
        "id": anna.id,
        "employee_id": "E-17",
        "department_id": buf.id,
        "department_code": "BUF",
        "kind": "employee",
        "active": True,
    }
    assert body["data"][1]["kind"] == "elected" and body["data"][1]["active"] is False
    assert "Anna" not in str(body) and anna.email not in str(body)


def test_a_cursor_pages_through_everyone_once(client: FlaskClient, make_token, create_person) -> None:
    ids = {create_person(assign=False).id for _ in range(7)}
    secret, seen, cursor, pages = make_token("people:read"), [], None, 0
    while True:
        query = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/people", query_string=query, headers=bearer(secret)).get_json()
        seen += [person["id"] for person in body["data"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids) and pages == 3


@pytest.mark.parametrize(
    "query", [{"cursor": "not-ours"}, {"cursor": "-1"}, {"limit": "0"}, {"limit": "1e3"}, {"limt": "5"}]
)
def test_a_bad_cursor_limit_or_parameter_is_a_400_in_the_error_shape(
    client: FlaskClient, make_token, query: dict
) -> None:
    response = client.get("/api/v1/people", query_string=query, headers=bearer(make_token("people:read")))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["code"] in ("invalid_cursor", "invalid_parameter") and error["message"]


@pytest.mark.parametrize("endpoint", REPORT_ENDPOINTS)
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_a_report_date_outside_2000_to_2099_is_a_400_in_the_error_shape(
    client: FlaskClient, make_token, endpoint: str, day: str
) -> None:
    response = client.get(endpoint, query_string={"date": day}, headers=bearer(make_token("reports:read")))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_parameter"


def test_departments_and_assignments(client: FlaskClient, make_token, create_person, create_department) -> None:
    buf = create_department("BUF", "Barn och utbildning")
    person = create_person(department=buf)
    secret = make_token("people:read")
    departments = client.get("/api/v1/departments", headers=bearer(secret)).get_json()["data"]
    assert departments == [{"id": buf.id, "code": "BUF", "name": "Barn och utbildning", "active": True}]
    assignments = client.get("/api/v1/assignments", headers=bearer(secret)).get_json()["data"]
    assert [(a["person_id"], a["course_id"], a["source"]) for a in assignments] == [(person.id, "testkurs", "rule")]
    assert assignments[0]["due_on"] == (clock.today() + timedelta(days=30)).isoformat()


def test_a_person_s_status_per_course_carries_its_dates(
    app: Flask, client: FlaskClient, make_token, create_person
) -> None:
    person = create_person()
    with app.app_context():
        done = completion(person.id, days_ago=10, expires_in=300)
        db.session.add(done)
        db.session.commit()
        completed_at, expires_at = done.completed_at, done.expires_at
    body = client.get(f"/api/v1/people/{person.id}/courses", headers=bearer(make_token("people:read"))).get_json()
    assert body["person_id"] == person.id
    [status] = body["data"]
    assert status["course_id"] == "testkurs" and status["status"] == "completed" and status["overdue"] is False
    assert status["completed_at"] == completed_at.isoformat() and status["expires_at"] == expires_at.isoformat()
    assert status["progress_percent"] == 100


def test_an_unknown_person_is_a_404_in_the_error_shape(client: FlaskClient, make_token) -> None:
    for url in ("/api/v1/people/999999", "/api/v1/people/99999999999/courses"):
        response = client.get(url, headers=bearer(make_token("people:read")))
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_the_overview_gives_the_report_page_s_counts(
    app: Flask, client: FlaskClient, make_token, create_person, create_department
) -> None:
    buf = create_department("BUF", "Barn och utbildning")
    people = [create_person(department=buf) for _ in range(6)]
    with app.app_context():
        db.session.add(completion(people[0].id))
        db.session.commit()
    body = client.get("/api/v1/reports/overview", headers=bearer(make_token("reports:read"))).get_json()
    [row] = body["groups"]
    assert (row["group_id"], row["group_name"], row["course_id"]) == (buf.id, "Barn och utbildning", "testkurs")
    assert (row["headcount"], row["completed"], row["not_started"], row["completed_percent"]) == (
        6,
        1,
        5,
        17,
    )  # rounded to the nearest, as on the page
    assert row["suppressed"] is False
    assert body["totals"] == [
        {"course_id": "testkurs", **{k: row[k] for k in row if k not in ("group_id", "group_name", "course_id")}}
    ]


def test_the_overview_suppresses_what_the_page_suppresses(
    app: Flask, client: FlaskClient, make_token, create_person, create_department
) -> None:
    from elearn.db import utcnow
    from elearn.reports.filters import Filters
    from elearn.reports.service import overview

    big, small = create_department("BIG"), create_department("SML")
    for department, count in ((big, 6), (small, 2)):
        for _ in range(count):
            create_person(department=department)
    body = client.get("/api/v1/reports/overview", headers=bearer(make_token("reports:read"))).get_json()
    shown = {row["group_id"]: row for row in body["groups"]}
    assert shown[small.id]["suppressed"] is True
    assert all(shown[small.id][k] is None for k in ("headcount", "completed", "not_started", "completed_percent"))
    with app.app_context():
        page = overview(db.session, Filters(as_of=utcnow()), app.config["SUPPRESSION_MINIMUM"])
    assert {row.group: row.counts.suppressed for row in page.rows} == {g: r["suppressed"] for g, r in shown.items()}
    assert [total.suppressed for total in page.totals.values()] == [t["suppressed"] for t in body["totals"]]


def test_topics_suppress_what_the_page_suppresses(
    app: Flask, client: FlaskClient, make_token, create_person, create_department
) -> None:
    from elearn.db import utcnow
    from elearn.reports.filters import Filters
    from elearn.reports.service import topic_gaps

    departments = {create_department(code): count for code, count in (("BIG", 6), ("MID", 6), ("SML", 2))}
    groups = {department.id: count for department, count in departments.items()}
    people = [create_person(department=d, assign=False) for d, n in departments.items() for _ in range(n)]
    with app.app_context():
        for index, person in enumerate(people):
            db.session.add(_answer(person.id, "begrepp", correct=index % 2 == 0, first=True))
        db.session.commit()
        gaps = topic_gaps(db.session, Filters(as_of=utcnow()), app.config["SUPPRESSION_MINIMUM"])
    body = client.get("/api/v1/reports/topics", headers=bearer(make_token("reports:read"))).get_json()
    cells = {row["group_id"]: row for row in body["groups"]}
    small = min(groups, key=groups.get)
    assert cells[small]["suppressed"] is True
    assert (cells[small]["people"], cells[small]["answers"], cells[small]["right_percent"]) == (None, None, None)
    for group_id, row in cells.items():
        cell = gaps.cells[(group_id, "begrepp")]
        assert row["suppressed"] == cell.suppressed
        if not cell.suppressed:
            assert (row["people"], row["answers"], row["right_percent"]) == (6, 6, cell.percent)
    assert any(not row["suppressed"] for row in cells.values())


@pytest.mark.parametrize(("scope", "allowed"), [("people:read", PEOPLE_ENDPOINTS), ("reports:read", REPORT_ENDPOINTS)])
def test_a_token_opens_exactly_its_scope(client: FlaskClient, make_token, create_person, scope: str, allowed) -> None:
    person = create_person()
    secret = make_token(scope)
    for url in PEOPLE_ENDPOINTS + REPORT_ENDPOINTS:
        response = client.get(url.format(id=person.id), headers=bearer(secret))
        if url in allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url
            assert response.get_json()["error"]["code"] == "insufficient_scope"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer elearn_wrong", "Basic dXNlcjpwYXNz"])
def test_without_a_known_token_nothing_is_read(client: FlaskClient, header: str | None) -> None:
    response = client.get("/api/v1/people", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]["code"] == "invalid_token"


def test_an_expired_or_revoked_token_stops_working(app: Flask, client: FlaskClient, make_token) -> None:
    expired, revoked = make_token("people:read"), make_token("people:read")
    with app.app_context():
        db.session.query(ApiToken).filter_by(secret_hash=hash_secret(expired)).one().expires_at = utcnow()
        db.session.query(ApiToken).filter_by(secret_hash=hash_secret(revoked)).one().revoked_at = utcnow()
        db.session.commit()
    for secret in (expired, revoked):
        assert client.get("/api/v1/people", headers=bearer(secret)).status_code == 401


def test_a_call_records_when_the_token_was_last_used_and_is_logged(
    app: Flask, client: FlaskClient, make_token, caplog: pytest.LogCaptureFixture
) -> None:
    secret = make_token("people:read", name="Power BI")
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        client.get("/api/v1/departments?limit=5", headers=bearer(secret))
        client.get("/api/v1/people", headers=bearer("elearn_nope"))
    with app.app_context():
        token = db.session.query(ApiToken).filter_by(secret_hash=hash_secret(secret)).one()
        assert utcnow() - token.last_used_at < timedelta(minutes=1)
        token_id = token.id
    calls = [r.getMessage() for r in caplog.records if r.getMessage().startswith("api call")]
    assert calls[0].startswith(f"api call: token={token_id} (Power BI) GET /api/v1/departments?limit=5 -> 200")
    assert calls[1].startswith("api call: token=None (None) GET /api/v1/people -> 401")
    assert secret not in " ".join(calls)
    from elearn.audit.models import AuditEvent

    with app.app_context():
        logged = [e.detail for e in db.session.query(AuditEvent).filter_by(action="api_call").order_by(AuditEvent.id)]
    assert logged[0].startswith(f"Power BI (#{token_id}): GET /api/v1/departments?limit=5 -> 200")
    assert logged[1].startswith("ingen nyckel: GET /api/v1/people -> 401")
    assert secret not in " ".join(logged)


def test_too_many_calls_are_refused_with_retry_after(database_url: str, make_token) -> None:
    from tests.conftest import make_app

    app = make_app(database_url, API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    secret = make_token("people:read")
    statuses = [client.get("/api/v1/departments", headers=bearer(secret)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/departments", headers=bearer(secret))
    assert refused.get_json()["error"]["code"] == "rate_limited" and int(refused.headers["Retry-After"]) > 0
    assert client.get("/api/v1/departments", headers=bearer(make_token("people:read"))).status_code == 200


def test_unknown_paths_and_methods_answer_in_the_error_shape(client: FlaskClient, make_token) -> None:
    secret = make_token("people:read")
    missing = client.get("/api/v1/personer", headers=bearer(secret))
    assert (missing.status_code, missing.get_json()["error"]["code"]) == (404, "not_found")
    posted = client.post("/api/v1/people", headers=bearer(secret), json={})
    assert (posted.status_code, posted.get_json()["error"]["code"]) == (405, "method_not_allowed")
    assert "GET" in posted.headers["Allow"]


def test_statuses_give_everyone_s_courses_a_page_at_a_time(
    app: Flask, client: FlaskClient, make_token, create_person
) -> None:
    done, idle, unassigned = create_person(), create_person(), create_person(assign=False)
    with app.app_context():
        db.session.add(completion(done.id))
        db.session.commit()
    secret = make_token("people:read")
    first = client.get("/api/v1/statuses", query_string={"limit": 2}, headers=bearer(secret)).get_json()
    rest = client.get(
        "/api/v1/statuses", query_string={"cursor": first["next_cursor"]}, headers=bearer(secret)
    ).get_json()
    assert rest["next_cursor"] is None
    courses = {
        row["person_id"]: [(c["course_id"], c["status"]) for c in row["courses"]]
        for row in first["data"] + rest["data"]
    }
    assert courses == {done.id: [("testkurs", "completed")], idle.id: [("testkurs", "not_started")], unassigned.id: []}
    too_many = client.get("/api/v1/statuses", query_string={"limit": 51}, headers=bearer(secret))
    assert too_many.status_code == 400
