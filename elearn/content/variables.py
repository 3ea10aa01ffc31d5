"""Filling `{{ org.name }}`-style variables, so another municipality reuses a course unchanged."""

from __future__ import annotations

import re
from collections.abc import Mapping

VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# A whole phone number, as the organisation settings accept it ("0670-123 45", "+46 670 123 45").
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{3,28}[0-9]$")


def fill_line(line: str, variables: Mapping[str, str], phone_links: bool = False) -> tuple[str, list[str]]:
    """Return the line with variables filled in, and the names that are not defined.

    An unknown variable is reported rather than left empty: a silent blank in a sentence such
    as "mejla till ." would hide a missing contact address from every learner. With
    `phone_links` (Markdown text), a phone variable holding a number becomes a `tel:` link, so
    a learner on a phone calls with one tap; one naming a route ("kommunens växel") stays text.
    """
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            unknown.append(name)
            return match.group(0)
        value = variables[name]
        if phone_links and "phone" in name and PHONE.match(value):
            return f"[{value}](tel:{re.sub(r'[^+0-9]', '', value)})"
        return value

    return VARIABLE.sub(replace, line), unknown


def unknown_variable(name: str, variables: Mapping[str, str]) -> str:
    """The editor's message for a variable that is not defined, with those that are."""
    known = ", ".join("{{ " + key + " }}" for key in sorted(variables))
    return f"Okänd variabel '{{{{ {name} }}}}'. Kända variabler: {known}."
