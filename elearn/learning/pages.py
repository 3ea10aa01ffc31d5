"""The module page and its result page, shared by the signed-in course pages and the
password-free lesson links: the same lesson, repetition and reflection either way."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from .. import clock
from ..content import Course, Module
from ..db import utcnow
from . import repetition, schedule, service
from .reflections import ReflectionTooLong, my_reflections, reflection_text, save_reflection
from .service import Learner

SUBMISSION_ID = re.compile(r"^[0-9a-f]{32}$")


def submitted_answers(questions) -> dict[str, list[str]]:
    return {q.id: request.form.getlist(f"svar-{q.id}") for q in questions}


@dataclass(frozen=True)
class Progress:
    """What one request needs to know of a person's course, fetched once."""

    status: service.CourseStatus
    plan: list[schedule.Lesson] | None  # None: every module is open


def progress(session: Session, person: Learner, course: Course) -> Progress:
    status = service.course_status(session, person, course, utcnow())
    return Progress(status, schedule.plan_for(session, person, status))


def locked_until(state: Progress, module: Module) -> date | None:
    return schedule.opens_later(state.plan, module, state.status.passed, clock.today())


def render_locked(module: Module, opens_on) -> str:
    return render_template("learning/locked.html", module=module, opens_on=opens_on)


def render_module(
    session: Session,
    person: Learner,
    course: Course,
    module: Module,
    state: Progress,
    *,
    lesson_mode: bool,
    chosen: dict[str, list[str]],
    error: str | None = None,
    repeat_results=None,
    unanswered: tuple = (),
) -> str:
    now = utcnow()
    due = state.plan is not None and repeat_results is None
    repeats = repetition.questions_to_ask(session, person.id, course, now, module.id) if due else []
    return render_template(
        "learning/module.html",
        course=course,
        module=module,
        status=state.status,
        chosen=chosen,
        submission_id=uuid.uuid4().hex,
        seed=service.quiz_seed(session, person, course, module),
        error=error,
        unanswered=unanswered,
        lesson_mode=lesson_mode,
        repeats=repeats,
        repeat_results=repeat_results,
        # Without an account there is no "Mina reflektioner": the lesson shows the course's.
        reflections=my_reflections(session, person.id, course.id) if lesson_mode else [],
        courses={course.id: course},
    )


def handle_post(
    session: Session,
    person: Learner,
    course: Course,
    module: Module,
    state: Progress,
    *,
    lesson_mode: bool,
    reflection_action: str,
    retry_url: str,
    result_url: Callable[[str], str] | None = None,
) -> str | tuple[str, int] | Response:
    """A quiz submission, or the answers to the repeated questions at the top of the page. With
    `result_url` the stored submission is shown by a redirect to it (post/redirect/get), so a
    reload shows the result without sending the answers again."""
    submission_id = request.form.get("submission_id", "")
    if request.form.get("del") == "repetition":
        if not SUBMISSION_ID.match(submission_id):
            error = _("Formuläret var ofullständigt. Dina svar finns kvar, skicka igen.")
            return render_module(
                session, person, course, module, state, lesson_mode=lesson_mode, chosen={}, error=error
            ), 400
        results = answer_repeats(session, person, course, submission_id)
        return render_module(
            session, person, course, module, state, lesson_mode=lesson_mode, chosen={}, repeat_results=results or None
        )
    answers = submitted_answers(module.questions)
    if not SUBMISSION_ID.match(submission_id):
        error = _("Formuläret var ofullständigt. Dina svar finns kvar, skicka igen.")
        page = render_module(
            session, person, course, module, state, lesson_mode=lesson_mode, chosen=answers, error=error
        )
        return page, 400
    try:
        submission = service.submit_quiz(
            session, person, course, module, answers, submission_id, utcnow(), before=state.status
        )
    except service.Unanswered as left:
        page = render_module(
            session, person, course, module, state, lesson_mode=lesson_mode, chosen=answers, unanswered=left.questions
        )
        return page, 400
    if result_url is not None:
        return redirect(result_url(submission_id), 303)
    if submission.duplicate:  # stored earlier, perhaps before other modules: ask the database
        status = service.course_status(session, person, course, utcnow())
    else:
        status = service.status_after(state.status, module, submission)
    return render_result(
        session, person, course, module, state, submission, status, lesson_mode, reflection_action, retry_url
    )


def render_result(
    session: Session,
    person: Learner,
    course: Course,
    module: Module,
    state: Progress,
    submission: service.Submission,
    status: service.CourseStatus,
    lesson_mode: bool,
    reflection_action: str,
    retry_url: str,
) -> str:
    upcoming = schedule.next_lesson(state.plan, status.passed)
    return render_template(
        "learning/result.html",
        course=course,
        module=module,
        submission=submission,
        status=status,
        lesson_mode=lesson_mode,
        next_opens_on=upcoming.opens_on if upcoming and not upcoming.is_open(clock.today()) else None,
        reflection_action=reflection_action,
        reflection_text=reflection_text(session, person.id, course.id, module.id),
        retry_url=retry_url,
    )


def answer_repeats(session: Session, person: Learner, course: Course, submission_id: str):
    """Store the answers to the repeated questions the form says it asked; `record_answers`
    keeps only those still due."""
    asked = request.form.getlist("fragor")
    answers = {question_id: request.form.getlist(f"svar-{question_id}") for question_id in asked}
    return repetition.record_answers(session, person.id, course, asked, answers, submission_id, utcnow())


def save_reflection_page(
    session: Session, person: Learner, course: Course, module: Module, back_url: str | None
) -> str | tuple[str, int]:
    text = request.form.get("reflektion", "")
    try:
        stored = save_reflection(session, person.id, course.id, module.id, text, utcnow())
    except ReflectionTooLong as error:
        return render_template("learning/reflection_error.html", module=module, text=text, error=str(error)), 400
    return render_template(
        "learning/reflection_saved.html",
        module=module,
        stored=stored,
        reflections=my_reflections(session, person.id, course.id),
        courses={course.id: course},
        back_url=back_url,
    )
