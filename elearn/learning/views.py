"""Mina kurser, course and module pages, quiz submission and certificates."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_from_directory, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import clock
from ..absolute_url import absolute_url
from ..content import Course, Module
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..surveys.service import invitations_for
from . import pages, schedule, service
from . import status as status_rule
from .reflections import my_reflections

blueprint = Blueprint("learning", __name__)


def _course_for_me(course_id: str) -> Course:
    course = library().course(course_id)
    if course is None or not service.may_take(db.session, current_user, course):
        abort(404)
    return course


def _module_for_me(course: Course, module_id: str) -> Module:
    module = course.module(module_id)
    if module is None or module not in service.required_modules(course, current_user):
        abort(404)
    return module


@blueprint.get("/mina-kurser")
@login_required
def dashboard() -> str:
    courses = service.my_courses(db.session, current_user, library(), utcnow())
    open_courses = [s for s in courses if s.status != status_rule.COMPLETED]
    plans = schedule.plans_for(db.session, current_user, open_courses)
    upcoming = {s.course.id: schedule.next_lesson(plans[s.course.id], s.passed) for s in open_courses}
    surveys = invitations_for(db.session, current_user, clock.today())
    return render_template(
        "learning/dashboard.html",
        courses=courses,
        upcoming=upcoming,
        today=clock.today(),
        survey_invitations=surveys,
    )


@blueprint.get("/kurser/<course_id>")
@login_required
def course(course_id: str) -> str:
    course = _course_for_me(course_id)
    status = service.course_status(db.session, current_user, course, utcnow())
    plan = schedule.plan_for(db.session, current_user, status)
    opens = {lesson.module.id: lesson.opens_on for lesson in plan or ()}
    return render_template("learning/course.html", course=course, status=status, opens=opens, today=clock.today())


@blueprint.get("/kurser/<course_id>/<module_id>")
@login_required
def module(course_id: str, module_id: str) -> str:
    course = _course_for_me(course_id)
    module = _module_for_me(course, module_id)
    state = pages.progress(db.session, current_user, course)
    opens_on = pages.locked_until(state, module)
    if opens_on is not None:
        return pages.render_locked(module, opens_on)
    chosen = service.draft_answers(db.session, current_user, course, module)
    return pages.render_module(db.session, current_user, course, module, state, lesson_mode=False, chosen=chosen)


@blueprint.post("/kurser/<course_id>/<module_id>")
@login_required
def submit(course_id: str, module_id: str) -> str | tuple[str, int]:
    course = _course_for_me(course_id)
    module = _module_for_me(course, module_id)
    state = pages.progress(db.session, current_user, course)
    opens_on = pages.locked_until(state, module)
    if opens_on is not None:
        return pages.render_locked(module, opens_on), 403
    return pages.handle_post(
        db.session,
        current_user,
        course,
        module,
        state,
        lesson_mode=False,
        reflection_action=url_for("learning.reflect", course_id=course.id, module_id=module.id),
        retry_url=url_for("learning.module", course_id=course.id, module_id=module.id),
    )


@blueprint.post("/kurser/<course_id>/<module_id>/reflektion")
@login_required
def reflect(course_id: str, module_id: str) -> str | tuple[str, int]:
    course = _course_for_me(course_id)
    module = _module_for_me(course, module_id)
    if not module.reflection:
        abort(404)
    return pages.save_reflection_page(
        db.session, current_user, course, module, url_for("learning.course", course_id=course.id)
    )


@blueprint.get("/mina-reflektioner")
@login_required
def reflections() -> str:
    mine = my_reflections(db.session, current_user.id)
    return render_template("learning/reflections.html", reflections=mine, courses=library().courses)


@blueprint.post("/kurser/<course_id>/<module_id>/utkast")
@login_required
def save_draft(course_id: str, module_id: str) -> tuple[str, int]:
    course = _course_for_me(course_id)
    module = _module_for_me(course, module_id)
    service.save_draft(db.session, current_user, course, module, pages.submitted_answers(module.questions))
    return "", 204


@blueprint.get("/kurser/<course_id>/intyg")
@login_required
def certificate(course_id: str) -> str:
    course = _course_for_me(course_id)
    status = service.course_status(db.session, current_user, course, utcnow())
    if status.completion is None:
        abort(404)
    verify_url = absolute_url("public.verify", code=status.completion.certificate_code)
    return render_template(
        "learning/certificate.html",
        course=course,
        completion=status.completion,
        person=current_user,
        verify_url=verify_url,
    )


@blueprint.get("/kurser/<course_id>/filer/<path:path>")
@login_required
def course_file(course_id: str, path: str) -> Response:
    course = _course_for_me(course_id)
    if path not in course.assets:
        abort(404)
    return send_from_directory(course.folder, path, max_age=3600)
