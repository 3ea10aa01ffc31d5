"""The `[delivery]` table of course.toml: self-paced, or spaced lessons with repetition."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from .model import Delivery
from .source import Report

DELIVERY_KEYS = {"mode", "every_days", "dates", "repeat_after_days", "repeat_questions"}
MODES = ("self-paced", "spaced")


def parse_delivery(data: Any, module_count: int, report: Report, line: int) -> Delivery:
    if not isinstance(data, dict):
        report(line, "'delivery' ska vara en tabell [delivery] med mode, every_days eller dates.")
        return Delivery()
    for key in sorted(set(data) - DELIVERY_KEYS):
        report(line, f"Okänd nyckel '{key}' i [delivery]. Tillåtna: {', '.join(sorted(DELIVERY_KEYS))}.")
    defaults = Delivery()
    mode = data.get("mode", defaults.mode)
    if mode not in MODES:
        report(line, f"Okänt sätt '{mode}' i delivery.mode. Tillåtna: {', '.join(MODES)}.")
        mode = defaults.mode
    every_days = _whole_number(data, "every_days", defaults.every_days, 1, 90, report, line)
    repeat_after = _whole_number(data, "repeat_after_days", defaults.repeat_after_days, 1, 365, report, line)
    repeat_questions = _whole_number(data, "repeat_questions", defaults.repeat_questions, 1, 3, report, line)
    dates = _dates(data.get("dates", []), module_count, report, line)
    if dates and "every_days" in data:
        report(line, "Ange antingen every_days eller dates i [delivery], inte båda.")
    return Delivery(mode, every_days, dates, repeat_after, repeat_questions)


def _whole_number(data: dict[str, Any], key: str, default: int, low: int, high: int, report: Report, line: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        report(line, f"delivery.{key} ska vara ett heltal mellan {low} och {high}, inte {value!r}.")
        return default
    return value


def _dates(value: Any, module_count: int, report: Report, line: int) -> tuple[date, ...]:
    if not value:
        return ()
    if not isinstance(value, list) or not all(type(item) is date for item in value):
        report(line, "delivery.dates ska vara en lista med datum, till exempel [2026-02-02, 2026-02-09].")
        return ()
    if len(value) != module_count:
        report(
            line, f"delivery.dates har {len(value)} datum men kursen har {module_count} moduler: ett datum per modul."
        )
        return ()
    if any(later <= earlier for earlier, later in itertools.pairwise(value)):
        report(line, "Datumen i delivery.dates ska komma i ordning, ett senare än det förra.")
        return ()
    return tuple(value)
