"""Earlier questions that come back: which are due for a person, and storing their answers.

A question is due once its first answer is `repeat_after_days` old and it has not been
repeated yet; the ones first answered wrong come first, then the oldest. Repeat answers are
kept apart from quiz attempts, beside the first answer's result, so they never change a
module's score and retention is counted from one table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock
from ..content import Course, Question, QuestionResult, grade_question
from ..db import as_utc
from .models import QuestionResult as StoredResult
from .models import RepeatAnswer

MAX_AT_ONCE = 3


@dataclass(frozen=True)
class DueQuestion:
    question: Question
    module_id: str
    first_correct: bool
    first_answered_at: datetime


# Built once, with the repeated questions left out in the same statement: building a statement
# and its cache key cost more than running it (docs/performance.md), and this is on every page
# of a scheduled course.
_FIRST_ANSWERS = (
    select(
        StoredResult.question_id,
        func.min(case((StoredResult.correct.is_(True), 1), else_=0)),
        func.min(StoredResult.created_at),
    )
    .where(
        StoredResult.person_id == bindparam("person_id"),
        StoredResult.course_id == bindparam("course_id"),
        StoredResult.first_attempt.is_(True),
        StoredResult.created_at <= bindparam("cutoff"),
        ~exists().where(
            RepeatAnswer.person_id == StoredResult.person_id,
            RepeatAnswer.course_id == StoredResult.course_id,
            RepeatAnswer.question_id == StoredResult.question_id,
        ),
    )
    .group_by(StoredResult.question_id)
)


def due_questions(
    session: Session, person_id: int, course: Course, now: datetime, skip_module: str | None = None
) -> list[DueQuestion]:
    """Every question of `course` due again for the person, in the order they should come back."""
    cutoff = now - timedelta(days=course.delivery.repeat_after_days)
    rows = session.execute(_FIRST_ANSWERS, {"person_id": person_id, "course_id": course.id, "cutoff": cutoff})
    questions = {q.id: (m.id, q) for m in course.modules for q in m.questions}
    due = [
        DueQuestion(questions[qid][1], questions[qid][0], bool(right), as_utc(answered_at))
        for qid, right, answered_at in rows
        if qid in questions and questions[qid][0] != skip_module
    ]
    return sorted(due, key=lambda d: (d.first_correct, d.first_answered_at, d.question.id))


def questions_to_ask(
    session: Session, person_id: int, course: Course, now: datetime, skip_module: str | None = None
) -> list[DueQuestion]:
    return due_questions(session, person_id, course, now, skip_module)[: course.delivery.repeat_questions]


def record_answers(
    session: Session,
    person_id: int,
    course: Course,
    asked: Iterable[str],
    answers: Mapping[str, Sequence[str]],
    submission_id: str,
    now: datetime,
) -> list[QuestionResult]:
    """Grade and store the answers to the repeated questions `asked` (ids from the form); only
    questions still due are taken, at most three, and a resubmitted form is stored once."""
    due = {d.question.id: d for d in due_questions(session, person_id, course, now)}
    chosen = [due[qid] for qid in dict.fromkeys(asked) if qid in due][:MAX_AT_ONCE]
    results = [grade_question(d.question, answers.get(d.question.id, ())) for d in chosen]
    rows = [
        RepeatAnswer(
            person_id=person_id,
            course_id=course.id,
            question_id=d.question.id,
            topic=topic,
            correct=result.correct,
            first_correct=d.first_correct,
            days_after_first=(clock.local_date(now) - clock.local_date(d.first_answered_at)).days,
            submission_id=submission_id,
            answered_at=now,
        )
        for d, result in zip(chosen, results, strict=True)
        for topic in d.question.topics
    ]
    try:
        with session.begin_nested():
            session.add_all(rows)
            session.flush()
    except IntegrityError:
        pass  # the same form twice: the first one counts
    session.commit()
    return results
