"""A coordinator on a phone finds who in their department has not started and reminds them;
a form sent back with errors moves the focus to its summary."""

from __future__ import annotations

import pytest

from tests.browser.test_learner_journey import assert_accessible, log_in_with_keyboard

pytestmark = pytest.mark.browser


def test_a_coordinator_reminds_the_not_yet_started_from_a_phone(page, app, create_person, create_department):
    department = create_department("BUF", "Barn och utbildning")
    create_person(name="Ada Ännu", department=department, email="ada@example.org")
    coordinator = create_person(roles={"coordinator"}, department=department, assign=False)
    log_in_with_keyboard(page, coordinator.email)

    with page.expect_navigation():
        page.click("text=Min förvaltning")  # the first click
    assert "Ada Ännu" in page.inner_text("main")
    with page.expect_navigation():
        page.click("text=Påminn de som inte har börjat")  # the second
    assert "1 person får en påminnelse nu." in page.inner_text("main")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("text=Skicka 1 påminnelse")
    assert "1 påminnelse är skickad." in page.inner_text("main")
    # Queued in the same transaction as the reminder; sent after the response (tests/outbox/).
    from elearn.extensions import db
    from elearn.outbox.models import OutboxMail

    with app.app_context():
        assert db.session.scalars(db.select(OutboxMail.to_address)).all() == ["ada@example.org"]
    assert_accessible(page)


def test_a_form_with_errors_moves_the_focus_to_its_summary(page, create_person) -> None:
    log_in_with_keyboard(page, create_person(roles={"hr"}).email)
    page.goto("/personer/ny")
    page.fill("#email", "inte-en-adress")
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    assert page.title().startswith("Fel:")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.click(".error-summary a[href='#email']")
    assert page.evaluate("document.activeElement.id") == "email"
    assert_accessible(page)


def test_the_people_list_keeps_the_checkbox_and_the_name_in_view_when_scrolled_sideways(
    page, create_person, create_department
) -> None:
    department = create_department("KLF", "Kommunledningsförvaltningen med ett långt namn")
    create_person(name="Ada Ännu", department=department, email="ada.annu.med.en.lang.adress@example.org")
    log_in_with_keyboard(page, create_person(roles={"hr"}).email)
    page.goto("/personer?q=Ada")
    region = page.locator(".table-scroll")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # a phone: the table is wider
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    left = region.bounding_box()["x"]
    checkbox = page.locator("td.select").first.bounding_box()
    name = page.locator("tbody th[scope=row]").first.bounding_box()
    assert abs(checkbox["x"] - left) <= 1
    assert abs(name["x"] - (checkbox["x"] + checkbox["width"])) <= 1  # right after it, not under it
    assert page.get_by_label("Välj Ada Ännu").is_visible()
    assert_accessible(page)
