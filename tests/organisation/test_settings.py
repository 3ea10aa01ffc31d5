"""Admins revise the organisation's names and contact routes; courses and pages show the new
values at once, in every worker, and the history says who changed what when."""

from __future__ import annotations

from flask import Flask

from elearn.config import ORG_DEFAULTS
from tests.conftest import csrf_from, make_app

URL = "/installningar/organisation"


def form_values(**changes: str) -> dict[str, str]:
    return {**ORG_DEFAULTS, **changes}


def save(client, **changes: str):
    token = csrf_from(client.get(URL).get_data(as_text=True))
    return client.post(URL, data={"csrf_token": token, **form_values(**changes)})


def test_every_course_variable_is_on_the_page(app: Flask, create_person, login_as) -> None:
    page = login_as(create_person(roles={"admin"})).get(URL).get_data(as_text=True)
    for key, value in ORG_DEFAULTS.items():
        assert f"{{{{ org.{key} }}}}" in page and f'value="{value}"' in page


def test_a_new_address_shows_in_courses_and_pages_at_once(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"admin"}))
    default = ORG_DEFAULTS["vbe_email"]
    assert default in client.get("/kurser/testkurs/02-agera").get_data(as_text=True)
    response = save(client, vbe_email="vbe-gruppen@example.se", name="Exempelby kommun")
    assert response.status_code == 302
    module = client.get("/kurser/testkurs/02-agera").get_data(as_text=True)
    assert "vbe-gruppen@example.se" in module and default not in module
    assert "Exempelby kommun" in client.get("/").get_data(as_text=True)


def test_another_worker_notices_the_change_on_its_next_request(
    app: Flask, database_url: str, create_person, login_as
) -> None:
    other_worker = make_app(database_url)
    assert ORG_DEFAULTS["name"] in other_worker.test_client().get("/").get_data(as_text=True)
    save(login_as(create_person(roles={"admin"})), name="Exempelby kommun")
    assert "Exempelby kommun" in other_worker.test_client().get("/").get_data(as_text=True)


def test_the_history_says_who_changed_what_from_what(app: Flask, create_person, login_as) -> None:
    admin = create_person(name="Sara Säkerhet", roles={"admin"})
    client = login_as(admin)
    save(client, security_coordinator="säkerhetschefen")
    save(client, security_coordinator="säkerhetschefen")  # nothing new: no history row
    page = client.get(URL).get_data(as_text=True)
    history = page.split("Ändringar</h2>")[1]
    assert history.count("<tr>") == 2  # the header and one change
    assert "Sara Säkerhet" in history and "säkerhetssamordnaren" in history and "säkerhetschefen" in history
    assert "{{ org.security_coordinator }}" in history


def test_invalid_values_are_refused_with_a_reason(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"admin"}))
    response = save(client, vbe_email="inte-en-adress", vbe_group="", plan_name="{{ org.name }}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv en giltig e-postadress." in page
    assert "Fyll i ett värde" in page
    assert "utan {{ eller }}" in page
    assert ORG_DEFAULTS["vbe_email"] in client.get("/kurser/testkurs/02-agera").get_data(as_text=True)


def test_values_are_escaped_on_the_pages(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"admin"}))
    assert save(client, vbe_group="<script>alert(1)</script>").status_code == 302
    index = client.get("/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index and "<script>alert(1)</script>" not in index
    module = client.get("/kurser/testkurs/02-agera").get_data(as_text=True)
    assert "Veta när du kontaktar" in module and "<script>alert(1)</script>" not in module


def test_only_admins_may_change_the_settings(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    assert client.post(URL, data={"csrf_token": token, **form_values(name="X")}).status_code == 403


def test_a_value_that_would_break_a_course_is_not_saved(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"admin"}))
    response = save(client, name="<b>Exempelby</b>")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ändringen skulle göra att kurser inte kan visas" in page and "HTML-kod är inte tillåten" in page
    assert "Inga ändringar har gjorts här än." in page
    assert client.get("/kurser/testkurs/01-grunder").status_code == 200


def test_a_phone_variable_takes_a_number_or_the_name_of_a_route() -> None:
    from elearn.organisation.service import problem_with

    assert problem_with("social_services_phone", "0670-164 00") is None
    assert problem_with("social_services_phone", "+46 670 164 00") is None
    assert problem_with("social_services_phone", "kommunens växel") is None
    assert problem_with("social_services_phone", "0670-16x") is not None
    assert problem_with("plan_url", "http://www.example.se/plan") is not None
    assert problem_with("plan_url", "https://www.example.se/plan") is None
