"""One module file: YAML front matter, the lesson, and the quiz after `# Frågor`."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it.token import Token

from . import markdown
from .model import Audience, Question
from .quiz import parse_quiz
from .readability import markdown_to_plain, words
from .source import Report, line_of_key, parse_audience, version_of
from .variables import fill_line, unknown_variable

QUIZ_MARKERS = ("# Frågor", "# Quiz")
FRONT_MATTER_KEYS = {"title", "minutes", "objectives", "audience", "reflection"}
REQUIRED_KEYS = ("title", "minutes", "objectives")


@dataclass
class ModuleDraft:
    """A parsed module before cross-module checks (links) and final rendering."""

    id: str
    path: Path
    version: str
    title: str = ""
    minutes: int = 0
    objectives: tuple[str, ...] = ()
    audience: Audience | None = None
    tokens: list[Token] = field(default_factory=list)
    lesson_first_line: int = 1
    questions: tuple[Question, ...] = ()
    question_lines: dict[str, int] = field(default_factory=dict)
    word_count: int = 0
    reflection: str = ""

    @property
    def anchors(self) -> set[str]:
        return markdown.heading_anchors(self.tokens)


def parse_module(
    path: Path,
    module_id: str,
    text: str,
    variables: Mapping[str, str],
    topics: Collection[str],
    default_shuffle: bool,
    report: Report,
) -> ModuleDraft:
    draft = ModuleDraft(id=module_id, path=path, version=version_of(text))
    lines = text.split("\n")
    body_start = _front_matter(lines, draft, variables, report)
    body = _fill_variables(lines[body_start:], body_start + 1, variables, report)
    quiz_at = next((i for i, line in enumerate(body) if line.strip() in QUIZ_MARKERS), len(body))
    lesson = "\n".join(body[:quiz_at])
    draft.lesson_first_line = body_start + 1
    draft.tokens = markdown.parse(lesson)
    for line in markdown.raw_html_lines(draft.tokens):
        report(body_start + 1 + line, "HTML-kod är inte tillåten i kurstexten. Skriv Markdown i stället.")
    parsed = parse_quiz(body[quiz_at + 1 :], body_start + quiz_at + 2, module_id, topics, default_shuffle, report)
    draft.questions = tuple(question for _, question in parsed)
    draft.question_lines = {question.id: line for line, question in parsed}
    draft.word_count = len(words(markdown_to_plain("\n".join(body))))
    return draft


def _fill_variables(lines: list[str], first_line: int, variables: Mapping[str, str], report: Report) -> list[str]:
    filled = []
    for number, line in enumerate(lines, start=first_line):
        new_line, unknown = fill_line(line, variables, phone_links=True)
        for name in unknown:
            report(number, unknown_variable(name, variables))
        filled.append(new_line)
    return filled


def _front_matter(lines: list[str], draft: ModuleDraft, variables: Mapping[str, str], report: Report) -> int:
    """Read the front matter into `draft`; return the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        report(1, "Filen ska börja med en rad '---' följd av title, minutes och objectives.")
        return 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        report(1, "Inledningen (front matter) avslutas aldrig. Lägg till en rad '---' efter den.")
        return len(lines)
    header = lines[1:end]
    try:
        data = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "ogiltig YAML"
        report(line, f"Inledningen (front matter) går inte att läsa: {problem}.")
        return end + 1
    if not isinstance(data, dict):
        report(2, "Inledningen (front matter) ska bestå av rader 'nyckel: värde'.")
        return end + 1
    _read_keys(data, header, draft, report)
    draft.title = _fill_value(draft.title, line_of_key(header, "title", 2), variables, report)
    first_objective = line_of_key(header, "objectives", 2)
    draft.objectives = tuple(_fill_value(o, first_objective, variables, report) for o in draft.objectives)
    if draft.reflection:
        draft.reflection = _fill_value(draft.reflection, line_of_key(header, "reflection", 2), variables, report)
    return end + 1


def _fill_value(value: str, line: int, variables: Mapping[str, str], report: Report) -> str:
    return _fill_variables([value], line, variables, report)[0]


def _read_keys(data: dict[str, Any], header: list[str], draft: ModuleDraft, report: Report) -> None:
    def line(key: str) -> int:
        return line_of_key(header, key, first_line=2)

    for key in sorted(set(map(str, data)) - FRONT_MATTER_KEYS):
        report(line(key), f"Okänd nyckel '{key}'. Tillåtna: {', '.join(sorted(FRONT_MATTER_KEYS))}.")
    for key in REQUIRED_KEYS:
        if key not in data:
            report(1, f"Nyckeln '{key}' saknas i inledningen (front matter).")
    title = data.get("title", "")
    if "title" in data and (not isinstance(title, str) or not title.strip()):
        report(line("title"), "'title' ska vara en text.")
    draft.title = str(title).strip()
    minutes = data.get("minutes", 0)
    if "minutes" in data and (isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60):
        report(line("minutes"), f"'minutes' ska vara ett heltal mellan 1 och 60, inte {minutes!r}.")
        minutes = 0
    draft.minutes = minutes
    objectives = data.get("objectives", [])
    if isinstance(objectives, str):
        objectives = [objectives]
    if "objectives" in data and (
        not objectives or not isinstance(objectives, list) or not all(isinstance(o, str) for o in objectives)
    ):
        report(line("objectives"), "'objectives' ska vara en lista med minst ett lärandemål.")
        objectives = []
    draft.objectives = tuple(objectives)
    if "audience" in data:
        draft.audience = parse_audience(data["audience"], report, line("audience"))
    reflection = data.get("reflection", "")
    if not isinstance(reflection, str) or ("reflection" in data and not reflection.strip()):
        report(line("reflection"), "'reflection' ska vara en fråga att fundera över, skriven som text.")
        reflection = ""
    draft.reflection = reflection.strip()
