"""Progress, grading and completions: plain functions over a session, no request or current user."""

from __future__ import annotations

import calendar
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import bindparam, case, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock
from ..auth.identity import Identity
from ..content import Course, Grade, Library, Module, Question, grade, unanswered
from ..db import as_utc
from ..people.models import Person
from ..percent import percent
from . import status as rule
from .models import Assignment, CourseCompletion, ModuleAttempt, QuestionResult, QuizDraft

# The signed-in person on the learner's own pages (`Identity`), a `Person` on a lesson link or in a
# report: both answer id, kind, roles and department_code.
Learner = Person | Identity

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed

# The queries behind every learner's page, built once with bound parameters: building a select()
# and its cache key anew costs more than running it on an indexed table (on SQLite about 70 of
# the 115 µs a one-row query takes through the session).
_PERSON = Assignment.person_id == bindparam("person_id")
_ASSIGNMENTS = select(Assignment).where(_PERSON)
_ASSIGNED = select(Assignment.id, Assignment.due_on).where(_PERSON, Assignment.course_id == bindparam("course_id"))
_COMPLETIONS = (
    select(CourseCompletion)
    .where(CourseCompletion.person_id == bindparam("person_id"))
    .order_by(CourseCompletion.completed_at)
)
_COURSE_COMPLETIONS = _COMPLETIONS.where(CourseCompletion.course_id == bindparam("course_id"))
_ACTIVITY = (
    select(
        ModuleAttempt.course_id,
        ModuleAttempt.module_id,
        func.max(ModuleAttempt.created_at),
        func.max(case((ModuleAttempt.passed.is_(True), ModuleAttempt.created_at))),
    )
    .where(ModuleAttempt.person_id == bindparam("person_id"))
    .group_by(ModuleAttempt.course_id, ModuleAttempt.module_id)
)
_COURSE_ACTIVITY = _ACTIVITY.where(ModuleAttempt.course_id == bindparam("course_id"))
_DRAFT = select(QuizDraft.answers).where(
    QuizDraft.person_id == bindparam("person_id"),
    QuizDraft.course_id == bindparam("course_id"),
    QuizDraft.module_id == bindparam("module_id"),
)
_BY_SUBMISSION = select(ModuleAttempt).where(
    ModuleAttempt.person_id == bindparam("person_id"), ModuleAttempt.submission_id == bindparam("submission_id")
)
_EARLIER = select(func.count()).where(
    ModuleAttempt.person_id == bindparam("person_id"),
    ModuleAttempt.course_id == bindparam("course_id"),
    ModuleAttempt.module_id == bindparam("module_id"),
)


@dataclass(frozen=True)
class CourseStatus:
    course: Course
    status: str  # one of status.STATUSES
    required: tuple[Module, ...]
    passed: frozenset[str]
    due_on: date | None
    completion: CourseCompletion | None

    @property
    def refresher_from(self) -> date | None:
        """The day the latest completion expired, when the course is due again since: a
        completion that does not make the course completed has expired."""
        if self.completion is None or self.status == rule.COMPLETED or self.completion.expires_at is None:
            return None
        return clock.local_date(as_utc(self.completion.expires_at))

    @property
    def progress_percent(self) -> int:
        if self.status == rule.COMPLETED:
            return 100
        done = sum(module.id in self.passed for module in self.required)
        return percent(done, len(self.required)) or 0

    @property
    def next_module(self) -> Module | None:
        return next((m for m in self.required if m.id not in self.passed), None)

    def overdue(self, today: date) -> bool:
        return rule.is_overdue(self.status, self.due_on, today)


class Unanswered(Exception):
    """A quiz sent with questions left: nothing is graded or stored."""

    def __init__(self, questions: tuple[Question, ...]) -> None:
        super().__init__(f"{len(questions)} questions unanswered")
        self.questions = questions


@dataclass(frozen=True)
class Submission:
    attempt: ModuleAttempt
    grade: Grade
    completion: CourseCompletion | None
    duplicate: bool  # the same form was submitted before (a double click, a retry); nothing new was stored
    seed: str  # the option order the quiz was shown in, for its feedback


def required_modules(course: Course, person: Learner) -> tuple[Module, ...]:
    return course.modules_for(person.kind, person.roles, person.department_code)


def may_take(session: Session, person: Learner, course: Course) -> bool:
    if course.audience.public or course.audience.includes(person.kind, person.roles, person.department_code):
        return True
    found = session.execute(_ASSIGNED, {"person_id": person.id, "course_id": course.id}).first()
    return found is not None


def my_courses(session: Session, person: Learner, library: Library, now: datetime) -> list[CourseStatus]:
    """The courses assigned to `person`, with status, in three queries whatever their number."""
    assignments = session.scalars(_ASSIGNMENTS, {"person_id": person.id}).all()
    courses = [(a, library.course(a.course_id)) for a in assignments]
    completions = _completions(session, person.id)
    activity = _module_activity(session, person.id)
    statuses = [
        _status(course, person, assignment.due_on, completions.get(course.id, []), activity.get(course.id, {}), now)
        for assignment, course in courses
        if course is not None
    ]
    order = {rule.EXPIRED: 0, rule.IN_PROGRESS: 1, rule.NOT_STARTED: 2, rule.COMPLETED: 3}
    return sorted(statuses, key=lambda s: (order[s.status], s.due_on or date.max, s.course.title))


