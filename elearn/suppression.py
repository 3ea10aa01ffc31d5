"""Which figures to hide so that no small group can be singled out, shown or derived.

A figure about fewer than `SUPPRESSION_MINIMUM` people is hidden (primary suppression). A
table's cells add up to its total, so one hidden cell could be recovered as the total minus
the cells shown; two hidden groups of one person each would share one small residual; and when
the hidden groups together have none, or all, of some status (no one completed), that residual
gives every hidden group's figure (0 klara). So more is hidden (secondary suppression) until the
hidden cells are at least two, at least the minimum taken together, and have some but not all
of every status — unless the total already says as much of everyone (nobody in the whole table
has an expired completion), which no further hiding could conceal short of the total itself.
When there is nothing left to hide, the total goes as well.
Every report, export, survey result, campaign page and the lägesbild hides through this
module; pages explain "för få". It sits at the top of the package because surveys and
campaigns, below reports, use it too."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
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


def hide(sizes: Mapping[Key, int], minimum: int, counts: Mapping[Key, Sequence[int]] | None = None) -> Hidden[Key]:
    """The cells of one table (each the number of people behind it) to hide, and whether its
    total must go too. `counts` are the figures shown beside each cell's size, each counting
    some of its people (completed, overdue, ...), in the same order for every cell. The next
    smallest group is hidden first, ties in the table's order."""
    if too_few(sum(sizes.values()), minimum):
        return Hidden(frozenset(sizes), True)
    hidden = {key for key, size in sizes.items() if too_few(size, minimum)}
    shown = sorted((key for key in sizes if key not in hidden), key=lambda key: sizes[key])
    while hidden and _derivable(hidden, sizes, counts or {}, minimum):
        if not shown:
            return Hidden(frozenset(sizes), True)
        hidden.add(shown.pop(0))
    return Hidden(frozenset(hidden), False)


def _derivable(
    hidden: Collection[Key], sizes: Mapping[Key, int], counts: Mapping[Key, Sequence[int]], minimum: int
) -> bool:
    """Whether what the hidden cells have together, the total minus the cells shown, gives
    away a figure of one of them."""
    people = sum(sizes[key] for key in hidden)
    if len(hidden) < 2 or too_few(people, minimum):
        return True
    everyone = sum(sizes.values())
    for column in zip(*(counts[key] for key in sizes), strict=True) if counts else ():
        together = sum(count for key, count in zip(sizes, column, strict=True) if key in hidden)
        if together in (0, people) and sum(column) not in (0, everyone):
            return True
    return False


def hide_terms(counts: Mapping[Key, int], sums: Sequence[Sequence[Key]], minimum: int) -> frozenset[Key]:
    """The counts of people to hide in a text whose counts add up, each of `sums` with its
    signs, to a figure that is shown: the lägesbild's causes of a change. A count of 1 to
    `minimum` - 1 is hidden; a sum with only one hidden term loses the first of its others as
    well, which would otherwise give it away (6 joined, 100 -> 104 people: 2 left). Every hidden
    count must then read the same, whatever it is, or its wording would bound it again."""
    hidden = {key for key, count in counts.items() if 0 < count < minimum}
    for terms in sums:
        if sum(term in hidden for term in terms) == 1:
            hidden.update([term for term in terms if term not in hidden][:1])
    return frozenset(hidden)


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
