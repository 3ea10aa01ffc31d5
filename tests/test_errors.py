"""Errors stay polite: a rolled-back session, a 503 for a database that is away, and recovery."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from flask import Flask, Response
from flask_migrate import upgrade
from sqlalchemy import event, text

from elearn.extensions import db
from tests.conftest import POSTGRES_ADMIN_URL, csrf_from, login, make_app

SQLITE = os.environ.get("TEST_DATABASE", "sqlite") == "sqlite"


def _unreachable_url(tmp_path: Path) -> str:
    if SQLITE:
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'elearn.sqlite'}"
    return "postgresql+psycopg://postgres@127.0.0.1:1/elearn"


def test_an_unreachable_database_answers_503_with_retry_after(tmp_path: Path) -> None:
    app = make_app(_unreachable_url(tmp_path))
    response = app.test_client().get("/intyg/ABCD-EFGH-IJKL")
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "Tillfälligt otillgänglig" in response.get_data(as_text=True)


def test_the_error_page_after_a_failed_statement_needs_no_database(
    database_url: str, app: Flask, create_person: Callable
) -> None:
    broken = make_app(database_url)

    @broken.get("/trasig")
    def broken_view() -> str:
        # On PostgreSQL this aborts the transaction: any later query in it fails too.
        db.session.execute(text("SELECT no_such_column FROM person"))
        return "unreachable"

    client = broken.test_client()
    person = create_person()
    assert login(client, person.email).status_code == 302
    response = client.get("/trasig")
    assert response.status_code == 500
    assert "Ett fel uppstod hos oss" in response.get_data(as_text=True)
    assert client.get("/mina-kurser").status_code == 200  # the next request is not affected


@pytest.mark.skipif(not SQLITE, reason="about SQLite files")
def test_sqlite_recovers_when_the_file_becomes_writable_again(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'elearn.sqlite'}")
    with app.app_context():
        upgrade()
        engine = db.engine
    read_only = {"now": True}

    @event.listens_for(engine, "connect")
    def open_read_only(connection: object, _record: object) -> None:
        # What SQLite does with a file it may not write: the connection stays read-only for good.
        if read_only["now"]:
            connection.execute("PRAGMA query_only=ON")

    with app.app_context():
        db.engine.dispose()
    client = app.test_client()

    def failed_login() -> int:
        token = csrf_from(client.get("/logga-in").get_data(as_text=True))
        return client.post(
            "/logga-in", data={"csrf_token": token, "email": "a@example.org", "password": "x"}
        ).status_code

    assert failed_login() == 503  # recording the failure is a write
    read_only["now"] = False
    assert failed_login() == 200


def _refusing_app(database_url: str) -> Flask:
    """The app with a page that asks a service for what it refuses, as no shipped page does
    unguarded: each view that can meet a refusal shows it beside its form."""
    from elearn.course_library import library
    from elearn.learning.assignments import assign_manually
    from elearn.people.models import Person

    refusing = make_app(database_url)

    @refusing.get("/tilldela/<int:person_id>/<course_id>")
    def assign(person_id: int, course_id: str) -> str:
        assign_manually(db.session, db.get_or_404(Person, person_id), course_id, None, library())
        return "assigned"

    @refusing.get("/vagra/<kind>")
    def refuse(kind: str) -> str:
        from elearn.auth.oidc import UnknownPerson
        from elearn.reports.adoption import AlreadyAdopted

        raise {"adopted": AlreadyAdopted(2025), "unknown": UnknownPerson("entra", "no matching person")}[kind]

    return refusing


def test_a_refusal_no_view_catches_gets_the_error_page_with_its_status_in_the_readers_language(
    database_url: str, app: Flask, create_person: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    client = _refusing_app(database_url).test_client()
    person = create_person()
    english = client.get(f"/tilldela/{person.id}/finns-inte", headers={"Accept-Language": "en"})
    assert english.status_code == 404
    page = english.get_data(as_text=True)
    assert "<h1>That did not work</h1>" in page and '<p role="alert">The course does not exist.</p>' in page
    assert "unknown course 'finns-inte'" in caplog.text  # the log says what, in English
    swedish = client.get(f"/tilldela/{person.id}/finns-inte", headers={"Accept-Language": "sv"})
    assert swedish.status_code == 404 and '<p role="alert">Kursen finns inte.</p>' in swedish.get_data(as_text=True)
    assert client.get(f"/tilldela/{person.id}/testkurs").status_code == 200


@pytest.mark.parametrize(
    ("kind", "status", "english"),
    [
        ("adopted", 409, "The status report for 2025 is already adopted and does not change."),
        ("unknown", 403, "Your work account worked, but we find no person in elearn who belongs to it."),
    ],
)
def test_every_domain_error_has_a_status_and_an_english_page_message(
    database_url: str, app: Flask, kind: str, status: int, english: str
) -> None:
    response = _refusing_app(database_url).test_client().get(f"/vagra/{kind}", headers={"Accept-Language": "en"})
    assert response.status_code == status
    assert english in response.get_data(as_text=True)


@pytest.mark.skipif(not SQLITE, reason="about SQLite's file lock; PostgreSQL locks rows, not the database")
def test_a_locked_sqlite_file_answers_503_with_retry_after_and_works_once_released(
    database_url: str, app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    locked = make_app(database_url)
    with locked.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def wait_briefly(connection: sqlite3.Connection, _record: object) -> None:
        # The busy timeout (10 s) makes a writer wait for the lock; the test need not wait that long.
        connection.execute("PRAGMA busy_timeout=100")

    with locked.app_context():
        db.engine.dispose()
    client = locked.test_client()

    def failed_login() -> Response:
        token = csrf_from(client.get("/logga-in").get_data(as_text=True))
        return client.post("/logga-in", data={"csrf_token": token, "email": "a@example.org", "password": "x"})

    other_writer = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as a long import would
        response = failed_login()  # recording the failure is a write
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "Tillfälligt otillgänglig" in response.get_data(as_text=True)
    assert "database is locked" in caplog.text
    assert failed_login().status_code == 200  # busy, not broken: the same app carries on


def _postgres_backend_terminated(pid: int) -> None:
    """Ends a server process as an administrator, a restart or a failover would, and waits
    until it is gone."""
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        for _ in range(100):
            if admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still runs")


class _Dropping:
    """An app on the test database whose PostgreSQL connections the test can end."""

    def __init__(self, database_url: str) -> None:
        self.app = make_app(database_url)
        self.client = self.app.test_client()
        self.mid_request = False
        # After the request has used its connection (to load the signed-in person), before the page reads.
        self.app.before_request(self._drop_if_asked)

    def _drop_if_asked(self) -> None:
        if self.mid_request:
            self.mid_request = False
            _postgres_backend_terminated(db.session.scalar(text("SELECT pg_backend_pid()")))

    def drop_pooled_connection(self) -> None:
        with self.app.app_context():
            pid = db.session.scalar(text("SELECT pg_backend_pid()"))
            db.session.remove()  # back to the pool, where the next request finds it
            assert db.engine.pool.checkedin() == 1  # the only one there
        _postgres_backend_terminated(pid)


@pytest.fixture
def dropping(database_url: str, app: Flask, create_person: Callable) -> Iterator[_Dropping]:
    dropping = _Dropping(database_url)
    assert login(dropping.client, create_person().email).status_code == 302
    yield dropping
    with dropping.app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(SQLITE, reason="about PostgreSQL's connections; SQLite has none to lose")
def test_a_postgresql_connection_dropped_between_requests_is_replaced_unnoticed(dropping: _Dropping) -> None:
    assert dropping.client.get("/mina-kurser").status_code == 200
    dropping.drop_pooled_connection()
    assert dropping.client.get("/mina-kurser").status_code == 200


@pytest.mark.skipif(SQLITE, reason="about PostgreSQL's connections; SQLite has none to lose")
def test_a_postgresql_connection_dropped_mid_request_answers_503_and_the_next_request_works(
    dropping: _Dropping,
) -> None:
    dropping.mid_request = True
    response = dropping.client.get("/mina-kurser")
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "Tillfälligt otillgänglig" in response.get_data(as_text=True)
    assert dropping.client.get("/mina-kurser").status_code == 200  # no restart needed
