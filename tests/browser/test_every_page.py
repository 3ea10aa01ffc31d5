"""Every page a role reaches, on the demo organisation and the real courses: no axe-core
violation at 1,280 px and at 375 px, no sideways page scroll at 320 px (WCAG 1.4.10), and no
table whose columns are cut off: a table wider than its place scrolls in its own labelled,
focusable region. Pages reached only by doing something (a quiz result, a certificate, a
confirmation step) are reached by doing it, and English pages are swept in English."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from elearn import clock
from elearn.config import PROJECT_ROOT
from elearn.db import utcnow
from elearn.demo import DEMO_PASSWORD, DOMAIN
from elearn.extensions import db
from tests.browser.test_learner_journey import axe_violations
from tests.conftest import make_app
from tests.spaced.helpers import lesson_url

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
COURSE, FIRST_MODULE = "grundkurs", "01-vad-ar-vbe"
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


def _load_demo(demo_app: Flask) -> None:
    """The demo organisation, plus what it lacks for some pages to show more than "none yet":
    an API key and an adopted lägesbild (its figures and document are not what is swept)."""
    from elearn.api.tokens import create_token
    from elearn.demo import load_demo_data
    from elearn.people.models import Person
    from elearn.reports.adoption import AdoptedLagesbild, adopt

    with demo_app.app_context():
        load_demo_data()
        admin = db.session.scalar(select(Person).where(Person.email == LOGINS["admin"]))
        hr = db.session.scalar(select(Person).where(Person.email == LOGINS["hr"]))
        create_token(db.session, "Power BI", ["reports:read"], 90, utcnow(), admin.id)
        db.session.commit()
        year = clock.today().year - 1
        record = AdoptedLagesbild(year=year, adopted_at=utcnow(), adopted_by_id=hr.id, adopted_by_name=hr.name)
        record.html, record.pdf, record.figures = f"<p>Lägesbild {year}</p>", b"%PDF-1.7", {}
        adopt(db.session, record)


def _pages(demo_app: Flask, role: str) -> list[str]:
    """The pages a role opens from the menu and the links on them; "hr-en" is HR in English,
    with the learner's course pages too (Swedish course content inside an English page)."""
    from elearn.learning.models import Campaign, CourseCompletion
    from elearn.people.models import Department, Person
    from elearn.surveys.models import SurveyRound

    role, _, language = role.partition("-")
    with demo_app.app_context():
        buf = db.session.scalar(select(Department.id).where(Department.code == "BUF"))
        colleague = db.session.scalar(
            select(Person.id).where(Person.department_id == buf, Person.email.like("medarbetare%")).order_by(Person.id)
        )
        code = db.session.scalar(select(CourseCompletion.certificate_code).order_by(CourseCompletion.id))
        rounds = db.session.scalars(select(SurveyRound.id).order_by(SurveyRound.opens_on)).all()
        campaign = db.session.scalar(select(Campaign.id))
        me = db.session.scalar(select(Person.id).where(Person.email == LOGINS.get(role, "")))
        # Someone in the campaign's department, whose e-mailed lessons have been opening for two weeks.
        sbf = db.session.scalar(select(Department.id).where(Department.code == "SBF"))
        in_campaign = db.session.scalar(
            select(Person.id).where(Person.department_id == sbf, Person.email.like("medarbetare%")).order_by(Person.id)
        )
    public = ["/", "/tillganglighet", "/intyg", f"/intyg/{code}"]
    if role == "anonymous":
        # A lesson link logs nobody in: it opens one lesson for its own person, without a password.
        return [*public, "/logga-in", "/glomt-losenord", lesson_url(demo_app, in_campaign, "02-miljoer", COURSE)]
    course = "fortroendevalda" if role == "elected" else COURSE
    learner = [
        "/mina-kurser",
        f"/kurser/{course}",
        f"/kurser/{course}/{FIRST_MODULE if course == COURSE else ''}".rstrip("/"),
        "/mina-reflektioner",
        "/mina-uppgifter",
        *public,
    ]
    if role == "elected":
        return [*learner, *(f"/enkater/{r}/svara" for r in rounds[-1:])]
    if role == "learner":
        # The learner's own lesson link, opened while logged in, as from the weekly e-mail.
        return [*learner, lesson_url(demo_app, me, FIRST_MODULE, COURSE)]
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
        "/rapporter/lagesbild/faststallda",
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
        return [
            "/rapporter/",
            "/personer",
            "/admin/logg",
            "/admin/api-nycklar/",
            "/installningar/organisation",
            "/export/scorm/",
        ]
    if language:
        return learner[:3] + reports + hr
    return learner[:1] + reports + hr


def _log_in(page, role: str) -> None:
    if role == "anonymous":
        return
    role, _, language = role.partition("-")
    page.goto("/logga-in")
    page.fill("#email", LOGINS[role])
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("#password", "Enter")
    if language:
        response = page.goto(f"/sprak/{language}")
        assert response.status == 200 and page.evaluate("document.documentElement.lang") == language


