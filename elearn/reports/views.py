"""Report pages and exports. HR and admins see everything; a coordinator sees their own department."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user

from .. import clock
from ..access import may, requires
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..spreadsheets import Table, attachment, table_download
from . import exports, lagesbild, retention, service
from .filters import ELECTED_GROUP, Filters
from .pdf import html_to_pdf

blueprint = Blueprint("reports", __name__, url_prefix="/rapporter")


def _filters(group: int | None = None) -> Filters:
    """The filters from the query string, narrowed to what the viewer may see."""
    args = request.args
    day = _parse_date(args.get("datum"))
    as_of = min(clock.end_of_day(day), utcnow()) if day else utcnow()
    course_id = args.get("kurs") if args.get("kurs") in library().courses else None
    kind = args.get("typ") if args.get("typ") in ("employee", "elected", "partner") else None
    if not may("reports.read_all"):
        own = current_user.department_id
        if own is None or (group is not None and group != own):
            abort(403)
        group = own
    return Filters(as_of=as_of, course_id=course_id, kind=kind, group=group)


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _table_response(table: Table, name: str, fmt: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    return table_download(table, name, fmt)


@blueprint.get("/")
@requires("reports.read")
def overview() -> str:
    filters = _filters()
    return render_template(
        "reports/overview.html",
        data=service.overview(db.session, filters, current_app.config["SUPPRESSION_MINIMUM"]),
        coverage=service.coordinator_coverage(db.session, current_app.config["COORDINATOR_COURSE"], filters.as_of)
        if may("reports.read_all")
        else None,
        filters=filters,
        courses=library().courses,
        args=request.args,
        minimum=current_app.config["SUPPRESSION_MINIMUM"],
    )


@blueprint.get("/oversikt.<fmt>")
@requires("reports.read")
def overview_export(fmt: str) -> Response:
    data = service.overview(db.session, _filters(), current_app.config["SUPPRESSION_MINIMUM"])
    return _table_response(exports.overview_table(data, library().courses), "genomforande", fmt)


def _group(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        abort(404)


@blueprint.get("/grupp/<group>")
@requires("reports.read")
def drill_down(group: str) -> str:
    filters = _filters(_group(group))
    sort = request.args.get("sortera", "forsenade")
    return render_template(
        "reports/drill_down.html",
        people=service.drill_down(db.session, filters, sort),
        group_name=service.group_names(db.session).get(filters.group, "?"),
        group=filters.group,
        sort=sort,
        courses=library().courses,
        filters=filters,
        args=request.args,
    )


@blueprint.get("/grupp/<group>/export.<fmt>")
@requires("reports.read")
def drill_down_export(group: str, fmt: str) -> Response:
    filters = _filters(_group(group))
    people = service.drill_down(db.session, filters, request.args.get("sortera", "forsenade"))
    return _table_response(exports.people_table(people, library().courses), f"personer-{filters.group}", fmt)


@blueprint.get("/amnen")
@requires("reports.read")
def topics() -> str:
    filters = _filters()
    gaps = service.topic_gaps(db.session, filters, current_app.config["SUPPRESSION_MINIMUM"])
    return render_template(
        "reports/topics.html",
        gaps=gaps,
        topics=library().topics,
        courses=library().courses,
        filters=filters,
        args=request.args,
        minimum=current_app.config["SUPPRESSION_MINIMUM"],
    )


@blueprint.get("/amnen.<fmt>")
@requires("reports.read")
def topics_export(fmt: str) -> Response:
    gaps = service.topic_gaps(db.session, _filters(), current_app.config["SUPPRESSION_MINIMUM"])
    return _table_response(exports.topics_table(gaps, library().topics), "amnen", fmt)


def _retention() -> retention.Retention:
    config = current_app.config
    return retention.retention(db.session, _filters(), config["SUPPRESSION_MINIMUM"], config["RETENTION_MIN_DAYS"])


@blueprint.get("/repetition")
@requires("reports.read")
def retention_report() -> str:
    return render_template(
        "reports/retention.html",
        data=_retention(),
        topics=library().topics,
        courses=library().courses,
        filters=_filters(),
        args=request.args,
        minimum=current_app.config["SUPPRESSION_MINIMUM"],
    )


@blueprint.get("/repetition.<fmt>")
@requires("reports.read")
def retention_export(fmt: str) -> Response:
    return _table_response(exports.retention_table(_retention(), library().topics), "repetition", fmt)


def _lagesbild() -> lagesbild.Lagesbild:
    now = utcnow()
    this_year = clock.today(now).year
    year = request.args.get("ar", this_year, type=int)
    if not 2000 <= year <= this_year:
        abort(404)
    config = current_app.config
    return lagesbild.build(
        db.session,
        year,
        config["COORDINATOR_COURSE"],
        config["SUPPRESSION_MINIMUM"],
        now,
        retention_min_days=config["RETENTION_MIN_DAYS"],
    )


def _render_lagesbild(template: str) -> tuple[lagesbild.Lagesbild, str]:
    report = _lagesbild()
    html = render_template(
        template,
        report=report,
        courses=library().courses,
        topics=library().topics,
        elected=ELECTED_GROUP,
        gaps=report.gaps,
        minimum=current_app.config["SUPPRESSION_MINIMUM"],
    )
    return report, html


@blueprint.get("/lagesbild")
@requires("reports.read_all")
def lagesbild_page() -> str:
    return _render_lagesbild("reports/lagesbild.html")[1]


@blueprint.get("/lagesbild.pdf")
@requires("reports.read_all")
def lagesbild_pdf() -> Response:
    report, html = _render_lagesbild("reports/lagesbild_print.html")
    return attachment(html_to_pdf(html, request.url_root), f"lagesbild-{report.year}.pdf")


@blueprint.get("/trender")
@requires("reports.read_all")
def trends() -> str:
    now = utcnow()
    today = clock.today(now)
    minimum = current_app.config["SUPPRESSION_MINIMUM"]
    course_id = request.args.get("kurs") if request.args.get("kurs") in library().courses else None
    years = [
        (
            year,
            service.overview(
                db.session, Filters(as_of=min(clock.end_of_year(year), now), course_id=course_id), minimum
            ),
        )
        for year in range(today.year - 3, today.year + 1)
    ]
    start = clock.start_of_day(date(today.year - 1, today.month, 1))
    months = service.completions_by_month(db.session, start, now, course_id)
    per_month: dict[str, int] = {}
    for month in months:
        label = f"{month.year:04d}-{month.month:02d}"
        per_month[label] = per_month.get(label, 0) + month.completions
    return render_template(
        "reports/trends.html",
        years=years,
        months=months,
        month_chart=list(per_month.items()),
        courses=library().courses,
        course_id=course_id,
        args=request.args,
        minimum=minimum,
    )
