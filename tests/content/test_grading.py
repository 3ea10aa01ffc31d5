from __future__ import annotations

import pytest

from elearn.content import grade

from .helpers import FIXTURES, load

COURSE = load(FIXTURES).course("testkurs")
GRUNDER = COURSE.module("01-grunder")
AGERA = COURSE.module("02-agera")
Q1, Q2 = (q.id for q in GRUNDER.questions)


def test_all_right_passes_with_full_score() -> None:
    result = grade(GRUNDER, {Q1: ["a"], Q2: ["a", "b"]}, pass_mark=100)
    assert (result.score, result.passed, result.right_count) == (100, True, 2)


def test_half_right_meets_a_fifty_percent_pass_mark_but_not_eighty() -> None:
    answers = {Q1: ["a"], Q2: ["a"]}
    assert grade(GRUNDER, answers, pass_mark=50).passed
    assert not grade(GRUNDER, answers, pass_mark=80).passed
    assert grade(GRUNDER, answers, pass_mark=80).score == 50


def test_multiple_choice_needs_every_right_option_and_no_wrong_one() -> None:
    assert not grade(GRUNDER, {Q2: ["a"]}, 50).results[1].correct
    assert not grade(GRUNDER, {Q2: ["a", "b", "c"]}, 50).results[1].correct
    assert grade(GRUNDER, {Q2: ["b", "a"]}, 50).results[1].correct


def test_feedback_shows_the_chosen_option_the_missed_right_one_and_the_question() -> None:
    result = grade(GRUNDER, {Q1: ["b"]}, 50).results[0]
    assert result.feedback_html == (
        "Rätt, det är en process.",
        "Nej, åsikter är tillåtna.",
        "Radikalisering är en process.",
    )
    right = grade(GRUNDER, {Q1: ["a"]}, 50).results[0]
    assert right.feedback_html == ("Rätt, det är en process.", "Radikalisering är en process.")


@pytest.mark.parametrize(
    "tampered",
    [
        {Q1: ["z"], Q2: ["a", "b"]},  # unknown option id
        {Q1: ["a", "a"], Q2: ["a", "b"]},  # repeated id
        {Q1: ["a", "b"], Q2: ["a", "b"]},  # two answers to a single-choice question
        {Q2: ["a", "b"]},  # missing answer
        {Q1: "a' OR 1=1", Q2: ["a", "b"]},  # a string, not a list
    ],
)
def test_tampered_answers_count_as_wrong_and_never_raise(tampered: dict[str, object]) -> None:
    result = grade(GRUNDER, tampered, pass_mark=100)  # type: ignore[arg-type]
    assert not result.results[0].correct
    assert result.results[1].correct
    assert result.score == 50


def test_answers_to_another_modules_questions_are_ignored() -> None:
    other = AGERA.questions[0].id
    result = grade(GRUNDER, {other: ["b"]}, pass_mark=50)
    assert result.right_count == 0 and not result.passed
    assert other not in result.answers()


def test_only_valid_answers_are_kept_for_storage() -> None:
    result = grade(GRUNDER, {Q1: ["a", "zz"], Q2: ["b"]}, pass_mark=50)
    assert result.answers() == {Q1: ["a"], Q2: ["b"]}


def test_a_module_without_questions_is_passed_by_reading() -> None:
    result = grade(COURSE.module("03-las"), {}, pass_mark=80)
    assert (result.passed, result.score) == (True, 100)
