"""Lessons opened from an e-mailed link, without a password: one person, one lesson."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import update
from werkzeug.wrappers import Response

from ..content import Course, Module
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..learning import pages, repetition
from ..learning.service import required_modules
from ..signed_links import LinkRefused
from .links import REPETITION, LessonLink, read_lesson_token
from .models import LessonDelivery

blueprint = Blueprint("lessons", __name__, url_prefix="/lektion")


@blueprint.after_request
def keep_the_link_private(response: Response) -> Response:
    """The token is in the address: never pass it on as a referrer or keep it in a shared cache."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.errorhandler(LinkRefused)
def refused(error: LinkRefused) -> tuple[str, int]:
    return render_template("spaced/link_refused.html", reason=error.reason), error.status


def _open(course_id: str, target: str) -> tuple[LessonLink, Course]:
    link = read_lesson_token(db.session, request.args.get("t", ""))
    if link.course_id != course_id or link.target != target:
        raise LinkRefused("other-lesson")
    if current_user.is_authenticated and current_user.id != link.person.id:
        raise LinkRefused("other-person")
    course = library().course(course_id)
    if course is None:
        abort(404)
    return link, course


def _module(link: LessonLink, course: Course, module_id: str) -> Module:
    module = course.module(module_id)
    if module is None or module not in required_modules(course, link.person):
        abort(404)
    return module


def _mark_opened(link: LessonLink, kind: str, module_id: str) -> None:
    db.session.execute(
        update(LessonDelivery)
        .where(
            LessonDelivery.person_id == link.person.id,
            LessonDelivery.course_id == link.course_id,
            LessonDelivery.kind == kind,
            LessonDelivery.module_id == module_id,
            LessonDelivery.opened_at.is_(None),
        )
        .values(opened_at=utcnow())
    )
    db.session.commit()


@blueprint.get("/<course_id>/repetera")
def repetition_page(course_id: str) -> str:
    link, course = _open(course_id, REPETITION)
    _mark_opened(link, REPETITION, "")
    return _repetition(link, course, None)


@blueprint.post("/<course_id>/repetera")
def answer_repetition(course_id: str) -> str | tuple[str, int]:
    link, course = _open(course_id, REPETITION)
    submission_id = request.form.get("submission_id", "")
    if not pages.SUBMISSION_ID.match(submission_id):
        return _repetition(link, course, None), 400
    return _repetition(link, course, pages.answer_repeats(db.session, link.person, course, submission_id))


def _repetition(link: LessonLink, course: Course, results) -> str:
    due = [] if results else repetition.questions_to_ask(db.session, link.person.id, course, utcnow())
    return render_template(
        "spaced/repetition.html",
        course=course,
        repeats=due,
        repeat_results=results,
        seed=str(link.person.id),
        submission_id=uuid.uuid4().hex,
    )


@blueprint.get("/<course_id>/<module_id>")
def lesson(course_id: str, module_id: str) -> str:
    link, course = _open(course_id, module_id)
    module = _module(link, course, module_id)
    state = pages.progress(db.session, link.person, course)
    opens_on = pages.locked_until(state, module)
    if opens_on is not None:
        return pages.render_locked(module, opens_on)
    _mark_opened(link, "lesson", module.id)
    return pages.render_module(db.session, link.person, course, module, state, lesson_mode=True, chosen={})


@blueprint.post("/<course_id>/<module_id>")
def submit_lesson(course_id: str, module_id: str) -> str | tuple[str, int]:
    link, course = _open(course_id, module_id)
    module = _module(link, course, module_id)
    state = pages.progress(db.session, link.person, course)
    opens_on = pages.locked_until(state, module)
    if opens_on is not None:
        return pages.render_locked(module, opens_on), 403
    token = request.args["t"]
    return pages.handle_post(
        db.session,
        link.person,
        course,
        module,
        state,
        lesson_mode=True,
        reflection_action=url_for("lessons.reflect", course_id=course.id, module_id=module.id, t=token),
        retry_url=url_for("lessons.lesson", course_id=course.id, module_id=module.id, t=token),
    )


@blueprint.post("/<course_id>/<module_id>/reflektion")
def reflect(course_id: str, module_id: str) -> str | tuple[str, int]:
    link, course = _open(course_id, module_id)
    module = _module(link, course, module_id)
    if not module.reflection:
        abort(404)
    return pages.save_reflection_page(db.session, link.person, course, module, None)
