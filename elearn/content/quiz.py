"""The quiz syntax: `## question`, `key: value` lines, a `- [x]` checklist and `>` feedback."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from . import markdown
from .model import Option, Question
from .source import Report

QUESTION = re.compile(r"^##\s+(.*\S)")
OPTION = re.compile(r"^[-*]\s+\[([ xX])\]\s+(.*\S)")
BARE_OPTION = re.compile(r"^[-*]\s+\S")
OPTION_FEEDBACK = re.compile(r"^\s{2,}>\s?(.*)")
CONTINUATION = re.compile(r"^\s{2,}(\S.*)")
QUESTION_FEEDBACK = re.compile(r"^>\s?(.*)")
KEY_LINE = re.compile(r"^([a-z][a-z_-]*):\s*(.*)$")
QUESTION_KEYS = ("id", "topics", "kind", "shuffle")
KINDS = ("single", "multiple", "true-false")
TRUE_FALSE = ({"sant", "falskt"}, {"true", "false"})
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
BOOLEANS = {"true": True, "ja": True, "yes": True, "false": False, "nej": False, "no": False}


@dataclass
class _OptionDraft:
    line: int
    text: str
    correct: bool
    feedback: list[str] = field(default_factory=list)


@dataclass
class _QuestionDraft:
    line: int
    text: str
    keys: dict[str, tuple[int, str]] = field(default_factory=dict)
    options: list[_OptionDraft] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)


def parse_quiz(
    lines: list[str],
    first_line: int,
    module_id: str,
    topics: Collection[str],
    default_shuffle: bool,
    report: Report,
) -> list[tuple[int, Question]]:
    """Parse the lines after `# Frågor` into (file line, question) pairs.

    `first_line` is the file line of `lines[0]`.
    """
    drafts = _collect(lines, first_line, report)
    questions = []
    for number, draft in enumerate(drafts, start=1):
        question = _build(draft, f"{module_id}-{number}", topics, default_shuffle, report)
        if question is not None:
            questions.append((draft.line, question))
    return questions


def _collect(lines: list[str], first_line: int, report: Report) -> list[_QuestionDraft]:
    drafts: list[_QuestionDraft] = []
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        if match := QUESTION.match(line):
            drafts.append(_QuestionDraft(number, match.group(1)))
            continue
        if not drafts:
            report(number, "Text före första frågan. En fråga börjar med '## ' följt av frågetexten.")
            continue
        _add_line(drafts[-1], number, line, report)
    return drafts


def _add_line(draft: _QuestionDraft, number: int, line: str, report: Report) -> None:
    if match := OPTION.match(line):
        if draft.feedback:
            report(number, "Svarsalternativ efter frågans återkoppling. Skriv '>'-raden sist.")
        draft.options.append(_OptionDraft(number, match.group(2), match.group(1) != " "))
    elif BARE_OPTION.match(line):
        report(number, "Svarsalternativet saknar ruta. Skriv '- [x] ' för rätt svar och '- [ ] ' för fel svar.")
    elif draft.options and (match := OPTION_FEEDBACK.match(line)):
        draft.options[-1].feedback.append(match.group(1))
    elif draft.options and not draft.feedback and (match := CONTINUATION.match(line)):
        draft.options[-1].text += " " + match.group(1)
    elif match := QUESTION_FEEDBACK.match(line):
        if not draft.options:
            report(number, "Återkoppling före svarsalternativen. Skriv '>'-raden efter alternativen.")
        draft.feedback.append(match.group(1))
    elif (match := KEY_LINE.match(line)) and not draft.options:
        key, value = match.groups()
        if key not in QUESTION_KEYS:
            report(number, f"Okänd nyckel '{key}'. En fråga kan ha: {', '.join(QUESTION_KEYS)}.")
        elif key in draft.keys:
            report(number, f"'{key}' står två gånger i samma fråga.")
        else:
            draft.keys[key] = (number, value.strip())
    else:
        report(number, "Raden hör inte till någon del av frågan. Väntade '- [x]', '- [ ]', '>' eller 'nyckel: värde'.")


def _build(
    draft: _QuestionDraft,
    default_id: str,
    topics: Collection[str],
    default_shuffle: bool,
    report: Report,
) -> Question | None:
    counted = _Counter(report)
    report = counted
    question_id = _question_id(draft, default_id, report)
    topic_keys = _topics(draft, topics, report)
    shuffle = _shuffle(draft, default_shuffle, report)
    kind = _kind(draft, report)
    _check_options(draft, kind, report)
    if counted.count:
        return None
    options = tuple(
        Option(
            id=chr(ord("a") + index),
            html=markdown.render_inline(option.text),
            correct=option.correct,
            feedback_html=markdown.render_inline(" ".join(option.feedback)),
        )
        for index, option in enumerate(draft.options)
    )
    return Question(
        id=question_id,
        kind=kind,
        html=markdown.render_inline(draft.text),
        topics=topic_keys,
        options=options,
        shuffle=shuffle,
        feedback_html=markdown.render_inline(" ".join(draft.feedback)),
        line=draft.line,
    )


class _Counter:
    """Wraps a report callback to know whether building one question found problems."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.count = 0

    def __call__(self, line: int, message: str) -> None:
        self.count += 1
        self.report(line, message)


