"""The lägesbild PDF fits A4 for a municipality with many departments: every character lies on
the page, is at least 8 pt and clear of every other (no chart label over a value), and the
topic table keeps every department column and the total; a table that runs over pages repeats
its header row and never splits a row."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

from flask import Flask
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTPage
from sqlalchemy import update

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import ModuleAttempt, QuestionResult
from elearn.surveys.models import SurveyRound
from tests.conftest import add_completion
from tests.reports.helpers import date_back
from tests.surveys.helpers import make_round, store_answers

DEPARTMENTS = [
    "Barn- och utbildningsförvaltningen",
    "Socialförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Kommunledningsförvaltningen",
    "Kultur- och fritidsförvaltningen",
    "Miljö- och hälsoskyddskontoret",
    "Vård- och omsorgsförvaltningen",
    "Räddningstjänsten",
    "Överförmyndarförvaltningen",
]

# (people, of whom completed) per department above, the rest 2 people and none completed. The
# first three are large enough for a bar each (2 of 6 is 33 %, 3 of 6 is 50 %, 5 of 6 is 83 %);
# the small ones have one completion among them, so hiding them gives nothing away.
SIZES = {0: (6, 2), 1: (6, 3), 2: (6, 5), 3: (2, 1)}
BARS = {"33%", "50%", "83%"}


def _complete(app: Flask, person_id: int, at: datetime | None = None) -> None:
    add_completion(app, person_id, at or utcnow())


def _answer(app: Flask, person_id: int, right: bool) -> None:
    with app.app_context():
        attempt = ModuleAttempt(
            person_id=person_id,
            course_id="testkurs",
            module_id="01-grunder",
            module_version="v",
            submission_id=f"pdf-{person_id}",
            answers={},
            score=100 if right else 0,
            passed=right,
        )
        db.session.add(attempt)
        db.session.flush()
        for topic in ("begrepp", "signaler", "agera"):
            db.session.add(
                QuestionResult(
                    attempt_id=attempt.id,
                    person_id=person_id,
                    course_id="testkurs",
                    question_id=f"q-{topic}",
                    topic=topic,
                    correct=right,
                    first_attempt=True,
                    created_at=utcnow(),
                )
            )
        db.session.commit()


def _chars(item: LTPage):
    """Every character, in the order pdfminer lays the page out."""
    for child in item:
        if isinstance(child, LTChar):
            yield child
        elif hasattr(child, "__iter__"):
            yield from _chars(child)


def _overlapping(chars: list[LTChar]) -> list[tuple[str, str]]:
    """Pairs of characters drawn over each other (more than kerning's point or two): a chart
    label running into its value, or a cell into the next."""
    found = []
    ordered = sorted(chars, key=lambda c: c.x0)
    for index, a in enumerate(ordered):
        for b in ordered[index + 1 :]:
            if b.x0 >= a.x1 - 2:
                break
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 2 and min(a.y1, b.y1) - max(a.y0, b.y0) > 2:
                found.append((a.get_text(), b.get_text()))
    return found


def _lines(chars: list[LTChar]) -> list[str]:
    """The characters on each baseline, left to right, without spaces: a table row as read."""
    by_line: dict[int, list[LTChar]] = {}
    for char in chars:
        by_line.setdefault(round(char.y0), []).append(char)
    return ["".join(c.get_text() for c in sorted(row, key=lambda c: c.x0)) for _, row in sorted(by_line.items())]


def _flat(text: str) -> str:
    return re.sub(r"[\s\-‐­]", "", text)


def _readable_pages(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Each page's text and lines, once every page is checked: A4, every character on it, at
    least 8 pt and clear of every other."""
    texts, lines = [], []
    for page in extract_pages(io.BytesIO(data)):
        x0, y0, x1, y1 = page.bbox
        assert (round(x1 - x0), round(y1 - y0)) == (595, 842)  # A4 in points
        visible = [char for char in _chars(page) if char.get_text().strip()]
        assert _overlapping(visible) == [], page.pageid
        for char in _chars(page):
            assert x0 <= char.x0 and char.x1 <= x1 and y0 <= char.y0 and char.y1 <= y1, (page.pageid, char)
            if char.get_text().strip():
                assert char.size >= 7.9, (page.pageid, char.get_text(), char.size)
        texts.append("".join(c.get_text() for c in _chars(page)))
        lines.append(_lines(visible))
    return texts, lines


def test_the_pdf_fits_a4_and_keeps_every_department_column(
    app: Flask, create_person, create_department, login_as
) -> None:
    for number, name in enumerate(DEPARTMENTS):
        department = create_department(f"D{number}", name)
        people, completed = SIZES.get(number, (2, 0))
        for index in range(people):
            person = create_person(department=department)
            _answer(app, person.id, right=index % 2 == 0)
            if index < completed:
                _complete(app, person.id)
    for number in range(45):  # units without people: the coverage table runs over several pages
        create_department(f"E{number:02d}", f"Enhet {number:02d}")
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    texts, lines = _readable_pages(client.get(f"/rapporter/lagesbild.pdf?ar={utcnow().year}").data)
    everything = "".join(texts)
    # The bars were drawn, each value on a line of its own beside its bar, and checked above.
    assert {line for page in lines for line in page} >= BARS
    topics_part = everything[everything.index("Kunskap per ämne") : everything.index("Kvarhållen kunskap")]
    for name in DEPARTMENTS:
        assert _flat(name) in _flat(topics_part), name
    assert _flat(topics_part).count("Totalt") >= 2  # each part of the split table ends with the total

    # The coverage table's header row comes back on every page it runs over, and a row (name,
    # two counts, reason) stays on one page.
    rows_per_page = [
        {match for line in page for match in re.findall(r"^Enhet(\d\d)00Ingensamordnare$", line)} for page in lines
    ]
    pages = [index for index, rows in enumerate(rows_per_page) if rows]
    assert len(pages) >= 2
    assert all(_flat("Med giltig") in _flat(texts[index]) for index in pages)
    assert set().union(*rows_per_page) == {f"{number:02d}" for number in range(45)}


def test_a_full_years_charts_are_legible_on_paper(
    app: Flask, create_person, create_department, login_as, today
) -> None:
    """The bars against the goal, a line over twelve months and a survey of fourteen topics as
    stacked bars: every label and value readable and clear of the others."""
    year = today.year - 1
    department = create_department("D0", DEPARTMENTS[0])
    people = [create_person(department=department) for _ in range(12)]
    for month, person in enumerate(people, start=1):  # one completion a month, two in March
        _complete(app, person.id, datetime(year, 3 if month == 12 else month, 15, 12, tzinfo=UTC))
    topics = [f"Ämne nummer {number:02d}" for number in range(14)]
    survey = make_round(app, name="Enkät om alla ämnen", kinds=("employee",), topics=topics)
    for index, person in enumerate(people[:6]):
        store_answers(app, survey, person.id, {topic: 1 + (index + n) % 5 for n, topic in enumerate(topics)})
    with app.app_context():
        db.session.execute(
            update(SurveyRound)
            .where(SurveyRound.id == survey)
            .values(opens_on=date(year, 3, 1), closes_on=date(year, 3, 31))
        )
        db.session.commit()
    date_back(app, datetime(year - 1, 1, 10, tzinfo=UTC))
    client = login_as(create_person(roles={"hr"}, kind="partner"))

    texts, lines = _readable_pages(client.get(f"/rapporter/lagesbild.pdf?ar={year}").data)
    shown = {line for page in lines for line in page}
    assert "Mål100%" in shown  # the goal line's label
    assert {f"{year}-01", f"{year}-12"} <= {month for line in shown for month in re.findall(r"\d{4}-\d\d", line)}
    assert all(topic.replace(" ", "") in _flat("".join(texts)) for topic in topics)
