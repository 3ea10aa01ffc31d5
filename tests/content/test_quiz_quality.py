"""Quiz patterns that let a learner pass without knowing the answers: each fixture course under
tests/fixtures/quiz-patterns has one, and the shipped courses have none."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from elearn.content.quiz_quality import quiz_warnings

from .helpers import load

PATTERNS = Path(__file__).parent.parent / "fixtures" / "quiz-patterns"
SHIPPED = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture(scope="module")
def warnings() -> dict[str, list[str]]:
    library = load(PATTERNS)
    assert not library.problems, library.problems
    return {course_id: [str(w) for w in quiz_warnings(course)] for course_id, course in library.courses.items()}


def test_right_answers_in_one_position_are_named_with_each_question(warnings: dict[str, list[str]]) -> None:
    assert warnings["forst"] == [
        f"{PATTERNS}/forst/course.toml:6: Rätt svar står som alternativ 1 i 3 av 4 envalsfrågor "
        "(m1.md:12, m1.md:22, m1.md:32). Flytta rätt svar till olika platser."
    ]


def test_a_right_option_that_is_always_the_longest_is_warned_about(warnings: dict[str, list[str]]) -> None:
    assert len(warnings["langst"]) == 1
    assert "Rätt svar är det längsta alternativet i 4 av 4 envalsfrågor" in warnings["langst"][0]


def test_true_false_questions_that_are_always_false_are_warned_about(warnings: dict[str, list[str]]) -> None:
    assert len(warnings["falskt"]) == 1
    assert "Rätt svar är 'Falskt' i 4 av 4 sant/falskt-frågor" in warnings["falskt"][0]


def test_a_single_choice_question_needs_three_options(warnings: dict[str, list[str]]) -> None:
    assert warnings["tva"] == [
        f"{PATTERNS}/tva/m1.md:12: Envalsfrågan har 2 svarsalternativ. Skriv minst 3 rimliga, "
        "så att det inte räcker att gissa."
    ]


def test_an_option_without_feedback_is_named_at_its_question(warnings: dict[str, list[str]]) -> None:
    assert len(warnings["tyst"]) == 1
    assert warnings["tyst"][0].startswith(f"{PATTERNS}/tyst/m1.md:12: Alternativ 2 ('Ringer') saknar återkoppling.")


def test_varied_answers_at_the_threshold_are_not_warned_about(warnings: dict[str, list[str]]) -> None:
    # Half of the single-choice answers first and three quarters of the true/false "Falskt"
    # are still within the rule; only more than that is a pattern.
    assert warnings["blandad"] == []


def test_check_prints_warnings_but_passes(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["courses", "check", str(PATTERNS)])
    assert result.exit_code == 0, result.output
    assert f"{PATTERNS}/tva/m1.md:12: varning: Envalsfrågan har 2 svarsalternativ." in result.output
    assert "Alla 6 kurser är utan fel." in result.output
    assert "5 varningar om frågorna" in result.output


def test_every_shipped_course_is_free_of_quiz_patterns() -> None:
    library = load(SHIPPED)
    assert not library.problems, "\n".join(map(str, library.problems))
    found = [str(w) for course in library.courses.values() for w in quiz_warnings(course)]
    assert not found, "\n".join(found)
