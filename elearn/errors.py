"""One error type for what users can meet, and the error pages: in the site's own layout, in the
user's language, never a bare 500.

An error page never needs what failed: the session is rolled back first, and after a database
error the page is drawn for an anonymous visitor, so it reads nothing from the database."""

from __future__ import annotations

from flask import Flask, Response, g, render_template
from flask_babel import LazyString
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from .db import is_unavailable
from .extensions import db, login_manager
from .json_errors import error_response, for_machines, from_http_exception

RETRY_AFTER_SECONDS = 30


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


def _forget_the_failure(error: Exception) -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()
    if isinstance(error, SQLAlchemyError):
        # Loading the signed-in person would ask the failing database again.
        g._login_user = login_manager.anonymous_user()


def _database_unavailable(error: Exception) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    return error.connection_invalidated or is_unavailable(error.orig)


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> tuple[str, int] | Response:
        app.logger.info("refused (%s): %s", error.status, error.log_message)
        if for_machines():
            return error_response(error.status, "refused", error.log_message)
        return render_template("errors/domain.html", error=error), error.status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | Response:
        if for_machines():
            return from_http_exception(error)
        code = error.code or 500
        template = f"errors/{code}.html" if code in (403, 404) else "errors/other.html"
        return render_template(template, error=error), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int, dict[str, str]] | tuple[str, int] | Response:
        _forget_the_failure(error)
        if _database_unavailable(error):
            app.logger.error("database unavailable: %s", error)
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
            return render_template("errors/unavailable.html"), 503, headers
        app.logger.exception("unhandled error")
        if for_machines():
            return from_http_exception(InternalServerError())
        return render_template("errors/500.html"), 500
