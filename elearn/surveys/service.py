"""Survey rounds: opening them, who is asked, and answering them."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock
from ..content import Library
from ..errors import DomainError
from ..people import audience
from ..people.models import Department, Person
from .models import SurveyChoice, SurveyParticipation, SurveyRating, SurveyResponse, SurveyRound

SCORES = (1, 2, 3, 4, 5)
FREE_TEXT_MAX = 2000
# Stored with each round as the respondents will read them; HR edits them per round.
DEFAULT_HELP_OPTIONS = (
    "En kort utbildning på nätet",
    "En genomgång vid ett sammanträde i nämnden eller fullmäktige",
    "Skriftligt underlag att läsa i lugn och ro",
    "Ett samtal med säkerhetssamordnaren eller samordnaren mot våldsbejakande extremism",
    "Stöd om jag själv utsätts för hot eller hat",
    "Kommunens lägesbild och hur arbetet går",
)
DEFAULT_FREE_TEXT_QUESTION = "Finns det något mer du skulle behöva veta, eller något annat du vill säga?"


class SurveyError(DomainError):
    """A survey round or answer that cannot be saved as entered."""


@dataclass(frozen=True)
class Questions:
    topics: list[str]
    help_options: list[str]
    free_text_question: str


@dataclass
class Answers:
    ratings: dict[str, int] = field(default_factory=dict)  # topic -> 1..5; a skipped topic is absent
    choices: list[str] = field(default_factory=list)
    free_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.ratings or self.choices or self.free_text)


@dataclass(frozen=True)
class Invitation:
    """An open round shown on a respondent's "Mina kurser"."""

    round: SurveyRound
    answered: bool


@dataclass(frozen=True)
class RespondentStatus:
    name: str
    department: str | None
    answered: bool
    has_account: bool


# Rounds ---------------------------------------------------------------------------------------


def list_rounds(session: Session) -> list[SurveyRound]:
    return list(session.scalars(select(SurveyRound).order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc())))


def latest_round(session: Session) -> SurveyRound | None:
    return session.scalar(select(SurveyRound).order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc()).limit(1))


def questions_for_new_round(session: Session, library: Library) -> tuple[Questions, SurveyRound | None]:
    """The latest round's questions, so that the next round can be compared with it; the
    defaults (every topic in the course library) when there is none."""
    previous = latest_round(session)
    if previous is not None:
        topics = [t for t in previous.topics if t in library.topics]
        return Questions(topics, list(previous.help_options), previous.free_text_question), previous
    return Questions(list(library.topics), list(DEFAULT_HELP_OPTIONS), DEFAULT_FREE_TEXT_QUESTION), None


def save_round(
    session: Session,
    survey: SurveyRound,
    name: str,
    opens_on: date,
    closes_on: date,
    kinds: Sequence[str],
    departments: Sequence[int],
    questions: Questions | None,
    today: date,
) -> SurveyRound:
    """Store a new or edited round. Questions cannot change once someone has answered, and a
    closed round cannot change at all: its results are final."""
    if survey.id is not None and survey.is_closed(today):
        raise SurveyError(_l("Omgången har stängt och kan inte ändras."))
    if closes_on < opens_on:
        raise SurveyError(_l("Sista svarsdagen kan inte vara före första dagen."))
    if closes_on < today:
        raise SurveyError(_l("Sista svarsdagen har redan varit."))
    if not kinds:
        raise SurveyError(_l("Välj minst en typ av person."))
    survey.name = name.strip()
    survey.opens_on = opens_on
    survey.closes_on = closes_on
    survey.audience_kinds = sorted(set(kinds))
    survey.audience_departments = sorted(set(departments))
    if questions is not None:
        if survey.id is not None and has_answers(session, survey):
            raise SurveyError(_l("Frågorna kan inte ändras när någon redan har svarat."))
        if not questions.topics:
            raise SurveyError(_l("Välj minst ett ämne."))
        survey.topics = list(questions.topics)
        survey.help_options = list(questions.help_options)
        survey.free_text_question = questions.free_text_question.strip()
    session.add(survey)
    session.commit()
    return survey