def _check_open_page(page, label: str, width: int, problems: dict[str, object]) -> None:
    """axe-core and every table column, on the page as it is now."""
    if violations := axe_violations(page):
        problems[f"{label} at {width} px: axe"] = violations
    if clipped := page.evaluate(CLIPPED_TABLES):
        problems[f"{label} at {width} px: clipped tables"] = clipped


def _check_reflow(page, label: str, problems: dict[str, object]) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > REFLOW_WIDTH:
        problems[f"{label} at 320 px: page is {scroll_width} px wide"] = page.evaluate(WIDE_ELEMENTS)


def _check_url(page, url: str, problems: dict[str, object], language: str = "sv") -> None:
    """Open `url` at each width: it answers 200 itself (an error or login page, or one redirected
    to, would pass the checks instead of it), in the language asked for."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        assert response.request.redirected_from is None, (url, "redirected to", page.url)
        if (lang := page.evaluate("document.documentElement.lang")) != language:
            problems[f"{url} at {width} px: lang"] = lang
        _check_open_page(page, url, width, problems)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
    page.goto(url)
    _check_reflow(page, url, problems)


def _check_as_shown(page, label: str, problems: dict[str, object]) -> None:
    """The same checks on a page that answered a POST, by resizing it rather than reloading."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        _check_open_page(page, label, width, problems)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
    _check_reflow(page, label, problems)


def _pass_module_in_the_browser(page, demo_app: Flask, course_id: str, module_id: str) -> str:
    """Answer a module's quiz right and send it, as the learner does: the result's address."""
    from elearn.course_library import library

    with demo_app.app_context():
        module = library().course(course_id).module(module_id)
        right = [(q.id, sorted(q.right_option_ids)) for q in module.questions]
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    page.goto(f"/kurser/{course_id}/{module_id}")
    for question, options in right:
        for option in options:
            page.check(f"#svar-{question}-{option}")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaren").click()
    assert f"/kurser/{course_id}/{module_id}/resultat/" in page.url, page.url
    return page.url.removeprefix(page.evaluate("location.origin"))


def _finish_course(demo_app: Flask, email: str, course_id: str) -> None:
    """Pass the course's other modules through the service the pages use, as the demo does."""
    from elearn.course_library import library
    from elearn.learning.service import submit_quiz
    from elearn.people.models import Person

    with demo_app.app_context():
        person = db.session.scalar(select(Person).where(Person.email == email))
        course = library().course(course_id)
        moment = utcnow() - timedelta(days=1)
        for module in course.modules[1:]:
            right = {q.id: sorted(q.right_option_ids) for q in module.questions}
            submit_quiz(db.session, person, course, module, right, uuid.uuid4().hex, moment)


@pytest.mark.parametrize("role", ["anonymous", "learner", "elected", "coordinator", "hr", "admin", "hr-en"])
def test_every_page_passes_axe_reflows_and_shows_every_column(
    browser, app: Flask, demo_app: Flask, demo_server: str, role: str
) -> None:
    _load_demo(demo_app)
    context = browser.new_context(base_url=demo_server, viewport={"width": WIDTHS[0], "height": 900}, locale="sv-SE")
    page = context.new_page()
    problems: dict[str, object] = {}
    language = role.partition("-")[2] or "sv"
    try:
        _log_in(page, role)
        for url in _pages(demo_app, role):
            _check_url(page, url, problems, language)
        if role == "learner":
            # Pages reached by doing something, after the ones above were seen as they were.
            _check_url(page, _pass_module_in_the_browser(page, demo_app, COURSE, FIRST_MODULE), problems)
            _finish_course(demo_app, LOGINS["learner"], COURSE)
            for url in (f"/kurser/{COURSE}/intyg", f"/kurser/{COURSE}", "/mina-kurser"):
                _check_url(page, url, problems)
    finally:
        context.close()
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)


def test_a_confirmation_step_passes_axe_and_reflows(browser, app: Flask, demo_app: Flask, demo_server: str) -> None:
    """Ending a campaign cannot be undone: its POST without `bekrafta=ja` answers with a page that
    asks first. That page exists only as the answer to a POST, so it is checked where it stands."""
    from elearn.learning.models import Campaign

    _load_demo(demo_app)
    with demo_app.app_context():
        campaign = db.session.scalar(select(Campaign.id))
    context = browser.new_context(base_url=demo_server, viewport={"width": WIDTHS[0], "height": 900}, locale="sv-SE")
    page = context.new_page()
    problems: dict[str, object] = {}
    try:
        _log_in(page, "hr")
        page.goto(f"/kampanjer/{campaign}")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Avsluta kampanjen").click()
        assert navigation.value.status == 200, navigation.value.status
        assert page.get_by_role("button", name="Ja, avsluta kampanjen").is_visible()
        _check_as_shown(page, "the confirmation to end a campaign", problems)
    finally:
        context.close()
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
