"""The read-only endpoints under /api/v1/. Each states its scope; the OpenAPI document in
`openapi.py` describes exactly these, and the tests hold the two together."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy import select

from .. import clock
from ..course_library import library
from ..db import as_utc, utcnow
from ..extensions import db
from ..form_checks import EARLIEST, LATEST
from ..json_errors import ApiError
from ..learning.models import Assignment
from ..learning.service import my_courses
from ..people.models import Department, Person
from ..reports import service as reports
from ..reports.as_of import dated_overview, dated_topic_gaps
from ..reports.filters import Filters
from .auth import guard, token_required
from .openapi import document, parameter_names
from .pagination import MAX_ID, STATUS_PAGE_MAX, page, page_request

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
guard(blueprint)


@blueprint.before_request
def refuse_unknown_parameters() -> None:
    """A misspelt parameter (`?courses=`) would otherwise be ignored silently and return
    figures the client did not ask for."""
    if request.url_rule is None:
        return
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", request.url_rule.rule.removeprefix(blueprint.url_prefix or ""))
    unknown = set(request.args) - parameter_names(path)
    if unknown:
        raise ApiError(400, "invalid_parameter", f"Unknown parameter: {', '.join(sorted(unknown))}.")


def _iso(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    return as_utc(moment).isoformat() if isinstance(moment, datetime) else moment.isoformat()


def _listing(items: list[dict[str, Any]], next_cursor: str | None) -> Response:
    return jsonify(data=items, next_cursor=next_cursor)


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document(sorted(library().courses)))


@blueprint.get("/departments")
@token_required("people:read")
def departments() -> Response:
    rows, cursor = page(db.session, select(Department), Department.id, page_request())
    return _listing([_department(d) for d in rows], cursor)


def _department(department: Department) -> dict[str, Any]:
    return {"id": department.id, "code": department.code, "name": department.name, "active": department.active}


@blueprint.get("/people")
@token_required("people:read")
def people() -> Response:
    rows, cursor = page(db.session, select(Person), Person.id, page_request())
    return _listing([_person(p) for p in rows], cursor)


@blueprint.get("/people/<int:person_id>")
@token_required("people:read")
def person(person_id: int) -> Response:
    return jsonify(_person(_find_person(person_id)))


def _find_person(person_id: int) -> Person:
    found = db.session.get(Person, person_id) if person_id <= MAX_ID else None
    if found is None:
        raise ApiError(404, "not_found", "No person with that id.")
    return found


def _person(person: Person) -> dict[str, Any]:
    """What an HR system needs to match a person; names and addresses stay in elearn."""
    return {
        "id": person.id,
        "employee_id": person.employee_id,
        "department_id": person.department_id,
        "department_code": person.department_code,
        "kind": person.kind,
        "active": person.active,
    }


@blueprint.get("/people/<int:person_id>/courses")
@token_required("people:read")
def person_courses(person_id: int) -> Response:
    found = _find_person(person_id)
    now = utcnow()
    return jsonify(person_id=found.id, as_of=_iso(now), data=_course_statuses(found, now))


@blueprint.get("/statuses")
@token_required("people:read")
def statuses() -> Response:
    """Everyone's status per course, a page of people at a time, for an HR system's nightly sync.

    One status read per person on the page (learning.service.my_courses, three queries each),
    so pages are kept smaller than elsewhere; a grouped read for many people belongs in the
    learning capability's status module once it has one."""
    wanted = page_request(max_limit=STATUS_PAGE_MAX)
    rows, cursor = page(db.session, select(Person), Person.id, wanted)
    now = utcnow()
    return jsonify(
        as_of=_iso(now),
        data=[{"person_id": person.id, "courses": _course_statuses(person, now)} for person in rows],
        next_cursor=cursor,
    )


