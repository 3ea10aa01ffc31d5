"""Work a page hands over to run after its response has gone to the browser, so the page
answers as fast with the mail server slow or down, and the same for every address."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, after_this_request, current_app

from ..absolute_url import as_if_requested
from ..db import utcnow
from ..extensions import db
from .delivery import deliver
from .transport import MailServerDown


def after_response(work: Callable[[], None]) -> None:
    """Run `work` when the response is closed (the server has sent it), in a fresh app context
    with a request borrowed at BASE_URL, as commands have. It may fail: it only logs."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def schedule(response: Response) -> Response:
        response.call_on_close(lambda: _run(app, work))
        return response


def deliver_soon(mail_ids: list[int]) -> None:
    """Deliver these queued mails after the response; if the server is down, `flask mail send`
    (or the next cron job) sends them later."""
    after_response(lambda: deliver(db.session, utcnow(), only=mail_ids))


def deliver_queued_soon() -> None:
    """Deliver every queued mail after the response: for pages that queue mail to many (HR's
    reminders and bulk invitations) through services that do not hand back the rows."""
    after_response(lambda: deliver(db.session, utcnow()))


def _run(app: Flask, work: Callable[[], None]) -> None:
    with app.app_context(), as_if_requested():
        try:
            work()
        except MailServerDown as error:
            app.logger.warning("mail server unavailable, queued mail waits for the next run: %s", error)
        except Exception:
            app.logger.exception("work after the response failed")
        finally:
            db.session.remove()
