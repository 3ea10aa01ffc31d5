"""Reading course files: normalised text, versions, and the audience block both file kinds share."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import KINDS, ROLES, Audience

Report = Callable[[int, str], None]
AUDIENCE_KEYS = {"kinds", "roles", "departments", "public"}


# A module is a few pages of text; a file far larger is a mistake (or an attack on start-up).
MAX_FILE_BYTES = 512 * 1024


def read_text(path: Path, report: Report) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        report(1, f"Filen kan inte läsas ({error.strerror}).")
        return None
    if len(raw) > MAX_FILE_BYTES:
        report(1, f"Filen är {len(raw) // 1024} kB; en kursfil får vara högst {MAX_FILE_BYTES // 1024} kB.")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        report(line, "Filen är inte sparad som UTF-8. Spara den som UTF-8 i din textredigerare.")
        return None
    for number, line_text in enumerate(text.split("\n"), start=1):
        if any(unicodedata.category(c) == "Cc" and c not in "\t\r" for c in line_text):
            report(number, "Raden innehåller kontrolltecken (osynliga tecken, ofta från inklistrad text): ta bort dem.")
            return None
    return normalise(text)


def normalise(text: str) -> str:
    """Line endings and trailing spaces are editor noise; they must not change a version."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def version_of(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def _string_list(value: Any, key: str, report: Report, line: int) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report(line, f"'{key}' ska vara en lista med texter, till exempel [\"employee\"].")
        return ()
    return tuple(value)


def parse_audience(data: Any, report: Report, line: int) -> Audience:
    if not isinstance(data, dict):
        report(line, "'audience' ska innehålla nycklarna kinds, roles, departments och/eller public.")
        return Audience()
    for key in sorted(set(data) - AUDIENCE_KEYS):
        report(line, f"Okänd nyckel '{key}' i audience. Tillåtna: {', '.join(sorted(AUDIENCE_KEYS))}.")
    kinds = _string_list(data.get("kinds", []), "kinds", report, line)
    roles = _string_list(data.get("roles", []), "roles", report, line)
    departments = _string_list(data.get("departments", []), "departments", report, line)
    for kind in kinds:
        if kind not in KINDS:
            report(line, f"Okänd persontyp '{kind}' i audience.kinds. Tillåtna: {', '.join(KINDS)}.")
    for role in roles:
        if role not in ROLES:
            report(line, f"Okänd roll '{role}' i audience.roles. Tillåtna: {', '.join(ROLES)}.")
    public = data.get("public", False)
    if not isinstance(public, bool):
        report(line, "'public' ska vara true eller false.")
        public = False
    return Audience(kinds=kinds, roles=roles, departments=departments, public=public)


def line_of_key(lines: list[str], key: str, first_line: int = 1) -> int:
    """The line where `key` is set, so a problem with its value points at the right place."""
    for number, line in enumerate(lines, start=first_line):
        stripped = line.lstrip()
        if stripped.startswith(f"{key}:") or stripped.startswith(f"{key} =") or stripped == f"[{key}]":
            return number
    return first_line
