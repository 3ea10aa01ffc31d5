"""Mina kurser, course and module pages, quiz submission and certificates."""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, abort, current_app, render_template, request, send_from_directory
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..content import Course, Module
from ..courses import library
from ..db import utcnow
from ..extensions import db
from ..surveys.service import invitations_for
from . import service

blueprint = Blueprint("learning", __name__)
SUBMISSION_ID = re.compile(r"^[0-9a-f]{32}$")


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


def _submitted_answers(module: Module) -> dict[str, list[str]]:
    return {q.id: request.form.getlist(f"svar-{q.id}") for q in module.questions}


@blueprint.get("/mina-kurser")
@login_required
def dashboard() -> str:
    courses = service.my_courses(db.session, current_user, library(), utcnow())
    surveys = invitations_for(db.session, current_user, utcnow().date())
    return render_template(
        "learning/dashboard.html", courses=courses, today=utcnow().date(), survey_invitations=surveys
    )


@blueprint.get("/kurser/<course_id>")
@login_required
def course(course_id: str) -> str:
    course = _course_for_me(course_id)
    status = service.course_status(db.session, current_user, course, utcnow())
    return render_template("learning/course.html", course=course, status=status, today=utcnow().date())


@blueprint.get("/kurser/<course_id>/<module_id>")
@login_required
def module(course_id: str, module_id: str) -> str:
    course = _course_for_me(course_id)
    module = _module_for_me(course, module_id)
    return _module_page(course, module, service.draft_answers(db.session, current_user, course, module))


def _module_page(course: Course, module: Module, chosen: dict[str, list[str]], error: str | None = None) -> str:
    status = service.course_status(db.session, current_user, course, utcnow())
    return render_template(
        "learning/module.html",
        course=course,
        module=module,
        status=status,
        chosen=chosen,
        submission_id=uuid.uuid4().hex,
        seed=str(current_user.id),
        error=error,
    )


@blueprint.post("/kurser/<course_id>/<module_id>")
@login_required
def submit(course_id: str, module_id: str) -> str | tuple[str, int]:
    course = _course_for_me(course_id)
    module = _module_for_me(course, module_id)
    answers = _submitted_answers(module)
    submission_id = request.form.get("submission_id", "")
    if not SUBMISSION_ID.match(submission_id):
        return _module_page(
            course, module, answers, error=_("Formuläret var ofullständigt. Dina svar finns kvar, skicka igen.")
        ), 400
    submission = service.submit_quiz(db.session, current_user, course, module, answers, submission_id, utcnow())
    status = service.course_status(db.session, current_user, course, utcnow())
    return render_template("learning/result.html", course=course, module=module, submission=submission, status=status)


@blueprint.post("/kurser/<course_id>/<module_id>/utkast")
@login_required
def save_draft(course_id: str, module_id: str) -> tuple[str, int]:
    course = _course_for_me(course_id)
    module = _module_for_me(course, module_id)
    service.save_draft(db.session, current_user, course, module, _submitted_answers(module))
    return "", 204


@blueprint.get("/kurser/<course_id>/intyg")
@login_required
def certificate(course_id: str) -> str:
    course = _course_for_me(course_id)
    status = service.course_status(db.session, current_user, course, utcnow())
    if status.completion is None:
        abort(404)
    verify_url = current_app.config["BASE_URL"].rstrip("/") + "/intyg/" + status.completion.certificate_code
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
