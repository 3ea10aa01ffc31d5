"""Command line, grouped by noun: `flask --app elearn courses check`, `demo load`, `people invite`."""

from __future__ import annotations

import math
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, ScriptInfo

from . import clock
from .absolute_url import as_if_requested
from .audit import service as audit
from .auth import invitations
from .auth.service import find_by_email
from .config import SettingError, require_secret_key
from .content import ContentCache
from .content.quiz_quality import quiz_warnings
from .course_library import course_variables, library
from .db import utcnow
from .demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo_data
from .extensions import db
from .learning import assignments, reminders
from .operations import config_cli, imports_cli
from .outbox.cli import deliver_from_command, mail_cli
from .people import csv_import
from .people.models import Person
from .privacy import disposal
from .scorm.package import build_package
from .spaced import sending

courses_cli = AppGroup("courses", help="Course files.")
demo_cli = AppGroup("demo", help="Demo data.")
people_cli = AppGroup("people", help="People and accounts.")
reminders_cli = AppGroup("reminders", help="Reminder e-mails (meant for cron).")
lessons_cli = AppGroup("lessons", help="Spaced lessons by e-mail (meant for cron).")


@courses_cli.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def check_courses(path: Path | None) -> None:
    """List every problem in the course files, or a summary of each course and any quiz warnings."""
    root = path or Path(current_app.config["COURSES_PATH"])
    library = ContentCache().load(root, course_variables(current_app))
    for problem in library.problems:
        click.echo(str(problem), err=True)
    if library.problems:
        click.echo(
            f"\n{len(library.problems)} problem hittades. Kurser med problem visas inte för deltagarna.", err=True
        )
        raise SystemExit(1)
    warnings = [warning for course in library.courses.values() for warning in quiz_warnings(course)]
    for warning in warnings:
        click.echo(f"{warning.path}:{warning.line}: varning: {warning.message}", err=True)
    for course in library.courses.values():
        reading = math.ceil(course.word_count / 200)
        click.echo(
            f"{course.id}: {len(course.modules)} moduler, {course.question_count} frågor, "
            f"{course.word_count} ord, lästid {reading} min, beräknad tid {course.minutes} min"
        )
    click.echo(f"Alla {len(library.courses)} kurser är utan fel.")
    if warnings:
        click.echo(f"{len(warnings)} varningar om frågorna: kurserna visas, men frågorna går att gissa.")


@courses_cli.command("export-scorm")
@click.argument("course_id")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_scorm(course_id: str, file: Path) -> None:
    """Write a course as a SCORM 1.2 package (zip) for another LMS."""
    course = library().course(course_id)
    if course is None:
        known = ", ".join(sorted(library().courses)) or "inga"
        raise click.ClickException(f"Ingen kurs med id '{course_id}'. Inlästa kurser: {known}.")
    file.write_bytes(build_package(course, current_app.config["ORG"]["name"]))
    click.echo(f"{file}: {course.title}, {len(course.modules)} moduler som SCORM 1.2-paket.")


@demo_cli.command("load")
def load_demo() -> None:
    """Create the demo organisation, but only in an empty database."""
    require_secret_key(current_app.config, "demodatans enkätsvar nycklas med den")
    created = load_demo_data()
    if created is None:
        click.echo("Databasen har redan data; inga demodata lades till.")
        return
    click.echo(f"Demodata skapad: {created} personer. Inloggningar (lösenord för alla: {DEMO_PASSWORD}):")
    for role, email in DEMO_LOGINS:
        click.echo(f"  {role:<28} {email}")


@people_cli.command("invite")
@click.argument("email", required=False)
@click.option("--all", "everyone", is_flag=True, help="Everyone active without an account who has not been invited.")
def invite(email: str | None, everyone: bool) -> None:
    """Send one-time invitation links to choose a password."""
    if everyone == bool(email):
        raise click.UsageError("Ange en e-postadress eller --all.")
    if email:
        person = find_by_email(db.session, email)
        if person is None:
            raise click.ClickException(f"Ingen person med e-postadressen {email}.")
        with as_if_requested():
            click.echo(invitations.invite(db.session, person, utcnow())[0])
    else:
        with as_if_requested():
            queued = invitations.invite_pending(db.session, utcnow(), limit=None)
        click.echo(f"{len(queued)} inbjudningar skickade.")
    if deliver_from_command().failed:
        raise SystemExit(1)


@people_cli.command("make-admin")
@click.argument("email")
@click.option("--name", help="The name, for a person not yet in elearn.")
def make_admin(email: str, name: str | None) -> None:
    """Give a person the admin role (creating them if needed) and send an invitation: the first
    admin of a new installation comes from here."""
    person = find_by_email(db.session, email)
    if person is None:
        if not name:
            raise click.UsageError(f"Ingen person med e-postadressen {email}; ange --name för att skapa en.")
        person = Person(name=name, email=email.strip().lower(), kind="employee")
        db.session.add(person)
    person.set_roles(person.roles | {"admin"})
    db.session.commit()
    click.echo(f"{person.email} är administratör.")
    if person.password_hash is None:
        with as_if_requested():
            click.echo(invitations.invite(db.session, person, utcnow())[0])
            db.session.commit()
            deliver_from_command()


