"""One table for every e-mail: queued, claimed by one sender at a time, sent or refused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class OutboxMail(db.Model):
    """One e-mail to a person. The body is rendered when the mail is queued and emptied once
    the mail is sent, so the links it carries are not kept in the database longer than needed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # lesson, repetition, reminder, department-summary, survey-reminder, invitation, password-reset
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # The address last tried: a refused mail is tried again once the person's address changes.
    to_address: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A sender owns the row until `claimed_until`; a sender that dies loses it when that passes.
    claimed_by: Mapped[str] = mapped_column(String(32), default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (Index("ix_outbox_mail_unsent", "sent_at", "id"),)
