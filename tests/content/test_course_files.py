"""Course folders are third-party input: a scriptable SVG is refused, odd file types are not served."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import copy_fixtures, edit, load

SVG = "testkurs/bilder/klotter.svg"
G = "testkurs/01-grunder.md"
NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("<script>alert(1)</script>", "elementet <script>"),
        ('<rect width="1" height="1" onload="alert(1)"/>', "attributet onload"),
        ('<a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a>', "javascript:-länk"),
        ('<a href=" JaVaScRiPt:alert(1)"><rect width="1" height="1"/></a>', "javascript:-länk"),
        ('<a href="java&#9;script:alert(1)"><rect width="1" height="1"/></a>', "javascript:-länk"),
        ('<a href="&#x20;&#x6A;ava&#10;script&#13;:alert(1)"><rect width="1" height="1"/></a>', "javascript:-länk"),
        ('<a><animate attributeName="href" values="#; javascript:alert(1)"/></a>', "javascript:-länk i values"),
        ("<foreignObject><p>html</p></foreignObject>", "elementet <foreignObject>"),
    ],
    ids=[
        "script",
        "event handler",
        "javascript link",
        "javascript link in odd case",
        "javascript link split by a tab",
        "javascript link in character references",
        "javascript in an animation's values",
        "foreignObject",
    ],
)
def test_a_scriptable_svg_is_refused(tmp_path: Path, body: str, words: str) -> None:
    root = copy_fixtures(tmp_path)
    (root / SVG).write_text(f"<svg {NS}>{body}</svg>", encoding="utf-8")
    library = load(root)
    messages = [p.message for p in library.problems if p.path == root / SVG]
    assert any(words in m and "skript" in m for m in messages), library.problems
    assert "testkurs" not in library.courses


def test_an_svg_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    (root / SVG).write_text(f'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg {NS}>&a;</svg>', encoding="utf-8")
    assert any("ENTITY" in p.message for p in load(root).problems)


def test_a_plain_svg_is_served(tmp_path: Path) -> None:
    library = load(copy_fixtures(tmp_path))
    assert not library.problems
    assert "bilder/klotter.svg" in library.courses["testkurs"].assets


def test_a_file_of_a_type_not_served_is_refused_when_linked(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    (root / "testkurs" / "bilder" / "sida.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    edit(root / G, "bilder/klotter.svg", "bilder/sida.html")
    library = load(root)
    assert any("typ som inte visas" in p.message for p in library.problems)


def test_a_file_of_a_type_not_served_is_not_an_asset(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    (root / "testkurs" / "bilder" / "sida.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    assert "bilder/sida.html" not in load(root).courses["testkurs"].assets


def test_control_characters_pasted_into_a_module_are_refused(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / G, "Skriv till oss", "Skriv\x00 till\x1b oss")
    library = load(root)
    assert any("kontrolltecken" in p.message and p.path == root / G for p in library.problems)


def test_an_oversized_module_file_is_refused(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    path = root / G
    path.write_text(path.read_text(encoding="utf-8") + "\nutfyllnad " * 600_000, encoding="utf-8")
    assert any("högst 512 kB" in p.message for p in load(root).problems)
