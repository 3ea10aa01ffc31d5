"""Junk is refused at the edge, before any view or the database sees it.

Control characters (NUL above all: PostgreSQL refuses it in text and answers with an error) have
no place in a path, a query argument, a form field or a JSON body, so one check before every
request answers 400. Integers in URLs are bounded to what an `integer` column holds, in the route
converter every `<int:...>` uses and in `bounded_int` for query arguments, so a huge number is a
404, not a 500.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map

from .json_errors import for_machines

# The largest value of PostgreSQL's `integer`, the type of every id column.
MAX_ID = 2**31 - 1
# Line breaks and tabs are text in a textarea; every other control character is not.
_TEXT_WHITESPACE = {"\t", "\n", "\r"}


def has_control_characters(value: str, allow_whitespace: bool = False) -> bool:
    return any(
        unicodedata.category(char) == "Cc" and not (allow_whitespace and char in _TEXT_WHITESPACE) for char in value
    )


def bounded_int(value: str) -> int:
    """For `request.args.get(..., type=bounded_int)`: plain ASCII digits from 0 to MAX_ID, else
    ValueError (so the argument's default is used). int() alone takes "٣" and any size."""
    if not (value.isascii() and value.isdigit()) or len(value) > 10 or int(value) > MAX_ID:
        raise ValueError(value)
    return int(value)


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` in every route: ASCII digits up to MAX_ID, so no id overflows an integer column."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID) -> None:
        super().__init__(map, fixed_digits, min, max)


def _json_has_control_characters(body: Any) -> bool:
    """Every key and string value, however deeply nested (walked with a list, not recursion, so
    a body nested a thousand deep is no 500); line breaks and tabs in values, as in forms."""
    pending = [body]
    while pending:
        value = pending.pop()
        if isinstance(value, str) and has_control_characters(value, allow_whitespace=True):
            return True
        if isinstance(value, dict):
            if any(has_control_characters(key) for key in value):
                return True
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _refuse_control_characters() -> None:
    if has_control_characters(request.path) or any(
        has_control_characters(key) or has_control_characters(value) for key, value in request.args.items(multi=True)
    ):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH"):
        if any(
            has_control_characters(key) or has_control_characters(value, allow_whitespace=True)
            for key, value in request.form.items(multi=True)
        ):
            abort(400)
        if any(has_control_characters(file.filename or "") for file in request.files.values()):
            abort(400)
        # SCIM reads its body as JSON whatever the content type says, so machine paths are read so too.
        if request.is_json or for_machines():
            try:
                body = request.get_json(force=True, silent=True)
            except RecursionError:
                abort(400, "The body is nested too deeply.")
            if _json_has_control_characters(body):
                abort(400, "Control characters are not allowed in the body.")


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_refuse_control_characters)
