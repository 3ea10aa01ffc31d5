"""Signing in with a work account, end to end in Chromium against real OpenID Connect providers
(oidc-provider-mock, started here on loopback): one that issues good tokens and one whose ID
tokens have already expired."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from flask import Flask
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import select
from werkzeug.serving import make_server

from elearn.auth.models import ExternalIdentity
from elearn.extensions import db
from elearn.learning.models import Assignment
from elearn.people.models import Person
from tests.browser.conftest import CHROMIUM
from tests.browser.test_learner_journey import assert_accessible
from tests.conftest import make_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def providers() -> Iterator[dict[str, str]]:
    # The provider refuses plain http unless told this is a test; elearn's client follows it.
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    with ExitStack() as stack:
        good = stack.enter_context(run_server_in_thread(require_nonce=True))
        expired = stack.enter_context(run_server_in_thread(access_token_max_age=timedelta(minutes=-10)))
        yield {
            "work": f"http://localhost:{good.server_port}",
            "expired": f"http://localhost:{expired.server_port}",
        }
    if previous is None:
        os.environ.pop("AUTHLIB_INSECURE_TRANSPORT")


def provider(name: str, issuer: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "issuer": issuer, "client_id": f"elearn-{name}", "client_secret": "hemligt", **extra}


@pytest.fixture(scope="module")
def sso_server(app: Flask, database_url: str, providers: dict[str, str]) -> Iterator[str]:
    """elearn with both providers, on its own port: BASE_URL must be known to build the app."""
    holder: dict[str, Flask] = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start), threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    holder["app"] = make_app(
        database_url,
        BASE_URL=base_url,
        OIDC_PROVIDERS=(
            provider("work", providers["work"]),
            provider("expired", providers["expired"], label="Logga in med testkontot"),
            provider(
                "newcomers",
                providers["work"],
                label="Logga in som nyanställd",
                create_people=True,
                departments={"Socialtjänsten": "SOC"},
            ),
        ),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()


@pytest.fixture
def sso_page(browser: Any, sso_server: str) -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed")
    context = browser.new_context(base_url=sso_server, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def claims_at(issuer: str, subject: str, **claims: str) -> None:
    requests.put(f"{issuer}/users/{subject}", json=claims, timeout=5).raise_for_status()


def start_sign_in(page: Any, button: str = "Logga in med ditt jobbkonto") -> None:
    page.goto("/logga-in")
    assert_accessible(page)
    page.get_by_role("link", name=button).click()
    page.wait_for_url("**/oauth2/authorize**")


def approve_at_provider(page: Any, subject: str) -> None:
    page.fill("input[name=sub]", subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def with_parameter(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    query[name] = [value]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


def test_staff_sign_in_with_their_work_account_and_sign_out_at_the_provider_too(
    sso_page: Any, providers: dict[str, str], create_person, app: Flask
) -> None:
    page = sso_page
    person = create_person(name="Anna Andersson", email="anna.andersson@example.org", password=False)
    claims_at(providers["work"], "anna-at-work", email="Anna.Andersson@example.org", name="Anna Andersson")

    start_sign_in(page)
    authorize = urlsplit(page.url)
    query = parse_qs(authorize.query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    approve_at_provider(page, "anna-at-work")

    assert page.url.endswith("/mina-kurser")
    assert page.get_by_role("heading", name="Mina kurser").is_visible()
    with app.app_context():
        linked = db.session.scalars(select(ExternalIdentity)).all()
        assert [(i.provider, i.subject, i.person_id) for i in linked] == [("work", "anna-at-work", person.id)]

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{providers['work']}/oauth2/end_session**")
    end_session = parse_qs(urlsplit(page.url).query)
    assert end_session["id_token_hint"][0] and end_session["client_id"] == ["elearn-work"]
    page.get_by_role("button").first.click()  # the provider asks to confirm the sign-out
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/(\?.*)?$"))
    page.goto("/mina-kurser")
    assert "/logga-in" in page.url  # signed out of elearn as well


def test_someone_elearn_does_not_know_gets_a_page_that_says_so(sso_page: Any, providers: dict[str, str]) -> None:
    page = sso_page
    claims_at(providers["work"], "stranger", email="okand@example.org", name="Okänd Person")
    start_sign_in(page)
    approve_at_provider(page, "stranger")
    assert page.get_by_role("heading", name="Du finns inte i elearn").is_visible()
    assert "HR lägger in alla" in page.content()
    assert_accessible(page)
    page.goto("/mina-kurser")
    assert "/logga-in" in page.url


def test_a_tampered_state_is_refused(sso_page: Any, providers: dict[str, str], create_person) -> None:
    page = sso_page
    create_person(email="berit@example.org")
    claims_at(providers["work"], "berit", email="berit@example.org", name="Berit")
    start_sign_in(page)
    page.goto(with_parameter(page.url, "state", "andrat-pa-vagen"))
    approve_at_provider(page, "berit")
    assert page.get_by_role("heading", name="Inloggningen blev inte klar").is_visible()
    assert_accessible(page)
    page.goto("/mina-kurser")
    assert "/logga-in" in page.url


def test_an_id_token_with_another_nonce_is_refused(sso_page: Any, providers: dict[str, str], create_person) -> None:
    page = sso_page
    create_person(email="cecilia@example.org")
    claims_at(providers["work"], "cecilia", email="cecilia@example.org", name="Cecilia")
    start_sign_in(page)
    page.goto(with_parameter(page.url, "nonce", "en-annan-nonce"))
    approve_at_provider(page, "cecilia")
    assert page.get_by_role("heading", name="Inloggningen blev inte klar").is_visible()
    page.goto("/mina-kurser")
    assert "/logga-in" in page.url


def test_an_expired_id_token_is_refused(sso_page: Any, providers: dict[str, str], create_person) -> None:
    page = sso_page
    create_person(email="david@example.org")
    claims_at(providers["expired"], "david", email="david@example.org", name="David")
    start_sign_in(page, button="Logga in med testkontot")
    approve_at_provider(page, "david")
    assert page.get_by_role("heading", name="Inloggningen blev inte klar").is_visible()
    page.goto("/mina-kurser")
    assert "/logga-in" in page.url


def test_a_newcomer_is_created_in_the_mapped_department_with_its_courses(
    sso_page: Any, providers: dict[str, str], create_department, app: Flask
) -> None:
    page = sso_page
    social = create_department("SOC")
    claims_at(providers["work"], "newcomer", email="ny@example.org", name="Nora Ny", department="Socialtjänsten")
    start_sign_in(page, button="Logga in som nyanställd")
    approve_at_provider(page, "newcomer")
    assert page.url.endswith("/mina-kurser")
    with app.app_context():
        person = db.session.scalars(select(Person)).one()
        assert (person.name, person.email, person.department_id) == ("Nora Ny", "ny@example.org", social.id)
        courses = db.session.scalars(select(Assignment.course_id).where(Assignment.person_id == person.id)).all()
    assert courses  # the department's courses, as an imported person would have them
