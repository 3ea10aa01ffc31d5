"""A live server in a thread and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is required for the browser tests in CI (.ci/run installs it).")
        pytest.skip("chromium is not installed: apt-get install chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 375, "height": 800}, locale="sv-SE"
    )  # a phone
    page = context.new_page()
    # Chromium reports every Content-Security-Policy violation on the console: any one is a bug
    # (an inline script or style, or a resource from elsewhere) on the page that caused it.
    violations: list[str] = []
    page.on("console", lambda message: _note_violation(message, page, violations))
    yield page
    context.close()
    assert not violations, "\n".join(violations)


def _note_violation(message: object, page: object, violations: list[str]) -> None:
    if "Content Security Policy" in message.text:
        violations.append(f"{page.url}: {message.text}")
