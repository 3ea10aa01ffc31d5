"""A closed round's results: only counts over everyone who answered, with small groups suppressed.

Nothing here reads who answered what: the figures come from the answer tables alone, which hold
no person id (see models.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..percent import percent
from ..suppression import too_few
from .models import SurveyChoice, SurveyRating, SurveyResponse, SurveyRound
from .service import SCORES, audience_size, previous_round, respondent_count, rounds_closed_in

TENTH = Decimal("0.1")


def one_decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TopicResult:
    topic: str
    counts: tuple[int, ...]  # how many answered 1, 2, 3, 4 and 5
    minimum: int
    previous_mean: Decimal | None = None

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def suppressed(self) -> bool:
        return too_few(self.answers, self.minimum)

    @property
    def mean(self) -> Decimal | None:
        if self.suppressed:
            return None
        return one_decimal(Fraction(sum(s * c for s, c in zip(SCORES, self.counts, strict=True)), self.answers))

    @property
    def shares(self) -> tuple[int, ...]:
        """Percent of this topic's answers per score."""
        return tuple(percent(c, self.answers) for c in self.counts) if self.answers else ()

    @property
    def low(self) -> int:
        """How many rated their knowledge 1 or 2."""
        return self.counts[0] + self.counts[1]

    @property
    def change(self) -> Decimal | None:
        """Change in mean since the previous round, as the two rounded means show it."""
        mean = self.mean
        return None if mean is None or self.previous_mean is None else mean - self.previous_mean


@dataclass(frozen=True)
class OptionResult:
    option: str
    count: int
    respondents: int

    @property
    def percent(self) -> int | None:
        return percent(self.count, self.respondents)


@dataclass(frozen=True)
class RoundResults:
    round: SurveyRound
    respondents: int
    audience: int
    minimum: int
    topics: list[TopicResult]  # the greatest need first; suppressed topics last
    options: list[OptionResult]  # the most chosen first
    free_texts: list[str]
    previous: SurveyRound | None = None
    previous_rate: int | None = None

    @property
    def suppressed(self) -> bool:
        return too_few(self.respondents, self.minimum)

    @property
    def response_rate(self) -> int | None:
        return percent(self.respondents, self.audience)

    @property
    def response_rate_change(self) -> int | None:
        rate = self.response_rate
        return None if self.previous_rate is None or rate is None else rate - self.previous_rate

    def greatest_needs(self, count: int = 3) -> list[TopicResult]:
        return [t for t in self.topics if not t.suppressed][:count]


def _rating_counts(session: Session, round_ids: list[int]) -> dict[tuple[int, str], list[int]]:
    query = (
        select(SurveyResponse.round_id, SurveyRating.topic, SurveyRating.score, func.count())
        .join(SurveyResponse, SurveyResponse.key == SurveyRating.response_key)
        .where(SurveyResponse.round_id.in_(round_ids))
        .group_by(SurveyResponse.round_id, SurveyRating.topic, SurveyRating.score)
    )
    counts: dict[tuple[int, str], list[int]] = {}
    for round_id, topic, score, count in session.execute(query):
        counts.setdefault((round_id, topic), [0] * len(SCORES))[score - 1] = count
    return counts


def _option_counts(session: Session, round_id: int) -> dict[str, int]:
    query = (
        select(SurveyChoice.option, func.count())
        .join(SurveyResponse, SurveyResponse.key == SurveyChoice.response_key)
        .where(SurveyResponse.round_id == round_id)
        .group_by(SurveyChoice.option)
    )
    return dict(session.execute(query).all())


def _free_texts(session: Session, round_id: int) -> list[str]:
    """Sorted alphabetically: an order that says nothing about who wrote what or when."""
    texts = session.scalars(
        select(SurveyResponse.free_text).where(SurveyResponse.round_id == round_id, SurveyResponse.free_text != "")
    )
    return sorted((t.strip() for t in texts if t.strip()), key=str.casefold)


def _need_order(result: TopicResult, position: int) -> tuple:
    if result.suppressed:
        return (1, 0, 0, position)
    return (0, result.mean, -(percent(result.low, result.answers) or 0), position)


def round_results(session: Session, survey: SurveyRound, minimum: int) -> RoundResults:
    previous = previous_round(session, survey)
    counts = _rating_counts(session, [survey.id] + ([previous.id] if previous else []))
    topics = []
    for topic in survey.topics:
        before = (
            TopicResult(topic, tuple(counts[(previous.id, topic)]), minimum).mean
            if previous and (previous.id, topic) in counts
            else None
        )
        topics.append(TopicResult(topic, tuple(counts.get((survey.id, topic), [0] * len(SCORES))), minimum, before))
    position = {topic: index for index, topic in enumerate(survey.topics)}
    topics.sort(key=lambda t: _need_order(t, position[t.topic]))
    respondents = respondent_count(session, survey)
    suppressed = too_few(respondents, minimum)
    chosen = {} if suppressed else _option_counts(session, survey.id)
    options = sorted(
        (OptionResult(option, chosen.get(option, 0), respondents) for option in survey.help_options),
        key=lambda o: -o.count,
    )
    previous_rate = None
    if previous is not None:
        previous_audience = audience_size(session, previous)
        if previous_audience:
            previous_rate = percent(respondent_count(session, previous), previous_audience)
    return RoundResults(
        round=survey,
        respondents=respondents,
        audience=audience_size(session, survey),
        minimum=minimum,
        topics=topics,
        options=options,
        free_texts=[] if suppressed else _free_texts(session, survey.id),
        previous=previous,
        previous_rate=previous_rate,
    )


def results_for_year(session: Session, year: int, minimum: int, today: date) -> list[RoundResults]:
    """Every round that closed in `year`, for the yearly lägesbild."""
    return [round_results(session, survey, minimum) for survey in rounds_closed_in(session, year, today)]
