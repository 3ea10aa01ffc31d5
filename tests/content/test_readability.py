"""Readability: the LIX and word-count functions, the basic course's length and LIX, and the LIX of
the courses for citizens and partners.

The basic course (grundkurs) is for every employee and must read in under 15 minutes at 200
words a minute, in easy Swedish: LIX at most 40 for the course and for every module, since a
spaced course is read one module a week and each must stand on its own.
The course test reads the module files straight from disk, so it needs neither the app nor a
database, and it fails as soon as an edit makes the course too long or too hard to read.
Run with `-s` to see the figures for every module.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from elearn.content.readability import (
    lix,
    long_words,
    markdown_to_plain,
    reading_minutes,
    sentences_count,
    words,
)

COURSES = Path(__file__).resolve().parents[2] / "courses"
GRUNDKURS = COURSES / "grundkurs"
MAX_MINUTES = 15
WORDS_PER_MINUTE = 200
MAX_COURSE_LIX = 40
MAX_MODULE_LIX = 40
PLACEHOLDER = "Strömsunds kommun"
VARIABLE = re.compile(r"\{\{\s*org\.[a-z_]+\s*\}\}")


# ---------------------------------------------------------------------------------------------
# The functions, on small texts computed by hand
# ---------------------------------------------------------------------------------------------


def test_lix_of_short_words_is_words_per_sentence() -> None:
    # 7 words, 2 sentences, no word longer than 6 letters: 7/2 + 0 = 3.5
    assert lix("Jag har en katt. Den är svart.") == pytest.approx(3.5)


def test_lix_counts_long_words_as_a_percentage() -> None:
    # 7 words, 2 sentences; long: Kommunen, arbetar, förebyggande, medarbetare, behöver, kunskap
    # = 6. LIX = 7/2 + 100 * 6/7 = 3.5 + 85.714...
    text = "Kommunen arbetar förebyggande. Alla medarbetare behöver kunskap."
    assert lix(text) == pytest.approx(3.5 + 600 / 7)


def test_lix_with_numbers_and_an_email_address() -> None:
    # Words: Ring 112 om någon är i fara Skicka frågor till vbe@stromsund.se = 11, 2 sentences.
    # Long: only the address (14 letters); "Skicka" and "frågor" have exactly 6 letters.
    text = "Ring 112 om någon är i fara. Skicka frågor till vbe@stromsund.se!"
    assert len(words(text)) == 11
    assert sentences_count(text) == 2
    assert lix(text) == pytest.approx(11 / 2 + 100 / 11)


def test_long_word_means_more_than_six_letters_counting_a_a_o() -> None:
    assert long_words("Skicka skickar själv förövare våld") == ["skickar", "förövare"]


def test_words_keeps_swedish_compounds_and_abbreviations_whole() -> None:
    assert words("VBE-gruppen, CVE:s stöd och e-post.") == ["VBE-gruppen", "CVE:s", "stöd", "och", "e-post"]
    assert words("Läs t.ex. 10 kap. 28 § OSL.") == ["Läs", "t.ex.", "10", "kap", "28", "OSL"]
    assert words("Se cve.se – och https://www.cve.se/om.html.") == ["Se", "cve.se", "och", "https://www.cve.se/om.html"]


def test_sentences_end_at_full_stop_question_exclamation_and_colon() -> None:
    assert sentences_count("Är du orolig? Ring! Det här gäller: alla.") == 4


def test_abbreviations_and_numbers_do_not_end_sentences() -> None:
    assert sentences_count("Enligt OSL 10 kap. 28 § gäller t.ex. detta. Se skr. 2023/24:56 och 1.5 procent.") == 2
    assert sentences_count("Klotter, flygblad, symboler m.m.") == 1


def test_text_without_words_or_end_marks() -> None:
    assert lix("") == 0.0
    assert sentences_count("") == 0
    assert sentences_count("En rubrik utan punkt") == 1


def test_reading_minutes() -> None:
    assert reading_minutes(3000) == 15.0
    assert reading_minutes(100, words_per_minute=50) == 2.0
    with pytest.raises(ValueError):
        reading_minutes(100, words_per_minute=0)


def test_markdown_to_plain_removes_markup_and_ends_headings_and_options() -> None:
    source = "\n".join(
        [
            "## Tecken att lägga märke till",
            "",
            "Det här är **viktigt** och *bra*. Läs [nästa modul](02-tecken.md).",
            "![Klotter på en vägg](bilder/klotter.png)",
            "",
            "| Miljö | Exempel |",
            "|---|---|",
            "| Skola | klotter |",
            "",
            "# Frågor",
            "",
            "## Vad gör du?",
            "topics: agera",
            "kind: single",
            "shuffle: true",
            "",
            "- [x] Ringer 112",
            "  > Rätt. Någon är i fara.",
            "- [ ] Väntar",
            "",
            "> Ring 112 när någon är i fara.",
        ]
    )
    plain = markdown_to_plain(source)
    for markup in ("#", "**", "[x]", "[ ]", "](", "|", ">", "topics", "shuffle", "kind:", "Klotter på"):
        assert markup not in plain
    assert "Tecken att lägga märke till." in plain
    assert "Läs nästa modul." in plain
    assert "Ringer 112." in plain and "Väntar." in plain
    assert "Miljö. Exempel." in plain and "Skola. klotter." in plain
    # heading 1, lesson 2, table 4, "Frågor" 1, question 1, options 2, option feedback 2,
    # question feedback 1
    assert sentences_count(plain) == 14


def test_a_list_item_continued_on_an_indented_line_is_one_sentence() -> None:
    plain = markdown_to_plain("- Ett alternativ som\n  fortsätter här\n- Nästa")
    assert plain.split("\n")[:2] == ["Ett alternativ som fortsätter här.", "Nästa."]
    assert sentences_count(plain) == 2


# ---------------------------------------------------------------------------------------------
# The basic course, read from disk
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    name: str
    words: int
    minutes: float
    lix: float


def _module_text(path: Path) -> str:
    """The module's plain text: front matter (between the first two `---` lines) removed, each
    variable replaced with a two-word placeholder, Markdown turned into plain text."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0].strip() == "---", f"{path.name}: front matter saknas"
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    body = "\n".join(lines[end + 1 :])
    return markdown_to_plain(VARIABLE.sub(PLACEHOLDER, body))


