"""`flask --app elearn surveys remind`, meant for a daily cron job."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import utcnow
from ..extensions import db
from .reminders import send_all_reminders
from .service import freeze_closed_rounds


@click.command("remind")
@with_appcontext
def remind_command() -> None:
    """Remind everyone who has not answered an open round (at most once a day each)."""
    now = utcnow()
    freeze_closed_rounds(db.session, now.date())
    # The e-mails are written in each recipient's language, which needs a request context.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        sent = send_all_reminders(db.session, now, current_app.config["BASE_URL"])
    click.echo(f"{sent} påminnelser om enkäter skickade.")
