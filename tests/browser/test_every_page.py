"""Every page a role reaches, on the demo organisation and the real courses: no axe-core
violation at 1,280 px and at 375 px, no sideways page scroll at 320 px (WCAG 1.4.10), and no
table whose columns are cut off: a table wider than its place scrolls in its own labelled,
focusable region."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from elearn.config import PROJECT_ROOT
from elearn.demo import DEMO_PASSWORD, DOMAIN
from elearn.extensions import db
from tests.browser.test_learner_journey import axe_violations
from tests.conftest import make_app

pytestmark = pytest.mark.browser
WIDTHS = (1280, 375)
REFLOW_WIDTH = 320
LOGINS = {
    "learner": f"medarbetare@{DOMAIN}",
    "elected": f"fortroendevald@{DOMAIN}",
    "coordinator": f"samordnare.buf@{DOMAIN}",
    "hr": f"hr@{DOMAIN}",
    "admin": f"admin@{DOMAIN}",
}
# A table wider than its place must scroll inside a labelled, focusable region.
CLIPPED_TABLES = """() => [...document.querySelectorAll('main table')].flatMap(table => {
  const box = table.closest('.table-scroll');
  const room = (box || table.parentElement).clientWidth;
  if (table.scrollWidth <= room + 1) return [];
  const style = box && getComputedStyle(box).overflowX;
  const labelled = box && (box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'));
  const ok = box && ['auto', 'scroll'].includes(style) && box.getAttribute('role') === 'region'
    && box.getAttribute('tabindex') === '0' && labelled;
  return ok ? [] : [(table.querySelector('caption') || table).textContent.trim().slice(0, 60)];
})"""

# What sticks out past the right edge, outside a scrolling region: named in a failure.
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')].filter(e =>
  e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-scroll')
).slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
  + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').trim().slice(0, 30))"""


@pytest.fixture(scope="module")
def demo_app(database_url: str, app: Flask) -> Flask:
    """A second app on the test database, serving the real courses (`app` has migrated it)."""
    return make_app(database_url, COURSES_PATH=str(PROJECT_ROOT / "courses"))


@pytest.fixture(scope="module")
def demo_server(demo_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, demo_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _pages(demo_app: Flask, role: str) -> list[str]:
    from elearn.learning.models import Campaign, CourseCompletion
    from elearn.people.models import Department, Person
    from elearn.surveys.models import SurveyRound

    with demo_app.app_context():
        buf = db.session.scalar(select(Department.id).where(Department.code == "BUF"))
        colleague = db.session.scalar(
            select(Person.id).where(Person.department_id == buf, Person.email.like("medarbetare%")).order_by(Person.id)
        )
        code = db.session.scalar(select(CourseCompletion.certificate_code).order_by(CourseCompletion.id))
        rounds = db.session.scalars(select(SurveyRound.id).order_by(SurveyRound.opens_on)).all()
        campaign = db.session.scalar(select(Campaign.id))
        me = db.session.scalar(select(Person.id).where(Person.email == LOGINS.get(role, "")))
    public = ["/", "/tillganglighet", "/intyg", f"/intyg/{code}"]
    if role == "anonymous":
        return [*public, "/logga-in", "/glomt-losenord"]
    course = "fortroendevalda" if role == "elected" else "grundkurs"
    learner = [
        "/mina-kurser",
        f"/kurser/{course}",
        f"/kurser/{course}/{'01-vad-ar-vbe' if course == 'grundkurs' else ''}".rstrip("/"),
        "/mina-reflektioner",
        "/mina-uppgifter",
        *public,
    ]
    if role == "elected":
        return [*learner, *(f"/enkater/{r}/svara" for r in rounds[-1:])]
    if role == "learner":
        return learner
    reports = [
        "/rapporter/",
        f"/rapporter/grupp/{buf}",
        f"/rapporter/grupp/{buf}?kurs=grundkurs&status=not_started",
        "/rapporter/amnen",
        "/rapporter/repetition",
        f"/rapporter/person/{colleague}",
        f"/rapporter/grupp/{buf}/paminn?kurs=grundkurs&vilka=not_started",
    ]
    if role == "coordinator":
        return learner[:1] + reports
    hr = [
        "/rapporter/grupp/-1",
        "/rapporter/trender",
        "/rapporter/lagesbild",
        "/personer",
        f"/personer/{me}",
        "/personer/ny",
        "/personer/inbjudningar",
        "/personer/import",
        "/forvaltningar",
        f"/forvaltningar/{buf}",
        "/kampanjer/",
        "/kampanjer/ny",
        *([f"/kampanjer/{campaign}"] if campaign else []),
        "/enkater/",
        "/enkater/ny",
        *(f"/enkater/{r}" for r in rounds),
        f"/enkater/{rounds[-1]}/andra",
        *(f"/enkater/{r}/resultat" for r in rounds),
    ]
    if role == "admin":
        return ["/rapporter/", "/personer"]
    return learner[:1] + reports + hr


def _log_in(page, role: str) -> None:
    if role == "anonymous":
        return
    page.goto("/logga-in")
    page.fill("#email", LOGINS[role])
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("#password", "Enter")


@pytest.mark.parametrize("role", ["anonymous", "learner", "elected", "coordinator", "hr", "admin"])
def test_every_page_passes_axe_reflows_and_shows_every_column(
    browser, app: Flask, demo_app: Flask, demo_server: str, role: str
) -> None:
    from elearn.demo import load_demo_data

    with demo_app.app_context():
        load_demo_data()
    context = browser.new_context(base_url=demo_server, viewport={"width": WIDTHS[0], "height": 900}, locale="sv-SE")
    page = context.new_page()
    problems: dict[str, object] = {}
    try:
        _log_in(page, role)
        for url in _pages(demo_app, role):
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(url)
                assert response.status < 400, (url, response.status)
                if violations := axe_violations(page):
                    problems[f"{url} at {width} px: axe"] = violations
                if clipped := page.evaluate(CLIPPED_TABLES):
                    problems[f"{url} at {width} px: clipped tables"] = clipped
            page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
            page.goto(url)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > REFLOW_WIDTH:
                problems[f"{url} at 320 px: page is {scroll_width} px wide"] = page.evaluate(WIDE_ELEMENTS)
    finally:
        context.close()
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
