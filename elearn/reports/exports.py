"""The report pages as tables for `spreadsheets.to_csv`/`to_xlsx`, small groups still suppressed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import clock
from ..content import Course, Topic
from ..learning import status
from ..spreadsheets import TOO_FEW, Table
from .retention import Retention
from .service import Overview, PersonStatus, TopicGaps


def _title(courses: Mapping[str, Course], course_id: str) -> str:
    return courses[course_id].title if course_id in courses else course_id


def overview_table(data: Overview, courses: Mapping[str, Course]) -> Table:
    header = [
        "Grupp",
        "Kurs",
        "Antal",
        "Klara",
        "Utgångna",
        "Påbörjade",
        "Inte påbörjade",
        "Försenade",
        "Andel klara (%)",
    ]

    def line(group: str, course_id: str, c) -> list[object]:
        if c.suppressed:
            return [group, _title(courses, course_id), *[TOO_FEW] * 7]
        counts = [c.headcount, c.completed, c.expired, c.in_progress, c.not_started, c.overdue, c.completed_percent]
        return [group, _title(courses, course_id), *counts]

    rows = [line(row.group_name, row.course_id, row.counts) for row in data.rows]
    rows += [line("Totalt", course_id, c) for course_id, c in data.totals.items()]
    return header, rows


def people_table(data: Sequence[PersonStatus], courses: Mapping[str, Course]) -> Table:
    header = ["Namn", "E-post", "Kurs", "Status", "Klar senast", "Försenad", "Genomförd"]
    rows: list[list[object]] = [
        [
            p.name,
            p.email,
            _title(courses, p.course_id),
            status.label(p.status),
            p.due_on.isoformat() if p.due_on else "",
            "ja" if p.overdue else "nej",
            clock.local_date(p.completed_at).isoformat() if p.completed_at else "",
        ]
        for p in data
    ]
    return header, rows


def topics_table(data: TopicGaps, topics: Mapping[str, Topic]) -> Table:
    titles = [topics[t].title if t in topics else t for t in data.topics]
    header = ["Grupp", *titles]
    rows: list[list[object]] = []
    for group, name in data.groups:
        rows.append([name, *(_share(data.cells.get((group, t))) for t in data.topics)])
    rows.append(["Totalt", *(_share(data.totals.get(t)) for t in data.topics)])
    return header, rows


def retention_table(data: Retention, topics: Mapping[str, Topic]) -> Table:
    header = ["Grupp", "Ämne", "Första försöket (%)", "Vid repetition (%)", "Förändring (procentenheter)"]
    rows: list[list[object]] = []
    named = [*data.groups, (None, "Totalt")]
    for group, name in named:
        for topic in data.topics:
            cell = data.totals.get(topic) if group is None else data.cells.get((group, topic))
            if cell is None:
                continue
            title = topics[topic].title if topic in topics else topic
            if cell.suppressed:
                rows.append([name, title, TOO_FEW, TOO_FEW, TOO_FEW])
            else:
                rows.append([name, title, cell.first_percent, cell.repeat_percent, cell.change])
    return header, rows


def _share(cell) -> object:
    if cell is None:
        return ""
    return TOO_FEW if cell.suppressed else cell.percent
