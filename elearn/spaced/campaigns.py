"""Campaigns: HR sends a course to an audience as lessons over weeks, and follows it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, delete, func, insert, select
from sqlalchemy.orm import Session

from .. import clock
from ..content import Course, Module
from ..learning.models import Assignment, Campaign, CampaignMember, CourseCompletion, ModuleAttempt
from ..learning.schedule import Lesson, Start, lessons
from ..people.audience import audience_condition
from ..people.models import Department, Person
from ..percent import percent
from ..suppression import hide
from .models import LessonDelivery


@dataclass(frozen=True)
class CampaignPlan:
    name: str
    course: Course
    kinds: tuple[str, ...]  # empty: every kind
    department_ids: tuple[int, ...]  # empty: every department
    start_on: date
    every_days: int

    def schedule(self) -> list[Lesson]:
        return lessons(self.course, self.course.modules, Start(self.start_on, self.every_days, fixed_dates=False))


def _audience(plan: CampaignPlan) -> Select:
    return select(Person.id).where(audience_condition(plan.kinds, plan.department_ids))


def recipient_count(session: Session, plan: CampaignPlan) -> int:
    return session.scalar(select(func.count()).select_from(_audience(plan).subquery())) or 0


def start_campaign(session: Session, plan: CampaignPlan, created_by: int, now: datetime) -> Campaign:
    """Create the campaign, its members and any missing assignment, in one transaction."""
    campaign = Campaign(
        name=plan.name,
        course_id=plan.course.id,
        start_on=plan.start_on,
        every_days=plan.every_days,
        kinds=list(plan.kinds),
        department_ids=list(plan.department_ids),
        created_by_id=created_by,
        created_at=now,
    )
    session.add(campaign)
    session.flush()
    people = list(session.scalars(_audience(plan)))
    if people:
        session.execute(
            insert(CampaignMember),
            [
                {"campaign_id": campaign.id, "person_id": p, "course_id": plan.course.id, "starts_on": plan.start_on}
                for p in people
            ],
        )
        assigned = set(
            session.scalars(
                select(Assignment.person_id).where(
                    Assignment.course_id == plan.course.id, Assignment.person_id.in_(_audience(plan))
                )
            )
        )
        due_on = plan.schedule()[-1].opens_on + timedelta(days=plan.every_days)
        missing = [
            {"person_id": p, "course_id": plan.course.id, "due_on": due_on, "source": "campaign", "created_at": now}
            for p in people
            if p not in assigned
        ]
        if missing:
            session.execute(insert(Assignment), missing)
    session.commit()
    return campaign


def end_campaign(session: Session, campaign: Campaign, now: datetime) -> int:
    """No more lessons for the campaign: its unsent mails are dropped (never sent, so nothing is
    lost), and its members' courses open as they would without it. Returns the mails dropped."""
    campaign.ended_at = now
    dropped = session.execute(
        delete(LessonDelivery).where(LessonDelivery.campaign_id == campaign.id, LessonDelivery.sent_at.is_(None))
    ).rowcount
    session.commit()
    return dropped


@dataclass(frozen=True)
class LessonProgress:
    module: Module
    opens_on: date
    sent: int
    opened: int
    completed: int
    failing: int  # not sent yet because the mail server refused: retried on the next run


@dataclass(frozen=True)
class FailedMail:
    count: int
    last_error: str


@dataclass(frozen=True)
class DepartmentProgress:
    name: str
    members: int
    opened_any: int
    completed: int
    suppressed: bool = False  # too few members, or derivable from the campaign's total

    @property
    def completed_percent(self) -> int | None:
        return percent(self.completed, self.members)


_FAILING = LessonDelivery.sent_at.is_(None) & (LessonDelivery.failures > 0)


