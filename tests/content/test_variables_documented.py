"""Every course variable is documented for editors (docs/course-format.md) and for whoever
configures elearn (the settings table in docs/configuration.md), so another municipality knows
what to set."""

from __future__ import annotations

from pathlib import Path

import pytest

from elearn.config import ORG_DEFAULTS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("key", sorted(ORG_DEFAULTS))
def test_each_course_variable_is_in_the_course_format_and_the_settings_table(key: str) -> None:
    course_format = (ROOT / "docs" / "course-format.md").read_text(encoding="utf-8")
    settings_table = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert f"| `{{{{ org.{key} }}}}` | `ORG_{key.upper()}` |" in course_format
    assert f"| `ORG_{key.upper()}` |" in settings_table
