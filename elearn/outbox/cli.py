"""`flask --app elearn mail send`, and the delivery step every mail-sending command ends with."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..db import utcnow
from ..extensions import db
from .delivery import DeliveryRun, deliver
from .transport import MailServerDown

mail_cli = AppGroup("mail", help="The outbox (meant for cron).")


def deliver_from_command() -> DeliveryRun:
    """Deliver the outbox and say what happened in one line. A server that is down, or a
    refused or deferred mail, ends the command with exit status 1 and one line, no traceback."""
    try:
        run = deliver(db.session, utcnow())
    except MailServerDown as error:
        raise click.ClickException(
            f"e-postservern tar inte emot e-post ({error}); det som inte skickades ligger kvar och skickas "
            "nästa gång ett utskick körs."
        ) from error
    click.echo(f"{run.sent} e-post skickade, {run.refused} avvisade, {run.deferred} skjutna till nästa körning.")
    if run.failed:
        click.echo(
            "Avvisade adresser visas under Kampanjer; rätta adressen så skickas e-posten igen. "
            "Det som sköts upp försöks igen nästa körning.",
            err=True,
        )
    return run


@mail_cli.command("send")
def send_mail() -> None:
    """Send everything waiting in the outbox; run it every few minutes."""
    if deliver_from_command().failed:
        raise SystemExit(1)
