"""A course may be delivered as spaced lessons; a module may end with a reflection prompt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .helpers import FIXTURES, copy_fixtures, edit, load


def test_a_spaced_course_reads_its_pace_and_repetition_settings() -> None:
    course = load(FIXTURES).course("nano")
    assert course.delivery.spaced
    assert (course.delivery.every_days, course.delivery.repeat_after_days, course.delivery.repeat_questions) == (
        7,
        14,
        2,
    )
    assert course.module("n1").reflection == ""
    assert course.module("n2").reflection.startswith("Vad skulle du göra")


def test_a_course_without_delivery_is_self_paced() -> None:
    assert not load(FIXTURES).course("testkurs").delivery.spaced


def test_variables_are_filled_in_the_reflection_prompt(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "nano/n3.md", "Vem på din arbetsplats", "Vem på {{ org.name }}")
    assert "Strömsunds kommun" in load(root).course("nano").module("n3").reflection


def test_fixed_dates_give_one_date_per_module(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "nano/course.toml", "every_days = 7", "dates = [2027-01-11, 2027-01-18, 2027-02-01]")
    assert load(root).course("nano").delivery.dates == (date(2027, 1, 11), date(2027, 1, 18), date(2027, 2, 1))


def test_delivery_mistakes_are_reported_with_their_line(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "nano/course.toml", "repeat_questions = 2", "repeat_questions = 5\npace = 3")
    edit(root / "nano/course.toml", "every_days = 7", "dates = [2027-01-11, 2027-01-18]")
    library = load(root)
    assert library.course("nano") is None
    messages = {str(problem) for problem in library.problems}
    path = root / "nano/course.toml"
    assert f"{path}:9: delivery.repeat_questions ska vara ett heltal mellan 1 och 3, inte 5." in messages
    assert any(m.startswith(f"{path}:9: Okänd nyckel 'pace'") for m in messages)
    assert f"{path}:9: delivery.dates har 2 datum men kursen har 3 moduler: ett datum per modul." in messages


def test_dates_out_of_order_and_an_empty_reflection_are_refused(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "nano/course.toml", "every_days = 7", "dates = [2027-01-18, 2027-01-11, 2027-02-01]")
    edit(root / "nano/n2.md", "reflection: Vad skulle", "reflection: ''\nx: Vad skulle")
    messages = [problem.message for problem in load(root).problems]
    assert "Datumen i delivery.dates ska komma i ordning, ett senare än det förra." in messages
    assert "'reflection' ska vara en fråga att fundera över, skriven som text." in messages


def test_a_self_paced_course_is_due_after_the_configured_days() -> None:
    assert load(FIXTURES).course("testkurs").due_on(date(2027, 3, 1), 30) == date(2027, 3, 31)


def test_a_spaced_course_is_due_no_sooner_than_one_interval_after_its_last_lesson() -> None:
    nano = load(FIXTURES).course("nano")  # three lessons a week apart: the last opens on day 14
    assert nano.due_on(date(2027, 3, 1), 10) == date(2027, 3, 22)
    assert nano.due_on(date(2027, 3, 1), 30) == date(2027, 3, 31)


def test_a_spaced_course_with_fixed_dates_is_due_after_its_last_date(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "nano/course.toml", "every_days = 7", "dates = [2027-01-11, 2027-01-18, 2027-02-01]")
    assert load(root).course("nano").due_on(date(2027, 1, 4), 14) == date(2027, 2, 8)