def has_answers(session: Session, survey: SurveyRound) -> bool:
    return bool(session.scalar(select(exists().where(SurveyParticipation.round_id == survey.id))))


def delete_round(session: Session, survey: SurveyRound) -> bool:
    """Remove a round nobody has answered (one opened by mistake); answered rounds are kept,
    since their results are part of the municipality's record. True if it was removed."""
    if has_answers(session, survey):
        return False
    session.delete(survey)
    session.commit()
    return True


def previous_round(session: Session, survey: SurveyRound) -> SurveyRound | None:
    """The latest round for the same audience that closed before this one opened."""
    earlier = session.scalars(
        select(SurveyRound)
        .where(SurveyRound.closes_on < survey.opens_on, SurveyRound.id != survey.id)
        .order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc())
    )
    audience = (sorted(survey.audience_kinds), sorted(survey.audience_departments))
    return next((r for r in earlier if (sorted(r.audience_kinds), sorted(r.audience_departments)) == audience), None)


def rounds_closed_in(session: Session, year: int, today: date) -> list[SurveyRound]:
    return list(
        session.scalars(
            select(SurveyRound)
            .where(
                SurveyRound.closes_on >= date(year, 1, 1),
                SurveyRound.closes_on <= date(year, 12, 31),
                SurveyRound.closes_on < today,
            )
            .order_by(SurveyRound.closes_on, SurveyRound.id)
        )
    )


# Audience -------------------------------------------------------------------------------------


def audience_condition(survey: SurveyRound) -> ColumnElement[bool]:
    """Active people of the round's kinds (a round always has some), and of its departments
    when any are listed."""
    return audience.audience_condition(survey.audience_kinds, survey.audience_departments)


def in_audience(survey: SurveyRound, person: Person) -> bool:
    return audience.in_audience(person, survey.audience_kinds, survey.audience_departments)


def _answered(survey: SurveyRound) -> ColumnElement[bool]:
    return exists().where(SurveyParticipation.round_id == survey.id, SurveyParticipation.person_id == Person.id)


def audience_size(session: Session, survey: SurveyRound) -> int:
    """Everyone asked: the audience as it was when the round closed, or as it is now while the
    round runs (one query then; rounds not yet frozen are the few current ones). Someone who
    answered and has since left still counts."""
    if survey.audience_size is not None:
        return survey.audience_size
    query = select(func.count()).select_from(Person).where(or_(audience_condition(survey), _answered(survey)))
    return session.scalar(query) or 0


def respondent_count(session: Session, survey: SurveyRound) -> int:
    query = select(func.count()).select_from(SurveyParticipation).where(SurveyParticipation.round_id == survey.id)
    return session.scalar(query) or 0


def respondent_counts(session: Session) -> dict[int, int]:
    """How many have answered, per round."""
    query = select(SurveyParticipation.round_id, func.count()).group_by(SurveyParticipation.round_id)
    return {round_id: count for round_id, count in session.execute(query)}


def freeze_closed_rounds(session: Session, today: date) -> int:
    """Record the audience's size of every round that has closed since this last ran."""
    rounds = session.scalars(
        select(SurveyRound).where(SurveyRound.closes_on < today, SurveyRound.audience_size.is_(None))
    ).all()
    for survey in rounds:
        survey.audience_size = audience_size(session, survey)
    if rounds:
        session.commit()
    return len(rounds)


def respondent_statuses(session: Session, survey: SurveyRound) -> list[RespondentStatus]:
    """Who has answered and who has not, for reminders; never what anyone answered."""
    answered = _answered(survey)
    rows = session.execute(
        select(Person.name, Department.name, answered.label("answered"), Person.password_hash.is_not(None))
        .outerjoin(Department, Department.id == Person.department_id)
        .where(or_(audience_condition(survey), answered))
        .order_by(answered, Person.name, Person.id)
    )
    return [RespondentStatus(name, department, bool(done), bool(account)) for name, department, done, account in rows]


