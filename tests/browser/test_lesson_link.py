"""A staff member without an account opens an e-mailed lesson on a phone, answers the repeated
questions and the quiz, and leaves a reflection: all accessible, all without a password."""

from __future__ import annotations

from flask import Flask

from tests.browser.test_learner_journey import assert_accessible
from tests.spaced.helpers import RIGHT, WRONG, answer, assign_nano, days_ago, lesson_url


def test_a_lesson_link_works_on_a_phone_without_a_password(page, app: Flask, create_person) -> None:
    person = create_person(password=False)
    assign_nano(app, person.id, days_ago(15))
    answer(app, person.id, "n1", {"n1-1": RIGHT["n1-1"], "n1-2": WRONG["n1-2"]}, days_ago(15))
    page.goto(lesson_url(app, person.id, "n2"))
    assert "Först en repetition" in page.inner_text("main")
    assert_accessible(page)

    page.check("#svar-n1-2-a")
    page.check("#svar-n1-1-a")
    with page.expect_navigation():
        page.click("text=Svara på repetitionen")
    assert "2 av 2 rätt på frågorna du fick igen." in page.inner_text("main")

    page.check("#svar-n2-1-a")
    page.check("#svar-n2-1-b")
    with page.expect_navigation():
        page.click("text=Skicka svaren")
    assert "1 av 1 rätt" in page.inner_text("main")
    assert_accessible(page)

    page.fill("#reflektion", "Jag skulle prata med min chef.")
    with page.expect_navigation():
        page.click("text=Spara reflektionen")
    assert "Din reflektion är sparad" in page.inner_text("main")
    assert "Jag skulle prata med min chef." in page.inner_text("main")
