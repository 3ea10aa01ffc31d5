"""Survey rounds, who has answered, and the answers, kept apart so that no query joins them.

`SurveyParticipation` says that a person has answered a round, nothing more. The answers hang off
`SurveyResponse`, whose key is a keyed hash of round and person (see `service.response_key`): the
respondent's own request can find its row again to edit it, but the table holds no person id,
no timestamp and no sequence number that could be matched with a participation row."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class SurveyRound(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date, index=True)  # the last day answers are taken
    # Who is asked: every listed kind must match, and the department too when any are listed.
    audience_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience_departments: Mapped[list[int]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    help_options: Mapped[list[str]] = mapped_column(JSON, default=list)
    free_text_question: Mapped[str] = mapped_column(String(300))
    # The audience's size once the round has closed, so a later change of staff or council does
    # not change an old round's response rate.
    audience_size: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The creating form's one-time token (form_checks.py): a second identical post finds this row.
    form_token: Mapped[str | None] = mapped_column(String(32), unique=True)

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def is_closed(self, today: date) -> bool:
        return today > self.closes_on


class SurveyParticipation(db.Model):
    """That a person has answered a round: what HR may see, for reminders."""

    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SurveyResponse(db.Model):
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), index=True)
    free_text: Mapped[str] = mapped_column(Text, default="")


class SurveyRating(db.Model):
    """Self-assessed knowledge of one topic, 1 (very little) to 5 (very good)."""

    response_key: Mapped[str] = mapped_column(ForeignKey("survey_response.key", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(60), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)


class SurveyChoice(db.Model):
    """One option ticked under "what would help you most"."""

    response_key: Mapped[str] = mapped_column(ForeignKey("survey_response.key", ondelete="CASCADE"), primary_key=True)
    option: Mapped[str] = mapped_column(String(200), primary_key=True)


class SurveyReminder(db.Model):
    """The day a person was last reminded of a round: at most one reminder a day."""

    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    sent_on: Mapped[date] = mapped_column(Date)