def _question_id(draft: _QuestionDraft, default: str, report: Report) -> str:
    if "id" not in draft.keys:
        return default
    line, value = draft.keys["id"]
    if not ID_PATTERN.match(value):
        report(line, f"Ogiltigt id '{value}'. Använd små bokstäver a-z, siffror, '-' och '_'.")
    return value


def _topics(draft: _QuestionDraft, topics: Collection[str], report: Report) -> tuple[str, ...]:
    if "topics" not in draft.keys:
        report(draft.line, "Frågan saknar 'topics:'. Ange minst ett ämne från courses/topics.toml.")
        return ()
    line, value = draft.keys["topics"]
    keys = tuple(key.strip() for key in value.split(",") if key.strip())
    if not keys:
        report(line, "'topics:' är tom. Ange minst ett ämne från courses/topics.toml.")
    for key in keys:
        if key not in topics:
            report(line, f"Okänt ämne '{key}'. Det finns inte i courses/topics.toml.")
    return keys


def _shuffle(draft: _QuestionDraft, default: bool, report: Report) -> bool:
    if "shuffle" not in draft.keys:
        return default
    line, value = draft.keys["shuffle"]
    if value.lower() not in BOOLEANS:
        report(line, f"'shuffle: {value}' förstås inte. Skriv true eller false.")
        return default
    return BOOLEANS[value.lower()]


def _kind(draft: _QuestionDraft, report: Report) -> str:
    if "kind" in draft.keys:
        line, value = draft.keys["kind"]
        if value not in KINDS:
            report(line, f"Okänd frågetyp '{value}'. Tillåtna: {', '.join(KINDS)}.")
            return "single"
        return value
    texts = {option.text.strip().lower() for option in draft.options}
    if len(draft.options) == 2 and texts in TRUE_FALSE:
        return "true-false"
    return "multiple" if sum(option.correct for option in draft.options) > 1 else "single"


def _check_options(draft: _QuestionDraft, kind: str, report: Report) -> None:
    right = sum(option.correct for option in draft.options)
    if len(draft.options) < 2:
        report(draft.line, "Frågan behöver minst två svarsalternativ ('- [x]' och '- [ ]').")
        return
    if right == 0:
        report(draft.line, "Frågan har inget rätt svar. Markera rätt alternativ med '- [x]'.")
    if kind in ("single", "true-false") and right > 1:
        report(draft.line, f"Frågan är envalsfråga ({kind}) men har {right} rätta svar. Markera bara ett med '- [x]'.")
    if kind == "true-false":
        texts = {option.text.strip().lower() for option in draft.options}
        if len(draft.options) != 2 or texts not in TRUE_FALSE:
            report(draft.line, "En sant/falskt-fråga ska ha exakt två alternativ: 'Sant' och 'Falskt'.")
    seen: set[str] = set()
    for option in draft.options:
        text = option.text.strip().lower()
        if text in seen:
            report(option.line, "Två svarsalternativ har samma text.")
        seen.add(text)
