"""What the people who run the server meet: settings refused in one line, `config check`,
`/halsa`, `db backup` and uploaded imports nobody confirmed cleared away."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select

from elearn.cli import main
from elearn.db import utcnow
from elearn.extensions import db
from elearn.people.models import Person
from elearn.people.pending_imports import PendingImport
from tests.conftest import FIXTURE_COURSES, make_app

PRODUCTION = {"ELEARN_ENV": "production", "COURSES_PATH": str(FIXTURE_COURSES), "SECRET_KEY": None}


def elearn(*args: str, **environ: str | None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=environ)
    return result.exit_code, result.output


def test_courses_check_needs_no_secret_key(database_url: str) -> None:
    code, output = elearn("courses", "check", **PRODUCTION, DATABASE_URL=database_url)
    assert code == 0 and "Alla 3 kurser är utan fel." in output


def test_a_command_that_signs_links_asks_for_the_secret_key_in_one_line(app: Flask, database_url: str) -> None:
    code, output = elearn("lessons", "send", **PRODUCTION, DATABASE_URL=database_url)
    assert code == 1
    assert output.strip().splitlines() == [
        "Error: SECRET_KEY saknas: kommandot signerar länkar och behöver samma nyckel som appen"
    ]


def test_demo_load_asks_for_the_secret_key_before_writing_anything(app: Flask, database_url: str) -> None:
    code, output = elearn("demo", "load", **PRODUCTION, DATABASE_URL=database_url)
    assert code == 1
    assert output.strip().splitlines() == [
        "Error: SECRET_KEY saknas: demodatans enkätsvar nycklas med den och behöver samma nyckel som appen"
    ]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_a_malformed_setting_is_named_with_what_it_must_be(database_url: str) -> None:
    code, output = elearn("courses", "check", **PRODUCTION, DATABASE_URL=database_url, LOGIN_MAX_FAILURES="abc")
    assert code == 1
    assert output.strip().splitlines() == ["Error: LOGIN_MAX_FAILURES=abc: ska vara ett heltal, minst 1"]


def test_help_names_a_malformed_setting_in_one_line_and_lists_config_check() -> None:
    code, output = elearn("--help", **PRODUCTION, LOGIN_MAX_FAILURES="abc")
    assert code == 0 and "Traceback" not in output
    assert output.splitlines()[0] == "Error: LOGIN_MAX_FAILURES=abc: ska vara ett heltal, minst 1"
    assert ["config", "Settings."] in [line.split() for line in output.splitlines()]


def test_the_course_folder_is_required_outside_development(database_url: str) -> None:
    code, output = elearn("courses", "check", **{**PRODUCTION, "COURSES_PATH": None}, DATABASE_URL=database_url)
    assert code == 1 and output.startswith("Error: COURSES_PATH saknas")


def test_config_check_shows_the_settings_with_secrets_masked_and_every_problem() -> None:
    code, output = elearn(
        "config",
        "check",
        **PRODUCTION,
        MAIL_PASSWORD="mycket-hemligt",
        MAIL_PORT="0",
        SESSION_COOKIE_SECURE="kanske",
    )
    assert code == 1
    assert "mycket-hemligt" not in output
    lines = output.splitlines()
    assert "MAIL_PASSWORD                    ********" in lines
    assert "INVITATION_DAYS                  14 (standard)" in lines
    assert "MAIL_PORT=0: ska vara ett heltal, minst 1" in lines
    assert "SESSION_COOKIE_SECURE=kanske: ska vara true eller false" in lines
    assert any(line.startswith("SECRET_KEY saknas") for line in lines)


def test_config_check_passes_a_complete_production_setup() -> None:
    code, output = elearn("config", "check", **{**PRODUCTION, "SECRET_KEY": "x" * 64})
    assert code == 0 and output.endswith("Inställningarna är giltiga.\n")


def test_health_reports_database_courses_and_migrations(client) -> None:
    response = client.get("/halsa")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "migrations": "ok", "courses": 3}


def test_health_fails_while_migrations_are_behind(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('ac5c1f7a9db8')")
    response = make_app(f"sqlite:///{database}").test_client().get("/halsa")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "not current"


def test_health_fails_when_the_database_is_unreachable() -> None:
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    response = make_app(unreachable).test_client().get("/halsa")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_db_backup_copies_a_sqlite_database(app: Flask, create_person, tmp_path: Path) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "kopia.sqlite")])
        assert result.exit_code == 1 and "pg_dump" in result.output
        return
    create_person(email="kvar@example.org")
    copy = tmp_path / "kopia.sqlite"
    result = app.test_cli_runner().invoke(args=["db", "backup", str(copy)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT email FROM person").fetchall() == [("kvar@example.org",)]
    again = app.test_cli_runner().invoke(args=["db", "backup", str(copy)])
    assert again.exit_code == 1 and "finns redan" in again.output


def test_imports_prune_deletes_uploads_nobody_confirmed_in_time(app: Flask) -> None:
    hours = app.config["IMPORT_PREVIEW_HOURS"]
    with app.app_context():
        db.session.add_all(
            [
                PendingImport(
                    token="gammal",
                    data=b"hela HR-exporten",
                    options={},
                    created_at=utcnow() - timedelta(hours=hours, minutes=1),
                ),
                PendingImport(
                    token="farsk", data=b"nyss uppladdad", options={}, created_at=utcnow() - timedelta(hours=hours - 1)
                ),
            ]
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["imports", "prune"])
    assert result.exit_code == 0
    assert result.output == f"1 importer som inte bekräftades inom {hours} timmar är borttagna.\n"
    with app.app_context():
        assert db.session.scalars(select(PendingImport.token)).all() == ["farsk"]


def test_log_lines_are_json_on_stdout(database_url: str, capsys) -> None:
    app = make_app(database_url)
    app.logger.info("something happened: %s", "here")
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "info",
        "logger": "elearn",
        "message": "something happened: here",
    }


def test_log_level_warning_leaves_out_info_lines(database_url: str, capsys) -> None:
    logger = logging.getLogger("elearn")  # one logger for every app in the process
    level = logger.level
    try:
        app = make_app(database_url, LOG_LEVEL="WARNING")
        app.logger.info("a login")
        app.logger.warning("a lockout")
    finally:
        logger.setLevel(level)  # for the tests after this one
    lines = [json.loads(line)["message"] for line in capsys.readouterr().out.strip().splitlines()]
    assert "a lockout" in lines and "a login" not in lines


def test_the_first_admin_is_created_with_an_invitation(app: Flask, outbox) -> None:
    from elearn.auth.service import find_by_email
    from elearn.extensions import db

    runner = app.test_cli_runner()
    refused = runner.invoke(args=["people", "make-admin", "it@example.se"])
    assert refused.exit_code == 2 and "--name" in refused.output
    result = runner.invoke(args=["people", "make-admin", "IT@example.se", "--name", "IT-support"])
    assert result.exit_code == 0, result.output
    assert "it@example.se är administratör." in result.output and "/inbjudan/" in result.output
    with app.app_context():
        assert find_by_email(db.session, "it@example.se").roles == {"learner", "admin"}
    assert [message["To"] for message in outbox] == ["it@example.se"]


def test_paths_and_addresses_are_checked_before_anything_uses_them() -> None:
    code, output = elearn(
        "config",
        "check",
        **{**PRODUCTION, "SECRET_KEY": "x" * 64, "COURSES_PATH": "courses"},
        DATABASE_URL="mysql://elearn@db/elearn",
        BASE_URL="elearn.example.se",
    )
    assert code == 1
    assert "COURSES_PATH=courses: ska vara en absolut sökväg, till exempel /var/lib/elearn" in output
    assert "DATABASE_URL=mysql://elearn@db/elearn: ska vara en adress som börjar med sqlite: eller postgresql" in output
    assert "BASE_URL=elearn.example.se: ska vara en adress som börjar med https:// eller http://" in output
    code, output = elearn("config", "check", **{**PRODUCTION, "SECRET_KEY": "x" * 64, "COURSES_PATH": "/finns/inte"})
    assert code == 1 and "COURSES_PATH=/finns/inte: mappen finns inte" in output


def test_cookies_are_secure_by_default_behind_https() -> None:
    from elearn.config import from_environment

    assert from_environment({"BASE_URL": "https://elearn.example.se"})["SESSION_COOKIE_SECURE"] is True
    assert from_environment({"BASE_URL": "http://127.0.0.1:5000"})["SESSION_COOKIE_SECURE"] is False
    explicit = {"BASE_URL": "https://elearn.example.se", "SESSION_COOKIE_SECURE": "false"}
    assert from_environment(explicit)["SESSION_COOKIE_SECURE"] is False
