"""Reminding those who have not answered an open round: at most once a day each, by e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, not_, select
from sqlalchemy.orm import Session

from .. import clock
from ..absolute_url import absolute_url
from ..mail import send_mail
from ..people.models import Person
from .models import SurveyParticipation, SurveyReminder, SurveyRound
from .service import audience_condition


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    without_account: int  # cannot sign in yet, so they need an invitation rather than a reminder


def _not_answered(survey: SurveyRound):
    answered = exists().where(SurveyParticipation.round_id == survey.id, SurveyParticipation.person_id == Person.id)
    return and_(audience_condition(survey), not_(answered))


def send_round_reminders(session: Session, survey: SurveyRound, now: datetime) -> ReminderRun:
    today = clock.today(now)
    if not survey.is_open(today):
        return ReminderRun(0, 0)
    reminded_today = exists().where(
        SurveyReminder.round_id == survey.id, SurveyReminder.person_id == Person.id, SurveyReminder.sent_on == today
    )
    people = session.scalars(
        select(Person)
        .where(_not_answered(survey), Person.password_hash.is_not(None), not_(reminded_today))
        .order_by(Person.id)
    ).all()
    link = absolute_url("surveys.answer", round_id=survey.id)
    for person in people:
        with force_locale(person.locale or "sv"):
            send_mail(
                person.email,
                _("Påminnelse: %(name)s", name=survey.name),
                _(
                    "Hej %(name)s!\n\nDu har inte svarat på enkäten om vilken kunskap du behöver om "
                    "våldsbejakande extremism. Den tar ett par minuter och går bra att svara på i telefonen. "
                    "Svaren redovisas bara sammanställda, aldrig per person.\n\nSvara senast %(date)s: %(link)s",
                    name=person.name,
                    date=survey.closes_on.isoformat(),
                    link=link,
                ),
            )
        _mark(session, survey, person, today)
    without_account = session.scalar(
        select(func.count()).select_from(Person).where(_not_answered(survey), Person.password_hash.is_(None))
    )
    return ReminderRun(len(people), without_account or 0)


def _mark(session: Session, survey: SurveyRound, person: Person, today) -> None:
    # Committed one by one, so a run cut short never reminds anyone twice the same day.
    reminder = session.get(SurveyReminder, (survey.id, person.id))
    if reminder is None:
        session.add(SurveyReminder(round_id=survey.id, person_id=person.id, sent_on=today))
    else:
        reminder.sent_on = today
    session.commit()


def send_all_reminders(session: Session, now: datetime) -> int:
    today = clock.today(now)
    rounds = session.scalars(
        select(SurveyRound).where(SurveyRound.opens_on <= today, SurveyRound.closes_on >= today)
    ).all()
    return sum(send_round_reminders(session, survey, now).sent for survey in rounds)
