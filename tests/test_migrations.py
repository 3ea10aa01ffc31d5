"""The migrations build exactly the schema the models describe (like `flask db check`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from elearn.extensions import db
from tests.conftest import POSTGRES_ADMIN_URL, make_app


def test_models_and_migrations_do_not_drift(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


@pytest.fixture
def empty_database(database_url: str, tmp_path) -> Iterator[str]:
    """A database of its own, of the kind the suite runs on, with nothing in it."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    name = f"elearn_migration_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{database_url.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


OLD_ROWS = [
    "INSERT INTO person (id, name, email, kind, active, created_at, updated_at, deactivated_at)"
    " VALUES (1, 'Kvar', 'k@example.org', 'employee', true, :created, :created, NULL)",
    "INSERT INTO person (id, name, email, kind, active, created_at, updated_at, deactivated_at)"
    " VALUES (2, 'Slutat', 's@example.org', 'employee', false, :created, :left, :left)",
    "INSERT INTO person_role (person_id, role) VALUES (1, 'coordinator')",
    "INSERT INTO assignment (person_id, course_id, due_on, source, created_at)"
    " VALUES (1, 'testkurs', :due, 'rule', :created)",
]


def test_existing_people_and_assignments_get_their_first_history_rows(empty_database: str) -> None:
    """The history migration dates what is known: people from their creation, a leaver active
    until their deactivation and inactive since, roles and assignments from their creation."""
    created, left = datetime(2024, 1, 1, 8, tzinfo=UTC), datetime(2025, 6, 1, 8, tzinfo=UTC)
    app = make_app(empty_database)
    with app.app_context():
        upgrade(revision="a1d66623a132")
        with db.engine.begin() as connection:
            for statement in OLD_ROWS:
                connection.execute(text(statement), {"created": created, "left": left, "due": date(2024, 2, 1)})
        upgrade()
        with db.engine.connect() as connection:
            people = connection.execute(
                text("SELECT person_id, active, valid_from, valid_to FROM person_history ORDER BY person_id, id")
            ).all()
            roles = connection.execute(text("SELECT person_id, role, valid_to FROM person_role_history")).all()
            assignments = connection.execute(
                text("SELECT person_id, course_id, due_on, valid_to FROM assignment_history")
            ).all()
        db.engine.dispose()
    day = lambda moment: str(moment)[:10] if moment else None  # noqa: E731  SQLite reads text back
    assert [(p, bool(a), day(f), day(t)) for p, a, f, t in people] == [
        (1, True, "2024-01-01", None),
        (2, True, "2024-01-01", "2025-06-01"),
        (2, False, "2025-06-01", None),
    ]
    assert roles == [(1, "coordinator", None)]
    assert [(p, c, day(d), t) for p, c, d, t in assignments] == [(1, "testkurs", "2024-02-01", None)]


def test_lessons_already_mailed_keep_their_record_in_the_outbox() -> None:
    import os

    from bench.databases import fresh_database

    with fresh_database(os.environ.get("TEST_DATABASE", "sqlite")) as url:
        _upgrade_a_database_with_lessons_mailed_and_not(url)


def _upgrade_a_database_with_lessons_mailed_and_not(url: str) -> None:
    from datetime import UTC, datetime

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from tests.conftest import make_app

    app = make_app(url)
    sent_at = datetime(2026, 11, 20, 6, tzinfo=UTC)
    with app.app_context():
        upgrade(revision="8a6fb151b381")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO person (id, name, email, kind, active, created_at, updated_at) "
                    "VALUES (1, 'Anna', 'anna@example.org', 'employee', :yes, :t, :t)"
                ),
                {"t": sent_at, "yes": True},
            )
            for delivery_id, module_id, sent in ((1, "n1", sent_at), (2, "n2", None)):
                connection.execute(
                    text(
                        "INSERT INTO lesson_delivery (id, person_id, course_id, kind, module_id, due_on, sent_at, "
                        "failures, last_error, created_at) VALUES (:id, 1, 'nano', 'lesson', :m, '2026-11-20', :s, "
                        "0, '', :t)"
                    ),
                    {"id": delivery_id, "m": module_id, "s": sent, "t": sent_at},
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT d.module_id, d.mail_id, m.sent_at IS NOT NULL, m.to_address FROM lesson_delivery d "
                    "LEFT JOIN outbox_mail m ON m.id = d.mail_id ORDER BY d.id"
                )
            ).all()
        assert [(m, mail, bool(sent), to) for m, mail, sent, to in rows] == [
            ("n1", 1, True, "anna@example.org"),
            ("n2", None, False, None),
        ]
        with db.engine.begin() as connection:  # the next mail gets a new id, after the ones carried over
            new_id = connection.execute(
                text(
                    "INSERT INTO outbox_mail (person_id, kind, subject, body, to_address, created_at, claimed_by, "
                    "failures, last_error) VALUES (1, 'lesson', 's', 'b', 'anna@example.org', :t, '', 0, '') "
                    "RETURNING id"
                ),
                {"t": sent_at},
            ).scalar()
        assert new_id == 2
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM outbox_mail WHERE id = 2"))
        downgrade(revision="8a6fb151b381")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(sent_at) FROM lesson_delivery")).scalar() == 1
        db.engine.dispose()


def test_a_downgrade_that_rebuilds_the_person_table_keeps_what_refers_to_people(empty_database: str) -> None:
    """On SQLite, dropping a column rebuilds the table; with foreign keys on, that would
    cascade-delete every assignment (env.py turns them off for migrations)."""
    from flask_migrate import downgrade

    app = make_app(empty_database)
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(text(OLD_ROWS[0]), {"created": datetime(2024, 1, 1, tzinfo=UTC)})
            connection.execute(
                text(OLD_ROWS[-1]), {"created": datetime(2024, 1, 1, tzinfo=UTC), "due": date(2024, 2, 1)}
            )
        downgrade(revision="9877b24d6c4a")  # past person.session_epoch
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM assignment")).scalar() == 1
        db.engine.dispose()
