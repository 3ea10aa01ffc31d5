"""No figure about fewer than SUPPRESSION_MINIMUM people can be read or worked out: an attacker
who has the export subtracts what is shown from the totals and recovers nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import CourseCompletion
from elearn.suppression import hide

MINIMUM = 5  # the default SUPPRESSION_MINIMUM the test app runs with
TOO_FEW = "för få"  # what a suppressed figure says in a Swedish reader's export


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


def test_hidden_groups_with_none_of_a_status_take_another_group_with_them() -> None:
    sizes = {"a": 2, "b": 6, "c": 7}
    # (completed,) per group: a and b together have no one completed while c has
    assert hide(sizes, MINIMUM, {"a": (0,), "b": (0,), "c": (7,)}).cells == {"a", "b", "c"}
    # a and b are all completed, c has no one: a and b's figures are their headcounts
    assert hide(sizes, MINIMUM, {"a": (2,), "b": (6,), "c": (0,)}).cells == {"a", "b", "c"}
    # one of the eight completed: a's and b's figures stay unknown
    assert hide(sizes, MINIMUM, {"a": (1,), "b": (0,), "c": (7,)}).cells == {"a", "b"}


def test_a_status_no_one_in_the_table_has_hides_nothing_more() -> None:
    # the total already says a and b have no one completed; hiding c could not conceal it
    hidden = hide({"a": 2, "b": 6, "c": 7}, MINIMUM, {"a": (0,), "b": (0,), "c": (0,)})
    assert hidden.cells == {"a", "b"} and not hidden.total


def test_hiding_goes_on_until_the_hidden_groups_differ_from_the_rest() -> None:
    sizes = {"a": 1, "b": 5, "c": 6, "d": 9}
    # a and b have no one completed, nor has c; d has 4: only hiding d as well hides them
    hidden = hide(sizes, MINIMUM, {"a": (0,), "b": (0,), "c": (0,), "d": (4,)})
    assert hidden.cells == {"a", "b", "c", "d"} and not hidden.total


def _change(**causes: int):
    from elearn.reports.as_of import Change

    none = dict.fromkeys(("joined", "left", "completed", "expired", "joined_completed", "left_completed"), 0)
    return Change(headcount_before=100, headcount_now=100, **{**none, **causes})


def test_a_small_cause_takes_a_second_with_it_when_the_shown_change_would_give_it_away() -> None:
    # 100 -> 104 people: with 6 joined shown, "fewer than 5 left" would be 6 - 4 = 2
    assert _change(joined=6, left=2, completed=10, expired=7).hidden(MINIMUM) == {"joined", "left"}
    # completed rose by 3: with no expiries shown, "fewer than 5 completed" would be 3
    assert _change(completed=3, expired=0, joined=8, left=8).hidden(MINIMUM) == {"completed", "expired"}
    # left_completed is the only small one of its sum: the first of the others goes with it
    assert _change(completed=9, expired=6, left=5, left_completed=1).hidden(MINIMUM) == {"completed", "left_completed"}


def test_causes_of_which_two_are_already_hidden_lose_no_more() -> None:
    assert _change(joined=3, left=1, completed=9, expired=6).hidden(MINIMUM) == {"joined", "left"}
    assert _change(joined=0, left=0, completed=12, expired=30).hidden(MINIMUM) == frozenset()


def _organisation(
    app: Flask,
    create_person,
    create_department,
    sizes: list[int],
    elected: int,
    completed: list[int] | None = None,
) -> None:
    """Departments of the given sizes and `elected` officials; every second person completed,
    or the first `completed[i]` people of department i."""
    people, done = [], []
    for index, size in enumerate(sizes):
        department = create_department(f"D{index}", f"Förvaltning {index}")
        staff = [create_person(department=department) for _ in range(size)]
        people += staff
        if completed is not None:
            done += staff[: completed[index]]
    people += [create_person(kind="elected") for _ in range(elected)]
    if completed is None:
        done = people[::2]
    with app.app_context():
        from elearn.learning.models import Assignment

        for person in people[-elected:] if elected else []:
            db.session.add(Assignment(person_id=person.id, course_id="testkurs", source="manual"))
        for number, person in enumerate(done):
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
    figure that is the only unknown in its column (total minus what is shown), hidden groups
    that together are too few, or hidden groups that together have none or all of a status,
    which gives each one's figure. A status that no one, or everyone, in the whole table has
    is left out: the total says it of every group alike, so no hiding short of the total's
    could conceal it."""
    header, *lines = [line.split(";") for line in csv.lstrip("\ufeff").splitlines()]
    found = []
    for course in {line[1] for line in lines}:
        rows = [line for line in lines if line[1] == course and line[0] != "Totalt"]
        (total,) = [line for line in lines if line[1] == course and line[0] == "Totalt"]
        if total[2] == TOO_FEW:
            continue
        hidden = [row for row in rows if row[2] == TOO_FEW]
        columns = range(2, len(header) - 1)  # every count; the share follows from two of them
        residual = {c: int(total[c]) - sum(int(row[c]) for row in rows if row[c] != TOO_FEW) for c in columns}
        people = residual[2]
        for column in columns:
            if len(hidden) == 1:
                found.append(f"{course}, {hidden[0][0]}: {header[column]} = {residual[column]}")
            if hidden and column == 2 and people < MINIMUM:
                found.append(f"{course}: the hidden groups together are {people} people")
            said_of_everyone = int(total[column]) in (0, int(total[2]))
            if hidden and column > 2 and residual[column] in (0, people) and not said_of_everyone:
                found.append(f"{course}, every hidden group: {header[column]} = {residual[column]} of {people}")
    return found


