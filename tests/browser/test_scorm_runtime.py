"""An exported course inside a real SCORM 1.2 run-time (scorm-again, the LMS side of the API),
in headless Chromium: the learner passes or fails a module and the LMS records it."""

from __future__ import annotations

import functools
import io
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from elearn.config import PROJECT_ROOT
from elearn.content import Course
from elearn.course_library import library
from elearn.scorm.package import build_package
from tests.conftest import make_app
from tests.npm_packages import SCORM_AGAIN, npm_package

pytestmark = pytest.mark.browser
SHIPPED_COURSES = PROJECT_ROOT / "courses"

# The LMS page: scorm-again's API on the window, the SCO in a frame below it, as an LMS does.
HOST_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
  window.API = new Scorm12API({ logLevel: 5 });
  window.recorded = [];
  window.API.on("LMSSetValue.cmi.*", function (element, value) { window.recorded.push([element, value]); });
  window.API.on("LMSFinish", function () { window.finished = true; });
</script></head>
<body><iframe id="sco" title="Kurs" src="paket/{page}" style="width:100%;height:2000px"></iframe></body></html>
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def lms(request: pytest.FixtureRequest, app: Flask, database_url: str, tmp_path: Path) -> Iterator[tuple[str, Course]]:
    """A tiny LMS on loopback serving scorm-again and the unpacked testkurs package, or the
    package of a shipped course a test names: `@pytest.mark.parametrize("lms", [...], indirect=True)`."""
    course_id = getattr(request, "param", None)
    source = make_app(database_url, COURSES_PATH=str(SHIPPED_COURSES)) if course_id else app
    with source.app_context():
        course = library().course(course_id or "testkurs")
        data = build_package(course, source.config["ORG"]["name"])
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path / "paket")
    (tmp_path / "scorm12.js").write_bytes((npm_package(SCORM_AGAIN) / "dist" / "scorm12.js").read_bytes())
    for module in course.modules:
        host = HOST_PAGE.replace("{page}", f"{module.id}.html")
        (tmp_path / f"lms-{module.id}.html").write_text(host, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", course
    server.shutdown()
    server.server_close()


@pytest.fixture
def lms_page(browser: Any, lms: tuple[str, Course]) -> Iterator[tuple[Any, list[str]]]:
    """A phone-sized page that may reach the LMS and nothing else; what else it asks for is kept."""
    origin, _ = lms
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="sv-SE")
    outside: list[str] = []

    def only_the_lms(route: Any) -> None:
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_lms)
    yield context.new_page(), outside
    context.close()


def answer(frame: Any, course: Course, module_id: str, right: bool) -> None:
    """Tick the right options of every question, or only wrong ones."""
    for question in course.module(module_id).questions:
        wrong = [o for o in question.options if not o.correct][:1]
        for option in question.right_option_ids if right else [o.id for o in wrong]:
            frame.locator(f"#svar-{question.id}-{option}").check()
    frame.get_by_role("button", name="Skicka svaren").click()


def lms_value(page: Any, element: str) -> str:
    return page.evaluate("element => window.API.LMSGetValue(element)", element)


def open_module(page: Any, origin: str, module_id: str) -> Any:
    page.goto(f"{origin}/lms-{module_id}.html")
    frame = page.frame_locator("#sco")
    frame.get_by_role("heading", level=1).wait_for()
    return frame


def test_a_learner_who_passes_is_recorded_as_passed_with_the_score(lms, lms_page) -> None:
    origin, course = lms
    page, outside = lms_page
    frame = open_module(page, origin, "01-grunder")
    assert lms_value(page, "cmi.core.lesson_status") == "incomplete"
    answer(frame, course, "01-grunder", right=True)
    frame.get_by_text("Du har klarat modulen.").wait_for()
    assert lms_value(page, "cmi.core.lesson_status") == "passed"
    assert lms_value(page, "cmi.core.score.raw") == "100"
    assert frame.locator("#fraga-01-grunder-1").get_by_text("Rätt, det är en process.").is_visible()
    page.goto("about:blank")  # leaving the SCO ends its session with the LMS
    assert outside == []


