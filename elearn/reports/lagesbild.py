"""The yearly status report (lägesbild) to the municipal board: this year against the last."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from .. import clock
from ..surveys.results import RoundResults, results_for_year
from .as_of import Change, CoverageAt, changes, coverage_as_of, overview_as_of, people_as_of
from .filters import Filters
from .retention import Retention, retention
from .service import MonthCount, Overview, TopicGaps, completions_by_month, topic_gaps


@dataclass(frozen=True)
class Lagesbild:
    year: int
    as_of: datetime
    made_at: datetime
    deep_course_id: str
    minimum: int  # SUPPRESSION_MINIMUM: a figure about fewer people is not shown
    current: Overview
    previous: Overview
    changes: dict[str, Change]  # per course: why the completed count moved since last year
    coverage: list[CoverageAt]
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

    def monthly_completions(self) -> dict[str, MonthlyLine]:
        """Per course completed during the year: every month up to the report's moment with the
        completions in it, the empty months too, so that a line over them skips none."""
        last = clock.local_date(self.as_of).month
        by_course: dict[str, dict[int, int]] = {}
        for count in self.months:
            by_course.setdefault(count.course_id, {})[count.month] = count.completions
        lines = {}
        for course_id, by_month in by_course.items():
            points = [(f"{self.year}-{month:02d}", by_month.get(month, 0)) for month in range(1, last + 1)]
            lines[course_id] = MonthlyLine(points, scale_top(max(by_month.values())))
        return lines


@dataclass(frozen=True)
class MonthlyLine:
    points: list[tuple[str, int]]  # (year-month, completions)
    top: int  # the top of the chart's scale


def scale_top(largest: int) -> int:
    """The smallest of 2, 4, 10, 20, 40, 100, … that is at least `largest`: a chart's scale whose
    middle line is a whole number too."""
    power = 1
    while True:
        for step in (2, 4, 10):
            if step * power >= largest:
                return step * power
        power *= 10


def build(
    session: Session, year: int, deep_course_id: str, minimum: int, now: datetime, retention_min_days: int = 14
) -> Lagesbild:
    """Both year ends are counted from the history, so the figures of a year that is over read
    the same whatever happens to the organisation later."""
    as_of = min(clock.end_of_year(year), now)
    previous_end = clock.end_of_year(year - 1)
    start = clock.start_of_year(year)
    people_then = people_as_of(as_of)
    return Lagesbild(
        year=year,
        as_of=as_of,
        made_at=now,
        deep_course_id=deep_course_id,
        minimum=minimum,
        current=overview_as_of(session, Filters(as_of=as_of), minimum, deep_course_id),
        previous=overview_as_of(session, Filters(as_of=previous_end), minimum, deep_course_id),
        changes=changes(session, previous_end, as_of, deep_course_id),
        coverage=coverage_as_of(session, deep_course_id, as_of),
        gaps=topic_gaps(session, Filters(as_of=as_of), minimum, since=start, person=people_then),
        months=completions_by_month(session, start, as_of),
        retention=retention(
            session, Filters(as_of=as_of), minimum, retention_min_days, since=start, person=people_then
        ),
        surveys=results_for_year(session, year, minimum, clock.today(now)),
    )


def figures(report: Lagesbild) -> dict[str, Any]:
    """The figures a board reads, as plain data: what an adoption stores beside the PDF."""

    def counts(c) -> dict[str, int]:
        return {
            name: getattr(c, name)
            for name in ("headcount", "completed", "expired", "in_progress", "not_started", "overdue")
        }

    return {
        "year": report.year,
        "as_of": report.as_of.isoformat(),
        "courses": {
            course_id: {
                "total": counts(total),
                "previous": counts(report.previous.totals[course_id]) if course_id in report.previous.totals else None,
                "change": asdict(report.changes[course_id]) if course_id in report.changes else None,
                "groups": [
                    {"group": row.group, "name": row.group_name, **counts(row.counts)}
                    for row in report.current.rows_for(course_id)
                ],
            }
            for course_id, total in report.current.totals.items()
        },
        "coverage": [
            {"department": c.department, "coordinators": c.coordinators, "trained": c.trained, "reason": c.reason}
            for c in report.coverage
        ],
    }
