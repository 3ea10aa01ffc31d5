"""Figures with their floor and target: printed as a table with a PASS/FAIL line per target, and
written as JSON (a list of {"name", "value", "unit", "floor", "ratio", "target", "pass"})."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

KEYS = ("name", "value", "unit", "floor", "ratio", "target", "pass")


@dataclass(frozen=True)
class Target:
    """`value` or `ratio` (value / floor) must be at most or at least `limit`."""

    of: str  # value | ratio
    at_most: bool
    limit: float

    def met(self, value: float, ratio: float | None) -> bool:
        measured = ratio if self.of == "ratio" else value
        if measured is None:
            return False
        return measured <= self.limit if self.at_most else measured >= self.limit

    def describe(self, unit: str) -> str:
        sign = "≤" if self.at_most else "≥"
        if self.of == "ratio":
            return f"{sign} {self.limit:.0%} of floor"
        return f"{sign} {_number(self.limit)} {unit}".rstrip()


def at_most(limit: float, of: str = "value") -> Target:
    return Target(of, True, limit)


def at_least(limit: float, of: str = "value") -> Target:
    return Target(of, False, limit)


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    target: Target | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None

    @property
    def passed(self) -> bool | None:
        return None if self.target is None else self.target.met(self.value, self.ratio)

    def as_json(self) -> dict[str, object]:
        ratio = self.ratio
        return {
            "name": self.name,
            "value": round(self.value, 3),
            "unit": self.unit,
            "floor": None if self.floor is None else round(self.floor, 3),
            "ratio": None if ratio is None else round(ratio, 4),
            "target": None if self.target is None else self.target.describe(self.unit),
            "pass": self.passed,
        }


def write_json(figures: list[Figure], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([figure.as_json() for figure in figures], indent=2, ensure_ascii=False) + "\n")


def table(figures: list[Figure]) -> str:
    """A Markdown table, readable in a terminal and pasteable into docs/performance.md."""
    lines = [
        "| figure | value | floor | ratio | target | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    for figure in figures:
        ratio = figure.ratio
        lines.append(
            "| {} | {} {} | {} | {} | {} | {} |".format(
                figure.name,
                _number(figure.value),
                figure.unit,
                "" if figure.floor is None else _number(figure.floor),
                "" if ratio is None else f"{ratio:.2f}",
                "" if figure.target is None else figure.target.describe(figure.unit),
                {True: "PASS", False: "FAIL", None: ""}[figure.passed],
            )
        )
    return "\n".join(lines)


def verdicts(figures: list[Figure]) -> list[str]:
    lines = []
    for figure in figures:
        if figure.target is None:
            continue
        measured = f"{_number(figure.value)} {figure.unit}".rstrip()
        if figure.ratio is not None:
            measured += f", {figure.ratio:.0%} of floor {_number(figure.floor or 0)}"
        verdict = "PASS" if figure.passed else "FAIL"
        lines.append(f"{verdict}  {figure.name}: {measured} (target {figure.target.describe(figure.unit)})")
    return lines


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", " ")
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"