def invitations_for(session: Session, person: Person, today: date) -> list[Invitation]:
    """The open rounds this person is asked to answer, and whether they have."""
    rounds = [
        survey
        for survey in session.scalars(
            select(SurveyRound)
            .where(SurveyRound.opens_on <= today, SurveyRound.closes_on >= today)
            .order_by(SurveyRound.closes_on, SurveyRound.id)
        )
        if in_audience(survey, person)
    ]
    if not rounds:
        return []
    done = set(
        session.scalars(
            select(SurveyParticipation.round_id).where(
                SurveyParticipation.person_id == person.id,
                SurveyParticipation.round_id.in_([r.id for r in rounds]),
            )
        )
    )
    return [Invitation(survey, survey.id in done) for survey in rounds]


# Answers --------------------------------------------------------------------------------------


def response_key(secret: str, round_id: int, person_id: int) -> str:
    """The answer row's key. Only someone holding the app's secret and a person's id can find
    that person's row, so the database alone does not link answers to people."""
    message = f"survey-response:{round_id}:{person_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def my_answers(session: Session, survey: SurveyRound, person: Person, secret: str) -> Answers | None:
    """The respondent's own answers, for them to change; nobody else's request can ask for them."""
    key = response_key(secret, survey.id, person.id)
    response = session.get(SurveyResponse, key)
    if response is None:
        return None
    rows = session.execute(select(SurveyRating.topic, SurveyRating.score).where(SurveyRating.response_key == key))
    ratings = {topic: score for topic, score in rows}
    choices = set(session.scalars(select(SurveyChoice.option).where(SurveyChoice.response_key == key)))
    return Answers(ratings, [o for o in survey.help_options if o in choices], response.free_text)


def check_answers(survey: SurveyRound, answers: Answers) -> None:
    if answers.is_empty:
        raise SurveyError(_l("Svara på minst en fråga."))
    if any(topic not in survey.topics or score not in SCORES for topic, score in answers.ratings.items()):
        raise SurveyError(_l("Ett av svaren är inte ett av alternativen. Försök igen."))
    if any(choice not in survey.help_options for choice in answers.choices):
        raise SurveyError(_l("Ett av svaren är inte ett av alternativen. Försök igen."))
    if len(answers.free_text) > FREE_TEXT_MAX:
        raise SurveyError(_l("Fritextsvaret får vara högst %(count)s tecken.", count=FREE_TEXT_MAX))


def save_answers(
    session: Session, survey: SurveyRound, person: Person, answers: Answers, secret: str, now: datetime
) -> None:
    """Store or replace a respondent's answers while the round is open."""
    today = clock.today(now)
    if not in_audience(survey, person) or survey.opens_on > today:
        raise SurveyError(_l("Den här enkäten är inte riktad till dig."))
    if survey.is_closed(today):
        raise SurveyError(
            _l("Enkäten stängde %(date)s. Dina svar har inte sparats.", date=survey.closes_on.isoformat())
        )
    check_answers(survey, answers)
    try:
        _store(session, survey, person, answers, secret, now)
    except IntegrityError:
        # The same person submitted twice at once: the first one's rows exist now, so replace them.
        session.rollback()
        _store(session, survey, person, answers, secret, now)


def _store(session: Session, survey: SurveyRound, person: Person, answers: Answers, secret: str, now: datetime) -> None:
    key = response_key(secret, survey.id, person.id)
    response = session.get(SurveyResponse, key)
    participated = session.get(SurveyParticipation, (survey.id, person.id)) is not None
    if response is None and participated:
        # Answered under an earlier secret key: that row can no longer be found, and a second one
        # would count this person twice.
        raise SurveyError(_l("Dina svar är sparade men kan inte längre ändras."))
    if response is None:
        response = SurveyResponse(key=key, round_id=survey.id)
        session.add(response)
    response.free_text = answers.free_text
    session.execute(delete(SurveyRating).where(SurveyRating.response_key == key))
    session.execute(delete(SurveyChoice).where(SurveyChoice.response_key == key))
    session.flush()
    session.add_all(SurveyRating(response_key=key, topic=t, score=s) for t, s in answers.ratings.items())
    session.add_all(SurveyChoice(response_key=key, option=o) for o in answers.choices)
    if not participated:
        session.add(SurveyParticipation(round_id=survey.id, person_id=person.id, answered_at=now))
    session.commit()
