"""Every UI string has an English translation, and the catalogue is up to date with the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
CATALOGUE = ROOT / "elearn" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_string_in_the_code_is_translated_to_english(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run(
        [Path(sys.executable).parent / "pybabel", "extract", "-F", "babel.cfg", "-k", "_l", "-o", template, "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    extracted = {message.id for message in read_po(template.open("rb")) if message.id}
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    # A plural's string is a tuple of forms: each form must be translated.
    translated = {m.id for m in catalogue if m.id and m.string and all(m.string) and not m.fuzzy}
    missing = sorted(extracted - translated, key=str)
    assert missing == [], f"run `make translations-update` and translate: {missing}"