def lesson_progress(session: Session, campaign: Campaign, course: Course) -> list[LessonProgress]:
    sent = func.count(LessonDelivery.sent_at)
    opened = func.count(LessonDelivery.opened_at)
    failing = func.sum(case((_FAILING, 1), else_=0))
    delivered = {
        module_id: (s, o, f or 0)
        for module_id, s, o, f in session.execute(
            select(LessonDelivery.module_id, sent, opened, failing)
            .where(LessonDelivery.campaign_id == campaign.id, LessonDelivery.kind == "lesson")
            .group_by(LessonDelivery.module_id)
        )
    }
    since = clock.start_of_day(campaign.start_on)
    completed = dict(
        session.execute(
            select(ModuleAttempt.module_id, func.count(func.distinct(ModuleAttempt.person_id)))
            .join(CampaignMember, CampaignMember.person_id == ModuleAttempt.person_id)
            .where(
                CampaignMember.campaign_id == campaign.id,
                ModuleAttempt.course_id == course.id,
                ModuleAttempt.passed.is_(True),
                ModuleAttempt.created_at >= since,
            )
            .group_by(ModuleAttempt.module_id)
        ).all()
    )
    start = Start(campaign.start_on, campaign.every_days, fixed_dates=False)
    progress = []
    for lesson in lessons(course, course.modules, start):
        sent_count, opened_count, failing_count = delivered.get(lesson.module.id, (0, 0, 0))
        progress.append(
            LessonProgress(
                lesson.module,
                lesson.opens_on,
                sent_count,
                opened_count,
                completed.get(lesson.module.id, 0),
                failing_count,
            )
        )
    return progress


def failed_mail(session: Session, campaign: Campaign | None = None) -> FailedMail:
    """The mails (of `campaign`, or all lesson and repetition mails) that failed and wait for
    the next run, with the latest reason."""
    waiting = select(LessonDelivery).where(_FAILING)
    if campaign is not None:
        waiting = waiting.where(LessonDelivery.campaign_id == campaign.id)
    count = session.scalar(select(func.count()).select_from(waiting.subquery())) or 0
    latest = session.scalar(
        waiting.with_only_columns(LessonDelivery.last_error).order_by(LessonDelivery.id.desc()).limit(1)
    )
    return FailedMail(count, latest or "")


def department_progress(session: Session, campaign: Campaign, minimum: int) -> list[DepartmentProgress]:
    """Members, who opened a lesson and who completed, per department, small ones suppressed."""
    since = clock.start_of_day(campaign.start_on)
    opened = (
        select(LessonDelivery.id)
        .where(
            LessonDelivery.campaign_id == campaign.id,
            LessonDelivery.person_id == CampaignMember.person_id,
            LessonDelivery.opened_at.is_not(None),
        )
        .exists()
    )
    completed = (
        select(CourseCompletion.id)
        .where(
            CourseCompletion.person_id == CampaignMember.person_id,
            CourseCompletion.course_id == campaign.course_id,
            CourseCompletion.completed_at >= since,
        )
        .exists()
    )
    rows = session.execute(
        select(
            func.coalesce(Department.name, ""),
            func.count(),
            func.sum(case((opened, 1), else_=0)),
            func.sum(case((completed, 1), else_=0)),
        )
        .select_from(CampaignMember)
        .join(Person, Person.id == CampaignMember.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(CampaignMember.campaign_id == campaign.id)
        .group_by(Department.name)
        .order_by(Department.name)
    )
    found = [DepartmentProgress(name, members, o or 0, c or 0) for name, members, o, c in rows]
    hidden = hide({index: d.members for index, d in enumerate(found)}, minimum)
    return [replace(d, suppressed=index in hidden.cells) for index, d in enumerate(found)]


def all_campaigns(session: Session) -> list[tuple[Campaign, int]]:
    members = func.count(CampaignMember.id)
    rows = session.execute(
        select(Campaign, members)
        .outerjoin(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .group_by(Campaign.id)
        .order_by(Campaign.start_on.desc(), Campaign.id.desc())
    )
    return [(campaign, count) for campaign, count in rows]
