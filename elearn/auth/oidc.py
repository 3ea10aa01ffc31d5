"""Sign-in with the organisation's account through OpenID Connect (Entra ID, Freja OrgID, ...).

Authlib's Flask client runs the authorization code flow with PKCE, `state` and `nonce`, and
checks the ID token's signature, issuer, audience, expiry and nonce. This module decides who
the verified identity is: a person HR imported, never a new account unless the installation
turned on just-in-time creation with a mapping from a claim to departments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..people.models import Department, Person
from .models import ExternalIdentity
from .service import find_by_email


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    match: str = "email"  # which of the person's fields the identifying claim is compared with
    id_claim: str = "email"
    scopes: str = "openid email profile"
    label: str | None = None  # the button's text; unset: "Logga in med ditt jobbkonto"
    create_people: bool = False
    department_claim: str = "department"
    departments: Mapping[str, str] = field(default_factory=dict)  # claim value -> department code

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


class UnknownPerson(DomainError):
    """The provider vouched for someone elearn does not know (or no longer lets in)."""

    status = 403

    def __init__(self, provider: str, reason: str) -> None:
        super().__init__(
            _l(
                "Ditt jobbkonto fungerade, men vi hittar ingen person i elearn som hör till det. Det går inte "
                "att skapa ett konto själv: HR lägger in alla som ska gå utbildningen."
            ),
            f"{provider}: {reason}",
        )
        self.reason = reason


def init_app(app: Flask) -> None:
    providers = {entry["name"]: Provider(**entry) for entry in app.config.get("OIDC_PROVIDERS", ())}
    registry = OAuth(app)
    for provider in providers.values():
        registry.register(
            name=provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256"},
        )
    app.extensions["elearn.oidc"] = (providers, registry)


def providers() -> dict[str, Provider]:
    return current_app.extensions["elearn.oidc"][0]


def client(name: str) -> object | None:
    if name not in providers():
        return None
    return current_app.extensions["elearn.oidc"][1].create_client(name)


def person_for(session: Session, provider: Provider, claims: Mapping[str, object]) -> tuple[Person, bool]:
    """The person a verified identity belongs to, and whether they were created just now (their
    courses are then the caller's to assign); links the provider's subject on first sign-in."""
    subject = _claim(claims, provider.id_claim if provider.match == "subject" else "sub")
    if subject is None:
        raise UnknownPerson(provider.name, f"no {provider.id_claim!r} claim")
    person = session.scalar(
        select(Person)
        .join(ExternalIdentity, ExternalIdentity.person_id == Person.id)
        .where(ExternalIdentity.provider == provider.name, ExternalIdentity.subject == subject)
    )
    created = False
    if person is None:
        person = _matching_person(session, provider, claims)
        if person is None and provider.create_people:
            person = _create_person(session, provider, claims)
            created = person is not None
        if person is None:
            raise UnknownPerson(provider.name, "no matching person")
        session.add(ExternalIdentity(provider=provider.name, subject=subject, person_id=person.id))
        session.commit()
    if not person.active:
        raise UnknownPerson(provider.name, f"person {person.id} is inactive")
    return person, created


def _matching_person(session: Session, provider: Provider, claims: Mapping[str, object]) -> Person | None:
    value = _claim(claims, provider.id_claim)
    if value is None or provider.match == "subject":
        return None
    if provider.match == "email":
        return find_by_email(session, value)
    return session.scalar(select(Person).where(func.lower(Person.employee_id) == value.lower()))


def _create_person(session: Session, provider: Provider, claims: Mapping[str, object]) -> Person | None:
    email, name = _claim(claims, "email"), _claim(claims, "name")
    code = provider.departments.get(_claim(claims, provider.department_claim) or "")
    department = session.scalar(select(Department).where(Department.code == code)) if code else None
    if email is None or name is None or department is None or find_by_email(session, email) is not None:
        return None
    person = Person(name=name[:200], email=email.lower()[:254], department=department, kind="employee")
    if provider.match == "employee_id":
        person.employee_id = _claim(claims, provider.id_claim)
    session.add(person)
    session.flush()
    return person


def _claim(claims: Mapping[str, object], name: str) -> str | None:
    value = claims.get(name)
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None
