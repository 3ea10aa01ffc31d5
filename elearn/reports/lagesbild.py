"""The yearly status report (lägesbild) to the municipal board: this year against the last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from .. import clock
from ..surveys.results import RoundResults, results_for_year
from .filters import Filters
from .retention import Retention, retention
from .service import (
    Coverage,
    MonthCount,
    Overview,
    TopicGaps,
    completions_by_month,
    coordinator_coverage,
    overview,
    topic_gaps,
)


@dataclass(frozen=True)
class Lagesbild:
    year: int
    as_of: datetime
    current: Overview
    previous: Overview
    coverage: list[Coverage]
    gaps: TopicGaps
    months: list[MonthCount]
    retention: Retention
    surveys: list[RoundResults]  # the competence-needs survey rounds that closed during the year

    def change(self, course_id: str) -> int | None:
        """Percentage points gained in completion since the end of the previous year."""
        before = self.previous.totals.get(course_id)
        now = self.current.totals.get(course_id)
        if before is None or now is None or not before.headcount or before.suppressed or now.suppressed:
            return None
        return now.completed_percent - before.completed_percent

    def group_change(self, group: int, course_id: str) -> int | None:
        before = {(r.group, r.course_id): r.counts for r in self.previous.rows}.get((group, course_id))
        now = {(r.group, r.course_id): r.counts for r in self.current.rows}.get((group, course_id))
        if before is None or now is None or not before.headcount or before.suppressed or now.suppressed:
            return None
        return now.completed_percent - before.completed_percent

    @property
    def departments_without_trained_coordinator(self) -> list[str]:
        return [c.department for c in self.coverage if c.flagged]


def build(
    session: Session, year: int, deep_course_id: str, minimum: int, now: datetime, retention_min_days: int = 14
) -> Lagesbild:
    as_of = min(clock.end_of_year(year), now)
    previous_end = clock.end_of_year(year - 1)
    start = clock.start_of_year(year)
    return Lagesbild(
        year=year,
        as_of=as_of,
        current=overview(session, Filters(as_of=as_of), minimum),
        previous=overview(session, Filters(as_of=previous_end), minimum),
        coverage=coordinator_coverage(session, deep_course_id, as_of),
        gaps=topic_gaps(session, Filters(as_of=as_of), minimum, since=start),
        months=completions_by_month(session, start, as_of),
        retention=retention(session, Filters(as_of=as_of), minimum, retention_min_days, since=start),
        surveys=results_for_year(session, year, minimum, clock.today(now)),
    )
