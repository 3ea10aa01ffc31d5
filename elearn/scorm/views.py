"""Admins download any course as a SCORM 1.2 package for the municipality's other LMS."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template

from ..access import requires
from ..course_library import library
from .package import build_package

blueprint = Blueprint("scorm", __name__, url_prefix="/export/scorm")


@blueprint.get("/")
@requires("courses.export")
def courses() -> str:
    return render_template("scorm/courses.html", courses=list(library().courses.values()))


@blueprint.get("/<course_id>.zip")
@requires("courses.export")
def download(course_id: str) -> Response:
    course = library().course(course_id)
    if course is None:
        abort(404)
    return Response(
        build_package(course, current_app.config["ORG"]["name"]),
        mimetype="application/zip",
        headers={"Content-Disposition": f"attachment; filename={course.id}-scorm12.zip"},
    )