@people_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_changes", is_flag=True, help="Carry out the changes; without it, only show them.")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=HEADER",
    help=f"Column for a field: {', '.join(csv_import.FIELDS)}.",
)
@click.option("--create-departments", is_flag=True, help="Create departments the file names but elearn lacks.")
@click.option(
    "--deactivate-missing", is_flag=True, help="Deactivate people with an employee id who are not in the file."
)
def import_people(
    file: Path, apply_changes: bool, mapping: tuple[str, ...], create_departments: bool, deactivate_missing: bool
) -> None:
    """Import people from an HR system's CSV export: a preview first, then --apply."""
    columns = dict(item.split("=", 1) for item in mapping if "=" in item)
    try:
        plan = csv_import.plan_import(db.session, file.read_bytes(), columns, create_departments, deactivate_missing)
    except csv_import.ImportFileError as error:
        raise click.ClickException(str(error)) from error
    for problem in plan.problems:
        click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
    click.echo(
        f"{plan.rows} rader: {len(plan.create)} nya, {len(plan.update)} ändrade, {plan.unchanged} oförändrade, "
        f"{len(plan.deactivate)} att inaktivera, {len(plan.new_departments)} nya förvaltningar, "
        f"{len(plan.problems)} fel."
    )
    if not plan.ok:
        raise click.ClickException("Rätta felen och försök igen. Inget har ändrats.")
    if not apply_changes:
        click.echo("Förhandsvisning: inget har ändrats. Kör igen med --apply för att genomföra.")
        return
    rules = assignments.Rules(library(), clock.today(), current_app.config["ASSIGNMENT_DUE_DAYS"])
    # Recorded with the import it describes (apply_import commits both): a run from the
    # command line leaves the same trace as one from the people page.
    audit.record(db.session, audit.IMPORT_APPLIED, detail=f"{plan.summary} (kommandorad: {file.name})")
    csv_import.apply_import(db.session, plan, rules)
    click.echo("Klart: ändringarna är genomförda.")


@people_cli.command("dispose")
@click.option("--apply", "apply_changes", is_flag=True, help="Remove them; without it, only count them.")
@click.option(
    "--years", type=click.IntRange(min=1), help="Years after deactivation (default: RECORDS_RETENTION_YEARS)."
)
def dispose_people(apply_changes: bool, years: int | None) -> None:
    """Remove people deactivated more than the retention period ago, with their records."""
    years = years or current_app.config.get("RECORDS_RETENTION_YEARS")
    if not years:
        raise click.ClickException("RECORDS_RETENTION_YEARS är inte satt och --years saknas: inget gallras.")
    now = utcnow()
    due = disposal.due_for_disposal(db.session, now, years)
    before = clock.local_date(disposal.cutoff(now, years)).isoformat()
    click.echo(f"{len(due)} personer inaktiverades före {before} ({years} år) och ska gallras.")
    if not apply_changes:
        click.echo("Förhandsvisning: inget har tagits bort. Kör igen med --apply för att gallra.")
        return
    removed = disposal.dispose(db.session, due)
    # The audit log's rows about the people removed went with them; older ones go by age.
    events = audit.dispose_before(db.session, disposal.cutoff(now, years))
    current_app.logger.info("disposal: %s people deactivated before %s removed", removed, before)
    current_app.logger.info("disposal: %s audit log events from before %s removed", events, before)
    click.echo(f"Klart: {removed} personer och deras uppgifter är borttagna.")


@reminders_cli.command("send")
def send_reminders() -> None:
    """Renew expired courses, then remind learners and coordinators (at most once per interval)."""
    now = utcnow()
    renewed = assignments.renew_expired_assignments(
        db.session, now, current_app.config["ASSIGNMENT_DUE_DAYS"], library()
    )
    with as_if_requested():
        run = reminders.send_reminders(db.session, library(), now)
    click.echo(
        f"{renewed} kurser förnyade, {run.learners} påminnelser till deltagare, {run.coordinators} till samordnare."
    )
    if deliver_from_command().failed:
        raise SystemExit(1)


@lessons_cli.command("send")
def send_lessons() -> None:
    """Send every lesson that has opened and every repetition due; safe to run again."""
    now = utcnow()
    with as_if_requested():
        planned = sending.plan_lessons(db.session, library(), clock.today(now), now)
    click.echo(f"{planned} nya utskick planerade.")
    if deliver_from_command().failed:
        raise SystemExit(1)


def register(app: Flask) -> None:
    for group in (courses_cli, demo_cli, people_cli, reminders_cli, lessons_cli, mail_cli, config_cli, imports_cli):
        app.cli.add_command(group)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


class _Commands(FlaskGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        """`elearn --help` with a broken setting: the one line naming it, then the commands that
        run without the app. (Flask spares only NoAppException its traceback here; a command
        run with a broken setting already says it in one line, as SettingError is a
        ClickException, and would become "No such command" as a NoAppException.)"""
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except SettingError as error:
            click.secho(f"Error: {error.format_message()}\n", err=True, fg="red")
            return sorted(self.commands)
        return super().list_commands(ctx)


# The `elearn` console script: the same commands as `flask --app elearn`; `config check` runs
# even when the settings are too broken for the app to start.
main = _Commands(create_app=_create_app, help="elearn: kurser, personer, utskick och drift.")
main.add_command(config_cli)
