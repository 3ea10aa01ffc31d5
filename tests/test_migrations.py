"""The migrations build exactly the schema the models describe (like `flask db check`)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from elearn.extensions import db


def test_models_and_migrations_do_not_drift(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


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
        upgrade(revision="a1d66623a132")
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
        downgrade(revision="a1d66623a132")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(sent_at) FROM lesson_delivery")).scalar() == 1
        db.engine.dispose()
