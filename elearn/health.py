"""`/halsa` for a load balancer: the database answers, courses are loaded, migrations are current."""

from __future__ import annotations

from functools import cache

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from .course_library import library
from .extensions import db

blueprint = Blueprint("health", __name__)


@cache
def _migration_heads(directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(directory).get_heads())


@blueprint.get("/halsa")
def health() -> tuple[Response, int]:
    checks: dict[str, object] = {"courses": len(library().courses)}
    try:
        applied = frozenset(db.session.scalars(text("SELECT version_num FROM alembic_version")))
        checks["database"] = "ok"
        heads = _migration_heads(current_app.extensions["migrate"].directory)
        checks["migrations"] = "ok" if applied == heads else "not current"
    except SQLAlchemyError:
        db.session.rollback()
        checks["database"] = checks["migrations"] = "unreachable"
    healthy = checks["database"] == "ok" and checks["migrations"] == "ok" and checks["courses"] > 0
    # The page is read by machines and says nothing a visitor could not learn from the login page.
    return jsonify(status="ok" if healthy else "fail", **checks), 200 if healthy else 503
