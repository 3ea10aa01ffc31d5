"""The e-mails owed to each person: lessons and repetitions, each with its outbox row once
queued. Campaigns themselves, the pace the schedule reads, are `learning.models.Campaign`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from ..outbox.models import OutboxMail


class LessonDelivery(db.Model):
    """One e-mail owed to a person: a lesson (module) or a repetition. Planning writes the row
    and queues its mail in the outbox (`mail`) in one transaction; the outbox row says whether
    and when it was sent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))  # lesson | repetition
    module_id: Mapped[str] = mapped_column(String(80), default="")  # empty for a repetition
    due_on: Mapped[date] = mapped_column(Date)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True)
    # Empty until queued: a lesson whose course left `courses/` has nothing to link to.
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mail.id"), index=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mail: Mapped[OutboxMail | None] = relationship()

    __table_args__ = (UniqueConstraint("person_id", "course_id", "kind", "module_id", "due_on"),)
