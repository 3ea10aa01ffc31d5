"""Binds the course engine to the app: load once at start-up, serve from memory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, current_app

from .content import ContentCache, Library

_cache = ContentCache()


def course_variables(app: Flask, org: Mapping[str, str] | None = None) -> dict[str, str]:
    return {f"org.{key}": value for key, value in (app.config["ORG"] if org is None else org).items()}


def load_library(app: Flask, path: Path | None = None, org: Mapping[str, str] | None = None) -> Library:
    """The courses with the organisation's values, or with `org` instead (to try new ones)."""
    return _cache.load(path or Path(app.config["COURSES_PATH"]), course_variables(app, org))


def init_app(app: Flask) -> None:
    library = load_library(app)
    for problem in library.problems:
        # A broken course is left out; the others keep being served.
        app.logger.error("course problem, course left out: %s", problem)
    app.extensions["elearn.library"] = library


def library() -> Library:
    return current_app.extensions["elearn.library"]
