"""Retention: how often a topic's questions were right the first time, and how often when they
came back after at least N days, per group, from the repeat answers alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .. import suppression
from ..learning.models import RepeatAnswer
from ..people.models import Person
from ..percent import percent
from .filters import ELECTED_GROUP, NO_DEPARTMENT, Filters
from .service import group_names, group_of_person, narrow_answers


@dataclass(frozen=True)
class RetentionCell:
    people: int
    answers: int
    first_right: int
    repeat_right: int
    suppressed: bool

    def _percent(self, right: int) -> int | None:
        return None if self.suppressed or not self.answers else percent(right, self.answers)

    @property
    def first_percent(self) -> int | None:
        return self._percent(self.first_right)

    @property
    def repeat_percent(self) -> int | None:
        return self._percent(self.repeat_right)

    @property
    def change(self) -> int | None:
        """Percentage points kept (0) or lost (negative) between the first answer and the repeat."""
        if self.first_percent is None or self.repeat_percent is None:
            return None
        return self.repeat_percent - self.first_percent


@dataclass
class Retention:
    min_days: int
    topics: list[str]
    groups: list[tuple[int, str]]
    cells: dict[tuple[int, str], RetentionCell]
    totals: dict[str, RetentionCell]


def retention(
    session: Session, filters: Filters, minimum: int, min_days: int, since: datetime | None = None
) -> Retention:
    """Groups with fewer than `minimum` people are suppressed (`suppression.by_topic`), as in
    the topic map."""
    base = (
        select()
        .select_from(RepeatAnswer)
        .join(Person, Person.id == RepeatAnswer.person_id)
        .where(
            Person.active.is_(True),
            RepeatAnswer.days_after_first >= min_days,
            RepeatAnswer.answered_at <= filters.as_of,
        )
    )
    base = narrow_answers(base, filters, RepeatAnswer.course_id, RepeatAnswer.answered_at, since)
    figures = (
        func.count(func.distinct(RepeatAnswer.person_id)),
        func.count(),
        func.sum(case((RepeatAnswer.first_correct.is_(True), 1), else_=0)),
        func.sum(case((RepeatAnswer.correct.is_(True), 1), else_=0)),
    )
    group = group_of_person().label("grp")
    by_group = base.add_columns(group, RepeatAnswer.topic, *figures).group_by(group, RepeatAnswer.topic)
    overall = base.add_columns(RepeatAnswer.topic, *figures).group_by(RepeatAnswer.topic)
    cells = {
        (grp, topic): RetentionCell(people, answers, first or 0, repeat or 0, False)
        for grp, topic, people, answers, first, repeat in session.execute(by_group)
    }
    totals = {
        topic: RetentionCell(people, answers, first or 0, repeat or 0, False)
        for topic, people, answers, first, repeat in session.execute(overall)
    }
    cells, totals = suppression.by_topic(cells, totals, minimum)
    names = group_names(session)
    groups = sorted({g for g, _ in cells}, key=lambda g: (g == ELECTED_GROUP, g == NO_DEPARTMENT, names.get(g, "")))
    return Retention(min_days, sorted(totals), [(g, names.get(g, "?")) for g in groups], cells, totals)
