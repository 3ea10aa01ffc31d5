"""Every route, every role: a person sees only what the role allows.

Adding a route without a row here fails `test_every_route_is_in_the_table`."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.conftest import login
from tests.surveys.helpers import make_round

ROLES = ["anonymous", "learner", "coordinator", "hr", "admin"]


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int = 200) -> dict[str, int]:
    """Anonymous visitors are sent to the login page; any signed-in person gets `status`."""
    return {**everyone(status), "anonymous": 302}


def only(*roles: str) -> dict[str, int]:
    return {role: 200 if role in roles else 403 for role in ROLES} | {"anonymous": 302}


# endpoint -> (URL to try, the status each role gets)
GET_ACCESS = {
    "static": ("/static/css/app.css", everyone()),
    "public.index": ("/", everyone()),
    "public.accessibility": ("/tillganglighet", everyone()),
    "public.verify_form": ("/intyg", everyone()),
    "public.verify": ("/intyg/XXXX-XXXX-XXXX", everyone(404)),
    "public.open_course": ("/oppna-kurser/oppen", everyone()),
    "public.open_module": ("/oppna-kurser/oppen/intro", everyone()),
    "public.open_course_file": ("/oppna-kurser/oppen/filer/x.png", everyone(404)),
    "auth.login": ("/logga-in", {**everyone(302), "anonymous": 200}),
    "auth.forgot_password": ("/glomt-losenord", everyone()),
    "auth.accept_invitation": ("/inbjudan/fel", everyone(400)),
    "auth.reset_password": ("/nytt-losenord/fel", everyone(400)),
    # Sign-in with a work account: open to all, but the test app configures no provider.
    "oidc.login": ("/logga-in/jobbkonto/entra", everyone(404)),
    "oidc.callback": ("/logga-in/jobbkonto/entra/klar", everyone(404)),
    "health.health": ("/halsa", everyone()),
    "organisation.settings": ("/installningar/organisation", only("admin")),
    "i18n.choose_language": ("/sprak/sv", everyone(302)),
    "learning.dashboard": ("/mina-kurser", signed_in()),
    "learning.course": ("/kurser/testkurs", signed_in()),
    "learning.module": ("/kurser/testkurs/01-grunder", signed_in()),
    "learning.certificate": ("/kurser/testkurs/intyg", signed_in(404)),  # nobody has completed yet
    "learning.result": ("/kurser/testkurs/01-grunder/resultat/" + "a" * 32, signed_in(404)),
    "learning.certificate_pdf": ("/kurser/testkurs/intyg.pdf", signed_in(404)),
    "learning.course_file": ("/kurser/testkurs/filer/bilder/klotter.svg", signed_in()),
    "learning.reflections": ("/mina-reflektioner", signed_in()),
    "privacy.my_data": ("/mina-uppgifter", signed_in()),
    "privacy.my_register_extract": ("/mina-uppgifter/registerutdrag.xlsx", signed_in()),
    # A lesson link opens with its token alone; without a valid one nobody gets in.
    "lessons.lesson": ("/lektion/nano/n1?t=fel", everyone(400)),
    "lessons.repetition_page": ("/lektion/nano/repetera?t=fel", everyone(400)),
    "campaigns.campaign_list": ("/kampanjer/", only("hr", "admin")),
    "campaigns.new_campaign": ("/kampanjer/ny", only("hr", "admin")),
    "campaigns.campaign": ("/kampanjer/999999", {**only("hr", "admin"), "hr": 404, "admin": 404}),
    "reports.overview": ("/rapporter/", only("hr", "admin", "coordinator")),
    "reports.overview_export": ("/rapporter/oversikt.csv", only("hr", "admin", "coordinator")),
    "reports.drill_down": ("/rapporter/grupp/{department}", only("hr", "admin", "coordinator")),
    "reports.drill_down_export": ("/rapporter/grupp/{department}/export.xlsx", only("hr", "admin", "coordinator")),
    "reports.topics": ("/rapporter/amnen", only("hr", "admin", "coordinator")),
    "reports.topics_export": ("/rapporter/amnen.csv", only("hr", "admin", "coordinator")),
    "reports.retention_report": ("/rapporter/repetition", only("hr", "admin", "coordinator")),
    "reports.retention_export": ("/rapporter/repetition.xlsx", only("hr", "admin", "coordinator")),
    "reports.person_status": ("/rapporter/person/{me}", only("hr", "admin", "coordinator")),
    "reports.remind": (
        "/rapporter/grupp/{department}/paminn?kurs=testkurs&vilka=overdue",
        only("hr", "admin", "coordinator"),
    ),
    "reports.trends": ("/rapporter/trender", only("hr", "admin")),
    "reports.lagesbild_page": ("/rapporter/lagesbild", only("hr", "admin")),
    "reports.lagesbild_pdf": ("/rapporter/lagesbild.pdf", only("hr", "admin")),
    "reports.adopted_lagesbilder": ("/rapporter/lagesbild/faststallda", only("hr", "admin")),
    "people.people": ("/personer", only("hr", "admin")),
    "people.new_person": ("/personer/ny", only("hr", "admin")),
    "people.person": ("/personer/{me}", only("hr", "admin")),
    "people.send_invitations": ("/personer/inbjudningar", only("hr", "admin")),
    "people.invitation_links": ("/personer/inbjudningar.csv", only("hr", "admin")),
    "privacy.register_extract_for": ("/personer/{me}/registerutdrag.xlsx", only("hr", "admin")),
    "people.import_people": ("/personer/import", only("hr", "admin")),
    "people.departments": ("/forvaltningar", only("hr", "admin")),
    "people.department": ("/forvaltningar/{department}", only("hr", "admin")),
    "surveys.rounds": ("/enkater/", only("hr", "admin")),
    "surveys.new_round": ("/enkater/ny", only("hr", "admin")),
    "surveys.show_round": ("/enkater/{survey}", only("hr", "admin")),
    "surveys.edit_round": ("/enkater/{survey}/andra", only("hr", "admin")),
    "surveys.results_page": ("/enkater/{closed_survey}/resultat", only("hr", "admin")),
    "surveys.results_export": ("/enkater/{closed_survey}/resultat/fritext.xlsx", only("hr", "admin")),
    "surveys.answer": ("/enkater/{survey}/svara", signed_in()),  # every role is in the round's department
    "scorm.courses": ("/export/scorm/", only("admin")),
    "scorm.download": ("/export/scorm/testkurs.zip", only("admin")),
    "api_tokens.tokens": ("/admin/api-nycklar/", only("admin")),
    # The API answers tokens only: a signed-in session opens nothing but its description.
    "api.openapi": ("/api/v1/openapi.json", everyone()),
    "api.departments": ("/api/v1/departments", everyone(401)),
    "api.people": ("/api/v1/people", everyone(401)),
    "api.person": ("/api/v1/people/{me}", everyone(401)),
    "api.person_courses": ("/api/v1/people/{me}/courses", everyone(401)),
    "api.assignments": ("/api/v1/assignments", everyone(401)),
    "api.statuses": ("/api/v1/statuses", everyone(401)),
    "api.overview": ("/api/v1/reports/overview", everyone(401)),
    "api.topics": ("/api/v1/reports/topics", everyone(401)),
    "scim.users": ("/scim/v2/Users", everyone(401)),
    "scim.user": ("/scim/v2/Users/{me}", everyone(401)),
    "scim.groups": ("/scim/v2/Groups", everyone(401)),
    "scim.group": ("/scim/v2/Groups/{department}", everyone(401)),
    "audit.audit_log": ("/admin/logg", only("admin")),
    "audit.audit_export": ("/admin/logg.csv", only("admin")),
}
# Actions: POSTed with a valid CSRF token, learners and coordinators must still be refused.
PEOPLE_ACTIONS = [
    "/personer/ny",
    "/personer/{me}",
    "/personer/{me}/aktiv",
    "/personer/{me}/tilldela",
    "/personer/{me}/bjud-in",
    "/personer/urval",
    "/personer/inbjudningar",
    "/personer/import",
    "/personer/import/genomfor",
    "/forvaltningar",
    "/forvaltningar/{department}",
    "/forvaltningar/{department}/aktiv",
    "/kampanjer/ny",
    "/kampanjer/999999/avsluta",
    "/admin/api-nycklar/",
    "/admin/api-nycklar/999999/aterkalla",
]
POST_ONLY = {
    "auth.logout",
    "learning.submit",
    "learning.save_draft",
    "learning.reflect",
    "lessons.submit_lesson",
    "lessons.answer_repetition",
    "lessons.reflect",
    "people.toggle_active",
    "people.assign",
    "people.invite",
    "people.bulk_action",
    "people.apply_import",
    "people.toggle_department",
    "surveys.remind",
    "surveys.delete_round",
    "campaigns.end_campaign",
    "reports.adopt_lagesbild",
    "api_tokens.revoke_token",
    # SCIM's writes take a bearer token with the scim scope (tests/scim/), never a session.
    "scim.create_user",
    "scim.replace_user",
    "scim.patch_user",
    "scim.delete_user",
    "scim.create_group",
    "scim.replace_group",
    "scim.patch_group",
    "scim.delete_group",
}


def test_every_route_is_in_the_table(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(GET_ACCESS) | POST_ONLY


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_what_it_may(app: Flask, create_person, create_department, role: str) -> None:
    client = app.test_client()
    department = create_department()
    me = create_person(roles=set() if role in ("learner", "anonymous") else {role}, department=department)
    if role != "anonymous":
        assert login(client, me.email).status_code == 302
    ids = {
        "me": me.id,
        "department": department.id,
        "survey": make_round(app, kinds=("employee",), departments=[department.id]),
        "closed_survey": make_round(app, opens=-30, closes=-1),
    }
    got = {endpoint: client.get(url.format(**ids)).status_code for endpoint, (url, _) in GET_ACCESS.items()}
    expected = {endpoint: statuses[role] for endpoint, (_, statuses) in GET_ACCESS.items()}
    assert got == expected


@pytest.mark.parametrize("url", ["/logga-ut", "/kurser/testkurs/01-grunder", "/kurser/testkurs/01-grunder/utkast"])
def test_posts_without_csrf_are_refused(app: Flask, create_person, url: str) -> None:
    client = app.test_client()
    login(client, create_person().email)
    assert client.post(url, data={"svar-01-grunder-1": "a"}).status_code == 400


@pytest.mark.parametrize("role", ["learner", "coordinator"])
def test_learners_and_coordinators_cannot_act_on_people(
    app: Flask, create_person, create_department, role: str
) -> None:
    from elearn.extensions import db
    from elearn.people.models import Department, Person
    from tests.conftest import csrf_from

    client = app.test_client()
    department = create_department()
    me = create_person(roles=set() if role == "learner" else {role}, department=department)
    login(client, me.email)
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    for url in PEOPLE_ACTIONS:
        target = url.format(me=me.id, department=department.id)
        response = client.post(target, data={"csrf_token": token, "name": "Hack", "code": "X", "kind": "employee"})
        assert response.status_code == 403, target
    with app.app_context():
        assert db.session.get(Person, me.id).active and db.session.get(Department, department.id).active


def test_a_coordinator_follows_only_their_own_departments_people(app: Flask, create_person, create_department) -> None:
    own, other = create_department("BUF"), create_department("SOC")
    coordinator = create_person(roles={"coordinator"}, department=own)
    colleague = create_person(department=own)
    elsewhere = create_person(department=other)
    elected = create_person(kind="elected", department=own)
    client = app.test_client()
    login(client, coordinator.email)
    assert client.get(f"/rapporter/person/{colleague.id}").status_code == 200
    assert client.get(f"/rapporter/person/{elsewhere.id}").status_code == 403
    assert client.get(f"/rapporter/person/{elected.id}").status_code == 403
    assert client.get(f"/rapporter/grupp/{other.id}/paminn?kurs=testkurs&vilka=overdue").status_code == 403


def test_learners_cannot_send_reminders(app: Flask, create_person, create_department) -> None:
    from tests.conftest import csrf_from

    department = create_department()
    learner = create_person(department=department)
    client = app.test_client()
    login(client, learner.email)
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    url = f"/rapporter/grupp/{department.id}/paminn?kurs=testkurs&vilka=not_started"
    assert client.post(url, data={"csrf_token": token, "bekrafta": "ja"}).status_code == 403


@pytest.mark.parametrize("role", ["learner", "coordinator", "admin"])
def test_only_hr_adopts_a_lagesbild(app: Flask, create_person, role: str) -> None:
    from elearn.db import utcnow
    from elearn.extensions import db
    from elearn.reports.adoption import AdoptedLagesbild
    from tests.conftest import csrf_from

    client = app.test_client()
    login(client, create_person(roles=set() if role == "learner" else {role}).email)
    token = csrf_from(client.get("/mina-kurser").get_data(as_text=True))
    response = client.post("/rapporter/lagesbild/faststall", data={"csrf_token": token, "ar": utcnow().year - 1})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AdoptedLagesbild)) == 0


def test_adopting_without_csrf_is_refused(app: Flask, create_person) -> None:
    from elearn.db import utcnow

    client = app.test_client()
    login(client, create_person(roles={"hr"}).email)
    assert client.post("/rapporter/lagesbild/faststall", data={"ar": utcnow().year - 1}).status_code == 400
    assert client.get("/rapporter/lagesbild/faststall").status_code == 405
