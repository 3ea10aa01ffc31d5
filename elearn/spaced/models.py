"""Campaigns, the lessons sent to each person, repeated questions and private reflections."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class Campaign(db.Model):
    """HR sends a course to an audience as lessons, starting on a date at a steady pace."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    course_id: Mapped[str] = mapped_column(String(60))
    start_on: Mapped[date] = mapped_column(Date)
    every_days: Mapped[int] = mapped_column()
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    department_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Ended by HR: no more lessons are mailed and its members' courses open as without it.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The creating form's one-time token (form_checks.py): a second identical post finds this row.
    form_token: Mapped[str | None] = mapped_column(String(32), unique=True)


class CampaignMember(db.Model):
    """A person's place in a campaign; their lessons count from `starts_on`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("campaign_id", "person_id"),
        Index("ix_campaign_member_person_course", "person_id", "course_id"),
    )


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


class RepeatAnswer(db.Model):
    """An earlier question answered again, one row per topic, beside the first answer's result,
    so retention is one GROUP BY over this table alone."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(String(60))
    question_id: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(60), index=True)
    correct: Mapped[bool] = mapped_column(Boolean)
    first_correct: Mapped[bool] = mapped_column(Boolean)
    days_after_first: Mapped[int] = mapped_column()
    # The random id of the form that carried it, so a double submit is stored once.
    submission_id: Mapped[str] = mapped_column(String(40))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("person_id", "submission_id", "question_id", "topic"),)


class Reflection(db.Model):
    """A learner's private answer to a module's reflection prompt: in no report or export."""

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    course_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
