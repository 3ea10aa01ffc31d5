from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from elearn.extensions import db
from elearn.learning.models import Assignment
from elearn.people.models import Person
from tests.conftest import csrf_from


def _assigned(app: Flask, person_id: int) -> dict[str, str]:
    with app.app_context():
        rows = db.session.scalars(select(Assignment).where(Assignment.person_id == person_id))
        return {a.course_id: a.source for a in rows}


def _post(client, url: str, data: dict) -> object:
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(page), **data})


def test_hr_creates_a_person_who_gets_the_courses_for_their_kind(
    app: Flask, create_person, create_department, login_as
) -> None:
    department = create_department("BUF")
    client = login_as(create_person(roles={"hr"}, kind="partner"))
    response = _post(
        client,
        "/personer/ny",
        {
            "name": "Ny Person",
            "email": "Ny.Person@Example.org",
            "employee_id": "A1",
            "department_id": department.id,
            "kind": "employee",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.email == "ny.person@example.org"))
        assert person.department.code == "BUF"
    assert _assigned(app, person.id) == {"testkurs": "rule"}


def test_a_duplicate_email_is_explained_and_nothing_is_saved(app: Flask, create_person, login_as) -> None:
    create_person(email="finns@example.org")
    client = login_as(create_person(roles={"hr"}))
    response = _post(
        client, "/personer/ny", {"name": "X", "email": "FINNS@example.org", "department_id": 0, "kind": "employee"}
    )
    assert response.status_code == 200
    assert "Det finns redan en person med den e-postadressen." in response.get_data(as_text=True)


def test_changing_kind_reapplies_the_rules_but_keeps_manual_assignments(app: Flask, create_person, login_as) -> None:
    person = create_person()
    client = login_as(create_person(roles={"admin"}))
    _post(client, f"/personer/{person.id}", {"tilldela-course_id": "oppen", "tilldela-due_on": "2027-01-31"})
    page = client.get(f"/personer/{person.id}").get_data(as_text=True)
    client.post(
        f"/personer/{person.id}/tilldela",
        data={"csrf_token": csrf_from(page), "tilldela-course_id": "oppen", "tilldela-due_on": "2027-01-31"},
    )
    assert _assigned(app, person.id) == {"testkurs": "rule", "oppen": "manual"}
    _post(client, f"/personer/{person.id}", {"name": "P", "email": person.email, "department_id": 0, "kind": "elected"})
    assert _assigned(app, person.id) == {"oppen": "manual"}


def test_deactivating_keeps_history_and_reactivating_restores_it(app: Flask, create_person, login_as) -> None:
    person = create_person()
    client = login_as(create_person(roles={"hr"}))
    page = client.get(f"/personer/{person.id}").get_data(as_text=True)
    asked = client.post(f"/personer/{person.id}/aktiv", data={"csrf_token": csrf_from(page)})
    assert asked.status_code == 200 and "Ja, inaktivera personen" in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Person, person.id).active  # nothing happens before the confirmation
    client.post(f"/personer/{person.id}/aktiv", data={"csrf_token": csrf_from(page), "bekrafta": "ja"})
    with app.app_context():
        assert not db.session.get(Person, person.id).active
    assert "testkurs" in _assigned(app, person.id)
    assert person.email not in client.get("/personer").get_data(as_text=True)
    assert person.email in client.get("/personer?aktiv=nej").get_data(as_text=True)
    client.post(f"/personer/{person.id}/aktiv", data={"csrf_token": csrf_from(page)})
    with app.app_context():
        assert db.session.get(Person, person.id).active


def test_people_can_be_searched_and_filtered(create_person, create_department, login_as) -> None:
    soc = create_department("SOC")
    create_person(name="Astrid Lind", department=soc)
    create_person(name="Bengt Ek", kind="elected")
    create_person(name="Cecilia Samordnare", roles={"coordinator"}, department=soc)
    client = login_as(create_person(name="Hanna HR", roles={"hr"}))

    def names(query: str) -> set[str]:
        html = client.get(f"/personer?{query}").get_data(as_text=True)
        return set(re.findall(r'<a href="/personer/\d+">([^<]+)</a>', html))

    assert names("q=lind") == {"Astrid Lind"}
    assert names(f"forvaltning={soc.id}") == {"Astrid Lind", "Cecilia Samordnare"}
    assert names("typ=elected") == {"Bengt Ek"}
    assert names("roll=coordinator") == {"Cecilia Samordnare"}


def test_departments_show_which_lack_a_coordinator(create_person, create_department, login_as) -> None:
    buf = create_department("BUF", "Barn och utbildning")
    create_department("KOF", "Kultur och fritid")
    create_person(name="Sam Samordnare", roles={"coordinator"}, department=buf)
    client = login_as(create_person(roles={"hr"}))
    html = re.sub(r"\s+", " ", client.get("/forvaltningar").get_data(as_text=True))
    assert re.search(r"Barn och utbildning</a></th> <td><a [^>]+>Sam Samordnare</a>", html)
    assert re.search(r"Kultur och fritid</a></th> <td><strong class=\"overdue\">Ingen samordnare", html)


