"""The HR and coordinator workspace: the coordinator's menu, a person's record, reminders from the
page, and finding people in a long drill-down."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from elearn import clock
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.models import Assignment, CourseCompletion, ModuleAttempt, Reflection, RepeatAnswer
from tests.conftest import csrf_from, login
from tests.learning.test_flow import RIGHT_01, submit


def _signed_in(app: Flask, person):
    """A client of its own, so tests can act as a learner and then as HR."""
    client = app.test_client()
    assert login(client, person.email).status_code == 302
    return client


def _overdue(app: Flask, person_id: int, days: int = 3) -> None:
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).where(Assignment.person_id == person_id))
        assignment.due_on = clock.today() - timedelta(days=days)
        db.session.commit()


def test_a_coordinator_finds_their_department_in_the_menu(create_person, create_department, login_as) -> None:
    department = create_department("BUF", "Barn och utbildning")
    client = login_as(create_person(roles={"coordinator"}, department=department))
    menu = client.get("/mina-kurser").get_data(as_text=True).split("</nav>")[0]
    assert "Min förvaltning" in menu and f'href="/rapporter/grupp/{department.id}"' in menu
    overview = client.get("/rapporter/").get_data(as_text=True)
    assert "Barn och utbildning" in overview


def test_a_learner_has_no_report_in_the_menu(create_person, login_as) -> None:
    menu = login_as(create_person()).get("/mina-kurser").get_data(as_text=True).split("</nav>")[0]
    assert "Min förvaltning" not in menu and "Rapport" not in menu


def test_the_coordinators_overdue_mail_links_to_their_department(app: Flask, outbox, create_person, create_department):
    from elearn.absolute_url import as_if_requested
    from elearn.course_library import library
    from elearn.learning.reminders import send_reminders

    department = create_department("BUF")
    late = create_person(name="Sen Person", department=department)
    create_person(roles={"coordinator"}, department=department, email="samordnare@example.org", assign=False)
    _overdue(app, late.id)
    from elearn.outbox.delivery import deliver

    with app.app_context(), as_if_requested():
        send_reminders(db.session, library(), utcnow())
        deliver(db.session, utcnow())
    (mail,) = [m for m in outbox if m["To"] == "samordnare@example.org"]
    text = mail.get_content()
    assert "1 utbildning i Förvaltning BUF är försenad" in text
    assert f"http://localhost/rapporter/grupp/{department.id}?status=overdue" in text


def test_a_persons_page_shows_status_attempts_certificate_and_reminders_but_no_reflections(
    app: Flask, create_person, create_department, login_as
) -> None:
    department = create_department("BUF")
    learner = create_person(name="Lina Lärande", department=department)
    learner_client = _signed_in(app, learner)
    submit(learner_client, "01-grunder", {**RIGHT_01, "svar-01-grunder-1": "b"})  # half right first
    submit(learner_client, "01-grunder", RIGHT_01)
    with app.app_context():
        db.session.add_all(
            [
                CourseCompletion(
                    person_id=learner.id,
                    course_id="testkurs",
                    course_version="v",
                    completed_at=utcnow() - timedelta(days=2),
                    expires_at=utcnow() + timedelta(days=300),
                    certificate_code="ABCD-EFGH-JKLM",
                ),
                RepeatAnswer(
                    person_id=learner.id,
                    course_id="testkurs",
                    question_id="01-grunder-1",
                    topic="begrepp",
                    correct=True,
                    first_correct=False,
                    days_after_first=20,
                    submission_id="r1",
                ),
                Reflection(person_id=learner.id, course_id="testkurs", module_id="01-grunder", text="Min hemlighet"),
            ]
        )
        db.session.commit()
    client = login_as(create_person(roles={"hr"}))
    page = client.get(f"/rapporter/person/{learner.id}").get_data(as_text=True)
    assert "Lina Lärande" in page and "Klar" in page
    assert clock.local_date(utcnow() - timedelta(days=2)).isoformat() in page
    assert 'href="/intyg/ABCD-EFGH-JKLM"' in page
    assert re.search(r'<td class="num">1</td><td class="num">50 %</td>', page)
    assert re.search(r'<td class="num">2</td><td class="num">100 %</td>\s*<td>Godkänd', page)
    assert "Svar på repetitionsfrågor" in page
    assert "Min hemlighet" not in page
    drill_down = client.get(f"/rapporter/grupp/{department.id}").get_data(as_text=True)
    assert f'href="/rapporter/person/{learner.id}">Lina Lärande</a>' in drill_down


def _remind(client, group: int, who: str) -> str:
    url = f"/rapporter/grupp/{group}/paminn?kurs=testkurs&vilka={who}"
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_from(page), "bekrafta": "ja"})
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_hr_reminds_the_overdue_once_within_the_interval(
    app: Flask, outbox, create_person, create_department, login_as
) -> None:
    department = create_department("BUF")
    late = [create_person(name=f"Sen {n}", department=department) for n in range(2)]
    create_person(name="I tid", department=department)
    for person in late:
        _overdue(app, person.id)
    client = login_as(create_person(roles={"hr"}))
    preview = client.get(f"/rapporter/grupp/{department.id}/paminn?kurs=testkurs&vilka=overdue")
    assert "2 personer får en påminnelse nu." in preview.get_data(as_text=True)
    assert len(outbox) == 0  # the preview sends nothing

    after = _remind(client, department.id, "overdue")
    assert "2 påminnelser är skickade." in after
    assert sorted(m["To"] for m in outbox) == sorted(f"person{n}@example.org" for n in (1, 2))
    assert after.count(clock.today().isoformat()) >= 2  # "Senast påmind" per row

    again = client.get(f"/rapporter/grupp/{department.id}/paminn?kurs=testkurs&vilka=overdue").get_data(as_text=True)
    assert "0 personer får en påminnelse nu." in again
    assert "2 personer har redan påmints de senaste 7 dagarna" in again
    assert "0 påminnelser är skickade." in _remind(client, department.id, "overdue")
    assert len(outbox) == 2

    today = clock.today().isoformat()
    reminded = client.get(f"/rapporter/person/{late[0].id}").get_data(as_text=True)
    assert f"<dt>Påminnelser</dt><dd>{today}</dd>" in reminded  # once, though HR pressed twice
    on_time = create_person(name="Ny i tid", department=department)
    assert "<dt>Påminnelser</dt><dd>Inga</dd>" in client.get(f"/rapporter/person/{on_time.id}").get_data(as_text=True)
    from tests.privacy.test_register_extract import sheets

    extract = sheets(client.get(f"/personer/{late[0].id}/registerutdrag.xlsx"))
    assert [(course, sent[:10]) for course, sent in extract["Påminnelser"][1:]] == [
        ("Testkurs", utcnow().date().isoformat())
    ]


def test_a_coordinator_reminds_the_not_yet_started_of_their_department(
    app: Flask, outbox, create_person, create_department, login_as
) -> None:
    own, other = create_department("BUF"), create_department("SOC")
    idle = create_person(department=own, email="idle@example.org")
    started = create_person(department=own, email="started@example.org")
    create_person(department=other, email="other@example.org")
    submit(_signed_in(app, started), "01-grunder", RIGHT_01)
    client = login_as(create_person(roles={"coordinator"}, department=own, assign=False))
    assert "1 påminnelse är skickad." in _remind(client, own.id, "not_started")
    assert [m["To"] for m in outbox] == ["idle@example.org"]
    assert idle  # the one who had not started


def test_the_drill_down_filters_by_status_searches_names_and_sorts_every_column(
    app: Flask, create_person, create_department, login_as
) -> None:
    department = create_department("BUF")
    names = ["Cecilia", "Adam", "Bertil"]
    people = {name: create_person(name=name, department=department) for name in names}
    _overdue(app, people["Bertil"].id)
    client = login_as(create_person(roles={"hr"}))
    base = f"/rapporter/grupp/{department.id}"

    def order(url: str) -> list[str]:
        html = client.get(url).get_data(as_text=True)
        return re.findall(r'/rapporter/person/\d+">(\w+)</a>', html)

    assert order(base) == ["Bertil", "Adam", "Cecilia"]  # overdue first, then by due date and name
    assert order(f"{base}?sortera=namn") == ["Adam", "Bertil", "Cecilia"]
    assert order(f"{base}?sortera=namn&ordning=fallande") == ["Cecilia", "Bertil", "Adam"]
    assert order(f"{base}?status=overdue") == ["Bertil"]
    assert order(f"{base}?status=not_started&q=ada") == ["Adam"]
    html = client.get(f"{base}?sortera=namn").get_data(as_text=True)
    for key in ("namn", "kurs", "status", "klar-senast", "genomford", "paminnd"):
        assert f"sortera={key}" in html
    assert 'aria-sort="ascending"' in html


def test_the_drill_down_pages_long_lists(app: Flask, create_person, create_department, login_as) -> None:
    from elearn.reports.service import PAGE_SIZE

    department = create_department("BUF")
    with app.app_context():
        from elearn.people.models import Person

        db.session.add_all(
            Person(name=f"P{n:04d}", email=f"p{n}@example.org", kind="employee", department_id=department.id)
            for n in range(PAGE_SIZE + 5)
        )
        db.session.flush()
        for person in db.session.scalars(select(Person)):
            db.session.add(Assignment(person_id=person.id, course_id="testkurs"))
        db.session.commit()
    client = login_as(create_person(roles={"hr"}, assign=False))
    first = client.get(f"/rapporter/grupp/{department.id}?sortera=namn").get_data(as_text=True)
    assert f"{PAGE_SIZE + 5} rader" in first and "Sida 1 av 2" in first
    second = client.get(f"/rapporter/grupp/{department.id}?sortera=namn&sida=2").get_data(as_text=True)
    assert len(re.findall(r"/rapporter/person/\d+", second)) == 5
    assert "P0104" in second and "P0000" not in second


def test_a_person_without_attempts_shows_none(app: Flask, create_person, login_as) -> None:
    learner = create_person(name="Ny Person")
    page = login_as(create_person(roles={"hr"})).get(f"/rapporter/person/{learner.id}").get_data(as_text=True)
    assert "Inte påbörjad" in page and "Inga försök" in page
    with app.app_context():
        assert db.session.scalar(select(ModuleAttempt)) is None


def test_the_page_of_a_person_who_does_not_exist_is_not_found(create_person, login_as) -> None:
    client = login_as(create_person(roles={"hr"}))
    response = client.get("/rapporter/person/999999")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


def test_the_topic_map_counts_only_answers_within_the_chosen_period(app: Flask, create_person, login_as) -> None:
    from elearn.learning.models import QuestionResult

    learner = create_person()
    submit(_signed_in(app, learner), "01-grunder", RIGHT_01)
    with app.app_context():
        db.session.execute(QuestionResult.__table__.update().values(created_at=utcnow() - timedelta(days=40)))
        db.session.commit()
    client = login_as(create_person(roles={"hr"}, assign=False))
    everything = client.get("/rapporter/amnen").get_data(as_text=True)
    assert "Inga svar ännu." not in everything
    since = clock.local_date(utcnow() - timedelta(days=10)).isoformat()
    recent = client.get(f"/rapporter/amnen?fran={since}").get_data(as_text=True)
    assert "Inga svar ännu." in recent
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(f"/rapporter/amnen.xlsx?fran={since}").data)).active
    assert ("Svar från", since) in [row[:2] for row in sheet.iter_rows(values_only=True)]
