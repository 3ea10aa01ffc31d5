"""Grading a submitted quiz: a pure function that never raises on what a browser sends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..percent import percent
from .model import Module, Question


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: tuple[str, ...]
    correct: bool

    @property
    def feedback_html(self) -> tuple[str, ...]:
        """What to show after answering: feedback on what was chosen, on right options that were
        missed, and the question's own feedback."""
        shown = [
            option.feedback_html
            for option in self.question.options
            if option.feedback_html and (option.id in self.chosen or option.correct)
        ]
        if self.question.feedback_html:
            shown.append(self.question.feedback_html)
        return tuple(shown)


@dataclass(frozen=True)
class Grade:
    results: tuple[QuestionResult, ...]
    score: int  # percent of questions right, rounded half up
    passed: bool

    @property
    def right_count(self) -> int:
        return sum(result.correct for result in self.results)

    def answers(self) -> dict[str, list[str]]:
        """The valid part of the submission, in a form fit to store as JSON."""
        return {result.question.id: list(result.chosen) for result in self.results}


def grade(module: Module, answers: Mapping[str, Sequence[str]], pass_mark: int) -> Grade:
    """Grade `answers` (question id -> chosen option ids) against `module`'s quiz.

    Anything a tampered form can send — unknown or repeated option ids, several answers to a
    single-choice question, answers to another module's questions, nothing at all — makes that
    question wrong and is otherwise ignored.
    """
    results = tuple(grade_question(question, answers.get(question.id, ())) for question in module.questions)
    if not results:
        return Grade(results=(), score=100, passed=True)
    right = sum(result.correct for result in results)
    score = percent(right, len(results)) or 0
    return Grade(results=results, score=score, passed=right * 100 >= pass_mark * len(results))


def unanswered(module: Module, answers: Mapping[str, Sequence[str]]) -> tuple[Question, ...]:
    """The questions with no option of their own chosen: such a submission is not graded."""

    def chosen(question: Question) -> bool:
        submitted = answers.get(question.id, ())
        values = (submitted,) if isinstance(submitted, str) else submitted
        return any(str(value) in {option.id for option in question.options} for value in values)

    return tuple(question for question in module.questions if not chosen(question))


def grade_question(question: Question, submitted: Sequence[str] | str) -> QuestionResult:
    if isinstance(submitted, str):
        submitted = (submitted,)
    known = {option.id for option in question.options}
    chosen = tuple(dict.fromkeys(str(value) for value in submitted if str(value) in known))
    tampered = len(chosen) != len(submitted)
    too_many = question.kind != "multiple" and len(chosen) > 1
    correct = not tampered and not too_many and frozenset(chosen) == question.right_option_ids
    return QuestionResult(question=question, chosen=chosen, correct=correct)
