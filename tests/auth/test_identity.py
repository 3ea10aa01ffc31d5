"""The signed-in identity, read without the ORM, answers as the Person it stands for."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from elearn.auth.identity import identity
from elearn.extensions import db
from elearn.people.models import Department, Person
from tests.conftest import query_count


@pytest.mark.parametrize("roles", [set(), {"coordinator"}, {"hr", "admin"}])
def test_the_identity_answers_as_the_person(
    app: Flask,
    ctx: None,
    create_person: Callable[..., Person],
    create_department: Callable[..., Department],
    roles: set[str],
) -> None:
    department = create_department("SOC")
    created = create_person(kind="employee", roles=roles, department=department)
    person = db.session.get_one(Person, created.id)
    person.locale = "en"
    person.end_sessions()
    db.session.commit()

    signed_in = identity(db.session, person.id)

    assert signed_in is not None
    assert (signed_in.id, signed_in.name, signed_in.locale, signed_in.kind) == (
        person.id,
        person.name,
        person.locale,
        person.kind,
    )
    assert (signed_in.department_id, signed_in.department_code) == (person.department_id, person.department_code)
    assert signed_in.roles == person.roles
    assert signed_in.get_id() == person.get_id()
    assert signed_in.is_active == person.is_active
    for role in ("learner", "coordinator", "hr", "admin"):
        assert signed_in.has_role(role) == person.has_role(role)


def test_a_person_without_department_or_roles_is_a_learner(
    app: Flask, ctx: None, create_person: Callable[..., Person]
) -> None:
    created = create_person(kind="elected")

    signed_in = identity(db.session, created.id)

    assert signed_in is not None
    assert signed_in.roles == frozenset({"learner"})
    assert (signed_in.department_id, signed_in.department_code) == (None, None)


def test_no_such_person_has_no_identity(app: Flask, ctx: None) -> None:
    assert identity(db.session, 987_654) is None


def test_a_signed_in_page_reads_the_person_in_one_statement(
    app: Flask, create_person: Callable[..., Person], login_as: Callable[[Person], FlaskClient]
) -> None:
    client = login_as(create_person(roles={"coordinator", "hr"}))
    with query_count(app) as statements:
        assert client.get("/mina-uppgifter").status_code == 200

    assert sum("FROM person LEFT OUTER JOIN department" in s for s in statements) == 1
    assert not any("FROM person_role" in s and "WHERE person_role.person_id IN" in s for s in statements)
