"""Report pages and exports. HR and admins see everything; a coordinator sees their own department."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import clock
from ..access import may, requires
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..spreadsheets import Table, attachment, table_download
from . import adoption, as_of, exports, lagesbild, retention, service
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


def _this_year() -> int:
    return clock.today(utcnow()).year


def _year() -> int:
    year = request.args.get("ar", _this_year(), type=int)
    if not 2000 <= year <= _this_year():
        abort(404)
    return year


def _build_lagesbild(year: int) -> lagesbild.Lagesbild:
    config = current_app.config
    return lagesbild.build(
        db.session,
        year,
        config["COORDINATOR_COURSE"],
        config["SUPPRESSION_MINIMUM"],
        utcnow(),
        retention_min_days=config["RETENTION_MIN_DAYS"],
    )


def _render_lagesbild(template: str, report: lagesbild.Lagesbild, record: object | None = None) -> str:
    return render_template(
        template,
        report=report,
        adoption=record,
        courses=library().courses,
        topics=library().topics,
        elected=ELECTED_GROUP,
        gaps=report.gaps,
        minimum=current_app.config["SUPPRESSION_MINIMUM"],
    )


@blueprint.get("/lagesbild")
@requires("reports.read_all")
def lagesbild_page() -> str:
    """A year HR has adopted shows the document as adopted; any other year is a draft."""
    year = _year()
    record = adoption.adopted(db.session, year)
    if record is not None:
        body = Markup(record.html)  # noqa: S704  rendered (and escaped) by our own template when adopted
    else:
        body = Markup(_render_lagesbild("reports/_lagesbild_body.html", _build_lagesbild(year)))  # noqa: S704
    return render_template("reports/lagesbild.html", year=year, this_year=_this_year(), record=record, body=body)


@blueprint.get("/lagesbild.pdf")
@requires("reports.read_all")
def lagesbild_pdf() -> Response:
    year = _year()
    record = adoption.adopted(db.session, year)
    if record is not None:
        return attachment(record.pdf, f"lagesbild-{year}-faststalld.pdf")
    html = _render_lagesbild("reports/lagesbild_print.html", _build_lagesbild(year))
    return attachment(html_to_pdf(html, request.url_root), f"lagesbild-{year}-utkast.pdf")


@blueprint.get("/lagesbild/faststallda")
@requires("reports.read_all")
def adopted_lagesbilder() -> str:
    return render_template("reports/adopted.html", records=adoption.adopted_years(db.session), year=_this_year())


@blueprint.post("/lagesbild/faststall")
@requires("reports.adopt")
def adopt_lagesbild() -> Response:
    """Adopting a year that is over stores its figures, page and PDF as they are now, for good."""
    year = request.form.get("ar", type=int)
    if year is None or not 2000 <= year < _this_year():
        flash(_("Bara ett år som är slut kan fastställas."), "error")
        return redirect(url_for("reports.adopted_lagesbilder"))
    if adoption.adopted(db.session, year) is not None:
        flash(_("Lägesbilden för %(year)s är redan fastställd och ändras inte.", year=year), "error")
        return redirect(url_for("reports.lagesbild_page", ar=year))
    report = _build_lagesbild(year)
    record = adoption.AdoptedLagesbild(
        year=year, adopted_at=utcnow(), adopted_by_id=current_user.id, adopted_by_name=current_user.name
    )
    record.html = _render_lagesbild("reports/_lagesbild_body.html", report, record)
    record.pdf = html_to_pdf(_render_lagesbild("reports/lagesbild_print.html", report, record), request.url_root)
    record.figures = lagesbild.figures(report)
    try:
        adoption.adopt(db.session, record)
    except adoption.AlreadyAdopted:
        flash(_("Lägesbilden för %(year)s är redan fastställd och ändras inte.", year=year), "error")
        return redirect(url_for("reports.lagesbild_page", ar=year))
    flash(_("Lägesbilden för %(year)s är fastställd.", year=year), "success")
    return redirect(url_for("reports.lagesbild_page", ar=year))


@blueprint.get("/trender")
@requires("reports.read_all")
def trends() -> str:
    now = utcnow()
    today = clock.today(now)
    minimum = current_app.config["SUPPRESSION_MINIMUM"]
    course_id = request.args.get("kurs") if request.args.get("kurs") in library().courses else None
    # Each year as it stood at its end, from history, as in the lägesbild.
    years = [
        (
            year,
            as_of.overview_as_of(
                db.session,
                Filters(as_of=min(clock.end_of_year(year), now), course_id=course_id),
                minimum,
                current_app.config["COORDINATOR_COURSE"],
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
