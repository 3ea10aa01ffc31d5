"""Error pages in the site's own layout, in the user's language, never a bare 500."""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .api.errors import for_machines, from_http_exception


def register(app: Flask) -> None:
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
    def unexpected_error(error: Exception) -> tuple[str, int] | Response:
        app.logger.exception("unhandled error")
        if for_machines():
            return from_http_exception(InternalServerError())
        return render_template("errors/500.html"), 500
