"""The one rounding rule for every percentage shown or exported: round half up to a whole
percent (2 of 3 is 67 %, 1 of 8 is 13 %), the rule people use when they count by hand.
docs/architecture.md states it and the report pages repeat it. Pure, so content grading
uses it too; templates show a share with `macros/figures.html`."""

from __future__ import annotations


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` in whole percent, half up; None when there is nothing to divide."""
    if not whole:
        return None
    # Integers only: float rounding would take 0.5 to the even neighbour or miss it by a hair.
    return (200 * part + whole) // (2 * whole)