@pytest.mark.parametrize(
    ("sizes", "elected", "completed"),
    [
        ([2, 6, 7], 0, None),
        ([1, 1, 9, 12], 0, None),
        ([6, 8], 1, None),
        ([3, 3, 3], 0, None),
        ([4, 20], 2, None),
        ([2, 2], 0, None),
        ([9], 3, None),
        ([2, 6, 7], 0, [0, 0, 7]),  # the hidden groups have no one completed
        ([1, 4, 9], 0, [1, 4, 3]),  # the hidden groups have everyone completed
        ([2, 3, 6, 8], 0, [0, 0, 0, 8]),  # hiding the six is not enough
    ],
)
def test_no_hidden_figure_can_be_recovered_from_the_overview_export(
    app: Flask,
    create_person,
    create_department,
    login_as,
    sizes: list[int],
    elected: int,
    completed: list[int] | None,
) -> None:
    _organisation(app, create_person, create_department, sizes, elected, completed)
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    csv = client.get("/rapporter/oversikt.csv").get_data(as_text=True)
    rows = [line.split(";") for line in csv.lstrip("\ufeff").splitlines()[1:]]
    assert rows and all(row[2] == TOO_FEW or int(row[2]) >= MINIMUM for row in rows)  # primary
    assert _recover(csv) == []  # secondary


def test_hidden_groups_with_no_one_completed_cannot_be_read_off_the_total(
    app: Flask, create_person, create_department, login_as
) -> None:
    # 2, 6 and 7 people, only the seven completed: showing the seven would give the others' 0 klara
    _organisation(app, create_person, create_department, [2, 6, 7], elected=0, completed=[0, 0, 7])
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    csv = client.get("/rapporter/oversikt.csv").get_data(as_text=True)
    rows = [line.split(";") for line in csv.lstrip("\ufeff").splitlines()[1:]]
    assert [row for row in rows if row[1] == "Testkurs"] == [
        ["Förvaltning 0", "Testkurs", *[TOO_FEW] * 7],
        ["Förvaltning 1", "Testkurs", *[TOO_FEW] * 7],
        ["Förvaltning 2", "Testkurs", *[TOO_FEW] * 7],
        # 15 people, 7 completed, 8 not started, none overdue; 7 of 15 is 47 %
        ["Totalt", "Testkurs", "15", "7", "0", "0", "8", "0", "47"],
    ]
    assert _recover(csv) == []


def test_the_lagesbild_names_no_figure_of_a_small_group(app: Flask, create_person, create_department, login_as) -> None:
    _organisation(app, create_person, create_department, [6, 8], elected=1)
    page = login_as(create_person(roles={"hr"}, kind="partner")).get("/rapporter/lagesbild").get_data(as_text=True)
    assert "av 1," not in page and "(0 av 1)" not in page
    assert "Testkurs: för få för att redovisas." in page  # the one elected official
    assert "”För få” betyder" in page  # explained where it is used
