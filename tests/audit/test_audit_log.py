"""Who read or changed whose personal data is in the audit log, for admins to read and export."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from elearn.audit.models import AuditEvent
from elearn.db import utcnow
from elearn.extensions import db
from elearn.people.models import Person
from tests.conftest import csrf_from, login
from tests.people.test_import import export


def _events(app: Flask, action: str | None = None) -> list[tuple[str, int | None, int | None, str]]:
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return [(e.action, e.actor_id, e.subject_id, e.detail) for e in db.session.scalars(query)]


def _post(client, url: str, data: dict) -> object:
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(page), **data})


def test_hr_changing_email_roles_department_and_kind_is_logged(
    app: Flask, create_person: Callable, create_department: Callable, login_as: Callable
) -> None:
    school, social = create_department("BUF"), create_department("SOC")
    hr = create_person(roles={"hr"})
    person = create_person(email="gammal@example.org", department=school)
    client = login_as(hr)
    data = {"name": "Person Ett", "email": "ny@example.org", "employee_id": "", "department_id": social.id}
    _post(client, f"/personer/{person.id}", {**data, "kind": "elected", "roles": ["coordinator"]})
    changes = _events(app, "person_changed")
    assert {(actor, subject) for _, actor, subject, _ in changes} == {(hr.id, person.id)}
    detail = "; ".join(detail for *_, detail in changes)
    for part in ("email: gammal@example.org -> ny@example.org", "department: BUF -> SOC", "kind: employee -> elected"):
        assert part in detail
    assert "roles: +coordinator" in detail


def test_register_extracts_and_invitation_links_are_logged(
    app: Flask, create_person: Callable, login_as: Callable
) -> None:
    hr, person = create_person(roles={"hr"}), create_person(password=False)
    client = login_as(hr)
    assert client.get(f"/personer/{person.id}/registerutdrag.xlsx").status_code == 200
    assert client.get("/personer/inbjudningar.csv").status_code == 200
    assert client.get("/mina-uppgifter/registerutdrag.xlsx").status_code == 200
    extracts = _events(app, "register_extract")
    assert [(actor, subject) for _, actor, subject, _ in extracts] == [(hr.id, person.id), (hr.id, hr.id)]
    assert [(actor) for _, actor, _, _ in _events(app, "invitation_links")] == [hr.id]


def test_an_applied_import_is_logged(app: Flask, create_person: Callable, login_as: Callable) -> None:
    client = login_as(create_person(roles={"hr"}))
    page = client.get("/personer/import").get_data(as_text=True)
    preview = client.post(
        "/personer/import",
        data={"csrf_token": csrf_from(page), "file": (io.BytesIO(export(["1;Ny;Person;ny@example.org;;"])), "a.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    token = preview.split('name="token" value="')[1].split('"')[0]
    client.post("/personer/import/genomfor", data={"csrf_token": csrf_from(preview), "token": token})
    assert [detail for *_, detail in _events(app, "import_applied")] == ["1 nya, 0 ändrade, 0 inaktiverade"]


def test_an_import_applied_from_the_command_line_is_logged(app: Flask, tmp_path) -> None:
    file = tmp_path / "hr-export.csv"
    file.write_bytes(export(["1;Ny;Person;ny@example.org;;", "2;Till;Person;till@example.org;;"]))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["people", "import", str(file)]).exit_code == 0
    assert _events(app, "import_applied") == []  # a preview changes nothing and logs nothing
    result = runner.invoke(args=["people", "import", str(file), "--apply"])
    assert result.exit_code == 0, result.output
    assert [(actor, detail) for _, actor, _, detail in _events(app, "import_applied")] == [
        (None, "2 nya, 0 ändrade, 0 inaktiverade (kommandorad: hr-export.csv)")
    ]


def test_logins_failures_and_lockouts_are_logged(app: Flask, create_person: Callable) -> None:
    person = create_person()
    assert login(app.test_client(), person.email).status_code == 302
    for _ in range(5):
        login(app.test_client(), person.email, "fel-losenord")
    assert [(a, s) for a, _, s, _ in _events(app) if a.startswith(("login", "lockout"))] == [
        ("login", person.id),
        *[("login_failed", person.id)] * 5,
        ("lockout", person.id),
    ]


def test_only_admins_read_and_export_the_log(app: Flask, create_person: Callable, login_as: Callable) -> None:
    person = create_person(name="Granskad Person")
    login(app.test_client(), person.email)
    client = login_as(create_person(roles={"admin"}))
    assert "Granskad Person" in client.get("/admin/logg").get_data(as_text=True)
    csv = client.get("/admin/logg.csv").get_data(as_text=True)
    assert "Inloggning" in csv and "Granskad Person" in csv
    assert _events(app, "audit_exported")


def test_disposal_removes_the_persons_events_and_old_ones(app: Flask, create_person: Callable) -> None:
    gone, staying = create_person(), create_person()
    for person in (gone, staying):
        login(app.test_client(), person.email)
    with app.app_context():
        long_ago = utcnow() - timedelta(days=365 * 6)
        db.session.execute(update(Person).where(Person.id == gone.id).values(active=False, deactivated_at=long_ago))
        db.session.add(AuditEvent(action="login", subject_id=staying.id, at=long_ago, detail="gammal"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["people", "dispose", "--years", "5", "--apply"])
    assert result.exit_code == 0, result.output
    remaining = _events(app)
    assert all(subject != gone.id for _, _, subject, _ in remaining)
    assert ("login", staying.id, staying.id, "") in [(a, act, s, d) for a, act, s, d in remaining]
    assert all(detail != "gammal" for *_, detail in remaining)
