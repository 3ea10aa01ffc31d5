"""`flask lessons send`: owe each learner the lessons that have opened, then send what is owed.

Planning writes one LessonDelivery row per lesson (unique per person, lesson and date) before
anything is sent; sending marks each row as it goes and commits after every mail. Running it
twice sends nothing new; a mail that failed stays unsent and is tried again next run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .. import clock
from ..absolute_url import absolute_url
from ..content import Course, Library, Module
from ..db import as_utc
from ..learning.models import Assignment, Campaign, CampaignMember, CourseCompletion, ModuleAttempt, RepeatAnswer
from ..learning.models import QuestionResult as StoredResult
from ..learning.schedule import lessons, start_from
from ..learning.service import required_modules
from ..learning.status import is_valid
from ..mail import send_mail
from ..people.models import Person
from .links import REPETITION, make_lesson_token
from .models import LessonDelivery

LESSON = "lesson"


@dataclass(frozen=True)
class SendRun:
    planned: int
    sent: int
    failed: int


@dataclass(frozen=True)
class _Scheduled:
    person_id: int
    course: Course
    campaign_id: int | None
    campaign_start: date | None
    campaign_every: int | None
    assigned_on: date | None


def _scheduled(session: Session, library: Library) -> list[_Scheduled]:
    """Every active person with a schedule: campaign members (latest campaign per course), and
    people assigned a course that is spaced by its own metadata."""
    found: dict[tuple[int, str], _Scheduled] = {}
    spaced = [c.id for c in library.courses.values() if c.delivery.spaced]
    if spaced:
        for person_id, course_id, created_at in session.execute(
            select(Assignment.person_id, Assignment.course_id, Assignment.created_at)
            .join(Person, Person.id == Assignment.person_id)
            .where(Person.active.is_(True), Assignment.course_id.in_(spaced))
        ):
            found[(person_id, course_id)] = _Scheduled(
                person_id, library.course(course_id), None, None, None, clock.local_date(as_utc(created_at))
            )
    members = session.execute(
        select(
            CampaignMember.person_id,
            CampaignMember.course_id,
            CampaignMember.starts_on,
            Campaign.every_days,
            Campaign.id,
        )
        .join(Campaign, Campaign.id == CampaignMember.campaign_id)
        .join(Person, Person.id == CampaignMember.person_id)
        .where(Person.active.is_(True), Campaign.ended_at.is_(None))
        .order_by(CampaignMember.starts_on, CampaignMember.id)
    )
    for person_id, course_id, starts_on, every_days, campaign_id in members:
        course = library.course(course_id)
        if course is not None:  # later rows are later campaigns and win
            found[(person_id, course_id)] = _Scheduled(person_id, course, campaign_id, starts_on, every_days, None)
    return list(found.values())


def _people(session: Session, ids: list[int], chunk: int = 5000) -> dict[int, Person]:
    """People by id, fetched in chunks: SQLite caps the parameters of one statement."""
    found: dict[int, Person] = {}
    for start in range(0, len(ids), chunk):
        found.update(
            (p.id, p) for p in session.scalars(select(Person).where(Person.id.in_(ids[start : start + chunk])))
        )
    return found


def plan_lessons(session: Session, library: Library, today: date, now: datetime) -> int:
    """Write a delivery row for every opened lesson not yet passed nor already owed."""
    scheduled = _scheduled(session, library)
    if not scheduled:
        return 0
    people = _people(session, sorted({s.person_id for s in scheduled}))
    refreshers = _refreshers(session, sorted({s.course.id for s in scheduled}), now)
    passed = {
        (person_id, course_id, module_id): as_utc(passed_at)
        for person_id, course_id, module_id, passed_at in session.execute(
            select(
                ModuleAttempt.person_id,
                ModuleAttempt.course_id,
                ModuleAttempt.module_id,
                func.max(ModuleAttempt.created_at),
            )
            .where(ModuleAttempt.passed.is_(True))
            .group_by(ModuleAttempt.person_id, ModuleAttempt.course_id, ModuleAttempt.module_id)
        )
    }
    owed = {
        (person_id, course_id, module_id): due_on
        for person_id, course_id, module_id, due_on in session.execute(
            select(
                LessonDelivery.person_id,
                LessonDelivery.course_id,
                LessonDelivery.module_id,
                func.max(LessonDelivery.due_on),
            )
            .where(LessonDelivery.kind == LESSON)
            .group_by(LessonDelivery.person_id, LessonDelivery.course_id, LessonDelivery.module_id)
        )
    }
    planned = 0
    for item in scheduled:
        # After a completion expires the course runs again: what was passed or mailed before
        # that round no longer counts.
        completed_at, refresher_from = refreshers.get((item.person_id, item.course.id), (None, None))
        start = start_from(item.course, item.campaign_start, item.campaign_every, item.assigned_on, refresher_from)
        if start is None:
            continue
        for lesson in lessons(item.course, required_modules(item.course, people[item.person_id]), start):
            key = (item.person_id, item.course.id, lesson.module.id)
            done = key in passed and (completed_at is None or passed[key] > completed_at)
            mailed = key in owed and (refresher_from is None or owed[key] >= refresher_from)
            if lesson.is_open(today) and not done and not mailed:
                session.add(
                    LessonDelivery(
                        person_id=item.person_id,
                        course_id=item.course.id,
                        kind=LESSON,
                        module_id=lesson.module.id,
                        due_on=lesson.opens_on,
                        campaign_id=item.campaign_id,
                        created_at=now,
                    )
                )
                owed[key] = lesson.opens_on
                planned += 1
    planned += _plan_repetitions(session, scheduled, today, now)
    session.commit()
    return planned


def _refreshers(session: Session, course_ids: list[str], now: datetime) -> dict[tuple[int, str], tuple[datetime, date]]:
    """(person, course) -> when the latest completion was made and the day it expired, for those
    whose latest completion has expired: the course is due again as a refresher."""
    latest: dict[tuple[int, str], tuple[datetime, datetime | None]] = {}
    for person_id, course_id, completed_at, expires_at in session.execute(
        select(
            CourseCompletion.person_id,
            CourseCompletion.course_id,
            CourseCompletion.completed_at,
            CourseCompletion.expires_at,
        )
        .where(CourseCompletion.course_id.in_(course_ids))
        .order_by(CourseCompletion.completed_at)  # the latest wins below
    ):
        latest[(person_id, course_id)] = (completed_at, expires_at)
    return {
        key: (as_utc(completed_at), clock.local_date(as_utc(expires_at)))
        for key, (completed_at, expires_at) in latest.items()
        if expires_at is not None and not is_valid(as_utc(completed_at), as_utc(expires_at), now)
    }


def _plan_repetitions(session: Session, scheduled: list[_Scheduled], today: date, now: datetime) -> int:
    """A short repetition mail for people with questions due again and no lesson owed or mailed
    today, at most once per repetition interval."""
    busy = set(
        session.execute(
            select(LessonDelivery.person_id, LessonDelivery.course_id).where(
                or_(
                    LessonDelivery.sent_at.is_(None),
                    LessonDelivery.due_on == today,
                    LessonDelivery.sent_at >= clock.start_of_day(today),
                )
            )
        )
    )
    planned = 0
    by_course: dict[str, list[_Scheduled]] = {}
    for item in scheduled:
        by_course.setdefault(item.course.id, []).append(item)
    for course_id, items in by_course.items():
        course = items[0].course
        interval = timedelta(days=course.delivery.repeat_after_days)
        due = _people_with_questions_due(session, course_id, now - interval)
        recent = set(
            session.scalars(
                select(LessonDelivery.person_id).where(
                    LessonDelivery.course_id == course_id,
                    LessonDelivery.kind == REPETITION,
                    LessonDelivery.due_on > today - interval,
                )
            )
        )
        for item in items:
            if item.person_id in due and item.person_id not in recent and (item.person_id, course_id) not in busy:
                session.add(
                    LessonDelivery(
                        person_id=item.person_id,
                        course_id=course_id,
                        kind=REPETITION,
                        module_id="",
                        due_on=today,
                        campaign_id=item.campaign_id,
                        created_at=now,
                    )
                )
                planned += 1
    return planned


def _people_with_questions_due(session: Session, course_id: str, cutoff: datetime) -> set[int]:
    """People with more first answers past `cutoff` than questions already repeated."""
    first = (
        select(StoredResult.person_id, func.count(func.distinct(StoredResult.question_id)).label("n"))
        .where(
            StoredResult.course_id == course_id,
            StoredResult.first_attempt.is_(True),
            StoredResult.created_at <= cutoff,
        )
        .group_by(StoredResult.person_id)
        .subquery()
    )
    repeated = (
        select(RepeatAnswer.person_id, func.count(func.distinct(RepeatAnswer.question_id)).label("n"))
        .where(RepeatAnswer.course_id == course_id)
        .group_by(RepeatAnswer.person_id)
        .subquery()
    )
    rows = session.execute(
        select(first.c.person_id)
        .outerjoin(repeated, repeated.c.person_id == first.c.person_id)
        .where(first.c.n > func.coalesce(repeated.c.n, 0))
    )
    return set(rows.scalars())


def send_owed(
    session: Session, library: Library, now: datetime, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Send every unsent delivery of active people, committing after each; (sent, failed)."""
    unsent = session.execute(
        select(LessonDelivery, Person)
        .join(Person, Person.id == LessonDelivery.person_id)
        .where(LessonDelivery.sent_at.is_(None), Person.active.is_(True))
        .order_by(LessonDelivery.due_on, LessonDelivery.id)
    ).all()
    sent = failed = 0
    for number, (delivery, person) in enumerate(unsent, start=1):
        course = library.course(delivery.course_id)
        module = course.module(delivery.module_id) if course and delivery.kind == LESSON else None
        if course is None or (delivery.kind == LESSON and module is None):
            continue  # the course or lesson was taken out of `courses/`: nothing to link to
        try:
            _send(person, course, module)
        except Exception as error:  # whatever went wrong, the row stays unsent for the next run
            delivery.failures += 1
            delivery.last_error = f"{type(error).__name__}: {error}"[:300]
            failed += 1
            current_app.logger.warning("lesson e-mail to %s failed: %s", person.email, delivery.last_error)
        else:
            delivery.sent_at = now
            sent += 1
        session.commit()
        if progress:
            progress(number, len(unsent))
    return sent, failed


