"""No figure about fewer than SUPPRESSION_MINIMUM people can be read or worked out: an attacker
who has the export subtracts what is shown from the totals and recovers nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import CourseCompletion
from elearn.spreadsheets import TOO_FEW
from elearn.suppression import hide

MINIMUM = 5  # the default SUPPRESSION_MINIMUM the test app runs with


def test_one_small_group_takes_the_next_smallest_with_it() -> None:
    hidden = hide({"a": 2, "b": 6, "c": 7}, MINIMUM)
    assert hidden.cells == {"a", "b"} and not hidden.total


def test_small_groups_hidden_together_must_add_up_to_the_minimum() -> None:
    assert hide({"a": 1, "b": 1, "c": 9, "d": 12}, MINIMUM).cells == {"a", "b", "c"}
    assert hide({"a": 2, "b": 3, "c": 9}, MINIMUM).cells == {"a", "b"}


def test_a_small_total_goes_too_and_large_groups_stay() -> None:
    assert hide({"a": 1, "b": 2}, MINIMUM).total
    assert hide({"a": 4}, MINIMUM).total
    assert hide({"a": 5, "b": 9}, MINIMUM).cells == frozenset()


def _organisation(app: Flask, create_person, create_department, sizes: list[int], elected: int) -> None:
    """Departments of the given sizes and `elected` officials, every second person completed."""
    people = []
    for index, size in enumerate(sizes):
        department = create_department(f"D{index}", f"Förvaltning {index}")
        people += [create_person(department=department) for _ in range(size)]
    people += [create_person(kind="elected") for _ in range(elected)]
    with app.app_context():
        from elearn.learning.models import Assignment

        for person in people[-elected:] if elected else []:
            db.session.add(Assignment(person_id=person.id, course_id="testkurs", source="manual"))
        for number, person in enumerate(people[::2]):
            db.session.add(
                CourseCompletion(
                    person_id=person.id,
                    course_id="testkurs",
                    course_version="v",
                    completed_at=utcnow() - timedelta(days=2),
                    expires_at=utcnow() + timedelta(days=300),
                    certificate_code=f"K-{number}",
                )
            )
        db.session.commit()


def _recover(csv: str) -> list[str]:
    """Everything an attacker can work out from the overview export: per course, a hidden
    figure that is the only unknown in its column (total minus what is shown), or hidden groups
    that together are too few."""
    header, *lines = [line.split(";") for line in csv.lstrip("\ufeff").splitlines()]
    found = []
    for course in {line[1] for line in lines}:
        rows = [line for line in lines if line[1] == course and line[0] != "Totalt"]
        (total,) = [line for line in lines if line[1] == course and line[0] == "Totalt"]
        if total[2] == TOO_FEW:
            continue
        hidden = [row for row in rows if row[2] == TOO_FEW]
        for column in range(2, len(header) - 1):  # every count; the share follows from two of them
            residual = int(total[column]) - sum(int(row[column]) for row in rows if row[column] != TOO_FEW)
            if len(hidden) == 1:
                found.append(f"{course}, {hidden[0][0]}: {header[column]} = {residual}")
            if hidden and column == 2 and residual < MINIMUM:
                found.append(f"{course}: the hidden groups together are {residual} people")
    return found


@pytest.mark.parametrize(
    ("sizes", "elected"),
    [([2, 6, 7], 0), ([1, 1, 9, 12], 0), ([6, 8], 1), ([3, 3, 3], 0), ([4, 20], 2), ([2, 2], 0), ([9], 3)],
)
def test_no_hidden_figure_can_be_recovered_from_the_overview_export(
    app: Flask, create_person, create_department, login_as, sizes: list[int], elected: int
) -> None:
    _organisation(app, create_person, create_department, sizes, elected)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    csv = client.get("/rapporter/oversikt.csv").get_data(as_text=True)
    rows = [line.split(";") for line in csv.lstrip("\ufeff").splitlines()[1:]]
    assert rows and all(row[2] == TOO_FEW or int(row[2]) >= MINIMUM for row in rows)  # primary
    assert _recover(csv) == []  # secondary


def test_the_lagesbild_names_no_figure_of_a_small_group(app: Flask, create_person, create_department, login_as) -> None:
    _organisation(app, create_person, create_department, [6, 8], elected=1)
    page = login_as(create_person(roles={"hr"}, kind="partner")).get("/rapporter/lagesbild").get_data(as_text=True)
    assert "av 1," not in page and "(0 av 1)" not in page
    assert "Testkurs: för få för att redovisas." in page  # the one elected official
    assert "”För få” betyder" in page  # explained where it is used
