"""A reflection is the learner's own: optional, readable later, and in no report or export."""

from __future__ import annotations

from flask import Flask

from tests.conftest import csrf_from, login
from tests.spaced.helpers import RIGHT, answer, assign_nano, days_ago, lesson_url

MARKER = "Min hemliga tanke 7f3a"


def test_the_learner_writes_a_reflection_and_reads_it_again(app: Flask, create_person, login_as) -> None:
    person = create_person()
    assign_nano(app, person.id, days_ago(7))
    answer(app, person.id, "n1", RIGHT, days_ago(7))
    client = login_as(person)
    page = client.get("/kurser/nano/n2").get_data(as_text=True)
    result = client.post(
        "/kurser/nano/n2",
        data={"csrf_token": csrf_from(page), "submission_id": "d" * 32, "svar-n2-1": ["a", "b"]},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Vad skulle du göra om du såg en sådan signal" in result  # the prompt follows the quiz
    saved = client.post(
        "/kurser/nano/n2/reflektion", data={"csrf_token": csrf_from(result), "reflektion": MARKER}
    ).get_data(as_text=True)
    assert "Din reflektion är sparad" in saved
    assert MARKER in client.get("/mina-reflektioner").get_data(as_text=True)


def test_a_reflection_sent_through_a_lesson_link_is_shown_in_later_lessons(app: Flask, create_person) -> None:
    person = create_person(password=False)
    assign_nano(app, person.id, days_ago(14))
    client = app.test_client()
    url = lesson_url(app, person.id, "n2")
    page = client.get(url).get_data(as_text=True)
    reflect_url = url.replace("/n2?", "/n2/reflektion?")
    assert client.post(reflect_url, data={"csrf_token": csrf_from(page), "reflektion": MARKER}).status_code == 200
    assert MARKER in client.get(lesson_url(app, person.id, "n3")).get_data(as_text=True)


def test_an_overlong_reflection_is_refused_and_kept_in_the_form(app: Flask, create_person, login_as) -> None:
    person = create_person()
    assign_nano(app, person.id, days_ago(7))
    client = login_as(person)
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    response = client.post("/kurser/nano/n2/reflektion", data={"csrf_token": token, "reflektion": "x" * 4001})
    assert response.status_code == 400
    assert "för lång" in response.get_data(as_text=True) and "x" * 4001 in response.get_data(as_text=True)


def test_no_report_export_or_other_person_ever_sees_a_reflection(
    app: Flask, create_person, create_department, today
) -> None:
    department = create_department()
    writers = [create_person(department=department) for _ in range(6)]
    for writer in writers:
        assign_nano(app, writer.id, today)
    client = app.test_client()
    login(client, writers[0].email)
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    client.post("/kurser/nano/n2/reflektion", data={"csrf_token": token, "reflektion": MARKER})
    client.post("/logga-ut", data={"csrf_token": token})

    other = app.test_client()
    login(other, writers[1].email)
    assert MARKER not in other.get("/mina-reflektioner").get_data(as_text=True)

    hr = app.test_client()
    login(hr, create_person(roles={"hr"}, department=department).email)
    pages = [
        "/rapporter/",
        "/rapporter/oversikt.csv",
        f"/rapporter/grupp/{department.id}",
        f"/rapporter/grupp/{department.id}/export.csv",
        "/rapporter/amnen",
        "/rapporter/amnen.csv",
        "/rapporter/repetition",
        "/rapporter/repetition.csv",
        "/rapporter/lagesbild",
        "/rapporter/trender",
        f"/personer/{writers[0].id}",
        "/kampanjer/",
    ]
    for url in pages:
        response = hr.get(url)
        assert response.status_code == 200, url
        assert MARKER.encode() not in response.data, url
