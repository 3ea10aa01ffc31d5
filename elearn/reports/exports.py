"""The report pages as tables for `spreadsheets.to_csv`/`to_xlsx`, small groups still suppressed,
headed in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock
from ..content import Course, Topic
from ..forms import KIND_NAMES
from ..learning import status
from ..spreadsheets import About, Table, too_few
from .filters import Filters
from .retention import Retention
from .service import Overview, PersonStatus, TopicGaps


def _title(courses: Mapping[str, Course], course_id: str) -> str:
    return courses[course_id].title if course_id in courses else course_id


def overview_table(data: Overview, courses: Mapping[str, Course]) -> Table:
    header = [
        _("Grupp"),
        _("Kurs"),
        _("Antal"),
        _("Klara"),
        _("Utgångna"),
        _("Påbörjade"),
        _("Inte påbörjade"),
        _("Försenade"),
        _("Andel klara (%)"),
    ]
    if data.since is not None:
        header.append(_("Genomförda under perioden"))

    def line(group: str, course_id: str, c) -> list[object]:
        if c.suppressed:
            return [group, _title(courses, course_id), *[too_few()] * (len(header) - 2)]
        counts = [c.headcount, c.completed, c.expired, c.in_progress, c.not_started, c.overdue, c.completed_percent]
        if data.since is not None:
            counts.append(c.completed_in_period)
        return [group, _title(courses, course_id), *counts]

    rows = [line(row.group_name, row.course_id, row.counts) for row in data.rows]
    rows += [line(_("Totalt"), course_id, c) for course_id, c in data.totals.items()]
    return header, rows


def people_table(data: Sequence[PersonStatus], courses: Mapping[str, Course]) -> Table:
    header = [
        _("Namn"),
        _("E-post"),
        _("Kurs"),
        _("Status"),
        _("Klar senast"),
        _("Försenad"),
        _("Genomförd"),
        _("Senast påmind"),
    ]
    yes, no = _("ja"), _("nej")
    rows: list[list[object]] = [
        [
            p.name,
            p.email,
            _title(courses, p.course_id),
            status.label(p.status),
            p.due_on or "",
            yes if p.overdue else no,
            clock.local_date(p.completed_at) if p.completed_at else "",
            clock.local_date(p.reminded_at) if p.reminded_at else "",
        ]
        for p in data
    ]
    return header, rows


def topics_table(data: TopicGaps, topics: Mapping[str, Topic]) -> Table:
    titles = [topics[t].title if t in topics else t for t in data.topics]
    header = [_("Grupp"), *titles]
    rows: list[list[object]] = []
    for group, name in data.groups:
        rows.append([name, *(_share(data.cells.get((group, t))) for t in data.topics)])
    rows.append([_("Totalt"), *(_share(data.totals.get(t)) for t in data.topics)])
    return header, rows


def retention_table(data: Retention, topics: Mapping[str, Topic]) -> Table:
    header = [
        _("Grupp"),
        _("Ämne"),
        _("Första försöket (%)"),
        _("Vid repetition (%)"),
        _("Förändring (procentenheter)"),
    ]
    rows: list[list[object]] = []
    named = [*data.groups, (None, _("Totalt"))]
    for group, name in named:
        for topic in data.topics:
            cell = data.totals.get(topic) if group is None else data.cells.get((group, topic))
            if cell is None:
                continue
            title = topics[topic].title if topic in topics else topic
            if cell.suppressed:
                rows.append([name, title, *[too_few()] * 3])
            else:
                rows.append([name, title, cell.first_percent, cell.repeat_percent, cell.change])
    return header, rows


def _share(cell) -> object:
    if cell is None:
        return ""
    return too_few() if cell.suppressed else cell.percent


PEOPLE_STATUS_LABELS = {**status.LABELS, "overdue": _l("Försenade")}


def about(
    organisation: str,
    filters: Filters,
    courses: Mapping[str, Course],
    group_name: str | None = None,
    extra: Sequence[tuple[str, str]] = (),
    minimum: int | None = None,
) -> About:
    """The block that opens an XLSX report: whose figures, as of when, narrowed how, and the
    suppression rule when figures are aggregated."""
    everyone = _("Alla")
    lines = [
        (_("Organisation"), organisation),
        (_("Läge per"), filters.as_of_date.isoformat()),
        (_("Kurs"), _title(courses, filters.course_id) if filters.course_id else everyone),
        (_("Typ"), str(KIND_NAMES[filters.kind]) if filters.kind else everyone),
    ]
    if group_name is not None:
        lines.append((_("Grupp"), group_name))
    lines.extend(extra)
    if minimum is not None:
        rule = _(
            "Grupper med färre än %(minimum)s personer visas som ”%(too_few)s”.", minimum=minimum, too_few=too_few()
        )
        lines.append((_("Små grupper"), rule))
    return lines
