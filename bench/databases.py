"""A fresh, migrated database per benchmark step: a SQLite file, or a PostgreSQL database with a
random name that is dropped afterwards."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from flask import Flask
from flask_migrate import upgrade

from elearn import create_app
from elearn.extensions import db

POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# The product's own courses: outside development the course folder is a required setting.
COURSES = str(Path(__file__).resolve().parent.parent / "courses")
SECRET_KEY = "bench-" + secrets.token_hex(16)


def postgres_available() -> bool:
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """The URL of a new, empty database of `kind` (sqlite or postgresql), removed on exit."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="elearn-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        return
    name = f"elearn_bench_{secrets.token_hex(5)}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_app(url: str) -> Flask:
    """The app as gunicorn will run it, bound to `url`."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET_KEY,
            "ENV": "production",
            "MAIL_BACKEND": "memory",
            "COURSES_PATH": COURSES,
        }
    )


def migrate(app: Flask) -> None:
    with app.app_context():
        upgrade()


def settle(app: Flask) -> None:
    """Bring a bulk-loaded database to the state a long-running one is in: planner statistics
    gathered and, on PostgreSQL, the new rows vacuumed. Otherwise autovacuum wakes up in the
    middle of the measurements and takes a core from the server."""
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
