from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import csrf_from


def test_start_page_presents_the_strategy_and_contacts_from_configuration(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Organisation och samordning" in html and "Kunskap och stöd" in html
    assert "Situations- och behovsanpassade åtgärder" in html
    assert 'href="mailto:fvbe@stromsund.se"' in html
    assert "Öppen introduktion" in html  # the public course


def test_contacts_follow_another_municipalitys_configuration(database_url: str) -> None:
    from tests.conftest import make_app

    app = make_app(
        database_url,
        ORG={
            "name": "Exempelby kommun",
            "vbe_email": "vbe@exempelby.se",
            "vbe_group": "VBE-gruppen",
            "vbe_coordinator": "x",
            "security_coordinator": "y",
            "security_email": "s@exempelby.se",
            "social_services": "socialtjänsten",
            "plan_name": "Planen",
        },
    )
    html = app.test_client().get("/").get_data(as_text=True)
    assert "Exempelby kommun" in html and "vbe@exempelby.se" in html and "Strömsund" not in html


def test_accessibility_statement_is_linked_from_every_page_and_names_digg(client: FlaskClient) -> None:
    for url in ("/", "/logga-in", "/intyg"):
        assert 'href="/tillganglighet"' in client.get(url).get_data(as_text=True)
    html = client.get("/tillganglighet").get_data(as_text=True)
    assert "2018:1937" in html and "digg.se/tdosanmalan" in html and "delvis förenlig" in html


def test_a_public_course_is_readable_and_self_checkable_without_login(client: FlaskClient) -> None:
    assert client.get("/oppna-kurser/oppen").status_code == 200
    page = client.get("/oppna-kurser/oppen/intro").get_data(as_text=True)
    assert "Kommunen har en strategi." in page
    response = client.post("/oppna-kurser/oppen/intro", data={"csrf_token": csrf_from(page), "svar-intro-1": "a"})
    assert "✔ Rätt" in response.get_data(as_text=True)


def test_a_course_that_is_not_public_is_not_shown_openly(client: FlaskClient) -> None:
    assert client.get("/oppna-kurser/testkurs").status_code == 404
    assert client.get("/oppna-kurser/testkurs/01-grunder").status_code == 404
    assert client.get("/oppna-kurser/testkurs/filer/bilder/klotter.svg").status_code == 404


def test_public_pages_set_no_cookies(client: FlaskClient) -> None:
    for url in ("/", "/tillganglighet", "/oppna-kurser/oppen", "/intyg", "/intyg/AAAA-BBBB-CCCC"):
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url


def test_language_can_be_switched_to_english(client: FlaskClient) -> None:
    assert 'href="/sprak/en?next=/tillganglighet?"' in client.get("/tillganglighet").get_data(as_text=True)
    response = client.get("/sprak/en?next=/")
    assert response.headers["Location"] == "/"
    assert client.get("/sprak/en?next=https://evil.example/").headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Accessibility statement" in html
