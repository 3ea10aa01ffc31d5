"""Which files in a course folder are served, and the check that an SVG among them runs nothing.

Course folders come from third parties. Only the listed file types are served at all, and an SVG
can carry script, so one with script elements, event-handler attributes, `javascript:` links or
embedded HTML is refused by `courses check` rather than trusted to the browser's sandbox alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from .source import Report

SERVED_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".pdf", ".mp3", ".mp4", ".webm", ".vtt"}
_SCRIPTABLE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
# A browser drops tabs and line breaks anywhere in a URL and spaces and controls around it, so
# "java&#9;script:" runs; the XML parser has already turned the character reference into a tab.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f]")


def served_files(folder: Path) -> frozenset[str]:
    return frozenset(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SERVED_TYPES
    )


def check_svg(path: Path, report: Report) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    if "<!ENTITY" in text or "<!DOCTYPE" in text.upper():
        report(1, "SVG-filen har en DOCTYPE eller ENTITY: ta bort den, en bild i kursen får inte ha någon.")
        return
    try:
        root = ET.fromstring(text)  # noqa: S314
    except ET.ParseError as error:
        report(error.position[0], f"SVG-filen går inte att läsa: {error}.")
        return
    for problem in _scriptable_parts(root):
        report(1, f"SVG-filen kan köra skript ({problem}): ta bort det, bilder i kursen får inte innehålla skript.")


def _scriptable_parts(root: ET.Element) -> Iterator[str]:
    for element in root.iter():
        name = _local(element.tag)
        if name.lower() in _SCRIPTABLE_ELEMENTS:
            yield f"elementet <{name}>"
        for attribute, value in element.attrib.items():
            attribute_name = _local(attribute)
            if attribute_name.lower().startswith("on"):
                yield f"attributet {attribute_name} på <{name}>"
            elif scheme := _script_url(value):
                yield f"en {scheme}:-länk i {attribute_name} på <{name}>"


def _script_url(value: str) -> str | None:
    """The script-running scheme of the value or of any of its `;`-separated parts (an
    `<animate values="#;javascript:...">` sets each in turn), else None."""
    for part in value.split(";"):
        match = _SCRIPT_URL.match(_IGNORED_IN_URLS.sub("", part))
        if match:
            return match.group(1).lower()
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
