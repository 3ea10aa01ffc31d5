"""Every worker serves the organisation's current values without a restart.

The saved values are a handful of rows, read at the start of each request; when they differ
from what this process last used, it fills the course variables again (the content cache
fingerprints courses by their variables, so only then is anything parsed) and swaps the
library. A change made in one gunicorn worker is so seen by every other on its next request."""

from __future__ import annotations

import threading

from flask import Flask, current_app, request

from ..course_library import load_library
from ..extensions import db
from .service import effective

_lock = threading.Lock()


def init_app(app: Flask) -> None:
    app.extensions["elearn.org_defaults"] = dict(app.config["ORG"])
    app.before_request(_refresh_for_request)


def defaults(app: Flask) -> dict[str, str]:
    return app.extensions["elearn.org_defaults"]


def refresh(app: Flask) -> None:
    values = effective(db.session, defaults(app))
    if values == app.config["ORG"]:
        return
    with _lock:
        app.config["ORG"] = values
        app.extensions["elearn.library"] = load_library(app)


# Static files use no course variable; the health check must answer even on a broken schema.
UNAFFECTED = frozenset({"static", "health.health"})


def _refresh_for_request() -> None:
    if request.endpoint not in UNAFFECTED:
        refresh(current_app._get_current_object())  # type: ignore[attr-defined]
