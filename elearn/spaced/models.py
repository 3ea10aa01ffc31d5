"""The e-mails owed to each person: lessons and repetitions. Campaigns themselves, the pace
the schedule reads, are `learning.models.Campaign`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class LessonDelivery(db.Model):
    """One e-mail owed to a person: a lesson (module) or a repetition. The row is written before
    the mail is sent and marked after, so a crashed or failed run is picked up by the next."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))  # lesson | repetition
    module_id: Mapped[str] = mapped_column(String(80), default="")  # empty for a repetition
    due_on: Mapped[date] = mapped_column(Date)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("person_id", "course_id", "kind", "module_id", "due_on"),
        Index("ix_lesson_delivery_unsent", "sent_at"),
    )
