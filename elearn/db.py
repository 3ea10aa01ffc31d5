"""The SQLAlchemy base, with constraint names Alembic can migrate, and SQLite tuned for many learners."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

import psycopg
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | str) -> datetime:
    """Aggregates bypass the column type, so SQLite hands back naive (or text) UTC datetimes
    and PostgreSQL aware ones in the session's zone: either way, UTC-aware."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return as_utc(value) if value is not None else None


@event.listens_for(Engine, "connect")
def _utc_session(dbapi_connection: Any, _record: object) -> None:
    # A PostgreSQL session takes the server's or the client's (PGTZ) zone, and that zone decides
    # date_trunc/extract and how timestamps come back. Set once per connection, outside a
    # transaction, so a rollback cannot undo it.
    if isinstance(dbapi_connection, psycopg.Connection):
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        dbapi_connection.execute("SET TIME ZONE 'UTC'")
        dbapi_connection.autocommit = autocommit


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    # WAL lets readers and one writer work at once; the busy timeout makes a second writer wait
    # instead of failing with "database is locked" when many learners submit at the same minute.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
