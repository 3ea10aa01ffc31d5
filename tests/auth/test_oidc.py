"""Who a verified work account belongs to: an imported person, found by the configured claim and
afterwards by the provider's subject; new people only when just-in-time creation is on."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth import oidc
from elearn.auth.models import ExternalIdentity
from elearn.auth.oidc import Provider, UnknownPerson, person_for
from elearn.config import SettingError, from_environment
from elearn.extensions import db
from elearn.learning.models import Assignment
from elearn.people.models import Person


def provider(**settings: object) -> Provider:
    return Provider(name="entra", issuer="https://login.example", client_id="c", client_secret="s", **settings)


def sign_in(app: Flask, chosen: Provider, **claims: object) -> Person:
    with app.app_context():
        person, _created = person_for(db.session, chosen, {"sub": "subject-1", **claims})
        return db.session.get(Person, person.id)


def test_the_person_is_found_by_email_and_then_by_subject_after_the_address_changes(app, create_person) -> None:
    anna = create_person(email="anna@example.org")
    assert sign_in(app, provider(), email="ANNA@example.org").id == anna.id
    # Married and renamed: the provider now sends another address, the subject is the same.
    assert sign_in(app, provider(), email="anna.berg@example.org").id == anna.id


def test_the_person_can_be_found_by_employee_id(app, create_person) -> None:
    with app.app_context():
        person = db.session.get(Person, create_person().id)
        person.employee_id = "E-1001"
        db.session.commit()
        person_id = person.id
    by_employee_id = provider(match="employee_id", id_claim="employeeid")
    assert sign_in(app, by_employee_id, employeeid="e-1001").id == person_id


def test_matching_by_subject_alone_never_guesses_from_the_address(app, create_person) -> None:
    create_person(email="anna@example.org")
    with pytest.raises(UnknownPerson):
        sign_in(app, provider(match="subject", id_claim="oid"), oid="0000-1111", email="anna@example.org")


def test_nobody_is_created_unless_the_installation_turned_it_on(app) -> None:
    with pytest.raises(UnknownPerson):
        sign_in(app, provider(), email="ny@example.org", name="Ny Person", department="Socialtjänsten")
    with app.app_context():
        assert db.session.scalars(select(Person)).all() == []


def test_just_in_time_creation_places_the_person_by_the_department_claim(app, create_department) -> None:
    social = create_department("SOC")
    jit = provider(create_people=True, departments={"Socialtjänsten": "SOC"})
    person = sign_in(app, jit, email="ny@example.org", name="Ny Person", department="Socialtjänsten")
    assert (person.email, person.name, person.department_id, person.password_hash) == (
        "ny@example.org",
        "Ny Person",
        social.id,
        None,
    )
    with app.app_context():
        assert db.session.scalar(select(ExternalIdentity.person_id)) == person.id
        # The second time the person is known: nothing is created again.
        assert person_for(db.session, jit, {"sub": "subject-1", "email": "ny@example.org"}) == (
            db.session.get(Person, person.id),
            False,
        )


class _VouchingClient:
    """Stands in for Authlib's client at the callback: the provider vouched for these claims."""

    def __init__(self, **claims: str) -> None:
        self.claims = claims

    def authorize_access_token(self) -> dict[str, object]:
        return {"userinfo": {"sub": "subject-1", **self.claims}, "id_token": "id-token"}


def test_a_person_created_at_sign_in_gets_their_courses_and_a_known_one_keeps_theirs(
    database_url: str, app: Flask, create_department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import make_app

    create_department("SOC")
    jit = {"name": "entra", "issuer": "https://login.example", "client_id": "c", "client_secret": "s"}
    signing_in = make_app(
        database_url,
        OIDC_PROVIDERS=({**jit, "create_people": True, "departments": {"Socialtjänsten": "SOC"}},),
    )
    claims = {"email": "ny@example.org", "name": "Ny Person", "department": "Socialtjänsten"}
    monkeypatch.setattr(oidc, "client", lambda name: _VouchingClient(**claims))
    response = signing_in.test_client().get("/logga-in/jobbkonto/entra/klar")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mina-kurser")
    with app.app_context():
        person = db.session.scalars(select(Person)).one()
        courses = db.session.scalars(select(Assignment.course_id).where(Assignment.person_id == person.id)).all()
        assert courses == ["testkurs"]  # the employees' course, as an imported employee would have it
        person_id = person.id
        db.session.execute(Assignment.__table__.delete())
        db.session.commit()
    # Signing in again creates nobody, so nothing is assigned by the sign-in.
    assert signing_in.test_client().get("/logga-in/jobbkonto/entra/klar").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Assignment)).all() == []
        logins = db.session.execute(
            select(AuditEvent.actor_id, AuditEvent.subject_id, AuditEvent.detail).where(AuditEvent.action == "login")
        ).all()
        assert [tuple(row) for row in logins] == [(person_id, person_id, "entra")] * 2  # both sign-ins are in the log


