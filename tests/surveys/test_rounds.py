"""HR opens a round, the next round starts from the previous one's questions, and a round's
questions are fixed once someone has answered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask

from elearn.extensions import db
from elearn.surveys.models import SurveyRound
from tests.conftest import csrf_from, login
from tests.surveys.helpers import make_round, store_answers, today


def _days(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def _form(page: str, **fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": csrf_from(page),
        "name": "Kunskapsbehov 2026",
        "opens_on": today().isoformat(),
        "closes_on": (today() + timedelta(days=21)).isoformat(),
        "kinds": ["elected"],
        "topics": ["begrepp", "signaler"],
        "help_options": "Kort utbildning\n\nSamtal\nKort utbildning\n",
        "free_text_question": "Något mer?",
    }
    data.update(fields)
    return data


def _checked(html: str) -> set[str]:
    return set(re.findall(r'<input checked [^>]*value="([^"]+)"', html))


def _rounds(app: Flask) -> list[SurveyRound]:
    with app.app_context():
        rounds = db.session.query(SurveyRound).order_by(SurveyRound.id).all()
        db.session.expunge_all()
        return rounds


def test_the_first_round_starts_from_every_topic_and_elected_officials(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    html = client.get("/enkater/ny").get_data(as_text=True)
    assert _checked(html) == {"elected", "begrepp", "signaler", "agera"}
    assert "En kort utbildning på nätet" in html
    assert "Finns det något mer du skulle behöva veta, eller något annat du vill säga?" in html
    assert "kopierade från" not in html


def test_hr_opens_a_round(app: Flask, create_person, create_department, login_as) -> None:
    department = create_department("BUF")
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/enkater/ny").get_data(as_text=True)
    response = client.post("/enkater/ny", data=_form(page, departments=[str(department.id)]))
    assert response.status_code == 302
    (survey,) = _rounds(app)
    assert response.headers["Location"].endswith(f"/enkater/{survey.id}")
    assert survey.name == "Kunskapsbehov 2026" and survey.closes_on == today() + timedelta(days=21)
    assert survey.audience_kinds == ["elected"] and survey.audience_departments == [department.id]
    assert survey.topics == ["begrepp", "signaler"]
    assert survey.help_options == ["Kort utbildning", "Samtal"]  # blank lines and repeats dropped
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Förtroendevald i Förvaltning BUF" in html and "Öppen" in html
    assert "Kunskapsbehov 2026" in client.get("/enkater/").get_data(as_text=True)


def test_a_new_round_copies_the_previous_rounds_questions(app: Flask, create_person, login_as) -> None:
    make_round(app, name="Förra året", topics=["agera"], options=["Ett gammalt alternativ"], opens=-400, closes=-380)
    client = login_as(create_person(roles={"hr"}))
    html = client.get("/enkater/ny").get_data(as_text=True)
    assert "Frågorna är kopierade från Förra året" in html
    assert _checked(html) == {"elected", "agera"}
    assert "Ett gammalt alternativ</textarea>" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"closes_on": _days(-1)}, "Sista svarsdagen kan inte vara före första"),
        ({"opens_on": _days(-9), "closes_on": _days(-2)}, "Sista svarsdagen har redan varit."),
        ({"kinds": []}, "Välj minst en typ av person."),
        ({"topics": []}, "Välj minst ett ämne."),
        ({"help_options": "\n".join(f"Alternativ {i}" for i in range(11))}, "Högst 10 alternativ."),
    ],
)
def test_a_round_that_cannot_work_is_refused_with_a_reason(
    app: Flask, create_person, login_as, fields: dict, message: str
) -> None:
    client = login_as(create_person(roles={"hr"}))
    response = client.post("/enkater/ny", data=_form(client.get("/enkater/ny").get_data(as_text=True), **fields))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _rounds(app) == []


def test_questions_are_fixed_once_someone_has_answered(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app)
    client = login_as(create_person(roles={"hr"}))
    assert 'name="topics"' in client.get(f"/enkater/{round_id}/andra").get_data(as_text=True)
    store_answers(app, round_id, create_person(kind="elected").id, {"begrepp": 3})
    page = client.get(f"/enkater/{round_id}/andra").get_data(as_text=True)
    assert "frågorna kan inte längre ändras" in page and 'name="topics"' not in page
    later = (today() + timedelta(days=30)).isoformat()
    data = _form(page, name="Nytt namn", opens_on=(today() - timedelta(days=5)).isoformat(), closes_on=later)
    data["topics"] = ["agera"]
    assert client.post(f"/enkater/{round_id}/andra", data=data).status_code == 302
    (survey,) = _rounds(app)
    assert survey.name == "Nytt namn" and survey.closes_on.isoformat() == later
    assert survey.topics == ["begrepp", "signaler", "agera"]


def test_a_closed_round_cannot_be_changed(app: Flask, create_person, login_as) -> None:
    round_id = make_round(app, name="Stängd", opens=-20, closes=-1)
    client = login_as(create_person(roles={"hr"}))
    response = client.get(f"/enkater/{round_id}/andra", follow_redirects=True)
    assert "Omgången har stängt och kan inte ändras." in response.get_data(as_text=True)
    token = csrf_from(client.get("/enkater/").get_data(as_text=True))
    data = {"csrf_token": token, "name": "Öppnad igen", "opens_on": today().isoformat(), "kinds": ["elected"]}
    data["closes_on"] = (today() + timedelta(days=9)).isoformat()
    client.post(f"/enkater/{round_id}/andra", data=data)
    assert _rounds(app)[0].name == "Stängd"


def test_a_round_nobody_has_answered_can_be_removed_but_an_answered_one_is_kept(
    app: Flask, create_person, login_as
) -> None:
    mistake, answered = make_round(app, name="Av misstag"), make_round(app, name="Besvarad")
    store_answers(app, answered, create_person(kind="elected").id, {"begrepp": 4})
    client = login_as(create_person(roles={"hr"}))
    page = client.get(f"/enkater/{mistake}").get_data(as_text=True)
    assert "Ta bort omgången" in page
    assert "Ta bort omgången" not in client.get(f"/enkater/{answered}").get_data(as_text=True)

    asked = client.post(f"/enkater/{mistake}/ta-bort", data={"csrf_token": csrf_from(page)})
    assert asked.status_code == 200 and "Ta bort Av misstag?" in asked.get_data(as_text=True)
    assert len(_rounds(app)) == 2  # nothing removed before the confirmation
    removed = client.post(
        f"/enkater/{mistake}/ta-bort", data={"csrf_token": csrf_from(page), "bekrafta": "ja"}, follow_redirects=True
    )
    assert "Omgången Av misstag är borttagen." in removed.get_data(as_text=True)
    kept = client.post(f"/enkater/{answered}/ta-bort", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "Omgången har svar och kan inte tas bort." in kept.get_data(as_text=True)
    assert [r.name for r in _rounds(app)] == ["Besvarad"]


@pytest.mark.parametrize("role", ["learner", "coordinator"])
def test_learners_and_coordinators_cannot_run_rounds(app: Flask, create_person, role: str) -> None:
    round_id = make_round(app, name="Orörd", kinds=("employee",))
    client = app.test_client()
    login(client, create_person(roles=set() if role == "learner" else {role}).email)
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    page_data = {"csrf_token": token, "name": "Hack", "kinds": ["employee"], "topics": ["begrepp"]}
    for url in (
        "/enkater/ny",
        f"/enkater/{round_id}/andra",
        f"/enkater/{round_id}/paminn",
        f"/enkater/{round_id}/ta-bort",
    ):
        assert client.post(url, data=page_data).status_code == 403, url
    assert [r.name for r in _rounds(app)] == ["Orörd"]


def test_the_list_of_rounds_costs_the_same_for_one_round_or_many(app: Flask, create_person, login_as) -> None:
    from tests.conftest import query_count

    client = login_as(create_person(roles={"hr"}))

    def statements() -> int:
        client.get("/enkater/")  # the first view after a close stores the audience's size
        with query_count(app) as seen:
            assert client.get("/enkater/").status_code == 200
        return len(seen)

    make_round(app, name="Första", opens=-400, closes=-380)
    one = statements()
    for year in range(3):
        make_round(app, name=f"Omgång {year}", opens=-300 + 60 * year, closes=-290 + 60 * year)
    assert statements() == one


def test_sending_a_new_round_twice_creates_one(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/enkater/ny").get_data(as_text=True)
    token = re.search(r'name="form_token" type="hidden" value="([0-9a-f]{32})"', page).group(1)
    first = client.post("/enkater/ny", data=_form(page, form_token=token))
    second = client.post("/enkater/ny", data=_form(page, form_token=token))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(_rounds(app)) == 1
    other = client.get("/enkater/ny").get_data(as_text=True)
    other_token = re.search(r'name="form_token" type="hidden" value="([0-9a-f]{32})"', other).group(1)
    assert other_token != token
    assert client.post("/enkater/ny", data=_form(other, name="En till", form_token=other_token)).status_code == 302
    assert len(_rounds(app)) == 2  # a new form is a new round


def test_a_round_date_past_reason_is_refused(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/enkater/ny").get_data(as_text=True)
    html = client.post("/enkater/ny", data=_form(page, closes_on="9999-12-31")).get_data(as_text=True)
    assert "Ange ett datum mellan" in html and _rounds(app) == []
