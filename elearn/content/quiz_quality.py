"""Warnings about quizzes that can be passed by a pattern instead of by knowing the answer.

A course with such a warning still loads: these are questions of craft for the editor, not
errors. `courses check` prints them, and the shipped courses are tested to have none.

The rules, stated once (docs/course-format.md repeats them for editors):
- more than half of a course's single-choice questions have the right option at the same
  position, or more than three quarters of its true/false questions have the same answer
  (checked from MIN_QUESTIONS questions of a kind up; a learner guessing by position would
  otherwise pass);
- the right option is the longest in more than half of the single-choice questions;
- a single-choice question has fewer than three options;
- an option has no feedback of its own, so a learner who chose it is not told why.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .model import Course, Problem, Question
from .source import line_of_key

MIN_QUESTIONS = 4
MIN_OPTIONS = 3
TAG = re.compile(r"<[^>]+>")


def quiz_warnings(course: Course) -> list[Problem]:
    """Every pattern warning for `course`, each with the file and line to change."""
    located = [(course.folder / f"{module.id}.md", q) for module in course.modules for q in module.questions]
    warnings = [warning for path, question in located for warning in _question_warnings(path, question)]
    course_file = course.folder / "course.toml"
    line = _modules_line(course_file)
    single = [(path, q) for path, q in located if q.kind == "single"]
    true_false = [(path, q) for path, q in located if q.kind == "true-false"]
    warnings += _clustered_positions(course_file, line, single)
    warnings += _same_true_false_answer(course_file, line, true_false)
    warnings += _right_is_longest(course_file, line, single)
    return warnings


def _question_warnings(path: Path, question: Question) -> list[Problem]:
    warnings = []
    if question.kind == "single" and len(question.options) < MIN_OPTIONS:
        warnings.append(
            Problem(
                path,
                question.line,
                f"Envalsfrågan har {len(question.options)} svarsalternativ. Skriv minst {MIN_OPTIONS} rimliga, "
                "så att det inte räcker att gissa.",
            )
        )
    for number, option in enumerate(question.options, start=1):
        if not option.feedback_html:
            warnings.append(
                Problem(
                    path,
                    question.line,
                    f"Alternativ {number} ('{_short(option.html)}') saknar återkoppling. Skriv en rad '  > ...' "
                    "under det som säger varför det är rätt eller fel.",
                )
            )
    return warnings


def _clustered_positions(course_file: Path, line: int, questions: Sequence[tuple[Path, Question]]) -> list[Problem]:
    if len(questions) < MIN_QUESTIONS:
        return []
    position, count = Counter(_right_position(q) for _, q in questions).most_common(1)[0]
    if count * 2 <= len(questions):
        return []
    where = _places(course_file, [(path, q) for path, q in questions if _right_position(q) == position])
    return [
        Problem(
            course_file,
            line,
            f"Rätt svar står som alternativ {position} i {count} av {len(questions)} envalsfrågor ({where}). "
            "Flytta rätt svar till olika platser.",
        )
    ]


def _same_true_false_answer(course_file: Path, line: int, questions: Sequence[tuple[Path, Question]]) -> list[Problem]:
    if len(questions) < MIN_QUESTIONS:
        return []
    answer, count = Counter(_right_text(q) for _, q in questions).most_common(1)[0]
    if count * 4 <= len(questions) * 3:
        return []
    where = _places(course_file, [(path, q) for path, q in questions if _right_text(q) == answer])
    return [
        Problem(
            course_file,
            line,
            f"Rätt svar är '{answer}' i {count} av {len(questions)} sant/falskt-frågor ({where}). "
            "Skriv några påståenden som är sanna.",
        )
    ]


def _right_is_longest(course_file: Path, line: int, questions: Sequence[tuple[Path, Question]]) -> list[Problem]:
    if len(questions) < MIN_QUESTIONS:
        return []
    longest = [(path, q) for path, q in questions if _right_is_strictly_longest(q)]
    if len(longest) * 2 <= len(questions):
        return []
    return [
        Problem(
            course_file,
            line,
            f"Rätt svar är det längsta alternativet i {len(longest)} av {len(questions)} envalsfrågor "
            f"({_places(course_file, longest)}). Gör fel alternativ lika utförliga, eller rätt svar kortare.",
        )
    ]


def _right_position(question: Question) -> int:
    return next(index for index, option in enumerate(question.options, start=1) if option.correct)


def _right_text(question: Question) -> str:
    return next(_plain(option.html) for option in question.options if option.correct)


def _right_is_strictly_longest(question: Question) -> bool:
    right = max(len(_plain(o.html)) for o in question.options if o.correct)
    wrong = [len(_plain(o.html)) for o in question.options if not o.correct]
    return bool(wrong) and right > max(wrong)


def _places(course_file: Path, questions: Sequence[tuple[Path, Question]]) -> str:
    return ", ".join(f"{path.relative_to(course_file.parent)}:{q.line}" for path, q in questions)


def _modules_line(course_file: Path) -> int:
    """Course-wide warnings point at the module list, where an editor starts looking."""
    try:
        lines = course_file.read_text(encoding="utf-8").split("\n")
    except OSError:
        return 1
    return line_of_key(lines, "modules")


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def _short(fragment: str, limit: int = 40) -> str:
    text = _plain(fragment)
    return text if len(text) <= limit else text[: limit - 1] + "…"
