"""The audit log for admins: the latest events on a page, all of them as a CSV file."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..access import requires
from ..extensions import db
from ..people.models import Person
from ..spreadsheets import table_download
from . import service
from .models import AuditEvent

blueprint = Blueprint("audit", __name__, url_prefix="/admin")

ACTION_NAMES = {
    service.LOGIN: _l("Inloggning"),
    service.API_CALL: _l("Anrop till API:t"),
    service.LOGIN_FAILED: _l("Misslyckad inloggning"),
    service.LOCKOUT: _l("Inloggning spärrad"),
    service.REGISTER_EXTRACT: _l("Registerutdrag hämtat"),
    service.INVITATION_LINKS: _l("Inbjudningslänkar hämtade"),
    service.PERSON_CREATED: _l("Person tillagd"),
    service.PERSON_CHANGED: _l("Personuppgifter ändrade"),
    service.IMPORT_APPLIED: _l("Import genomförd"),
    service.LOG_EXPORTED: _l("Loggen exporterad"),
}


def _names(events: list[AuditEvent]) -> dict[int, str]:
    ids = {i for e in events for i in (e.actor_id, e.subject_id) if i is not None}
    if not ids:
        return {}
    return {row.id: row.name for row in db.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))}


@blueprint.get("/logg")
@requires("audit.read")
def audit_log() -> str:
    events = list(service.latest(db.session))
    return render_template("audit/log.html", events=events, names=_names(events), action_names=ACTION_NAMES)


@blueprint.get("/logg.<any(csv, xlsx):fmt>")
@requires("audit.read")
def audit_export(fmt: str) -> Response:
    events = list(service.everything(db.session))
    names = _names(events)
    rows = [
        [
            event.at.isoformat(timespec="seconds"),
            str(ACTION_NAMES.get(event.action, event.action)),
            names.get(event.actor_id, "") if event.actor_id else "",
            names.get(event.subject_id, "") if event.subject_id else "",
            event.detail,
        ]
        for event in events
    ]
    service.record(db.session, service.LOG_EXPORTED, detail=f"{len(rows)} rader")
    db.session.commit()
    headers = [
        str(_l("Tid (UTC)")),
        str(_l("Händelse")),
        str(_l("Vem")),
        str(_l("Vems uppgifter")),
        str(_l("Detaljer")),
    ]
    return table_download((headers, rows), "granskningslogg", fmt)