def _send(person: Person, course: Course, module: Module | None) -> None:
    """The mail for one lesson (`module`), or for a repetition when `module` is None."""
    token = make_lesson_token(person.id, course.id, module.id if module else REPETITION)
    days = current_app.config["LESSON_LINK_DAYS"]
    with force_locale(person.locale or "sv"):
        if module is not None:
            link = absolute_url("lessons.lesson", course_id=course.id, module_id=module.id, t=token)
            subject = _("Ny lektion: %(title)s", title=module.title)
            body = _(
                "Hej %(name)s!\n\nDagens lektion i %(course)s är öppen: %(title)s, cirka %(minutes)s minuter.\n\n"
                "Öppna den här, inget lösenord behövs:\n%(link)s\n\n"
                "Länken är personlig och fungerar i %(days)s dagar. Skicka den inte vidare.",
                name=person.name,
                course=course.title,
                title=module.title,
                minutes=module.minutes,
                link=link,
                days=days,
            )
        else:
            link = absolute_url("lessons.repetition_page", course_id=course.id, t=token)
            subject = _("Dags att repetera: %(course)s", course=course.title)
            body = _(
                "Hej %(name)s!\n\nHär kommer några frågor från %(course)s som du har svarat på tidigare. "
                "Det tar en minut och hjälper dig att komma ihåg.\n\n%(link)s\n\n"
                "Länken är personlig och fungerar i %(days)s dagar. Skicka den inte vidare.",
                name=person.name,
                course=course.title,
                link=link,
                days=days,
            )
        send_mail(person.email, subject, body)


def send_lessons(
    session: Session, library: Library, today: date, now: datetime, progress: Callable[[int, int], None] | None = None
) -> SendRun:
    planned = plan_lessons(session, library, today, now)
    sent, failed = send_owed(session, library, now, progress)
    return SendRun(planned, sent, failed)
