"""The security coordinator, as admin, revises the contact routes in the browser, and a learner's
course shows the new address at once."""

from __future__ import annotations

import pytest

from tests.browser.test_learner_journey import assert_accessible, log_in_with_keyboard

pytestmark = pytest.mark.browser


def test_an_admin_changes_the_vbe_address_and_the_course_shows_it(page, create_person) -> None:
    admin = create_person(name="Sara Säkerhet", roles={"admin"})
    log_in_with_keyboard(page, admin.email)
    page.get_by_role("link", name="Organisationen").click()
    page.wait_for_url("**/installningar/organisation")
    assert_accessible(page)

    page.get_by_label("VBE-gruppens e-postadress").fill("inte en adress")
    page.get_by_role("button", name="Spara").click()
    assert page.locator("#main form").get_by_text("Skriv en giltig e-postadress.").first.is_visible()
    assert_accessible(page)

    page.get_by_label("VBE-gruppens e-postadress").fill("vbe-gruppen@exempelby.se")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("1 värde ändrat.").is_visible()
    history = page.get_by_role("region", name="Ändringar")
    assert "Sara Säkerhet" in history.inner_text() and "vbe-gruppen@exempelby.se" in history.inner_text()

    page.goto("/kurser/testkurs/02-agera")
    assert "vbe-gruppen@exempelby.se" in page.inner_text("main")
