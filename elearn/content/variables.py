"""Filling `{{ org.name }}`-style variables, so another municipality reuses a course unchanged."""

from __future__ import annotations

import re
from collections.abc import Mapping

VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def fill_line(line: str, variables: Mapping[str, str]) -> tuple[str, list[str]]:
    """Return the line with variables filled in, and the names that are not defined.

    An unknown variable is reported rather than left empty: a silent blank in a sentence such
    as "mejla till ." would hide a missing contact address from every learner.
    """
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in variables:
            return variables[name]
        unknown.append(name)
        return match.group(0)

    return VARIABLE.sub(replace, line), unknown


def unknown_variable(name: str, variables: Mapping[str, str]) -> str:
    """The editor's message for a variable that is not defined, with those that are."""
    known = ", ".join("{{ " + key + " }}" for key in sorted(variables))
    return f"Okänd variabel '{{{{ {name} }}}}'. Kända variabler: {known}."
