"""The strategy in brief, whom to contact, the accessibility statement, open courses and
certificate checks: readable by anyone, without tracking."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, send_from_directory, url_for
from werkzeug.wrappers import Response

from ..content import Course, grade
from ..course_library import library
from ..extensions import db
from ..learning.service import completion_by_code

blueprint = Blueprint("public", __name__)


@blueprint.get("/")
def index() -> str:
    open_courses = [c for c in library().courses.values() if c.audience.public]
    return render_template("public/index.html", open_courses=open_courses)


@blueprint.get("/tillganglighet")
def accessibility() -> str:
    return render_template("public/accessibility.html")


@blueprint.get("/intyg")
def verify_form() -> str | Response:
    code = request.args.get("kod", "").strip()
    if code:
        return redirect(url_for("public.verify", code=code))
    return render_template("public/verify.html", found=None, code="")


@blueprint.get("/intyg/<code>")
def verify(code: str) -> tuple[str, int]:
    found = completion_by_code(db.session, code[:40])
    course = library().course(found[0].course_id) if found else None
    return render_template("public/verify.html", found=found, course=course, code=code), 200 if found else 404


def _open_course(course_id: str) -> Course:
    course = library().course(course_id)
    if course is None or not course.audience.public:
        abort(404)
    return course


@blueprint.get("/oppna-kurser/<course_id>")
def open_course(course_id: str) -> str:
    return render_template("public/course.html", course=_open_course(course_id))


@blueprint.route("/oppna-kurser/<course_id>/<module_id>", methods=["GET", "POST"])
def open_module(course_id: str, module_id: str) -> str:
    course = _open_course(course_id)
    module = course.module(module_id)
    if module is None:
        abort(404)
    result = None
    if request.method == "POST":
        # Graded for the visitor's own sake and never stored.
        answers = {q.id: request.form.getlist(f"svar-{q.id}") for q in module.questions}
        result = grade(module, answers, course.pass_mark)
    return render_template("public/module.html", course=course, module=module, result=result)


@blueprint.get("/oppna-kurser/<course_id>/filer/<path:path>")
def open_course_file(course_id: str, path: str) -> Response:
    course = _open_course(course_id)
    if path not in course.assets:
        abort(404)
    return send_from_directory(course.folder, path, max_age=3600)
