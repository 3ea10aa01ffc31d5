"""The demo, as `make run` serves it: the shipped public introduction is open to anyone from the
front page, and the demo partner is assigned the partner course."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from elearn.demo import DEMO_PASSWORD, DOMAIN, load_demo_data
from elearn.extensions import db
from tests.conftest import csrf_from

SHIPPED = Path(__file__).resolve().parents[2] / "courses"


@pytest.fixture
def demo(app: Flask, database_url: str) -> Iterator[Flask]:
    # `app` is requested so that its cleanup empties the shared database afterwards.
    from tests.conftest import make_app

    shipped = make_app(database_url, COURSES_PATH=str(SHIPPED))
    with shipped.app_context():
        assert load_demo_data()
        db.session.remove()
    yield shipped
    with shipped.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_front_page_links_the_public_introduction(demo: Flask) -> None:
    client = demo.test_client()
    assert 'href="/oppna-kurser/introduktion"' in client.get("/").get_data(as_text=True)
    course = client.get("/oppna-kurser/introduktion")
    assert course.status_code == 200
    page = client.get("/oppna-kurser/introduktion/01-kommunens-arbete").get_data(as_text=True)
    assert "Att fundera på" in page and "Kom ihåg" in page
    contacts = client.get("/oppna-kurser/introduktion/02-vart-vander-jag-mig").get_data(as_text=True)
    assert "fvbe@stromsund.se" in contacts


def test_the_demo_partner_is_assigned_the_partner_course(demo: Flask) -> None:
    client = demo.test_client()
    token = csrf_from(client.get("/logga-in").get_data(as_text=True))
    response = client.post(
        "/logga-in", data={"csrf_token": token, "email": f"partner@{DOMAIN}", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Kurs för samverkanspartner om våldsbejakande extremism" in page
    assert "Grundkurs om våldsbejakande extremism" not in page
