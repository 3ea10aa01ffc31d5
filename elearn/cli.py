"""Command line, grouped by noun: `flask --app elearn courses check`, `demo load`, `people invite`."""

from __future__ import annotations

import math
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .content import ContentCache
from .courses import course_variables
from .demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo_data

courses_cli = AppGroup("courses", help="Course files.")
demo_cli = AppGroup("demo", help="Demo data.")
people_cli = AppGroup("people", help="People and accounts.")


@courses_cli.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def check_courses(path: Path | None) -> None:
    """List every problem in the course files, or a summary of each course."""
    root = path or Path(current_app.config["COURSES_PATH"])
    library = ContentCache().load(root, course_variables(current_app))
    for problem in library.problems:
        click.echo(str(problem), err=True)
    if library.problems:
        click.echo(
            f"\n{len(library.problems)} problem hittades. Kurser med problem visas inte för deltagarna.", err=True
        )
        raise SystemExit(1)
    for course in library.courses.values():
        reading = math.ceil(course.word_count / 200)
        click.echo(
            f"{course.id}: {len(course.modules)} moduler, {course.question_count} frågor, "
            f"{course.word_count} ord, lästid {reading} min, beräknad tid {course.minutes} min"
        )
    click.echo(f"Alla {len(library.courses)} kurser är utan fel.")


@demo_cli.command("load")
def load_demo() -> None:
    """Create the demo organisation, but only in an empty database."""
    created = load_demo_data()
    if created is None:
        click.echo("Databasen har redan data; inga demodata lades till.")
        return
    click.echo(f"Demodata skapad: {created} personer. Inloggningar (lösenord för alla: {DEMO_PASSWORD}):")
    for role, email in DEMO_LOGINS:
        click.echo(f"  {role:<28} {email}")


@people_cli.command("invite")
@click.argument("email")
def invite(email: str) -> None:
    """Send (and print) a one-time invitation link to set a password."""
    from .auth.service import find_by_email, send_invitation
    from .extensions import db

    person = find_by_email(db.session, email)
    if person is None:
        raise click.ClickException(f"Ingen person med e-postadressen {email}.")
    click.echo(send_invitation(person))


def register(app: Flask) -> None:
    for group in (courses_cli, demo_cli, people_cli):
        app.cli.add_command(group)