def test_hr_creates_and_renames_a_department(app: Flask, create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    assert _post(client, "/forvaltningar", {"code": "SBF", "name": "Samhällsbyggnad"}).status_code == 302
    again = _post(client, "/forvaltningar", {"code": "SBF", "name": "Annan"})
    assert "Koden används redan." in again.get_data(as_text=True)
    with app.app_context():
        from elearn.people.models import Department

        department = db.session.scalar(select(Department).where(Department.code == "SBF"))
    _post(client, f"/forvaltningar/{department.id}", {"code": "SBF", "name": "Samhällsbyggnadsförvaltningen"})
    assert "Samhällsbyggnadsförvaltningen" in client.get("/forvaltningar").get_data(as_text=True)


def test_deactivating_a_department_asks_first(app: Flask, create_person, create_department, login_as) -> None:
    from elearn.people.models import Department

    department = create_department("SOC", "Socialförvaltningen")
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/forvaltningar").get_data(as_text=True)
    asked = client.post(f"/forvaltningar/{department.id}/aktiv", data={"csrf_token": csrf_from(page)})
    assert "Inaktivera Socialförvaltningen?" in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Department, department.id).active
    client.post(f"/forvaltningar/{department.id}/aktiv", data={"csrf_token": csrf_from(page), "bekrafta": "ja"})
    with app.app_context():
        assert not db.session.get(Department, department.id).active


def test_a_form_with_errors_is_summarised_at_the_top_with_links_and_the_title_says_so(create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/personer/ny").get_data(as_text=True)
    html = client.post(
        "/personer/ny", data={"csrf_token": csrf_from(page), "name": "", "email": "inte-en-adress", "kind": "employee"}
    ).get_data(as_text=True)
    assert re.search(r"<title>Fel: ", html)
    summary = html[html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))]
    assert 'href="#name"' in summary and 'href="#email"' in summary
    assert html.index("data-error-summary") < html.index("<h1>")
    assert "<title>Fel:" not in client.get("/personer/ny").get_data(as_text=True)


def test_the_people_list_sorts_on_every_column_and_filters_by_course(
    app: Flask, create_person, create_department, login_as
) -> None:
    alpha, beta = create_department("A", "Alfa"), create_department("B", "Beta")
    create_person(name="Cilla", email="a@example.org", department=alpha)
    create_person(name="Arne", email="c@example.org", department=beta)
    create_person(name="Bodil", email="b@example.org", department=alpha, assign=False)
    client = login_as(create_person(name="Öje HR", roles={"hr"}, assign=False))

    def names(url: str) -> list[str]:
        return re.findall(r'href="/personer/\d+">([^<]+)</a>', client.get(url).get_data(as_text=True))

    assert names("/personer") == ["Arne", "Bodil", "Cilla", "Öje HR"]
    assert names("/personer?sortera=namn&ordning=fallande") == ["Öje HR", "Cilla", "Bodil", "Arne"]
    assert names("/personer?sortera=epost")[:3] == ["Cilla", "Bodil", "Arne"]
    assert names("/personer?sortera=forvaltning&forvaltning=" + str(beta.id)) == ["Arne"]
    assert names("/personer?kurs=testkurs") == ["Arne", "Cilla"]
    html = client.get("/personer").get_data(as_text=True)
    for key in ("namn", "epost", "forvaltning", "typ", "konto"):
        assert f"sortera={key}" in html


def test_bulk_actions_assign_remind_and_invite_the_ticked_people(
    app: Flask, outbox, create_person, create_department, login_as
) -> None:
    ticked = [create_person(email=f"t{n}@example.org", password=False, assign=False) for n in range(2)]
    left_out = create_person(email="other@example.org", password=False, assign=False)
    client = login_as(create_person(roles={"hr"}, assign=False))
    token = csrf_from(client.get("/personer").get_data(as_text=True))

    def act(action: str) -> str:
        data = {"csrf_token": token, "valda": [str(p.id) for p in ticked], "urval-action": action}
        data |= {"urval-course_id": "testkurs", "tillbaka": "/personer"}
        response = client.post("/personer/urval", data=data)
        assert response.headers["Location"] == "/personer"
        return client.get("/personer").get_data(as_text=True)

    assert "Kursen är tilldelad 2 personer." in act("tilldela")
    assert sorted(_assigned(app, ticked[0].id)) == ["testkurs"] and _assigned(app, left_out.id) == {}
    assert "2 påminnelser är skickade." in act("paminn")
    assert "0 påminnelser är skickade." in act("paminn")  # once per interval, as the cron job
    assert "2 inbjudningar är skickade." in act("bjud-in")
    assert sorted({m["To"] for m in outbox}) == ["t0@example.org", "t1@example.org"]


def test_a_bulk_assignment_due_in_the_year_9999_is_refused_and_nothing_is_assigned(
    app: Flask, create_person, login_as
) -> None:
    ticked = create_person(email="t@example.org", assign=False)
    client = login_as(create_person(roles={"hr"}, assign=False))
    data = {"csrf_token": csrf_from(client.get("/personer").get_data(as_text=True)), "valda": [str(ticked.id)]}
    data |= {"urval-action": "tilldela", "urval-course_id": "testkurs", "urval-due_on": "9999-12-31"}
    assert client.post("/personer/urval", data=data).status_code == 302
    assert "Ange ett datum mellan 2000-01-01 och 2099-12-31." in client.get("/personer").get_data(as_text=True)
    assert _assigned(app, ticked.id) == {}
