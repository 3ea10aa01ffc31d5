"""Delivering the outbox: claim a batch of rows, send it over one connection, mark each row.

Any number of senders may run at once (cron on several app servers, the hook after a page):
a batch is claimed in a short transaction — `FOR UPDATE SKIP LOCKED` on PostgreSQL, a write
transaction on SQLite — that writes the sender's claim on the rows, so no row is in two
batches and no sender needs another's memory. What the server answered for each row is written
every few mails (`MARK_EVERY`) and whenever the sender stops; rows a sender could not finish are
handed back at once, and those of a sender killed outright are taken over when its claim runs
out (`CLAIM_MINUTES`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Row, or_, select, update
from sqlalchemy.orm import Session

from ..db import utcnow
from ..jobs import take_job_lock
from ..people.models import Person
from . import transport
from .models import OutboxMail
from .transport import MailServerDown

BATCH = 50
CLAIM_MINUTES = 15  # far longer than a batch takes, even at the SMTP timeout for every mail
MARK_EVERY = 10


@dataclass
class DeliveryRun:
    sent: int = 0
    refused: int = 0  # permanently (5xx): kept on the row for HR, tried again if the address changes
    deferred: int = 0  # temporarily (4xx): tried again on the next run

    @property
    def failed(self) -> int:
        return self.refused + self.deferred


def deliver(
    session: Session,
    now: datetime,
    only: Iterable[int] | None = None,
    progress: Callable[[DeliveryRun], None] | None = None,
) -> DeliveryRun:
    """Send every deliverable mail (or those of `only`), batch by batch. Raises MailServerDown
    when the server cannot take mail, after handing the unfinished rows back for the next run."""
    claim = uuid.uuid4().hex
    wanted = None if only is None else list(only)
    run = DeliveryRun()
    config = current_app.config
    while rows := _claim(session, claim, wanted):
        marks: list[dict[str, object]] = []
        try:
            with transport.connection(config) as send:
                for row in rows:
                    marks.append(_deliver_one(send, config, row, now, run))
                    if len(marks) == MARK_EVERY:
                        _record(session, marks)
                    if progress:
                        progress(run)
            _record(session, marks)
        except BaseException as error:  # a dead server, Ctrl-C, a bug: the rest go back at once
            _record_and_hand_back(session, claim, marks, error)
            raise
    return run


def _claim(session: Session, claim: str, only: list[int] | None) -> list[Row]:
    now = utcnow()
    pending = (
        select(OutboxMail.id, Person.email, OutboxMail.subject, OutboxMail.body, OutboxMail.failures)
        .join(Person, Person.id == OutboxMail.person_id)
        .where(
            OutboxMail.sent_at.is_(None),
            Person.active.is_(True),
            or_(OutboxMail.refused_at.is_(None), OutboxMail.to_address != Person.email),
            or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
            OutboxMail.claimed_by != claim,  # what this run already tried waits for the next
        )
        .order_by(OutboxMail.id)
        .limit(BATCH)
    )
    if only is not None:
        if not only:
            return []
        pending = pending.where(OutboxMail.id.in_(only))
    if session.get_bind().dialect.name == "postgresql":
        session.commit()
        pending = pending.with_for_update(of=OutboxMail, skip_locked=True)
    else:
        take_job_lock(session, "outbox-claim")
    rows = session.execute(pending).all()
    if rows:
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_([row.id for row in rows]))
            .values(claimed_by=claim, claimed_until=now + timedelta(minutes=CLAIM_MINUTES))
        )
    session.commit()
    return rows


def _deliver_one(send: transport.Send, config, row: Row, now: datetime, run: DeliveryRun) -> dict[str, object]:
    """Send one claimed row; what to write on it."""
    mark: dict[str, object] = {
        "id": row.id,
        "to_address": row.email,
        "claimed_until": None,
        "sent_at": None,
        "refused_at": None,
        "body": row.body,
        "failures": row.failures + 1,
        "last_error": "",
    }
    try:
        send(transport.message(config, row.email, row.subject, row.body))
    except transport.Refused as error:
        mark.update(refused_at=now, last_error=str(error)[:300])
        run.refused += 1
        current_app.logger.warning("e-mail %s to %s refused: %s", row.id, row.email, error)
    except transport.Deferred as error:
        mark.update(last_error=str(error)[:300])
        run.deferred += 1
        current_app.logger.warning("e-mail %s to %s deferred: %s", row.id, row.email, error)
    else:
        mark.update(sent_at=now, body="", failures=row.failures)
        run.sent += 1
    return mark


def _record(session: Session, marks: list[dict[str, object]]) -> None:
    """Write the outcomes so far in one round trip and commit. Every MARK_EVERY mails, so a
    process killed outright (not one stopped by an error or Ctrl-C, which records first) sends
    at most that many mails again once its claim has run out."""
    if marks:
        session.execute(update(OutboxMail), marks)
        session.commit()
        marks.clear()


def _record_and_hand_back(session: Session, claim: str, marks: list[dict[str, object]], error: BaseException) -> None:
    session.rollback()
    try:
        _record(session, marks)
    finally:
        values: dict[str, object] = {"claimed_by": "", "claimed_until": None}
        if isinstance(error, MailServerDown):
            values["last_error"] = str(error)[:300]
        session.execute(
            update(OutboxMail)
            .where(OutboxMail.claimed_by == claim, OutboxMail.claimed_until.is_not(None))
            .values(**values)
        )
        session.commit()
