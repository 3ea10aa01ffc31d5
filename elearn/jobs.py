"""Scheduled jobs may run on several app servers at once (or a cron run may overlap the last).
Whatever decides what is due takes the job's lock first, so two runs never queue the same mail;
the work itself is then shared out row by row (`outbox.delivery`)."""

from __future__ import annotations

import zlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def take_job_lock(session: Session, job: str) -> None:
    """Wait until no other run of `job` is deciding, and hold that until the session commits.

    PostgreSQL: a transaction-level advisory lock on the job's name. SQLite has one writer at a
    time, so the transaction is begun as a write (BEGIN IMMEDIATE): the next run waits for the
    commit and then sees what this one wrote."""
    session.commit()  # the lock belongs to the transaction that follows
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(job.encode())})
    else:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