def _figures(name: str, text: str) -> Figures:
    count = len(words(text))
    return Figures(name, count, reading_minutes(count, WORDS_PER_MINUTE), lix(text))


def _grundkurs() -> tuple[list[Figures], Figures]:
    modules = tomllib.loads((GRUNDKURS / "course.toml").read_text(encoding="utf-8"))["modules"]
    texts = {module: _module_text(GRUNDKURS / f"{module}.md") for module in modules}
    per_module = [_figures(module, text) for module, text in texts.items()]
    return per_module, _figures("HELA KURSEN", "\n".join(texts.values()))


def _table(per_module: list[Figures], course: Figures) -> str:
    rows = [f"{'modul':<28} {'ord':>5} {'min':>5} {'LIX':>5}"]
    for figures in [*per_module, course]:
        rows.append(f"{figures.name:<28} {figures.words:>5} {figures.minutes:>5.1f} {figures.lix:>5.1f}")
    return "\n".join(rows)


@pytest.fixture(scope="module")
def grundkurs() -> tuple[list[Figures], Figures, str]:
    per_module, course = _grundkurs()
    table = _table(per_module, course)
    print(f"\ngrundkurs, {WORDS_PER_MINUTE} ord/min, variabler = '{PLACEHOLDER}':\n{table}")
    return per_module, course, table


def test_grundkurs_reads_in_under_15_minutes(grundkurs: tuple[list[Figures], Figures, str]) -> None:
    _, course, table = grundkurs
    assert course.minutes <= MAX_MINUTES, (
        f"Grundkursen tar {course.minutes:.1f} min att läsa ({course.words} ord), mer än {MAX_MINUTES} min."
        f" Korta texten.\n{table}"
    )


def test_grundkurs_lix_is_at_most_40(grundkurs: tuple[list[Figures], Figures, str]) -> None:
    _, course, table = grundkurs
    assert course.lix <= MAX_COURSE_LIX, (
        f"Grundkursens LIX är {course.lix:.1f}, över {MAX_COURSE_LIX}. Skriv kortare meningar och ord.\n{table}"
    )


def test_no_grundkurs_module_has_lix_over_40(grundkurs: tuple[list[Figures], Figures, str]) -> None:
    per_module, _, table = grundkurs
    too_hard = [f"{m.name} (LIX {m.lix:.1f})" for m in per_module if m.lix > MAX_MODULE_LIX]
    assert not too_hard, f"Moduler med LIX över {MAX_MODULE_LIX}: {', '.join(too_hard)}.\n{table}"


@pytest.mark.parametrize("course", ["introduktion", "samverkanspartner"])
def test_courses_for_citizens_and_partners_have_lix_at_most_40(course: str) -> None:
    # Read by anyone, often without a reason to persevere: as easy as the basic course.
    folder = COURSES / course
    modules = tomllib.loads((folder / "course.toml").read_text(encoding="utf-8"))["modules"]
    figures = [_figures(module, _module_text(folder / f"{module}.md")) for module in modules]
    too_hard = [f"{f.name} (LIX {f.lix:.1f})" for f in figures if f.lix > MAX_MODULE_LIX]
    assert not too_hard, f"{course}: moduler med LIX över {MAX_MODULE_LIX}: {', '.join(too_hard)}"
