"""Fixtures: one app per test session on a real database (SQLite or PostgreSQL, chosen by
TEST_DATABASE), migrated with Alembic, and emptied after every test."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import count
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from elearn import clock, create_app
from elearn.extensions import db
from elearn.people.models import Department, Person

FIXTURE_COURSES = Path(__file__).parent / "fixtures" / "courses"
PASSWORD = "ett-bra-losenord"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _database_kind() -> str:
    kind = os.environ.get("TEST_DATABASE", "sqlite")
    if kind not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"TEST_DATABASE must be sqlite or postgresql, not {kind!r}")
    return kind


def pytest_report_header() -> str:
    return f"database: {_database_kind()}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if _database_kind() == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    name = f"elearn_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_app(database_url: str, **overrides: Any) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "COURSES_PATH": str(FIXTURE_COURSES),
        "MAIL_BACKEND": "memory",
        "BASE_URL": "http://localhost",
        "ENV": "production",
        # Every test client calls from one address; the rate limit has a test of its own.
        "API_RATE_LIMIT": "100000 per minute",
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = ClosingClient
    return app


class ClosingClient(FlaskClient):
    """Closes each response once read, as a real server does after sending it, so the work
    a page hands over to run after its response (e.g. sending mail) runs in tests too."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = make_app(database_url)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    app.extensions.pop("elearn.outbox", None)


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def today() -> date:
    """The organisation's date when the test starts, not when the module was imported: a run
    that crosses midnight gives each test its own day."""
    return clock.today()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def outbox(app: Flask) -> list[Any]:
    return app.extensions.setdefault("elearn.outbox", [])


@pytest.fixture
def create_department(app: Flask) -> Callable[..., Department]:
    def create(code: str = "BUF", name: str | None = None) -> Department:
        with app.app_context():
            department = Department(code=code, name=name or f"Förvaltning {code}")
            db.session.add(department)
            db.session.commit()
            db.session.refresh(department)
            db.session.expunge(department)
            return department

    return create


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once per test session: a deliberately slow hash per test adds minutes."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(PASSWORD, method="scrypt")


@pytest.fixture
def create_person(app: Flask, password_hash: str) -> Callable[..., Person]:
    counter = iter(range(1, 1_000_000))

    def create(
        name: str | None = None,
        email: str | None = None,
        kind: str = "employee",
        roles: set[str] | None = None,
        department: Department | None = None,
        password: bool = True,
        active: bool = True,
        assign: bool = True,
    ) -> Person:
        from elearn.course_library import library
        from elearn.learning.assignments import apply_assignment_rules

        number = next(counter)
        with app.app_context():
            person = Person(
                name=name or f"Person {number}",
                email=email or f"person{number}@example.org",
                kind=kind,
                department_id=department.id if department else None,
                active=active,
                password_hash=password_hash if password else None,
            )
            person.set_roles(roles or set())
            db.session.add(person)
            db.session.flush()
            if assign:
                apply_assignment_rules(db.session, [person], library(), clock.today(), 30)
            db.session.commit()
            person_id = person.id
            email_address = person.email
        return _Detached(person_id, email_address)  # type: ignore[return-value]

    return create


class _Detached:
    """What tests need of a person created in another app context: the id and e-mail."""

    def __init__(self, person_id: int, email: str) -> None:
        self.id = person_id
        self.email = email


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/logga-in")
    token = csrf_from(page.get_data(as_text=True))
    return client.post("/logga-in", data={"csrf_token": token, "email": email, "password": password})


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[[Person], FlaskClient]:
    def do_login(person: Person) -> FlaskClient:
        response = login(client, person.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do_login


def query_count(app: Flask) -> Any:
    """Counts the SQL statements run inside the `with` block: for N+1 checks."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []
        with app.app_context():
            engine = db.engine

        def record(*args: Any) -> None:
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting()


__all__ = ["PASSWORD", "csrf_from", "login", "make_app", "query_count", "text"]


_certificates = count(1)


def add_completion(app: Flask, person_id: int, at: datetime, expires_at: datetime | None = None) -> None:
    """A completion of the fixture course at `at`, stored as a finished course is."""
    from elearn.learning.models import CourseCompletion

    with app.app_context():
        db.session.add(
            CourseCompletion(
                person_id=person_id,
                course_id="testkurs",
                course_version="v",
                completed_at=at,
                expires_at=expires_at,
                certificate_code=f"TEST-{next(_certificates)}",
            )
        )
        db.session.commit()
