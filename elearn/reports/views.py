"""Report pages and exports. HR and admins see everything; a coordinator sees their own department."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from .. import clock
from ..access import may, requires
from ..confirm import confirmation_page, confirmed
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..form_checks import EARLIEST, LATEST
from ..input_guard import bounded_int
from ..learning import reminders
from ..learning import status as status_rule
from ..learning.models import Assignment
from ..outbox.after_response import deliver_queued_soon
from ..people.models import Person
from ..spreadsheets import Table, attachment, file_name, table_download
from . import adoption, as_of, exports, lagesbild, retention, service
from . import person as follow
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


def _since() -> datetime | None:
    """The start of a report's period (fran): answers before it are left out, and the overview
    counts the completions from it; its end is the as-of date."""
    day = _parse_date(request.args.get("fran"))
    return clock.start_of_day(day) if day else None


def _period_about(label: str | None = None) -> tuple[tuple[str, str], ...]:
    since = _since()
    return ((label or _("Svar från"), clock.local_date(since).isoformat()),) if since else ()


def _parse_date(value: str | None) -> date | None:
    """The report's "as of" day; one outside reason (9999-12-31 overflows the day's end) is none."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and EARLIEST <= day <= LATEST else None


def _table_response(
    table: Table, what: str, fmt: str, filters: Filters, aggregated: bool = True, extra: tuple = ()
) -> Response:
    """A report download named by what it holds, whose group and which day, e.g.
    forsenade-barn-och-utbildning-2026-12-01.xlsx; the XLSX says so in its opening lines."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    config = current_app.config
    group = service.group_names(db.session).get(filters.group) if filters.group is not None else None
    about = exports.about(
        config["ORG"]["name"],
        filters,
        library().courses,
        group,
        extra,
        config["SUPPRESSION_MINIMUM"] if aggregated else None,
    )
    name = file_name(what, group or "", filters.as_of_date.isoformat())
    return table_download(table, name, fmt, about)


@blueprint.get("/")
@requires("reports.read")
def overview() -> str:
    filters = _filters()
    return render_template(
        "reports/overview.html",
        data=as_of.dated_overview(db.session, filters, current_app.config["SUPPRESSION_MINIMUM"], _since()),
        coverage=as_of.dated_coverage(db.session, current_app.config["COORDINATOR_COURSE"], filters)
        if may("reports.read_all")
        else None,
        filters=filters,
        since_label=_("Genomförda från"),
        courses=library().courses,
        args=request.args,
        minimum=current_app.config["SUPPRESSION_MINIMUM"],
        goal=current_app.config["COMPLETION_GOAL_PERCENT"],
    )


@blueprint.get("/oversikt.<fmt>")
@requires("reports.read")
def overview_export(fmt: str) -> Response:
    filters = _filters()
    data = as_of.dated_overview(db.session, filters, current_app.config["SUPPRESSION_MINIMUM"], _since())
    table = exports.overview_table(data, library().courses)
    return _table_response(table, "genomforande", fmt, filters, extra=_period_about(_("Genomförda från")))


def _group(value: str) -> int:
    """A department id, or the elected officials' own group (-1)."""
    if value == str(ELECTED_GROUP):
        return ELECTED_GROUP
    try:
        return bounded_int(value)
    except ValueError:
        abort(404)


def _people_query() -> service.PeopleQuery:
    args = request.args
    status = args.get("status")
    return service.PeopleQuery(
        sort=args.get("sortera", "forsenade"),
        descending=args.get("ordning") == "fallande",
        status=status if status in (*status_rule.STATUSES, "overdue") else None,
        text=args.get("q", "")[:100],
    )


@blueprint.get("/grupp/<group>")
@requires("reports.read")
def drill_down(group: str) -> str:
    filters = _filters(_group(group))
    query = _people_query()
    people = as_of.dated_drill_down(db.session, filters, query)
    # The reminder buttons reach today's people (`_reminder_targets`), whatever day the list is of.
    today = replace(filters, as_of=utcnow())
    return render_template(
        "reports/drill_down.html",
        page=service.page_of(people, request.args.get("sida", 1, type=int)),
        group_name=service.group_names(db.session).get(filters.group, "?"),
        group=filters.group,
        query=query,
        courses=library().courses,
        filters=filters,
        args=request.args,
        reminder_interval=current_app.config["REMINDER_INTERVAL_DAYS"],
        group_courses=[
            row.course_id for row in service.overview(db.session, today, current_app.config["SUPPRESSION_MINIMUM"]).rows
        ],
    )


