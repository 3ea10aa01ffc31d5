"""What a report is about: which course, which kind of person, at which moment, and for a
coordinator, which department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock

ELECTED_GROUP = -1  # elected officials are reported as their own group, whatever their department
NO_DEPARTMENT = 0


@dataclass(frozen=True)
class Filters:
    as_of: datetime
    course_id: str | None = None
    kind: str | None = None
    group: int | None = None  # a department id, ELECTED_GROUP, or None for everyone

    @property
    def as_of_date(self) -> date:
        return clock.local_date(self.as_of)