def _course_statuses(person: Person, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "course_id": status.course.id,
            "status": status.status,
            "progress_percent": status.progress_percent,
            "due_on": _iso(status.due_on),
            "overdue": status.overdue(clock.local_date(now)),
            "completed_at": _iso(status.completion.completed_at) if status.completion else None,
            "expires_at": _iso(status.completion.expires_at) if status.completion else None,
        }
        for status in my_courses(db.session, person, library(), now)
    ]


@blueprint.get("/assignments")
@token_required("people:read")
def assignments() -> Response:
    rows, cursor = page(db.session, select(Assignment), Assignment.id, page_request())
    return _listing(
        [
            {
                "id": a.id,
                "person_id": a.person_id,
                "course_id": a.course_id,
                "due_on": _iso(a.due_on),
                "source": a.source,
                "assigned_at": _iso(a.created_at),
            }
            for a in rows
        ],
        cursor,
    )


def _report_filters() -> Filters:
    """The same filters as the report pages: a course, a kind of person, a date."""
    args = request.args
    course_id = args.get("course")
    if course_id is not None and course_id not in library().courses:
        raise ApiError(400, "invalid_parameter", "course must be the id of a loaded course.")
    kind = args.get("kind")
    if kind is not None and kind not in ("employee", "elected", "partner"):
        raise ApiError(400, "invalid_parameter", "kind must be employee, elected or partner.")
    now = utcnow()
    as_of = now
    if "date" in args:
        try:
            day = date.fromisoformat(args["date"])
        except ValueError as error:
            raise ApiError(400, "invalid_parameter", "date must be a date such as 2026-06-30.") from error
        # The report pages' bound: 9999-12-31 would overflow the day's end.
        if not EARLIEST <= day <= LATEST:
            raise ApiError(400, "invalid_parameter", f"date must lie between {EARLIEST} and {LATEST}.")
        as_of = min(clock.end_of_day(day), now)
    return Filters(as_of=as_of, course_id=course_id, kind=kind)


@blueprint.get("/reports/overview")
@token_required("reports:read")
def overview() -> Response:
    filters = _report_filters()
    minimum = current_app.config["SUPPRESSION_MINIMUM"]
    data = dated_overview(db.session, filters, minimum)
    return jsonify(
        as_of=_iso(filters.as_of),
        suppression_minimum=minimum,
        groups=[
            {"group_id": row.group, "group_name": row.group_name, "course_id": row.course_id, **_counts(row.counts)}
            for row in data.rows
        ],
        totals=[{"course_id": course_id, **_counts(counts)} for course_id, counts in sorted(data.totals.items())],
    )


def _counts(counts: reports.StatusCounts) -> dict[str, Any]:
    """A suppressed group says only that it is suppressed, as the page's "för få" does."""
    names = ("headcount", "completed", "expired", "in_progress", "not_started", "overdue", "completed_percent")
    if counts.suppressed:
        return {"suppressed": True, **dict.fromkeys(names)}
    return {"suppressed": False, **{name: getattr(counts, name) for name in names}}


@blueprint.get("/reports/topics")
@token_required("reports:read")
def topics() -> Response:
    filters = _report_filters()
    minimum = current_app.config["SUPPRESSION_MINIMUM"]
    gaps = dated_topic_gaps(db.session, filters, minimum)
    return jsonify(
        as_of=_iso(filters.as_of),
        suppression_minimum=minimum,
        topics=[{"topic": topic, **_cell(cell)} for topic, cell in sorted(gaps.totals.items())],
        groups=[
            {"group_id": group_id, "group_name": name, "topic": topic, **_cell(gaps.cells[(group_id, topic)])}
            for group_id, name in gaps.groups
            for topic in gaps.topics
            if (group_id, topic) in gaps.cells
        ],
    )


def _cell(cell: reports.TopicCell) -> dict[str, Any]:
    """A suppressed cell says only that it is suppressed, as the page's "för få" does."""
    if cell.suppressed:
        return {"suppressed": True, "people": None, "answers": None, "right_percent": None}
    return {"suppressed": False, "people": cell.people, "answers": cell.answers, "right_percent": cell.percent}
