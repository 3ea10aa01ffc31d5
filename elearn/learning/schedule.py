"""When each lesson of a spaced course opens for a person.

A campaign sets the pace for its members until HR ends it; otherwise a course declared spaced in its metadata
counts from the day it was assigned, or follows its fixed dates. Self-paced courses outside a
campaign have no schedule: every module is open at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .. import clock
from ..content import Course, Module
from ..db import as_utc
from .models import Assignment, Campaign, CampaignMember
from .service import CourseStatus, Learner, required_modules

# Built once with bound parameters, as the learner pages' queries in learning.service are:
# every "Mina kurser" and module page asks these.
_CAMPAIGN_STARTS = (
    select(CampaignMember.course_id, CampaignMember.starts_on, Campaign.every_days)
    .join(Campaign, Campaign.id == CampaignMember.campaign_id)
    .where(
        CampaignMember.person_id == bindparam("person_id"),
        CampaignMember.course_id.in_(bindparam("course_ids", expanding=True)),
        Campaign.ended_at.is_(None),
    )
    .order_by(CampaignMember.starts_on, CampaignMember.id)  # the latest wins in plans_for
)
_ASSIGNED_AT = select(Assignment.course_id, Assignment.created_at).where(
    Assignment.person_id == bindparam("person_id"),
    Assignment.course_id.in_(bindparam("course_ids", expanding=True)),
)


@dataclass(frozen=True)
class Start:
    """Where a person's lessons count from, and at what pace."""

    on: date
    every_days: int
    fixed_dates: bool  # the course's own dates apply, not `on` and `every_days`


@dataclass(frozen=True)
class Lesson:
    module: Module
    opens_on: date

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today


def lessons(course: Course, modules: Sequence[Module], start: Start) -> list[Lesson]:
    """The opening date of each of `modules` (a person's required modules, in course order)."""
    if start.fixed_dates:
        dates = dict(zip((m.id for m in course.modules), course.delivery.dates, strict=True))
        return [Lesson(module, dates[module.id]) for module in modules]
    return [Lesson(module, start.on + timedelta(days=i * start.every_days)) for i, module in enumerate(modules)]


def start_from(
    course: Course,
    campaign_start: date | None,
    campaign_every: int | None,
    assigned_on: date | None,
    refresher_from: date | None = None,
) -> Start | None:
    """Where a person's lessons count from: their latest campaign, else the course's own
    delivery (its fixed dates, or every N days from the assignment, or from the day an expired
    completion brought the course back as a refresher); None: all open at once."""
    if campaign_start is not None and campaign_every is not None:
        return Start(campaign_start, campaign_every, fixed_dates=False)
    if not course.delivery.spaced:
        return None
    if course.delivery.dates:
        return Start(course.delivery.dates[0], course.delivery.every_days, fixed_dates=True)
    counts_from = max((d for d in (assigned_on, refresher_from) if d is not None), default=None)
    if counts_from is None:
        return None
    return Start(counts_from, course.delivery.every_days, fixed_dates=False)


def plan_for(session: Session, person: Learner, status: CourseStatus) -> list[Lesson] | None:
    """The person's lessons with their dates, or None when the course is open all at once."""
    return plans_for(session, person, [status])[status.course.id]


def plans_for(session: Session, person: Learner, statuses: Sequence[CourseStatus]) -> dict[str, list[Lesson] | None]:
    """`plan_for` for several courses in at most two queries."""
    courses = [status.course for status in statuses]
    refreshers = {status.course.id: status.refresher_from for status in statuses}
    ids = [course.id for course in courses]
    if not ids:
        return {}
    keys = {"person_id": person.id, "course_ids": ids}
    campaigns = {
        course_id: (starts_on, every_days)
        for course_id, starts_on, every_days in session.execute(_CAMPAIGN_STARTS, keys)
    }
    assigned: dict[str, date] = {}
    counts_from_assignment = [c for c in courses if c.delivery.spaced and not c.delivery.dates]
    if any(course.id not in campaigns for course in counts_from_assignment):
        assigned = {
            course_id: clock.local_date(as_utc(created_at))
            for course_id, created_at in session.execute(_ASSIGNED_AT, keys)
        }
    plans: dict[str, list[Lesson] | None] = {}
    for course in courses:
        start_on, every = campaigns.get(course.id, (None, None))
        start = start_from(course, start_on, every, assigned.get(course.id), refreshers[course.id])
        plans[course.id] = None if start is None else lessons(course, required_modules(course, person), start)
    return plans


def opens_later(plan: list[Lesson] | None, module: Module, passed: frozenset[str], today: date) -> date | None:
    """The date `module` opens, if that is after `today`; a module already passed stays open."""
    if plan is None or module.id in passed:
        return None
    lesson = next((lesson for lesson in plan if lesson.module.id == module.id), None)
    return lesson.opens_on if lesson is not None and not lesson.is_open(today) else None


def next_lesson(plan: list[Lesson] | None, passed: frozenset[str]) -> Lesson | None:
    if plan is None:
        return None
    return next((lesson for lesson in plan if lesson.module.id not in passed), None)
