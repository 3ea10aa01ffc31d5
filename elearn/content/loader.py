"""Loading the `courses/` folder into validated, rendered courses, cached by content hash."""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import markdown
from .delivery import parse_delivery
from .model import Audience, Course, Module, Problem, Topic
from .module_file import ModuleDraft, parse_module
from .source import Report, line_of_key, parse_audience, read_text, version_of
from .variables import fill_line, unknown_variable

TOPICS_FILE = "topics.toml"
COURSE_FILE = "course.toml"
COURSE_KEYS = {
    "id",
    "title",
    "summary",
    "language",
    "pass_mark",
    "validity_months",
    "shuffle",
    "modules",
    "audience",
    "delivery",
}
REQUIRED_COURSE_KEYS = ("id", "title", "summary", "language", "pass_mark", "modules")
LANGUAGES = ("sv", "en")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Module ids end up in addresses beside the app's own pages (the certificate, a repetition).
RESERVED_MODULE_IDS = ("intyg", "repetera")
TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class Library:
    """Every course that loaded cleanly, and every problem found in those that did not."""

    courses: Mapping[str, Course]
    topics: Mapping[str, Topic]
    problems: tuple[Problem, ...]

    def course(self, course_id: str) -> Course | None:
        return self.courses.get(course_id)


class ContentCache:
    """Keeps each course parsed once per content hash: a request never parses Markdown, and a
    reload after an edit re-parses only the course that changed."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Course | None, tuple[Problem, ...]]] = {}
        self.parses = 0

    def load(self, root: Path, variables: Mapping[str, str]) -> Library:
        problems: list[Problem] = []
        topics_text, topics = _load_topics(root / TOPICS_FILE, problems)
        courses: dict[str, Course] = {}
        for folder in (
            sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.is_dir() else []
        ):
            key = _fingerprint(folder, topics_text, variables)
            if key not in self._entries:
                self.parses += 1
                self._entries[key] = _load_course(folder, topics, variables)
            course, course_problems = self._entries[key]
            problems.extend(course_problems)
            if course is not None:
                courses[course.id] = course
        if not root.is_dir():
            problems.append(Problem(root, 1, "Mappen med kurser finns inte."))
        return Library(courses=courses, topics=topics, problems=tuple(problems))


def _fingerprint(folder: Path, topics_text: str, variables: Mapping[str, str]) -> str:
    digest = hashlib.sha256(topics_text.encode())
    for name, value in sorted(variables.items()):
        digest.update(f"{name}={value}\0".encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _reporter(problems: list[Problem], path: Path) -> Report:
    return lambda line, message: problems.append(Problem(path, line, message))


def _read_toml(path: Path, report: Report) -> tuple[str, dict[str, Any] | None]:
    text = read_text(path, report)
    if text is None:
        return "", None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = TOML_LINE.search(str(error))
        report(int(match.group(1)) if match else 1, f"Filen går inte att läsa som TOML: {error}.")
        return text, None


def _load_topics(path: Path, problems: list[Problem]) -> tuple[str, dict[str, Topic]]:
    report = _reporter(problems, path)
    if not path.is_file():
        report(1, "Ämneslistan topics.toml saknas. Frågornas 'topics:' måste finnas där.")
        return "", {}
    text, data = _read_toml(path, report)
    topics: dict[str, Topic] = {}
    lines = text.split("\n")
    for key, value in (data or {}).items():
        line = line_of_key(lines, key)
        if not ID_PATTERN.match(key):
            report(line, f"Ämnet '{key}' har ett ogiltigt namn. Använd små bokstäver a-z, siffror och '-'.")
        elif not isinstance(value, dict) or not isinstance(value.get("title"), str):
            report(line, f"Ämnet '{key}' saknar title.")
        else:
            topics[key] = Topic(key=key, title=value["title"])
    return text, topics


def _load_course(
    folder: Path, topics: Mapping[str, Topic], variables: Mapping[str, str]
) -> tuple[Course | None, tuple[Problem, ...]]:
    problems: list[Problem] = []
    path = folder / COURSE_FILE
    report = _reporter(problems, path)
    if not path.is_file():
        report(1, "course.toml saknas: varje kursmapp behöver en.")
        return None, tuple(problems)
    text, data = _read_toml(path, report)
    if data is None:
        return None, tuple(problems)
    lines = text.split("\n")
    settings = _course_settings(folder, data, lines, report)
    module_ids = _module_list(folder, data.get("modules"), lines, problems)
    drafts = []
    for module_id in module_ids:
        module_path = folder / f"{module_id}.md"
        module_report = _reporter(problems, module_path)
        module_text = read_text(module_path, module_report)
        if module_text is not None:
            drafts.append(
                parse_module(module_path, module_id, module_text, variables, topics, settings["shuffle"], module_report)
            )
    delivery = (
        parse_delivery(data["delivery"], len(module_ids), report, line_of_key(lines, "delivery"))
        if "delivery" in data
        else None
    )
    _check_references(folder, module_ids, drafts, problems)
    _check_question_ids(drafts, problems)
    title, summary = (
        _filled(data.get(key), variables, line_of_key(lines, key), report) for key in ("title", "summary")
    )
    if problems:
        return None, tuple(problems)
    modules = tuple(_finish(draft) for draft in drafts)
    return (
        Course(
            id=data["id"],
            title=title,
            summary=summary,
            language=data["language"],
            pass_mark=data["pass_mark"],
            validity_months=data.get("validity_months"),
            audience=settings["audience"],
            modules=modules,
            version=version_of(text, *(m.version for m in modules)),
            folder=folder,
            assets=frozenset(
                str(p.relative_to(folder))
                for p in folder.rglob("*")
                if p.is_file() and p.suffix not in (".md", ".toml")
            ),
            **({"delivery": delivery} if delivery else {}),
        ),
        (),
    )


def _filled(text: Any, variables: Mapping[str, str], line: int, report: Report) -> str:
    """The course's title or summary with its variables filled in (a wrong type is reported
    by _course_settings)."""
    if not isinstance(text, str):
        return ""
    filled, unknown = fill_line(text, variables)
    for name in unknown:
        report(line, unknown_variable(name, variables))
    return filled


def _course_settings(folder: Path, data: dict[str, Any], lines: list[str], report: Report) -> dict[str, Any]:
    def line(key: str) -> int:
        return line_of_key(lines, key)

    for key in sorted(set(data) - COURSE_KEYS):
        report(line(key), f"Okänd nyckel '{key}'. Tillåtna: {', '.join(sorted(COURSE_KEYS))}.")
    for key in REQUIRED_COURSE_KEYS:
        if key not in data:
            report(1, f"Nyckeln '{key}' saknas.")
    if "id" in data and data["id"] != folder.name:
        report(line("id"), f"id '{data['id']}' ska vara samma som mappens namn '{folder.name}'.")
    for key in ("title", "summary"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            report(line(key), f"'{key}' ska vara en text.")
    if "language" in data and data["language"] not in LANGUAGES:
        report(line("language"), f"Okänt språk '{data['language']}'. Tillåtna: {', '.join(LANGUAGES)}.")
    pass_mark = data.get("pass_mark")
    if "pass_mark" in data and (
        isinstance(pass_mark, bool) or not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100
    ):
        report(line("pass_mark"), f"pass_mark ska vara en procentsats mellan 1 och 100, inte {pass_mark!r}.")
    validity = data.get("validity_months")
    if "validity_months" in data and (isinstance(validity, bool) or not isinstance(validity, int) or validity < 1):
        report(line("validity_months"), f"validity_months ska vara ett heltal större än 0, inte {validity!r}.")
    # Shuffled unless the course says otherwise: an answer that always sits first is a pattern
    # a learner can pass by without reading.
    shuffle = data.get("shuffle", True)
    if not isinstance(shuffle, bool):
        report(line("shuffle"), "shuffle ska vara true eller false.")
        shuffle = True
    audience = parse_audience(data["audience"], report, line("audience")) if "audience" in data else Audience()
    return {"shuffle": shuffle, "audience": audience}


def _module_list(folder: Path, listed: Any, lines: list[str], problems: list[Problem]) -> list[str]:
    report = _reporter(problems, folder / COURSE_FILE)
    if listed is None:
        return []
    if not isinstance(listed, list) or not all(isinstance(m, str) for m in listed):
        report(line_of_key(lines, "modules"), "'modules' ska vara en lista med modulfilernas namn utan .md.")
        return []
    module_ids: list[str] = []
    for module_id in listed:
        line = next((n for n, text in enumerate(lines, 1) if f'"{module_id}"' in text or f"'{module_id}'" in text), 1)
        if module_id in module_ids:
            report(line, f"Modulen '{module_id}' står två gånger i modules.")
        elif module_id in RESERVED_MODULE_IDS:
            reserved = ", ".join(RESERVED_MODULE_IDS)
            report(line, f"Modulen kan inte heta '{module_id}': namnen {reserved} används av elearn självt.")
        elif not (folder / f"{module_id}.md").is_file():
            report(line, f"Modulen '{module_id}' står i modules men filen {module_id}.md finns inte.")
        else:
            module_ids.append(module_id)
    for path in sorted(folder.glob("*.md")):
        if path.stem not in listed and not path.stem.isupper():
            _reporter(problems, path)(1, f"Filen ser ut som en modul men står inte i modules i {COURSE_FILE}.")
    return module_ids


def _check_references(folder: Path, module_ids: list[str], drafts: list[ModuleDraft], problems: list[Problem]) -> None:
    anchors = {draft.id: draft.anchors for draft in drafts}
    root = folder.resolve()
    for draft in drafts:
        report = _reporter(problems, draft.path)
        for ref in markdown.references(draft.tokens):
            line = draft.lesson_first_line + ref.line
            if not markdown.is_local(ref.target):
                continue
            path, _, anchor = ref.target.partition("#")
            if not path:
                if anchor not in anchors[draft.id]:
                    report(line, f"Länken '#{anchor}' pekar på en rubrik som inte finns i modulen.")
            elif path.endswith(".md"):
                target = path[:-3]
                if target not in module_ids:
                    report(line, f"Länken '{ref.target}' pekar på en modul som inte finns i kursen.")
                elif target not in anchors:
                    continue  # the target module could not be read; that problem is reported already
                elif anchor and anchor not in anchors[target]:
                    report(line, f"Länken '{ref.target}' pekar på en rubrik som inte finns i {path}.")
            else:
                file = (folder / path).resolve()
                word = "Bilden" if ref.kind == "image" else "Filen"
                if not file.is_relative_to(root) or not file.is_file():
                    report(line, f"{word} '{path}' finns inte i kursmappen.")


def _check_question_ids(drafts: list[ModuleDraft], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for draft in drafts:
        for question in draft.questions:
            if question.id in seen:
                problems.append(
                    Problem(
                        draft.path,
                        draft.question_lines[question.id],
                        f"Fråge-id '{question.id}' används redan i modulen '{seen[question.id]}'.",
                    )
                )
            seen[question.id] = draft.id


def _finish(draft: ModuleDraft) -> Module:
    return Module(
        id=draft.id,
        title=draft.title,
        minutes=draft.minutes,
        objectives=draft.objectives,
        html=markdown.render(draft.tokens),
        questions=draft.questions,
        version=draft.version,
        word_count=draft.word_count,
        audience=draft.audience,
        reflection=draft.reflection,
    )
