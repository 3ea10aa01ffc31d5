"""Commands for whoever runs the server: `config check`, `db backup`, `imports prune`."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate.cli import db as db_cli
from sqlalchemy.engine import make_url

from . import config as settings
from .db import utcnow
from .extensions import db
from .people import pending_imports

config_cli = click.Group("config", help="Settings.")
imports_cli = AppGroup("imports", help="Uploaded imports waiting for confirmation (meant for cron).")


@config_cli.command("check")
def check_config() -> None:
    """Print the effective settings (secrets masked) and every problem; exit 1 if there is one.

    Needs no working app, so it explains settings the app refuses to start with."""
    values, env = settings.read(os.environ)
    for name, raw in sorted(env.seen.items()):
        default = env.defaults.get(name)
        shown = (
            settings.mask(name, raw) if raw not in (None, "") else f"{'-' if default is None else default} (standard)"
        )
        click.echo(f"{name:<32} {shown}")
    if values["ENV"] == "development":
        values.setdefault("COURSES_PATH", str(settings.PROJECT_ROOT / "courses"))
    problems = env.problems + settings.require(values, serving=True)
    courses = values.get("COURSES_PATH")
    if courses and not Path(str(courses)).is_dir():
        problems.append(f"COURSES_PATH={courses}: mappen finns inte")
    if not problems:
        click.echo("Inställningarna är giltiga.")
        return
    for problem in problems:
        click.echo(problem, err=True)
    raise SystemExit(1)


@db_cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_database(file: Path) -> None:
    """Copy the SQLite database to FILE while the app runs (PostgreSQL: use pg_dump)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "db backup kopierar bara SQLite; säkerhetskopiera PostgreSQL med pg_dump (se docs/deployment.md)."
        )
    if file.exists():
        raise click.ClickException(f"{file} finns redan; välj en ny fil.")
    # The online backup API copies a consistent snapshot even while others write.
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(file)
    try:
        with target:
            source.backup(target)
    finally:
        source.close()
        target.close()
    click.echo(f"Databasen är kopierad till {file}.")


@imports_cli.command("prune")
def prune_imports() -> None:
    """Delete uploaded imports not confirmed within IMPORT_PREVIEW_HOURS."""
    hours = current_app.config["IMPORT_PREVIEW_HOURS"]
    removed = pending_imports.prune(db.session, utcnow(), timedelta(hours=hours))
    db.session.commit()
    click.echo(f"{removed} importer som inte bekräftades inom {hours} timmar är borttagna.")