def test_a_learner_who_fails_is_recorded_as_failed_then_passes_on_a_second_try(lms, lms_page) -> None:
    origin, course = lms
    page, outside = lms_page
    frame = open_module(page, origin, "01-grunder")
    answer(frame, course, "01-grunder", right=False)
    frame.get_by_text(f"Du behöver {course.pass_mark} % rätt.", exact=False).wait_for()
    assert lms_value(page, "cmi.core.lesson_status") == "failed"
    assert lms_value(page, "cmi.core.score.raw") == "0"
    assert page.evaluate("window.API.lastErrorCode") in ("0", 0)
    for question in course.module("01-grunder").questions:
        for option in question.options:
            frame.locator(f"#svar-{question.id}-{option.id}").set_checked(option.correct)
    frame.get_by_role("button", name="Skicka svaren").click()
    frame.get_by_text("Du har klarat modulen.").wait_for()
    assert lms_value(page, "cmi.core.lesson_status") == "passed"
    assert lms_value(page, "cmi.core.score.raw") == "100"
    assert outside == []


@pytest.mark.parametrize("lms", ["grundkurs"], indirect=True)
def test_the_shipped_nano_course_records_a_fail_then_a_pass(lms, lms_page) -> None:
    origin, course = lms
    page, outside = lms_page
    module = course.modules[0]
    frame = open_module(page, origin, module.id)
    answer(frame, course, module.id, right=False)
    frame.get_by_text(f"Du behöver {course.pass_mark} % rätt.", exact=False).wait_for()
    assert (lms_value(page, "cmi.core.lesson_status"), lms_value(page, "cmi.core.score.raw")) == ("failed", "0")
    for question in module.questions:
        for option in question.options:
            box = frame.locator(f"#svar-{question.id}-{option.id}")
            if option.correct or box.get_attribute("type") == "checkbox":  # a radio button unchecks itself
                box.set_checked(option.correct)
    frame.get_by_role("button", name="Skicka svaren").click()
    frame.get_by_text("Du har klarat modulen.").wait_for()
    assert (lms_value(page, "cmi.core.lesson_status"), lms_value(page, "cmi.core.score.raw")) == ("passed", "100")
    assert outside == []


def test_half_right_meets_a_fifty_percent_pass_mark(lms, lms_page) -> None:
    origin, course = lms
    page, _ = lms_page
    first, second = course.module("01-grunder").questions
    frame = open_module(page, origin, "01-grunder")
    for option in first.right_option_ids:
        frame.locator(f"#svar-{first.id}-{option}").check()
    frame.locator(f"#svar-{second.id}-{min(second.right_option_ids)}").check()  # one of two right: wrong
    frame.get_by_role("button", name="Skicka svaren").click()
    frame.get_by_text("Du fick 1 av 2 rätt (50 %).").wait_for()
    assert (lms_value(page, "cmi.core.lesson_status"), lms_value(page, "cmi.core.score.raw")) == ("passed", "50")


@pytest.mark.parametrize("lms", ["grundkurs"], indirect=True)
def test_the_score_rounds_half_up_as_every_report_does(lms, lms_page) -> None:
    origin, course = lms
    page, _ = lms_page
    first, second, third = course.module("03-tecken").questions  # three single-choice questions
    frame = open_module(page, origin, "03-tecken")
    for question in (first, second):
        frame.locator(f"#svar-{question.id}-{min(question.right_option_ids)}").check()
    wrong = next(option for option in third.options if not option.correct)
    frame.locator(f"#svar-{third.id}-{wrong.id}").check()
    frame.get_by_role("button", name="Skicka svaren").click()
    frame.get_by_text("Du fick 2 av 3 rätt (67 %).").wait_for()  # 66.7 %: half up, not floored to 66
    assert (lms_value(page, "cmi.core.lesson_status"), lms_value(page, "cmi.core.score.raw")) == ("failed", "67")


def test_a_module_without_questions_is_completed_when_read(lms, lms_page) -> None:
    origin, _ = lms
    page, _ = lms_page
    frame = open_module(page, origin, "03-las")
    frame.get_by_role("button", name="Jag har läst klart").click()
    frame.get_by_text("Modulen är klar.").wait_for()
    assert lms_value(page, "cmi.core.lesson_status") == "completed"
    page.evaluate("document.getElementById('sco').remove()")
    page.wait_for_function("window.finished === true")


def test_a_sco_opened_outside_an_lms_says_so_and_is_accessible(lms, lms_page) -> None:
    from tests.browser.test_learner_journey import assert_accessible

    origin, course = lms
    page, outside = lms_page
    page.goto(f"{origin}/paket/01-grunder.html")
    assert page.get_by_text("utanför en lärplattform").is_visible()
    assert_accessible(page)
    answer(page, course, "01-grunder", right=False)
    page.get_by_text("Du fick 0 av 2 rätt (0 %).").wait_for()
    assert_accessible(page)
    assert outside == []
