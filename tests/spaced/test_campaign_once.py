"""Sending "Starta kampanjen" twice starts one campaign; a date past reason is refused."""

from __future__ import annotations

import re
import threading
from datetime import date

from flask import Flask
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.learning.models import Campaign
from tests.conftest import csrf_from
from tests.spaced.test_campaigns import _form


def _campaigns(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Campaign))


def _new_form(client, department_id: int, today: date) -> dict:
    page = client.get("/kampanjer/ny").get_data(as_text=True)
    token = re.search(r'name="form_token" type="hidden" value="([0-9a-f]{32})"', page)
    assert token, "no form token on the page"
    return _form(csrf_from(page), department_id, today, starta="1", form_token=token.group(1))


def test_starting_twice_in_a_row_starts_one_campaign(
    app: Flask, create_person, create_department, login_as, today
) -> None:
    school = create_department("UTB")
    create_person(department=school)
    client = login_as(create_person(roles={"hr"}))
    data = _new_form(client, school.id, today)
    first, second = client.post("/kampanjer/ny", data=data), client.post("/kampanjer/ny", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _campaigns(app) == 1


def test_starting_twice_at_the_same_moment_starts_one_campaign(
    app: Flask, create_person, create_department, login_as, today
) -> None:
    school = create_department("UTB")
    create_person(department=school)
    client = login_as(create_person(roles={"hr"}))
    data = _new_form(client, school.id, today)
    barrier, statuses = threading.Barrier(2), []

    def post() -> None:
        barrier.wait()
        statuses.append(client.post("/kampanjer/ny", data=data).status_code)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302] and _campaigns(app) == 1


def test_a_start_date_past_reason_is_refused_politely(
    app: Flask, create_person, create_department, login_as, today
) -> None:
    school = create_department("UTB")
    client = login_as(create_person(roles={"hr"}))
    data = {**_new_form(client, school.id, today), "start_on": "9999-12-31"}
    response = client.post("/kampanjer/ny", data=data)
    assert response.status_code == 400 and "Ange ett datum mellan" in response.get_data(as_text=True)
