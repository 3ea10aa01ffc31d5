"""One broken copy per kind of mistake an editor can make; each names the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import copy_fixtures, edit, load

G = "testkurs/01-grunder.md"
A = "testkurs/02-agera.md"
C = "testkurs/course.toml"

CASES = [
    # (id, [(file, old, new)], file with the problem, line, words in the message)
    ("front matter unreadable", [(G, "title: Grunder", "title: [Grunder")], G, 3, "går inte att läsa"),
    ("front matter never closed", [(G, "---\n\nDet här", "\nDet här")], G, 1, "avslutas aldrig"),
    ("unknown front matter key", [(G, "minutes: 3\n", "minutes: 3\nduration: 4\n")], G, 4, "Okänd nyckel 'duration'"),
    ("missing front matter key", [(G, "minutes: 3\n", "")], G, 1, "'minutes' saknas"),
    ("minutes not a number", [(G, "minutes: 3", "minutes: tre")], G, 3, "'minutes' ska vara ett heltal"),
    ("no right option", [(A, "- [x] Falskt", "- [ ] Falskt")], A, 14, "inget rätt svar"),
    (
        "single choice with two right",
        [(G, "topics: begrepp\n", "topics: begrepp\nkind: single\n"), (G, "- [ ] En åsikt.", "- [x] En åsikt.")],
        G,
        20,
        "har 2 rätta svar",
    ),
    (
        "true-false with a third option",
        [(A, "agera\n", "agera\nkind: true-false\n"), (A, "- [x] Falskt", "- [x] Falskt\n- [ ] Kanske")],
        A,
        14,
        "exakt två alternativ",
    ),
    ("option without a box", [(G, "- [ ] Ny frisyr", "- Ny frisyr")], G, 36, "saknar ruta"),
    ("question without topics", [(G, "topics: signaler\n", "")], G, 30, "saknar 'topics:'"),
    ("unknown topic", [(G, "topics: signaler", "topics: signaler, okant")], G, 31, "Okänt ämne 'okant'"),
    ("unknown question key", [(G, "kind: multiple", "typ: multiple")], G, 32, "Okänd nyckel 'typ'"),
    ("unknown question kind", [(G, "kind: multiple", "kind: many")], G, 32, "Okänd frågetyp 'many'"),
    ("unknown variable in objectives", [(A, "{{ org.vbe_group }}", "{{ org.grupp }}")], A, 4, "Okänd variabel"),
    ("raw HTML", [(G, "Skriv till oss", "<b onclick=x>Skriv</b> till oss")], G, 16, "HTML-kod är inte tillåten"),
    ("unknown variable", [(G, "{{ org.name }}", "{{ org.namn }}")], G, 8, "Okänd variabel '{{ org.namn }}'"),
    ("unknown variable in course title", [(C, '"Testkurs"', '"Testkurs i {{ org.namn }}"')], C, 2, "Okänd variabel"),
    ("link to a missing anchor", [(G, "#vem-kontaktar-du", "#finns-inte")], G, 14, "rubrik som inte finns"),
    ("link to a missing module", [(G, "(02-agera.md", "(05-saknas.md")], G, 14, "modul som inte finns"),
    ("missing image", [(G, "bilder/klotter.svg", "bilder/saknas.png")], G, 12, "Bilden 'bilder/saknas.png' finns inte"),
    ("image outside the course", [(G, "bilder/klotter.svg", "../oppen/course.toml")], G, 12, "finns inte i kursmappen"),
    ("listed module missing", [(C, '"03-las"]', '"03-las", "04-saknas"]')], C, 7, "04-saknas.md finns inte"),
    ("module listed twice", [(C, '"03-las"]', '"03-las", "02-agera"]')], C, 7, "står två gånger"),
    ("pass mark out of range", [(C, "pass_mark = 50", "pass_mark = 150")], C, 5, "mellan 1 och 100"),
    ("unknown course key", [(C, "pass_mark = 50", "pass_mark = 50\npassmark = 60")], C, 6, "Okänd nyckel 'passmark'"),
    ("course toml unreadable", [(C, 'title = "Testkurs"', 'title = "Testkurs')], C, 2, "TOML"),
    ("course id differs from folder", [(C, 'id = "testkurs"', 'id = "annan"')], C, 1, "samma som mappens namn"),
    (
        "unknown audience kind",
        [(C, 'kinds = ["employee"]', 'kinds = ["anstalld"]')],
        C,
        9,
        "Okänd persontyp 'anstalld'",
    ),
    (
        "duplicate question id",
        [
            (G, "topics: begrepp\n", "topics: begrepp\nid: samma\n"),
            (A, "topics: begrepp, agera\n", "topics: begrepp, agera\nid: samma\n"),
        ],
        A,
        14,
        "Fråge-id 'samma' används redan",
    ),
]


@pytest.mark.parametrize(("edits", "file", "line", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_with_file_and_line(
    tmp_path: Path, edits: list[tuple[str, str, str]], file: str, line: int, message: str
) -> None:
    root = copy_fixtures(tmp_path)
    for path, old, new in edits:
        edit(root / path, old, new)
    problems = load(root).problems
    located = [p for p in problems if p.path == root / file and p.line == line]
    assert any(message in p.message for p in located), "\n".join(map(str, problems))
    assert str(located[0]).startswith(f"{root / file}:{line}: ")


@pytest.mark.parametrize("reserved", ["repetera", "intyg"])
def test_a_module_named_like_one_of_the_apps_pages_is_refused(tmp_path: Path, reserved: str) -> None:
    # /kurser/<course>/intyg and /lektion/<course>/repetera would hide such a module.
    root = copy_fixtures(tmp_path)
    (root / "testkurs" / f"{reserved}.md").write_text((root / A).read_text(encoding="utf-8"), encoding="utf-8")
    edit(root / C, '"03-las"]', f'"03-las", "{reserved}"]')
    library = load(root)
    assert [str(p) for p in library.problems] == [
        f"{root / C}:7: Modulen kan inte heta '{reserved}': namnen intyg, repetera används av elearn självt."
    ]
    assert "testkurs" not in library.courses


def test_a_module_file_not_listed_is_reported(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    (root / "testkurs" / "04-extra.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    problems = load(root).problems
    assert [(p.path.name, p.line) for p in problems] == [("04-extra.md", 1)]
    assert "står inte i modules" in problems[0].message


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    path = root / "testkurs" / "02-agera.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    (problem,) = load(root).problems
    assert problem.path == path and "UTF-8" in problem.message
    assert problem.line == 5  # the objective with "när": the first line with a letter outside ASCII


def test_every_problem_in_every_course_is_listed(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / G, "{{ org.name }}", "{{ org.namn }}")
    edit(root / A, "- [x] Falskt", "- [ ] Falskt")
    edit(root / "oppen/intro.md", "topics: begrepp", "topics: nagot")
    problems = load(root).problems
    assert {(p.path.name, p.line) for p in problems} == {("01-grunder.md", 8), ("02-agera.md", 14), ("intro.md", 13)}


def test_a_missing_topics_file_is_reported(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    (root / "topics.toml").unlink()
    problems = load(root).problems
    assert any(p.path.name == "topics.toml" and "saknas" in p.message for p in problems)