def course_status(session: Session, person: Learner, course: Course, now: datetime) -> CourseStatus:
    assigned = session.execute(_ASSIGNED, {"person_id": person.id, "course_id": course.id}).first()
    due_on = assigned.due_on if assigned else None
    completions = _completions(session, person.id, course.id).get(course.id, [])
    activity = _module_activity(session, person.id, course.id).get(course.id, {})
    return _status(course, person, due_on, completions, activity, now)


def _status(
    course: Course,
    person: Learner,
    due_on: date | None,
    completions: Sequence[CourseCompletion],
    activity: Mapping[str, ModuleActivity],
    now: datetime,
) -> CourseStatus:
    required = required_modules(course, person)
    made = [c for c in completions if c.completed_at <= now]
    valid = [c for c in made if rule.is_valid(c.completed_at, c.expires_at, now)]
    latest = made[-1] if made else None
    # After expiry the course starts over as a refresher: only what was done since counts.
    since = latest.completed_at if latest is not None and not valid else None
    passed = frozenset(m for m, a in activity.items() if a.passed_at and (since is None or a.passed_at > since))
    last_attempt = max((a.attempted_at for a in activity.values()), default=None)
    status = rule.status_of(bool(valid), latest.completed_at if latest else None, last_attempt)
    return CourseStatus(course, status, required, passed, due_on, valid[-1] if valid else latest)


def status_after(before: CourseStatus, module: Module, submission: Submission) -> CourseStatus:
    """The status once a fresh `submission` of `module` is stored, from the status just before it,
    without asking the database again: the rules of `_status` applied to one more attempt."""
    passed = before.passed | {module.id} if submission.grade.passed else before.passed
    # A new completion is valid; an earlier one was if the course was completed before. Read
    # from the statuses, not the objects, which the commit has expired.
    completed = submission.completion is not None or before.status == rule.COMPLETED
    return replace(
        before,
        status=rule.COMPLETED if completed else rule.IN_PROGRESS,
        passed=frozenset(passed),
        completion=submission.completion or before.completion,
    )


def _completions(session: Session, person_id: int, course_id: str | None = None) -> dict[str, list[CourseCompletion]]:
    """course -> the person's completions, oldest first."""
    query = _COMPLETIONS if course_id is None else _COURSE_COMPLETIONS
    found: dict[str, list[CourseCompletion]] = {}
    for completion in session.scalars(query, {"person_id": person_id, "course_id": course_id}):
        found.setdefault(completion.course_id, []).append(completion)
    return found


@dataclass(frozen=True)
class ModuleActivity:
    attempted_at: datetime
    passed_at: datetime | None


def _module_activity(
    session: Session, person_id: int, course_id: str | None = None
) -> dict[str, dict[str, ModuleActivity]]:
    """course -> module -> when it was last attempted and last passed, in one grouped query."""
    query = _ACTIVITY if course_id is None else _COURSE_ACTIVITY
    activity: dict[str, dict[str, ModuleActivity]] = {}
    for course, module, attempted, passed in session.execute(query, {"person_id": person_id, "course_id": course_id}):
        activity.setdefault(course, {})[module] = ModuleActivity(as_utc(attempted), as_utc(passed) if passed else None)
    return activity


def submit_quiz(
    session: Session,
    person: Learner,
    course: Course,
    module: Module,
    answers: Mapping[str, Sequence[str]],
    submission_id: str,
    now: datetime,
    before: CourseStatus | None = None,
) -> Submission:
    """Grade and store one quiz submission; a duplicate submission id (a double click, a retry)
    returns the stored attempt.

    The attempt, its answers per topic and any completion are written in one transaction, after
    every read that can come first, so SQLite's write lock is held briefly and taken once.
    `before`, the course status the page has just read, spares reading it again to decide
    whether this submission completes the course."""
    existing = _attempt_by_submission(session, person.id, submission_id)
    if existing is not None:
        return _repeat(existing, course, module)
    left = unanswered(module, answers)
    if left:
        raise Unanswered(left)
    result = grade(module, answers, course.pass_mark)
    earlier = _earlier_attempts(session, person, course, module)
    seed = _seed(person.id, module.version, earlier + 1)  # read now: the commit expires the attempt
    attempt = ModuleAttempt(
        person_id=person.id,
        course_id=course.id,
        module_id=module.id,
        module_version=module.version,
        submission_id=submission_id,
        answers=result.answers(),
        score=result.score,
        passed=result.passed,
        attempt_number=earlier + 1,
        created_at=now,
    )
    session.add(attempt)
    try:
        session.flush()
    except IntegrityError:
        # Another request carried the same submission id in the same instant and stored it. No
        # savepoint here: on SQLite, releasing one that began the transaction commits it, which
        # would split the attempt from its answers.
        session.rollback()
        existing = _attempt_by_submission(session, person.id, submission_id)
        if existing is None:
            raise
        return _repeat(existing, course, module)
    answers = _question_results(attempt, result, course.id)
    if answers:
        session.execute(insert(QuestionResult), answers)
    session.execute(
        delete(QuizDraft).where(
            QuizDraft.person_id == person.id, QuizDraft.course_id == course.id, QuizDraft.module_id == module.id
        )
    )
    completion = _complete_if_done(session, person, course, module, now, before) if result.passed else None
    session.commit()
    return Submission(attempt, result, completion, duplicate=False, seed=seed)


