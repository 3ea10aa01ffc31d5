"""Emergency and police numbers in the real courses are links a phone can call."""

from __future__ import annotations

from elearn.config import PROJECT_ROOT
from tests.content.helpers import load


def test_the_emergency_and_police_numbers_are_tel_links() -> None:
    library = load(PROJECT_ROOT / "courses")
    for course_id, module_id in (("fordjupning", "06-kontaktvagar"), ("fortroendevalda", "01-din-roll")):
        html = library.course(course_id).module(module_id).html
        assert '<a href="tel:112"' in html and '<a href="tel:11414"' in html, (course_id, module_id)
