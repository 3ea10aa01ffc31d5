from __future__ import annotations

from flask import Blueprint, render_template

from ..auth.login import role_required
from ..courses import library
from ..db import utcnow
from ..extensions import db
from . import service

blueprint = Blueprint("reports", __name__, url_prefix="/rapporter")


@blueprint.get("/")
@role_required("hr", "admin")
def overview() -> str:
    rows = service.completion_by_department(db.session, utcnow())
    return render_template("reports/overview.html", rows=rows, courses=library().courses)
