"""One row per access to or change of personal data, kept as long as the person it is about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from ..people.models import Person


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    # Who did it: empty for a command-line job or a visitor who is not signed in. Kept when the
    # actor's own records are disposed of, as "unknown", since the trace is about someone else.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    # Whose data: the rows go with the person when their records are disposed of (people dispose).
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    detail: Mapped[str] = mapped_column(String(500), default="")

    # Set instead of subject_id for a person not yet written (an id comes with the flush).
    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_id])
