"""A learner on a phone, keyboard only: log in, finish a module, reload, and find the progress kept.
axe-core checks each page for WCAG 2.1 A/AA violations."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import axe_playwright_python
import pytest

from elearn import clock
from elearn.db import utcnow
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    # Evaluated rather than added as a <script>: the page's CSP rightly refuses inline script.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def visit(page, url: str, status: int = 200):
    """Open `url` and insist on its status: an error page is accessible too, and would pass."""
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    return response


def press_until_focused(page, selector: str, key: str = "Tab", limit: int = 60) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"could not reach {selector} with {key}")


def press_until_radio_focused(page, selector: str) -> None:
    """Tab reaches a radio group once, at its first (shuffled) option; arrow keys move within it."""
    name = page.get_attribute(selector, "name")
    press_until_focused(page, f"input[name='{name}']")
    press_until_focused(page, selector, key="ArrowDown", limit=10)


def log_in_with_keyboard(page, email: str) -> None:
    page.goto("/logga-in")
    assert_accessible(page)
    press_until_focused(page, "#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mina-kurser")


def test_keyboard_only_learner_finishes_a_module_and_keeps_progress(page, create_person) -> None:
    person = create_person(name="Kim Tangentbord")
    log_in_with_keyboard(page, person.email)
    assert "Inte påbörjad" in page.inner_text("main")
    assert_accessible(page)

    press_until_focused(page, "a.button")  # "Börja"
    page.keyboard.press("Enter")
    page.wait_for_url("**/kurser/testkurs/01-grunder")
    assert_accessible(page)

    press_until_radio_focused(page, "#svar-01-grunder-1-a")
    page.keyboard.press("Space")
    press_until_focused(page, "#svar-01-grunder-2-a")
    page.keyboard.press("Space")
    press_until_focused(page, "#svar-01-grunder-2-b")  # options are shuffled: found by id, not place
    page.keyboard.press("Space")
    press_until_focused(page, "button[type=submit].button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "2 av 2 rätt" in page.inner_text("main")
    assert_accessible(page)

    page.goto("/mina-kurser")
    page.reload()
    assert "Påbörjad" in page.inner_text("main")
    assert page.get_attribute("progress", "value") == "50"


def test_a_question_left_takes_the_focus_to_what_is_missing(page, create_person) -> None:
    log_in_with_keyboard(page, create_person().email)
    page.goto("/kurser/testkurs/01-grunder")
    page.check("#svar-01-grunder-1-a")
    with page.expect_navigation():
        page.click("button[type=submit].button")
    assert page.evaluate("document.activeElement.id") == "obesvarade"
    assert "Fråga 2" in page.inner_text("#obesvarade") and "Fråga 1" not in page.inner_text("#obesvarade")
    assert page.is_checked("#svar-01-grunder-1-a")
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the link to the question left
    assert page.evaluate("document.activeElement.id") == "fraga-01-grunder-2"


def test_a_chosen_answer_survives_a_reload_before_submitting(page, create_person) -> None:
    person = create_person()
    log_in_with_keyboard(page, person.email)
    page.goto("/kurser/testkurs/01-grunder")
    with page.expect_response("**/utkast"):
        page.check("#svar-01-grunder-1-b")
    page.reload()
    assert page.is_checked("#svar-01-grunder-1-b")


def test_the_certificate_is_accessible(page, create_person) -> None:
    person = create_person(name="Alex Intyg")
    log_in_with_keyboard(page, person.email)
    for module, options in [
        ("01-grunder", ["#svar-01-grunder-1-a", "#svar-01-grunder-2-a", "#svar-01-grunder-2-b"]),
        ("02-agera", ["#svar-02-agera-1-b"]),
    ]:
        page.goto(f"/kurser/testkurs/{module}")
        for option in options:
            page.check(option)
        with page.expect_navigation():
            page.click("button[type=submit].button")
    page.click("text=visa intyget")
    page.wait_for_url("**/intyg")
    assert "Alex Intyg" in page.inner_text("main")
    assert_accessible(page)


def test_public_pages_are_accessible(page) -> None:
    for url in ("/", "/tillganglighet", "/intyg", "/oppna-kurser/oppen/intro"):
        visit(page, url)
        assert_accessible(page)


def test_hr_pages_are_accessible(page, create_person, create_department) -> None:
    department = create_department("BUF", "Barn och utbildning")
    create_person(department=department)
    hr = create_person(roles={"hr"}, department=department)
    log_in_with_keyboard(page, hr.email)
    for url in (
        "/rapporter/",
        f"/rapporter/grupp/{department.id}",
        "/rapporter/amnen",
        "/rapporter/trender",
        "/rapporter/lagesbild",
        f"/rapporter/lagesbild?ar={utcnow().year - 1}",  # a year HR may adopt: the form shows
        "/rapporter/lagesbild/faststallda",
        "/personer",
        f"/personer/{hr.id}",
        "/personer/ny",
        "/personer/import",
        "/personer/inbjudningar",
        "/forvaltningar",
    ):
        visit(page, url)
        assert_accessible(page)


def test_the_personal_data_page_is_reached_from_the_footer_and_accessible(page, create_person) -> None:
    person = create_person()
    log_in_with_keyboard(page, person.email)
    page.click("footer >> text=Dina personuppgifter")
    page.wait_for_url("**/mina-uppgifter")
    assert "Registerutdrag" in page.inner_text("main")
    assert_accessible(page)


def test_campaign_pages_are_accessible(page, app, create_person, create_department) -> None:

    from elearn.course_library import library
    from elearn.extensions import db
    from elearn.outbox.models import OutboxMail
    from elearn.spaced.campaigns import CampaignPlan, start_campaign
    from elearn.spaced.models import LessonDelivery

    department = create_department("BUF", "Barn och utbildning")
    learner = create_person(department=department)
    hr = create_person(roles={"hr"}, department=department)
    with app.app_context():
        plan = CampaignPlan("Våren", library().course("nano"), ("employee",), (department.id,), clock.today(), 7)
        now = datetime.now(UTC)
        campaign_id = start_campaign(db.session, plan, hr.id, now).id
        # A mail waiting for a retry and one the server refused, so the page shows both warnings.
        for module_id, refused_at, error in (("n1", None, "451 try again"), ("n2", now, "550 no such user")):
            mail = OutboxMail(
                person_id=learner.id,
                kind="lesson",
                subject="Ny lektion",
                body="",
                to_address=learner.email,
                failures=1,
                refused_at=refused_at,
                last_error=error,
            )
            db.session.add(
                LessonDelivery(
                    person_id=learner.id,
                    course_id="nano",
                    kind="lesson",
                    module_id=module_id,
                    due_on=clock.today(),
                    campaign_id=campaign_id,
                    mail=mail,
                )
            )
        db.session.commit()
    log_in_with_keyboard(page, hr.email)
    for url in ("/kampanjer/", "/kampanjer/ny", f"/kampanjer/{campaign_id}", "/rapporter/repetition"):
        visit(page, url)
        assert_accessible(page)
    text = visit(page, f"/kampanjer/{campaign_id}").text()
    assert "kunde inte skickas" in text and "550 no such user" in text
