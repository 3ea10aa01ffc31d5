"""Whatever an editor types, the loader answers with a course or a list of problems."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import FIXTURES, load

FRAGMENTS = st.sampled_from(
    [
        "---\n",
        "title: X\n",
        "minutes: 2\n",
        "objectives:\n  - a\n",
        "# Frågor\n",
        "## Fråga?\n",
        "topics: begrepp\n",
        "kind: single\n",
        "kind: nej\n",
        "- [x] Ja\n",
        "- [ ] Nej\n",
        "  > bra\n",
        "> alla\n",
        "{{ org.name }}",
        "{{ x",
        "[länk](02-agera.md#x)",
        "![bild](../../etc/passwd)",
        "<script>",
        "| a | b |\n|---|\n",
        "\t",
        "\x00",
        "ä",
        "\n",
        "shuffle: kanske\n",
        "id: Ä\n",
        ": :\n",
        "- [",
        "[x]",
        "```\n",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(module=st.lists(FRAGMENTS | st.text(max_size=30), max_size=40).map("".join), toml=st.text(max_size=60))
def test_garbled_input_yields_a_course_or_problems(module: str, toml: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "courses"
        shutil.copytree(FIXTURES, root)
        (root / "testkurs" / "02-agera.md").write_text(module, encoding="utf-8", errors="surrogatepass")
        (root / "oppen" / "course.toml").write_text(toml, encoding="utf-8", errors="surrogatepass")
        library = load(root)
        assert ("testkurs" in library.courses) != any(p.path.parent.name == "testkurs" for p in library.problems)
        for problem in library.problems:
            assert problem.line >= 1 and problem.message
