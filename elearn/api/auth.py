"""The guard of every token-authenticated route: a bearer token with the scope, within the
rate limit, and the call recorded whatever its outcome."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, g, request
from flask_limiter import Limiter

from ..db import utcnow
from ..extensions import db
from ..json_errors import ApiError
from .audit import record_call
from .models import ApiToken
from .tokens import find_usable, mark_used

F = TypeVar("F", bound=Callable[..., Any])


def _bearer() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def _rate_key() -> str:
    """Per token (a hash of it, never the secret), or per address for calls without one."""
    secret = _bearer()
    return "token:" + hashlib.sha256(secret.encode()).hexdigest() if secret else "addr:" + (request.remote_addr or "")


# Counts live in memory unless RATELIMIT_STORAGE_URI names shared storage (e.g. redis://);
# with several gunicorn workers, each then keeps its own count.
limiter = Limiter(_rate_key, headers_enabled=True)


def rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def token_required(scope: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            g.api_token = authenticate(scope)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def authenticate(scope: str) -> ApiToken:
    secret = _bearer()
    token = find_usable(db.session, secret, utcnow()) if secret else None
    if token is None:
        raise ApiError(401, "invalid_token", "A valid bearer token is required (Authorization: Bearer ...).")
    if scope not in token.scope_set:
        raise ApiError(403, "insufficient_scope", f"This token lacks the scope {scope}.")
    mark_used(db.session, token, utcnow())
    return token


def guard(blueprint: Blueprint) -> None:
    """Rate-limit every route of `blueprint`, and record each call as it is answered, also
    calls under its prefix that match no route (those belong to no blueprint)."""
    limiter.limit(rate_limit, key_func=_rate_key)(blueprint)
    blueprint.record_once(lambda state: limiter.init_app(state.app))
    blueprint.record_once(lambda state: state.app.after_request(_record_unrouted(state.url_prefix or "")))

    @blueprint.after_request
    def record(response: Response) -> Response:
        token: ApiToken | None = g.get("api_token")
        _record(token, response)
        return response


def _record_unrouted(prefix: str) -> Callable[[Response], Response]:
    def record(response: Response) -> Response:
        if request.blueprint is None and (request.path + "/").startswith(prefix + "/"):
            secret = _bearer()
            _record(find_usable(db.session, secret, utcnow()) if secret else None, response)
        return response

    return record


def _record(token: ApiToken | None, response: Response) -> None:
    record_call(
        token.id if token else None,
        token.name if token else None,
        request.method,
        request.full_path.rstrip("?"),
        response.status_code,
        request.remote_addr or "",
    )
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="elearn"'