def test_just_in_time_creation_refuses_a_department_outside_the_mapping(app, create_department) -> None:
    create_department("SOC")
    jit = provider(create_people=True, departments={"Socialtjänsten": "SOC"})
    with pytest.raises(UnknownPerson):
        sign_in(app, jit, email="ny@example.org", name="Ny Person", department="Okänd förvaltning")


def test_an_inactive_person_is_refused(app, create_person) -> None:
    create_person(email="slutat@example.org", active=False)
    with pytest.raises(UnknownPerson):
        sign_in(app, provider(), email="slutat@example.org")


def test_providers_are_read_from_the_environment() -> None:
    environ = {
        "OIDC_PROVIDERS": "entra,freja",
        **{f"OIDC_{name}_{key}": f"{name}-{key}" for name in ("ENTRA", "FREJA") for key in ("ISSUER", "CLIENT_ID")},
        "OIDC_ENTRA_CLIENT_SECRET": "x",
        "OIDC_FREJA_CLIENT_SECRET": "y",
        "OIDC_FREJA_MATCH": "employee_id",
        "OIDC_FREJA_ID_CLAIM": "https://frejaeid.com/oidc/claims/employeeId",
        "OIDC_FREJA_LABEL": "Logga in med Freja",
    }
    entra, freja = from_environment(environ)["OIDC_PROVIDERS"]
    assert (entra["name"], entra["issuer"], entra["match"], entra["id_claim"]) == (
        "entra",
        "ENTRA-ISSUER",
        "email",
        "email",
    )
    assert (freja["match"], freja["id_claim"], freja["label"]) == (
        "employee_id",
        "https://frejaeid.com/oidc/claims/employeeId",
        "Logga in med Freja",
    )


def test_a_provider_without_its_client_secret_is_refused_by_name() -> None:
    environ = {"OIDC_PROVIDERS": "entra", "OIDC_ENTRA_ISSUER": "https://x", "OIDC_ENTRA_CLIENT_ID": "c"}
    with pytest.raises(SettingError, match=r"^OIDC_ENTRA_CLIENT_SECRET saknas"):
        from_environment(environ)


def test_the_login_page_offers_the_work_account_unless_switched_off(database_url: str, app: Flask) -> None:
    from tests.conftest import make_app

    work = {"name": "entra", "issuer": "https://login.example", "client_id": "c", "client_secret": "s"}
    with_button = make_app(database_url, OIDC_PROVIDERS=(work,))
    assert "Logga in med ditt jobbkonto" in with_button.test_client().get("/logga-in").get_data(as_text=True)
    without = make_app(database_url, OIDC_PROVIDERS=(work,), OIDC_ON_LOGIN_PAGE=False)
    assert "jobbkonto" not in without.test_client().get("/logga-in").get_data(as_text=True)
    assert "jobbkonto" not in app.test_client().get("/logga-in").get_data(as_text=True)


def test_an_unreachable_provider_gets_a_page_not_an_error(database_url: str, app: Flask) -> None:
    from tests.conftest import make_app

    down = {"name": "entra", "issuer": "http://127.0.0.1:1", "client_id": "c", "client_secret": "s"}
    response = make_app(database_url, OIDC_PROVIDERS=(down,)).test_client().get("/logga-in/jobbkonto/entra")
    assert response.status_code == 503
    assert "Inloggningstjänsten svarar inte" in response.get_data(as_text=True)


def test_scopes_without_openid_are_refused() -> None:
    environ = {
        "OIDC_PROVIDERS": "entra",
        **{f"OIDC_ENTRA_{key}": "x" for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")},
        "OIDC_ENTRA_SCOPES": "email profile",
    }
    with pytest.raises(SettingError, match=r"^OIDC_ENTRA_SCOPES=email profile: ska vara en lista med openid"):
        from_environment(environ)