@blueprint.get("/grupp/<group>/export.<fmt>")
@requires("reports.read")
def drill_down_export(group: str, fmt: str) -> Response:
    filters = _filters(_group(group))
    query = _people_query()
    people = as_of.dated_drill_down(db.session, filters, query)
    what = {"overdue": "forsenade", "not_started": "inte-paborjade"}.get(query.status or "", "personer")
    chosen = exports.PEOPLE_STATUS_LABELS.get(query.status or "")
    extra = [(_("Status"), str(chosen) if chosen else _("Alla"))]
    if query.text:
        extra.append((_("Sökning"), query.text))
    table = exports.people_table(people, library().courses)
    return _table_response(table, what, fmt, filters, aggregated=False, extra=tuple(extra))


def _followed_person(person_id: int) -> Person:
    person = db.get_or_404(Person, person_id)
    if not follow.may_follow(current_user, person, may("reports.read_all")):
        abort(403)
    return person


@blueprint.get("/person/<int:person_id>")
@requires("reports.read")
def person_status(person_id: int) -> str:
    person = _followed_person(person_id)
    return render_template(
        "reports/person.html",
        record=follow.person_record(db.session, person, library(), utcnow()),
        group=follow.group_of(person),
        attempts_by_module=follow.attempts_by_module,
        topics=library().topics,
        is_reviewer=may("reports.read_all"),
        today=clock.today(),
    )


def _reminder_targets(group: int) -> tuple[Filters, str, list[tuple[Person, Assignment]]]:
    """Who in `group` a reminder of the chosen course would reach: its overdue or its
    not-yet-started people, as the drill-down counts them today."""
    filters = _filters(group)
    if filters.course_id is None:
        abort(404)
    who = request.values.get("vilka")
    if who not in REMINDER_TARGETS:
        abort(404)
    rows = service.drill_down(db.session, replace(filters, as_of=utcnow()), query=service.PeopleQuery(status=who))
    ids = {row.person_id for row in rows}
    pairs = db.session.execute(
        select(Person, Assignment)
        .join(Assignment, Assignment.person_id == Person.id)
        .where(Person.id.in_(ids), Assignment.course_id == filters.course_id)
        .order_by(Person.name, Person.id)
    )
    return filters, who, [(person, assignment) for person, assignment in pairs]


REMINDER_TARGETS = ("overdue", "not_started")


@blueprint.route("/grupp/<group>/paminn", methods=["GET", "POST"])
@requires("reports.read")
def remind(group: str) -> str | Response:
    filters, who, targets = _reminder_targets(_group(group))
    now = utcnow()
    skipped = reminders.reminded_within_interval(db.session, {p.id for p, _ in targets}, now)
    if request.method == "POST":
        if not request.form.get("bekrafta"):
            abort(400)
        sent = reminders.remind_now(db.session, library(), [(p, a) for p, a in targets if p.id not in skipped], now)
        deliver_queued_soon()
        flash(ngettext("%(num)d påminnelse är skickad.", "%(num)d påminnelser är skickade.", sent), "success")
        return redirect(url_for("reports.drill_down", group=filters.group, kurs=filters.course_id, status=who))
    return render_template(
        "reports/remind.html",
        group=filters.group,
        group_name=service.group_names(db.session).get(filters.group, "?"),
        course=library().courses[filters.course_id],
        who=who,
        targets=targets,
        skipped=skipped,
        interval=current_app.config["REMINDER_INTERVAL_DAYS"],
    )


