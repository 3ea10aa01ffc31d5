"""What a person must take, what they answered and completed, the pace their lessons follow,
the earlier questions they answered again and their private reflections."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class Assignment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="rule")  # rule | manual
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("person_id", "course_id"),)


class ModuleAttempt(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60))
    module_id: Mapped[str] = mapped_column(String(80))
    module_version: Mapped[str] = mapped_column(String(20))
    # A random id carried by the form, so a double submit is recognised and stored once.
    submission_id: Mapped[str] = mapped_column(String(40))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    score: Mapped[int] = mapped_column()
    passed: Mapped[bool] = mapped_column(Boolean)
    # 1 for the first try at a module: the competence-gap map counts first tries only.
    attempt_number: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("person_id", "submission_id"),
        Index("ix_module_attempt_person_course", "person_id", "course_id"),
    )


class QuestionResult(db.Model):
    """One row per answered question and topic, so topic figures are a GROUP BY away."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("module_attempt.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(String(60))
    question_id: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(60))
    correct: Mapped[bool] = mapped_column(Boolean)
    first_attempt: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_question_result_topic_first", "topic", "first_attempt"),)


class QuizDraft(db.Model):
    """Answers chosen but not yet submitted, saved as the learner goes."""

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    course_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CourseCompletion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60))
    course_version: Mapped[str] = mapped_column(String(20))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    certificate_code: Mapped[str] = mapped_column(String(20), unique=True)

    __table_args__ = (
        Index("ix_course_completion_person_course", "person_id", "course_id"),
        Index("ix_course_completion_completed_at", "completed_at"),
    )


class Reminder(db.Model):
    """When a reminder of a kind last went to a person, so cron runs never repeat one too soon."""

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)  # due | department-summary
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseReminder(db.Model):
    """Each course reminder that went to a person, so HR can see who was reminded of what and
    when (`Reminder` keeps only the latest of a kind, for the once-per-interval rule)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(String(60))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_course_reminder_person_course", "person_id", "course_id"),)


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


from . import history as _history  # noqa: E402, F401  the history table and its events follow assignments
