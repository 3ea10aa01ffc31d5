"""One error type for what users can meet, and the error pages: in the site's own layout, in the
user's language, never a bare 500."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import LazyString
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A mistake a user can make, or a state they can meet: a translatable message for the page,
    an English message for the log, and the HTTP status the page is sent with.

    Views that can show the message beside a form catch it; any other reaches the app-level
    handler, which renders `str(error)` (the page message, in the reader's language)."""

    status = 400

    def __init__(self, message: str | LazyString, log_message: str = "", status: int | None = None) -> None:
        super().__init__(log_message or str(message))
        self.message = message
        self.log_message = log_message or type(self).__name__
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> tuple[str, int]:
        app.logger.info("refused (%s): %s", error.status, error.log_message)
        return render_template("errors/domain.html", error=error), error.status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        template = f"errors/{code}.html" if code in (403, 404) else "errors/other.html"
        return render_template(template, error=error), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error")
        return render_template("errors/500.html"), 500