def _earlier_attempts(session: Session, person: Learner, course: Course, module: Module) -> int:
    found = session.scalar(_EARLIER, {"person_id": person.id, "course_id": course.id, "module_id": module.id})
    return found or 0


def quiz_seed(session: Session, person: Learner, course: Course, module: Module) -> str:
    """What a quiz's option order follows: the person, the module's version and the attempt
    they are on. A reload keeps the order; the next attempt, or another person, gets another."""
    return _seed(person.id, module.version, _earlier_attempts(session, person, course, module) + 1)


def attempt_seed(attempt: ModuleAttempt) -> str:
    """The seed a stored attempt's quiz was shown with, so its feedback lists the options in
    the order the learner saw them."""
    return _seed(attempt.person_id, attempt.module_version, attempt.attempt_number)


def _seed(person_id: int, module_version: str, attempt_number: int) -> str:
    return f"{person_id}:{module_version}:{attempt_number}"


def _question_results(attempt: ModuleAttempt, result: Grade, course_id: str) -> list[dict[str, object]]:
    """One row per answered question and topic, inserted in one statement."""
    return [
        {
            "attempt_id": attempt.id,
            "person_id": attempt.person_id,
            "course_id": course_id,
            "question_id": question_result.question.id,
            "topic": topic,
            "correct": question_result.correct,
            "first_attempt": attempt.attempt_number == 1,
            "created_at": attempt.created_at,
        }
        for question_result in result.results
        for topic in question_result.question.topics
    ]


def stored_submission(
    session: Session, person: Learner, course: Course, module: Module, submission_id: str
) -> Submission | None:
    """A submission stored earlier, graded again from its answers: the result page after a redirect."""
    attempt = _attempt_by_submission(session, person.id, submission_id)
    if attempt is None or attempt.course_id != course.id or attempt.module_id != module.id:
        return None
    return _repeat(attempt, course, module)


def _attempt_by_submission(session: Session, person_id: int, submission_id: str) -> ModuleAttempt | None:
    return session.scalar(_BY_SUBMISSION, {"person_id": person_id, "submission_id": submission_id})


def _repeat(attempt: ModuleAttempt, course: Course, module: Module) -> Submission:
    result = grade(module, attempt.answers, course.pass_mark)
    return Submission(attempt, result, None, duplicate=True, seed=attempt_seed(attempt))


def _complete_if_done(
    session: Session, person: Learner, course: Course, module: Module, now: datetime, before: CourseStatus | None
) -> CourseCompletion | None:
    """A completion when `module`, just passed, was the last required one still open."""
    status = before or course_status(session, person, course, now)
    passed = status.passed | {module.id}
    if status.status == rule.COMPLETED or any(m.id not in passed for m in status.required):
        return None
    completion = CourseCompletion(
        person_id=person.id,
        course_id=course.id,
        course_version=course.version,
        completed_at=now,
        expires_at=add_months(now, course.validity_months) if course.validity_months else None,
        certificate_code=new_certificate_code(),
    )
    session.add(completion)
    return completion


def save_draft(
    session: Session, person: Learner, course: Course, module: Module, answers: Mapping[str, Sequence[str]]
) -> None:
    known = {q.id: {o.id for o in q.options} for q in module.questions}
    clean = {qid: [v for v in values if v in known[qid]] for qid, values in answers.items() if qid in known}
    draft = session.get(QuizDraft, (person.id, course.id, module.id))
    if draft is None:
        session.add(QuizDraft(person_id=person.id, course_id=course.id, module_id=module.id, answers=clean))
    else:
        draft.answers = clean
    session.commit()


def draft_answers(session: Session, person: Learner, course: Course, module: Module) -> dict[str, list[str]]:
    answers = session.scalar(_DRAFT, {"person_id": person.id, "course_id": course.id, "module_id": module.id})
    return dict(answers) if answers else {}


def completion_by_code(session: Session, code: str) -> tuple[CourseCompletion, Person] | None:
    normalised = code.strip().upper()
    row = session.execute(
        select(CourseCompletion, Person)
        .join(Person, Person.id == CourseCompletion.person_id)
        .where(CourseCompletion.certificate_code == normalised)
    ).first()
    return (row[0], row[1]) if row else None


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
