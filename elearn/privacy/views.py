"""Dina personuppgifter: what is stored and why, and register extracts for the person and for HR."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..access import requires
from ..audit import service as audit
from ..auth import identity
from ..course_library import library
from ..extensions import db
from ..people.models import Person
from ..spreadsheets import attachment, workbook
from .register_extract import register_extract

blueprint = Blueprint("privacy", __name__)


@blueprint.get("/mina-uppgifter")
@login_required
def my_data() -> str:
    return render_template("privacy/my_data.html")


@blueprint.get("/mina-uppgifter/registerutdrag.xlsx")
@login_required
def my_register_extract() -> Response:
    me = identity.person(db.session, current_user._get_current_object())
    sheets = register_extract(db.session, me, library(), own=True)
    current_app.logger.info("register extract: person %s downloaded their own", current_user.id)
    audit.record(db.session, audit.REGISTER_EXTRACT, current_user.id, detail="eget")
    db.session.commit()
    return attachment(workbook(sheets), "registerutdrag.xlsx")


@blueprint.get("/personer/<int:person_id>/registerutdrag.xlsx")
@requires("people.manage")
def register_extract_for(person_id: int) -> Response:
    person = db.get_or_404(Person, person_id)
    sheets = register_extract(db.session, person, library(), own=False)
    # Who read whose personal data is itself worth a trace (DIGG's logging framework).
    current_app.logger.info("register extract: person %s downloaded that of person %s", current_user.id, person.id)
    audit.record(db.session, audit.REGISTER_EXTRACT, person.id)
    db.session.commit()
    return attachment(workbook(sheets), f"registerutdrag-{person.id}.xlsx")
