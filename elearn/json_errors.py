"""One JSON shape for every failure a machine client can meet, under /api/ and /scim/.

Outside every capability, so the app-level error handler can use it without reaching up.

`{"error": {"status": 404, "code": "not_found", "message": "..."}}`: `code` is stable and meant
for programs, `message` is English and meant for the people who write them. SCIM has its own
error shape (RFC 7644 §3.12), made in `scim/`."""

from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

MACHINE_PREFIXES = ("/api/", "/scim/")
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}


class ApiError(HTTPException):
    """A failure with its own stable code, e.g. 400 `invalid_cursor`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.code = status
        self.error_code = code


def for_machines() -> bool:
    return request.path.startswith(MACHINE_PREFIXES)


def error_response(status: int, code: str, message: str) -> Response:
    response = jsonify(error={"status": status, "code": code, "message": message})
    response.status_code = status
    return response


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code = getattr(error, "error_code", None) or CODES.get(status, "error")
    response = error_response(status, code, error.description or code)
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value  # Allow on a 405, Retry-After on a 429
    return response