@blueprint.get("/amnen")
@requires("reports.read")
def topics() -> str:
    filters = _filters()
    gaps = as_of.dated_topic_gaps(db.session, filters, current_app.config["SUPPRESSION_MINIMUM"], _since())
    return render_template(
        "reports/topics.html",
        period=True,
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
    filters = _filters()
    gaps = as_of.dated_topic_gaps(db.session, filters, current_app.config["SUPPRESSION_MINIMUM"], _since())
    return _table_response(exports.topics_table(gaps, library().topics), "amnen", fmt, filters, extra=_period_about())


def _retention() -> retention.Retention:
    config = current_app.config
    return as_of.dated_retention(
        db.session, _filters(), config["SUPPRESSION_MINIMUM"], config["RETENTION_MIN_DAYS"], _since()
    )


@blueprint.get("/repetition")
@requires("reports.read")
def retention_report() -> str:
    return render_template(
        "reports/retention.html",
        period=True,
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
    table = exports.retention_table(_retention(), library().topics)
    return _table_response(table, "repetition", fmt, _filters(), extra=_period_about())


def _this_year() -> int:
    return clock.today(utcnow()).year


def _year() -> int:
    year = request.args.get("ar", _this_year(), type=bounded_int)
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
def adopt_lagesbild() -> str | Response:
    """Adopting a year that is over stores its figures, page and PDF as they are now, for good,
    so it is asked once more first. The confirmation posts only its token and `bekrafta`: the
    year comes back in its address."""
    year = request.values.get("ar", type=int)
    if year is None or not 2000 <= year < _this_year():
        flash(_("Bara ett år som är slut kan fastställas."), "error")
        return redirect(url_for("reports.adopted_lagesbilder"))
    if adoption.adopted(db.session, year) is None and not confirmed():
        return confirmation_page(
            _("Fastställa lägesbilden för %(year)s?", year=year),
            _(
                "Siffrorna, sidan och PDF:en sparas som de är nu och kan inte ändras eller fastställas igen. "
                "Det går inte att ångra."
            ),
            url_for("reports.adopt_lagesbild", ar=year),
            _("Ja, fastställ lägesbilden"),
            url_for("reports.lagesbild_page", ar=year),
        )
    try:
        adoption.refuse_if_adopted(db.session, year)
        report = _build_lagesbild(year)
        record = adoption.AdoptedLagesbild(
            year=year, adopted_at=utcnow(), adopted_by_id=current_user.id, adopted_by_name=current_user.name
        )
        record.html = _render_lagesbild("reports/_lagesbild_body.html", report, record)
        record.pdf = html_to_pdf(_render_lagesbild("reports/lagesbild_print.html", report, record), request.url_root)
        record.figures = lagesbild.figures(report)
        adoption.adopt(db.session, record)
    except adoption.AlreadyAdopted as refused:
        flash(str(refused), "error")
        return redirect(url_for("reports.lagesbild_page", ar=year))
    flash(_("Lägesbilden för %(year)s är fastställd.", year=year), "success")
    return redirect(url_for("reports.lagesbild_page", ar=year))


MAX_TREND_MONTHS = 36


def _period(default_months: int) -> tuple[date, date]:
    """The from–to period of the query string (fran, till), defaulting to the last months, at most
    MAX_TREND_MONTHS long and never past today."""
    today = clock.today()
    end = min(_parse_date(request.args.get("till")) or today, today)
    start = _parse_date(request.args.get("fran")) or _months_before(end, default_months)
    start = max(min(start, end), _months_before(end, MAX_TREND_MONTHS))
    return start, end


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _month_ends(start: date, end: date) -> list[date]:
    """The last day of each month from `start` to `end`; the last one is `end` itself."""
    ends, year, month = [], start.year, start.month
    while (year, month) < (end.year, end.month):
        following = date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        year, month = following.year, following.month
    return [*ends, end]


@blueprint.get("/trender")
@requires("reports.read_all")
def trends() -> str:
    now = utcnow()
    minimum = current_app.config["SUPPRESSION_MINIMUM"]
    course_id = request.args.get("kurs") if request.args.get("kurs") in library().courses else None
    start, end = _period(12)
    coordinator_course = current_app.config["COORDINATOR_COURSE"]
    # Each year and each month end as it stood then, from history, as in the lägesbild.
    years = [
        (
            year,
            as_of.overview_as_of(
                db.session,
                Filters(as_of=min(clock.end_of_year(year), now), course_id=course_id),
                minimum,
                coordinator_course,
            ),
        )
        for year in range(end.year - 3, end.year + 1)
    ]
    shares = []
    for day in _month_ends(start, end):
        totals = service.StatusCounts()
        then = Filters(as_of=min(clock.end_of_day(day), now), course_id=course_id)
        for counts in as_of.overview_as_of(db.session, then, minimum, coordinator_course).totals.values():
            totals.add(counts)
        totals.suppressed = totals.headcount < minimum  # the whole organisation, still too few early on
        shares.append((day, totals))
    months = service.completions_by_month(
        db.session, clock.start_of_day(start), min(clock.end_of_day(end), now), course_id
    )
    return render_template(
        "reports/trends.html",
        years=years,
        months=months,
        shares=shares,
        line_points=[
            (day.strftime("%Y-%m"), totals.completed_percent)
            for day, totals in shares
            if not totals.suppressed and totals.completed_percent is not None
        ],
        start=start,
        end=end,
        courses=library().courses,
        course_id=course_id,
        args=request.args,
        minimum=minimum,
    )
