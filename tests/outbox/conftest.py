"""Mail servers for the outbox tests: a real one (aiosmtpd), one that accepts the connection and
never answers, and none at all."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.people.test_mail import _free_port, smtp  # noqa: F401  a real SMTP server in a thread

TIMEOUT = 0.5


@pytest.fixture
def mail_server(app: Flask) -> Iterator[callable]:
    """Point the app at a port (and a short timeout) for the test, then restore the settings."""
    keys = ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")
    saved = {k: app.config[k] for k in keys}

    def point_at(port: int) -> None:
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=TIMEOUT)

    yield point_at
    app.config.update(saved)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server that accepts connections and never says a word (a relay that hangs)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A port nobody listens on: the mail server is down."""
    return _free_port()
