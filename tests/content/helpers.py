"""Copying the fixture courses so a test can break one thing in its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from elearn.config import ORG_DEFAULTS
from elearn.content import ContentCache, Library

FIXTURES = Path(__file__).parent.parent / "fixtures" / "courses"
VARIABLES = {f"org.{key}": value for key, value in ORG_DEFAULTS.items()}


def copy_fixtures(tmp_path: Path) -> Path:
    root = tmp_path / "courses"
    shutil.copytree(FIXTURES, root)
    return root


def load(root: Path) -> Library:
    return ContentCache().load(root, VARIABLES)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
