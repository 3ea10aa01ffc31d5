"""The shipped courses' form: what a reviewer of plain-language microlearning checks by hand.

The nano-course reaches every employee as weekly lessons with questions that come back, and
its quiz asks what you do at work, in every kind of workplace, rather than names of laws.
Every module ends with a one-line takeaway, and every course asks for reflection at least once.
The deep course states the law as FACTS.md and its SOURCES.md have it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from elearn.content import Course, Library
from elearn.content.readability import sentences_count

from .helpers import load

SHIPPED = Path(__file__).resolve().parents[2] / "courses"
TAG = re.compile(r"<[^>]+>")
# A sentence ends at . ! or ? before a capital letter, so "10 kap. 27 §" stays in one sentence.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
GENERAL_CLAUSE = ("generalklausul", "27 §")
SOCIAL_SERVICES_OR_POLICE = ("polis", "socialtjänst", "socialsekreterare")
NEGATION = re.compile(r"\b(inte|aldrig|ej)\b")
MIN_SCENARIO_SHARE = 0.6
# Words that place a scenario in one of the staff's workplaces.
WORKPLACES = {
    "skola": ("lärare", "elev", "skola", "rasten"),
    "vård och omsorg": ("hemtjänst", "brukare", "omsorg"),
    "socialtjänst": ("socialtjänst", "handläggare"),
    "fritid": ("fritidsgård", "bibliotek", "sporthall"),
    "teknisk verksamhet": ("gatu-", "park", "fastighet", "vaktmästare"),
    "administration": ("reception", "kundtjänst"),
}


@pytest.fixture(scope="module")
def library() -> Library:
    loaded = load(SHIPPED)
    assert not loaded.problems, "\n".join(map(str, loaded.problems))
    return loaded


@pytest.fixture(scope="module")
def fordjupning(library: Library) -> Course:
    course = library.course("fordjupning")
    assert course is not None
    return course


@pytest.fixture(scope="module")
def grundkurs(library: Library) -> Course:
    course = library.course("grundkurs")
    assert course is not None
    return course


def _plain(fragment: str) -> str:
    return html.unescape(TAG.sub("", fragment))


def _scenarios(course: Course) -> list[str]:
    """Questions that set a scene before they ask: at least one sentence before the question."""
    texts = [_plain(q.html) for module in course.modules for q in module.questions]
    return [text for text in texts if sentences_count(text) >= 2 and text.rstrip().endswith("?")]


def test_the_nano_course_is_spaced_weekly_with_repetition(grundkurs: Course) -> None:
    assert grundkurs.delivery.spaced
    assert grundkurs.delivery.every_days == 7
    assert grundkurs.delivery.repeat_questions >= 1


def test_most_nano_course_questions_are_scenarios(grundkurs: Course) -> None:
    scenarios = _scenarios(grundkurs)
    assert len(scenarios) >= MIN_SCENARIO_SHARE * grundkurs.question_count, (
        f"{len(scenarios)} av {grundkurs.question_count} frågor är scenarier"
    )


def test_nano_course_scenarios_come_from_every_workplace(grundkurs: Course) -> None:
    text = " ".join(_scenarios(grundkurs)).lower()
    missing = [place for place, words in WORKPLACES.items() if not any(word in text for word in words)]
    assert not missing, f"Inga scenarier från: {', '.join(missing)}"


def test_every_shipped_module_ends_with_a_takeaway(library: Library) -> None:
    missing = [
        f"{course.id}/{module.id}"
        for course in library.courses.values()
        for module in course.modules
        if "<strong>Kom ihåg:</strong>" not in module.html
    ]
    assert not missing, f"Moduler utan 'Kom ihåg:': {', '.join(missing)}"


def test_every_shipped_course_asks_for_reflection(library: Library) -> None:
    without = [course.id for course in library.courses.values() if not any(m.reflection for m in course.modules)]
    assert not without, f"Kurser utan reflektionsfråga: {', '.join(without)}"


def test_there_is_a_partner_course_and_a_public_introduction(library: Library) -> None:
    audiences = [course.audience for course in library.courses.values()]
    assert any(audience.kinds == ("partner",) for audience in audiences)
    assert any(audience.public and audience.is_empty for audience in audiences)


def _sentences(fragment: str) -> list[str]:
    return [" ".join(part.split()) for part in SENTENCE_END.split(_plain(fragment)) if part.strip()]


def _taught(course: Course) -> list[str]:
    """What the course states as true: the lessons, the questions, the right options and all feedback.
    Wrong options are left out, since they are meant to be wrong."""
    fragments = []
    for module in course.modules:
        fragments.append(module.html)
        for question in module.questions:
            fragments += [question.html, question.feedback_html]
            fragments += [option.html for option in question.options if option.correct]
            fragments += [option.feedback_html for option in question.options]
    return [sentence for fragment in fragments for sentence in _sentences(fragment)]


def test_the_deep_course_never_gives_the_general_clause_as_a_basis_for_social_services(fordjupning: Course) -> None:
    # The general clause (OSL 10 kap. 27 §) does not apply to social services' secrecy (FACTS.md):
    # a sentence that names it together with the police or social services must say "inte" or "aldrig".
    wrong = [
        sentence
        for sentence in _taught(fordjupning)
        if any(word in sentence.lower() for word in GENERAL_CLAUSE)
        and any(word in sentence.lower() for word in SOCIAL_SERVICES_OR_POLICE)
        and not NEGATION.search(sentence.lower())
    ]
    assert not wrong, "Generalklausulen som stöd för socialtjänsten eller svar till polisen:\n" + "\n".join(wrong)


def test_the_deep_course_teaches_the_reporters_right_to_hear_whether_an_investigation_was_opened(
    fordjupning: Course,
) -> None:
    # Kunskapsguiden (SOURCES.md): social services may tell a professional who reported whether an
    # investigation was opened, not opened, or is already under way.
    def states_the_right(sentence: str) -> bool:
        lowered = sentence.lower()
        return "utredning" in lowered and "inletts" in lowered and "pågår" in lowered

    lessons = [sentence for module in fordjupning.modules for sentence in _sentences(module.html)]
    assert any(states_the_right(sentence) for sentence in lessons), (
        "Ingen modul säger att anmälaren kan få veta om en utredning har inletts."
    )
    answers = [
        sentence
        for module in fordjupning.modules
        for question in module.questions
        for option in question.options
        if option.correct
        for sentence in _sentences(option.html) + _sentences(option.feedback_html)
    ]
    assert any("inletts" in sentence.lower() for sentence in answers), (
        "Ingen fråga lär ut att anmälaren kan fråga om en utredning har inletts."
    )
    sources = (fordjupning.folder / "SOURCES.md").read_text(encoding="utf-8")
    assert "kunskapsguiden.se" in sources
