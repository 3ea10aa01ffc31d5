"""Which figures to hide so that no small group can be singled out, shown or derived.

A figure about fewer than `SUPPRESSION_MINIMUM` people is hidden (primary suppression). A
table's cells add up to its total, so one hidden cell could be recovered as the total minus
the cells shown; and two hidden groups of one person each would share one small residual.
So more is hidden (secondary suppression) until the hidden cells are at least two and, taken
together, at least the minimum; when there is nothing left to hide, the total goes as well.
Every report, export, survey result, campaign page and the lägesbild hides through this
module; pages explain "för få". It sits at the top of the package because surveys and
campaigns, below reports, use it too."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Hidden(Generic[Key]):
    cells: frozenset[Key]
    total: bool  # the table's total is hidden too


def too_few(people: int, minimum: int) -> bool:
    """Primary suppression alone, for figures that no total can be subtracted from (a survey
    round's answers)."""
    return people < minimum


def hide(sizes: Mapping[Key, int], minimum: int) -> Hidden[Key]:
    """The cells of one table (each the number of people behind it) to hide, and whether its
    total must go too. The next smallest group is hidden first, ties in the table's order."""
    if too_few(sum(sizes.values()), minimum):
        return Hidden(frozenset(sizes), True)
    hidden = {key for key, size in sizes.items() if too_few(size, minimum)}
    shown = sorted((key for key in sizes if key not in hidden), key=lambda key: sizes[key])
    while hidden and (len(hidden) < 2 or sum(sizes[key] for key in hidden) < minimum):
        if not shown:
            return Hidden(frozenset(sizes), True)
        hidden.add(shown.pop(0))
    return Hidden(frozenset(hidden), False)


Cell = TypeVar("Cell")


def by_topic(
    cells: Mapping[tuple[int, str], Cell], totals: Mapping[str, Cell], minimum: int
) -> tuple[dict[tuple[int, str], Cell], dict[str, Cell]]:
    """A topic table (group x topic, a total per topic) with its cells and totals marked
    `suppressed`: each topic's column is one table, sized by the people who answered."""
    marked_cells, marked_totals = dict(cells), dict(totals)
    for topic, total in totals.items():
        column = {key: cell for key, cell in cells.items() if key[1] == topic}
        hidden = hide({key: cell.people for key, cell in column.items()}, minimum)  # type: ignore[attr-defined]
        for key in hidden.cells:
            marked_cells[key] = replace(column[key], suppressed=True)  # type: ignore[type-var]
        if hidden.total or too_few(total.people, minimum):  # type: ignore[attr-defined]
            marked_totals[topic] = replace(total, suppressed=True)  # type: ignore[type-var]
    return marked_cells, marked_totals
