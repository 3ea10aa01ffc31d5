"""An elected official answers the survey on a phone with the keyboard only; the survey pages
pass axe-core's WCAG 2.1 A/AA checks."""

from __future__ import annotations

import pytest

from tests.browser.test_learner_journey import assert_accessible, log_in_with_keyboard, press_until_focused, visit
from tests.surveys.helpers import make_round, set_dates, store_answers

pytestmark = pytest.mark.browser


def test_an_elected_official_answers_on_a_phone_with_the_keyboard(page, app, create_person) -> None:
    round_id = make_round(app, name="Kunskapsbehov 2026")
    person = create_person(name="Folke Förtroendevald", kind="elected")
    log_in_with_keyboard(page, person.email)
    assert "Kunskapsbehov 2026" in page.inner_text("main")
    assert_accessible(page)

    press_until_focused(page, "a.button[href$='/svara']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/enkater/{round_id}/svara")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling

    press_until_focused(page, "#amne-begrepp-0")  # Tab lands on the checked "don't know"
    for _ in range(3):  # arrow keys move within the group, wrapping round to 1, then 2 and 3
        page.keyboard.press("ArrowRight")
    press_until_focused(page, "#hjalp-0")
    page.keyboard.press("Space")
    press_until_focused(page, "#fritext")
    page.keyboard.type("Mer om hot och hat")
    press_until_focused(page, "button[type=submit].button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Dina svar är sparade" in page.inner_text("main")
    assert_accessible(page)

    page.goto(f"/enkater/{round_id}/svara")
    assert page.is_checked("#amne-begrepp-3") and page.is_checked("#amne-signaler-0")
    assert page.is_checked("#hjalp-0") and page.input_value("#fritext") == "Mer om hot och hat"


def test_the_survey_pages_for_hr_are_accessible(page, app, create_person, create_department) -> None:
    create_department("BUF", "Barn och utbildning")
    open_round = make_round(app, name="Pågående")
    closed = make_round(app, name="Avslutad")
    for index in range(5):
        person = create_person(kind="elected")
        store_answers(app, closed, person.id, {"begrepp": 1 + index, "signaler": 3}, ["Kort utbildning"], "Bra")
    set_dates(app, closed, opens=-30, closes=-1)
    hr = create_person(roles={"hr"})
    log_in_with_keyboard(page, hr.email)
    for url in (
        "/enkater/",
        "/enkater/ny",
        f"/enkater/{open_round}",
        f"/enkater/{open_round}/andra",
        f"/enkater/{open_round}/resultat",
        f"/enkater/{closed}",
        f"/enkater/{closed}/resultat",
    ):
        visit(page, url)
        assert_accessible(page)
