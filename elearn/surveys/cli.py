"""`flask --app elearn surveys remind`, meant for a daily cron job."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import clock
from ..absolute_url import as_if_requested
from ..db import utcnow
from ..extensions import db
from ..outbox.cli import deliver_from_command
from .reminders import send_all_reminders
from .service import freeze_closed_rounds


@click.command("remind")
@with_appcontext
def remind_command() -> None:
    """Remind everyone who has not answered an open round (at most once a day each)."""
    now = utcnow()
    freeze_closed_rounds(db.session, clock.today(now))
    with as_if_requested():
        sent = send_all_reminders(db.session, now)
    click.echo(f"{sent} påminnelse om enkäter skickad." if sent == 1 else f"{sent} påminnelser om enkäter skickade.")
    if deliver_from_command().failed:
        raise SystemExit(1)
