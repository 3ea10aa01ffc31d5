"""The lägesbild draws its figures as the report pages do: completion per group against the goal,
completions month by month as a line, each beside its table, and no suppressed group drawn."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask

from tests.conftest import add_completion
from tests.reports.helpers import date_back


def _complete(app: Flask, person_id: int, at: datetime) -> None:
    add_completion(app, person_id, at)


def _chart(html: str, chart_id: str) -> str:
    start = html.index(f'<svg role="img" aria-labelledby="{chart_id}-title')
    return html[start : html.index("</svg>", start)]


def test_completion_is_drawn_against_the_goal_and_month_by_month(
    app: Flask, create_person, create_department, login_as, today: date
) -> None:
    year = today.year - 1
    large = create_department("L", "Stora förvaltningen")
    people = [create_person(department=large) for _ in range(6)]
    for person, month in zip(people, (2, 2, 5), strict=False):
        _complete(app, person.id, datetime(year, month, 15, 12, tzinfo=UTC))
    # Three small departments, one completion among them: each too few to show, and together
    # enough people, some of them completed, for hiding them to give nothing away.
    for code, name, done in (("S1", "Lilla ett", 1), ("S2", "Lilla två", 0), ("S3", "Lilla tre", 0)):
        department = create_department(code, name)
        small = [create_person(department=department) for _ in range(2)]
        for person in small[:done]:
            _complete(app, person.id, datetime(year, 9, 15, 12, tzinfo=UTC))
    date_back(app, datetime(year - 1, 1, 10, tzinfo=UTC))
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    html = client.get(f"/rapporter/lagesbild?ar={year}").get_data(as_text=True)

    bars = _chart(html, "lb-testkurs")
    assert "Stora förvaltningen" in bars and "50%" in bars
    assert "Lilla" not in bars  # suppressed in the table, so not drawn either
    assert "stroke-dasharray" in bars and "Mål 100 %" in bars
    line = _chart(html, "lb-manader-testkurs")
    (points,) = re.findall(r'<polyline[^>]* points="([^"]*)"', line)
    assert len(points.split()) == 12  # every month of the year, those without completions too
    table = html[html.index("</svg>", html.index('aria-labelledby="lb-manader-testkurs')) :]
    assert f'<th scope="row">{year}-02</th><td class="num">2</td>' in table
    assert f'<th scope="row">{year}-03</th><td class="num">0</td>' in table
    assert f'<th scope="row">{year}-09</th><td class="num">1</td>' in table
