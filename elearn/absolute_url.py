"""Links that leave the site (e-mails, certificates) point at the public address, BASE_URL."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from flask import current_app, url_for

from .config import require_secret_key


def absolute_url(endpoint: str, **values: Any) -> str:
    """The route's path from url_for, on BASE_URL (the server may sit behind a proxy or run
    as a cron job, so the request's own host is not the address people use)."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def as_if_requested() -> AbstractContextManager[object]:
    """E-mails are built with url_for and the recipient's language, both of which need a
    request; a command has none, so it borrows one at the configured public address."""
    require_secret_key(current_app.config, "kommandot signerar länkar")
    from .organisation.live import refresh

    refresh(current_app)  # a command's mails carry the values saved in the UI, as pages do
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"])
