"""The admins' pages for other systems (SCORM export, API tokens) pass axe-core's WCAG checks."""

from __future__ import annotations

import pytest

from tests.browser.test_learner_journey import assert_accessible, log_in_with_keyboard

pytestmark = pytest.mark.browser


def test_the_scorm_and_api_token_pages_are_accessible(page, create_person) -> None:
    log_in_with_keyboard(page, create_person(roles={"admin"}).email)
    page.goto("/export/scorm/")
    assert page.get_by_role("link", name="Ladda ner Testkurs (zip)").is_visible()
    assert_accessible(page)
    page.goto("/admin/api-nycklar/")
    assert_accessible(page)
    page.get_by_label("Vad nyckeln är till för").fill("Power BI")
    page.get_by_label("Läsa rapporternas sammanställningar (reports:read)").check()
    page.get_by_role("button", name="Skapa nyckel").click()
    assert page.locator("code.secret").inner_text().startswith("elearn_")
    assert_accessible(page)
