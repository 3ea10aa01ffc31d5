"""Importing an HR system's export: preview, all-or-nothing apply, line-numbered errors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from elearn import clock
from elearn.course_library import library
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.assignments import Rules
from elearn.learning.models import Assignment
from elearn.people import csv_import
from elearn.people.models import Department, Person
from tests.conftest import csrf_from, login

HEADER = "Anställningsnummer;Förnamn;Efternamn;E-post;Förvaltning;Typ\n"


def export(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def plan(app: Flask, data: bytes, **options):
    with app.app_context():
        return csv_import.plan_import(db.session, data, **options)


def run(app: Flask, data: bytes, **options):
    with app.app_context():
        result = csv_import.plan_import(db.session, data, **options)
        csv_import.apply_import(db.session, result, Rules(library(), clock.today(), 30))
        return result


def count(app: Flask, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_clean_export_creates_people_with_their_courses(app: Flask, create_department) -> None:
    create_department("BUF", "Barn- och utbildningsförvaltningen")
    result = run(
        app,
        export(
            [
                "1001;Åsa;Öberg;asa.oberg@example.org;BUF;medarbetare",
                "1002;Pär;Ek;par.ek@example.org;Barn- och utbildningsförvaltningen;medarbetare, samordnare",
                "1003;Lena;Fri;lena@example.org;;förtroendevald",
            ]
        ),
    )
    assert (len(result.create), len(result.update), result.unchanged) == (3, 0, 0)
    with app.app_context():
        people = {p.employee_id: p for p in db.session.scalars(select(Person))}
        assert people["1001"].name == "Åsa Öberg" and people["1001"].department.code == "BUF"
        assert people["1002"].roles == {"learner", "coordinator"}
        assert people["1003"].kind == "elected"
        assigned = set(db.session.execute(select(Assignment.person_id, Assignment.course_id)))
    assert (people["1001"].id, "testkurs") in assigned and (people["1003"].id, "testkurs") not in assigned


def test_importing_the_same_file_twice_changes_nothing(app: Flask, create_department) -> None:
    create_department("BUF")
    data = export([f"{n};Namn;Nummer{n};p{n}@example.org;BUF;medarbetare" for n in range(20)])
    run(app, data)
    second = plan(app, data)
    assert (len(second.create), len(second.update), second.unchanged, len(second.deactivate)) == (0, 0, 20, 0)


def test_a_changed_row_is_an_update_matched_by_employee_id(app: Flask, create_department) -> None:
    create_department("BUF")
    create_department("SOC")
    run(app, export(["7;Kim;Berg;kim@example.org;BUF;medarbetare"]))
    result = run(app, export(["7;Kim;Berg-Lund;kim.lund@example.org;SOC;medarbetare"]))
    assert (len(result.create), len(result.update)) == (0, 1)
    with app.app_context():
        kim = db.session.scalar(select(Person).where(Person.employee_id == "7"))
        assert (kim.name, kim.email, kim.department.code) == ("Kim Berg-Lund", "kim.lund@example.org", "SOC")


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(app: Flask, create_department) -> None:
    create_department("BUF")
    good = [f"{n};Förnamn;Efternamn{n};person{n}@example.org;BUF;medarbetare" for n in range(5000)]
    dirty = list(good)
    dirty[10] = "X10;Utan;Adress;;BUF;medarbetare"  # line 12
    dirty[20] = "X20;Fel;Adress;inte-en-adress;BUF;medarbetare"  # line 22
    dirty[30] = "X30;Okänd;Förvaltning;okand@example.org;FINNSINTE;medarbetare"  # line 32
    dirty[40] = "X40;Samma;Adress;person0@example.org;BUF;medarbetare"  # line 42
    dirty[50] = "0;Samma;Nummer;annan@example.org;BUF;medarbetare"  # line 52
    dirty[60] = "X60;Okänd;Typ;typ@example.org;BUF;astronaut"  # line 62
    dirty[70] = "X70;;;utan.namn@example.org;BUF;medarbetare"  # line 72
    result = plan(app, export(dirty))
    assert [(p.line, p.message) for p in result.problems] == [
        (12, "E-postadress saknas."),
        (22, "Ogiltig e-postadress 'inte-en-adress'."),
        (32, "Okänd förvaltning 'FINNSINTE'."),
        (42, "E-postadressen finns redan på rad 2."),
        (52, "Anställningsnumret finns redan på rad 2."),
        (62, "Okänd typ eller roll 'astronaut'."),
        (72, "Namn saknas."),
    ]
    with app.app_context(), pytest.raises(csv_import.ImportFileError):
        csv_import.apply_import(db.session, result, Rules(library(), clock.today(), 30))
    assert count(app, Person) == 0
    clean = run(app, export(good))
    assert len(clean.create) == 5000 and count(app, Person) == 5000 and count(app, Assignment) == 5000


def test_a_failure_while_applying_rolls_everything_back(app: Flask, create_department) -> None:
    create_department("BUF")
    result = plan(app, export(["1;A;A;a@example.org;BUF;medarbetare", "2;B;B;b@example.org;BUF;medarbetare"]))
    # Someone takes b@example.org between the preview and the apply: the unique index stops it.
    with app.app_context():
        db.session.add(Person(name="Hann före", email="b@example.org", kind="employee"))
        db.session.commit()
        with pytest.raises(Exception):  # noqa: B017  the database's own integrity error
            csv_import.apply_import(db.session, result, Rules(library(), clock.today(), 30))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_excel_windows_1252_with_semicolons_is_read(app: Flask, create_department) -> None:
    create_department("SOC", "Socialförvaltningen")
    data = (
        "Anställningsnummer;Namn;E-post;Förvaltning\r\n5;Örjan Åström;orjan@example.org;Socialförvaltningen\r\n".encode(
            "cp1252"
        )
    )
    result = run(app, data)
    assert len(result.create) == 1 and result.ok
    with app.app_context():
        assert db.session.scalar(select(Person.name)) == "Örjan Åström"


def test_utf8_with_bom_and_commas_is_read(app: Flask) -> None:
    data = "\ufeffEmail,Name,Employee ID\nanna@example.org,Anna Ek,9\n".encode()
    assert len(plan(app, data).create) == 1


def test_header_names_can_be_mapped(app: Flask) -> None:
    data = b"Nr;Fullt namn;Jobbmejl\n1;Eva Lund;eva@example.org\n"
    with pytest.raises(csv_import.ImportFileError, match="Ingen kolumn för e-post"):
        plan(app, data)
    result = plan(app, data, mapping={"email": "Jobbmejl", "name": "Fullt namn", "employee_id": "Nr"})
    assert result.ok and result.create[0].name == "Eva Lund" and result.create[0].employee_id == "1"


def test_unknown_departments_are_created_only_when_asked(app: Flask) -> None:
    data = export(["1;A;A;a@example.org;Kultur- och fritidsförvaltningen;medarbetare"])
    assert not plan(app, data).ok
    result = run(app, data, create_departments=True)
    assert result.new_departments == ["Kultur- och fritidsförvaltningen"]
    with app.app_context():
        assert db.session.scalar(select(Department.code)) == "KOF"


def test_people_missing_from_a_full_export_are_deactivated_only_when_asked(app: Flask, create_department) -> None:
    create_department("BUF")
    run(app, export(["1;A;A;a@example.org;BUF;medarbetare", "2;B;B;b@example.org;BUF;medarbetare"]))
    smaller = export(["1;A;A;a@example.org;BUF;medarbetare"])
    assert plan(app, smaller).deactivate == []
    result = run(app, smaller, deactivate_missing=True)
    assert len(result.deactivate) == 1
    with app.app_context():
        assert not db.session.scalar(select(Person).where(Person.employee_id == "2")).active
    back = run(app, export(["1;A;A;a@example.org;BUF;medarbetare", "2;B;B;b@example.org;BUF;medarbetare"]))
    assert len(back.update) == 1
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.employee_id == "2")).active


def test_hr_previews_then_applies_in_the_browser(app: Flask, create_person, create_department, login_as) -> None:
    import io

    create_department("BUF")
    client = login_as(create_person(roles={"hr"}, email="hr@example.org"))
    page = client.get("/personer/import").get_data(as_text=True)
    data = export(["1;Ny;Person;ny@example.org;BUF;medarbetare"])
    preview = client.post(
        "/personer/import",
        data={"csrf_token": csrf_from(page), "file": (io.BytesIO(data), "hr.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "1 ny person" in preview  # singular, not "1 nya personer"
    assert count(app, Person) == 1  # only the HR person: nothing changed yet
    token = preview.split('name="token" value="')[1].split('"')[0]
    done = client.post("/personer/import/genomfor", data={"csrf_token": csrf_from(preview), "token": token})
    assert done.status_code == 302
    assert count(app, Person) == 2
    again = client.post("/personer/import/genomfor", data={"csrf_token": csrf_from(preview), "token": token})
    assert again.status_code == 302 and count(app, Person) == 2


def test_the_command_line_previews_and_applies(app: Flask, create_department, tmp_path: Path) -> None:
    create_department("BUF")
    file = tmp_path / "export.csv"
    file.write_bytes(export(["1;A;A;a@example.org;BUF;medarbetare"]))
    runner = app.test_cli_runner()
    preview = runner.invoke(args=["people", "import", str(file)])
    assert preview.exit_code == 0 and "1 nya" in preview.output and "inget har ändrats" in preview.output
    assert count(app, Person) == 0
    applied = runner.invoke(args=["people", "import", str(file), "--apply"])
    assert applied.exit_code == 0 and count(app, Person) == 1
    file.write_bytes(export(["1;A;A;;BUF;medarbetare"]))
    broken = runner.invoke(args=["people", "import", str(file), "--apply"])
    assert broken.exit_code == 1 and f"{file}:2: E-postadress saknas." in broken.output


def test_an_import_previewed_on_one_app_server_is_applied_on_another(
    app: Flask, database_url: str, create_person, create_department, tmp_path: Path
) -> None:
    import io

    from tests.conftest import make_app

    create_department("BUF")
    hr = create_person(roles={"hr"}, email="hr2@example.org")
    other = make_app(database_url)
    other.instance_path = str(tmp_path)  # its own disk: nothing may be left on the first one's
    first, second = app.test_client(), other.test_client()
    login(first, hr.email)
    login(second, hr.email)
    page = first.get("/personer/import").get_data(as_text=True)
    preview = first.post(
        "/personer/import",
        data={
            "csrf_token": csrf_from(page),
            "file": (io.BytesIO(export(["7;Ny;Nod;nod@example.org;BUF;medarbetare"])), "hr.csv"),
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    token = preview.split('name="token" value="')[1].split('"')[0]
    form = second.get("/personer/import").get_data(as_text=True)
    done = second.post("/personer/import/genomfor", data={"csrf_token": csrf_from(form), "token": token})
    assert done.status_code == 302 and done.headers["Location"] == "/personer"
    assert count(app, Person) == 2
    with other.app_context():
        db.engine.dispose()


def _preview_in_browser(client, data: bytes, deactivate: bool = False) -> str:
    import io

    page = client.get("/personer/import").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "file": (io.BytesIO(data), "hr.csv")}
    if deactivate:
        form["deactivate_missing"] = "y"
    return client.post("/personer/import", data=form, content_type="multipart/form-data").get_data(as_text=True)


def test_a_header_only_file_that_would_deactivate_everyone_is_refused(
    app: Flask, create_person, create_department, login_as
) -> None:
    create_department("BUF")
    run(app, export([f"{n};P;{n};p{n}@example.org;BUF;medarbetare" for n in range(1, 5)]))
    with pytest.raises(csv_import.ImportFileError, match="ofullständig export"):
        plan(app, HEADER.encode(), deactivate_missing=True)
    with pytest.raises(csv_import.ImportFileError, match="så 3 skulle inaktiveras"):
        plan(app, export(["1;P;1;p1@example.org;BUF;medarbetare"]), deactivate_missing=True)
    client = login_as(create_person(roles={"hr"}))
    assert "ofullständig export" in _preview_in_browser(client, HEADER.encode(), deactivate=True)


def test_deactivating_needs_a_confirmation_that_says_how_many(
    app: Flask, create_person, create_department, login_as
) -> None:
    create_department("BUF")
    rows = [f"{n};P;{n};p{n}@example.org;BUF;medarbetare" for n in range(1, 5)]
    run(app, export(rows))
    client = login_as(create_person(roles={"hr"}))
    preview = _preview_in_browser(client, export(rows[:3]), deactivate=True)
    assert "Ja, inaktivera 1 person<" in preview and "Importen inaktiverar 1 person som" in preview
    token = preview.split('name="token" value="')[1].split('"')[0]
    unconfirmed = client.post("/personer/import/genomfor", data={"csrf_token": csrf_from(preview), "token": token})
    assert "Kryssa i rutan" in unconfirmed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.employee_id == "4")).active
    data = {"csrf_token": csrf_from(preview), "token": token, "confirm_deactivate": "y"}
    assert client.post("/personer/import/genomfor", data=data).status_code == 302
    with app.app_context():
        assert not db.session.scalar(select(Person).where(Person.employee_id == "4")).active


def test_duplicate_header_columns_are_refused(app: Flask) -> None:
    with pytest.raises(csv_import.ImportFileError, match="'e-post' finns flera gånger"):
        plan(app, b"Namn;E-post;e-post\nA;a@example.org;b@example.org\n")


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("1;A\x00;A;a@example.org;;", "kontrolltecken"),
        ("1;A\x1b[31m;A;a@example.org;;", "kontrolltecken"),
        (f"1;{'Å' * 150};{'Ö' * 60};a@example.org;;", "namnet är längre än 200 tecken"),
        (f"{'9' * 41};A;A;a@example.org;;", "anställningsnumret är längre än 40 tecken"),
    ],
    ids=["NUL", "escape", "long name", "long employee id"],
)
def test_a_cell_the_database_would_refuse_is_a_problem_in_the_preview(app: Flask, row: str, words: str) -> None:
    result = plan(app, export([row]))
    assert not result.ok and words in result.problems[0].message.lower()


def test_a_long_new_department_name_is_a_problem_in_the_preview(app: Flask) -> None:
    result = plan(app, export([f"1;A;A;a@example.org;{'X' * 201};"]), create_departments=True)
    assert not result.ok and "förvaltningens namn" in result.problems[0].message.lower()


def test_an_upload_not_confirmed_in_time_is_refused_and_removed(app: Flask) -> None:
    from elearn.people import pending_imports

    kept = timedelta(hours=24)
    with app.app_context():
        old = pending_imports.keep(db.session, b"x", {}, utcnow() - timedelta(hours=25), kept)
        fresh = pending_imports.keep(db.session, b"y", {}, utcnow(), kept)  # removes the old one
        assert db.session.get(pending_imports.PendingImport, old) is None
        assert pending_imports.take(db.session, fresh, utcnow() + timedelta(hours=25), kept) is None
        assert pending_imports.take(db.session, fresh, utcnow(), kept).data == b"y"
