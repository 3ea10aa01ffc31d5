"""Cursor pagination: a page is "the next `limit` rows after this id", so a client paging
through people while others are added never sees a row twice or skips one. The cursor is the
last id of the page before; clients are asked to treat it as opaque."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..json_errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
STATUS_PAGE_MAX = 50  # each person on a status page costs a status read
MAX_ID = 2**31 - 1  # the database's integer; larger numbers can only be junk
CURSOR_DIGITS = 10  # enough for any id, and described so in the OpenAPI document


@dataclass(frozen=True)
class PageRequest:
    after: int
    limit: int


def page_request(max_limit: int = MAX_LIMIT) -> PageRequest:
    limit = _limit(request.args.get("limit"), max_limit)
    return PageRequest(after=_decode(request.args.get("cursor")), limit=limit)


def page(
    session: Session, query: Select, id_column: InstrumentedAttribute, wanted: PageRequest
) -> tuple[list[Any], str | None]:
    """One page of `query` (ordered by `id_column`) and the cursor of the next, or None at the end."""
    rows = session.scalars(query.where(id_column > wanted.after).order_by(id_column).limit(wanted.limit + 1)).all()
    more = len(rows) > wanted.limit
    rows = list(rows[: wanted.limit])
    return rows, encode(rows[-1].id) if more else None


def encode(after: int) -> str:
    return str(after)


def _decode(cursor: str | None) -> int:
    """Clients pass next_cursor back unchanged; it is the last id they have seen."""
    if cursor is None:
        return 0
    if not (cursor.isascii() and cursor.isdigit() and len(cursor) <= CURSOR_DIGITS):
        raise ApiError(400, "invalid_cursor", "The cursor is not one this API gave out.")
    return min(int(cursor), MAX_ID)


def _limit(value: str | None, max_limit: int) -> int:
    if value is None:
        return min(DEFAULT_LIMIT, max_limit)
    if not (value.isascii() and value.isdigit() and len(value) < 6 and 1 <= int(value) <= max_limit):
        raise ApiError(400, "invalid_parameter", f"limit must be a whole number from 1 to {max_limit}.")
    return int(value)
