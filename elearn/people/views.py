"""People and departments for HR and admins: list, search, edit, deactivate, import, invite."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from .. import clock
from ..access import requires
from ..audit import service as audit
from ..auth import invitations
from ..confirm import confirmation_page, confirmed
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..input_guard import bounded_int
from ..learning import assignments, reminders
from ..learning.models import Assignment
from ..outbox.after_response import deliver_queued_soon, deliver_soon
from ..spreadsheets import attachment
from . import csv_import, pending_imports, service
from .forms import AssignmentForm, BulkForm, ConfirmImportForm, DepartmentForm, ImportForm, PersonForm
from .models import Department, Person

blueprint = Blueprint("people", __name__)


def _preview_kept() -> timedelta:
    return timedelta(hours=current_app.config["IMPORT_PREVIEW_HOURS"])


def _rules() -> assignments.Rules:
    return assignments.Rules(library(), clock.today(), current_app.config["ASSIGNMENT_DUE_DAYS"])


def _course_choices() -> list[SelectChoice]:
    return [SelectChoice(c.id, c.title) for c in library().courses.values()]


def _department_choices(form: PersonForm) -> None:
    form.department_id.choices = [SelectChoice("0", _("Ingen förvaltning"))] + [
        SelectChoice(str(d.id), d.name) for d in service.departments(db.session, active_only=True)
    ]


@blueprint.get("/personer")
@requires("people.manage")
def people() -> str:
    args = request.args
    active = {"ja": True, "nej": False, "alla": None}.get(args.get("aktiv", "ja"), True)
    course_id = args.get("kurs") if args.get("kurs") in library().courses else None
    page = service.find_people(
        db.session,
        text=args.get("q", "")[:100],
        department_id=args.get("forvaltning", type=bounded_int),
        kind=args.get("typ") or None,
        role=args.get("roll") or None,
        active=active,
        page=args.get("sida", 1, type=bounded_int),
        sort=args.get("sortera", "namn"),
        descending=args.get("ordning") == "fallande",
        within=select(Assignment.person_id).where(Assignment.course_id == course_id) if course_id else None,
    )
    bulk = BulkForm(prefix="urval")
    bulk.course_id.choices = _course_choices()
    return render_template(
        "people/list.html",
        page=page,
        departments=service.departments(db.session),
        args=args,
        pending=invitations.pending_count(db.session),
        courses=library().courses,
        bulk=bulk,
        sort=args.get("sortera", "namn"),
        descending=args.get("ordning") == "fallande",
    )


@blueprint.post("/personer/urval")
@requires("people.manage")
def bulk_action() -> Response:
    """One action on the people ticked in the list: assign a course, remind of it, or invite."""
    form = BulkForm(prefix="urval")
    form.course_id.choices = _course_choices()
    ids = _ticked_ids()
    back = request.form.get("tillbaka", "")
    back = back if back.startswith("/personer") and "//" not in back else url_for("people.people")
    if not ids or not form.validate_on_submit():
        problem = form.due_on.errors[0] if form.due_on.errors else None
        flash(
            str(problem or _("Välj minst en person och en åtgärd, och en kurs för att tilldela eller påminna.")),
            "error",
        )
        return redirect(back)
    chosen = db.session.scalars(select(Person).where(Person.id.in_(ids), Person.active.is_(True))).all()
    now = utcnow()
    if form.action.data == "tilldela":
        for person in chosen:
            assignments.assign_manually(db.session, person, form.course_id.data, form.due_on.data, library())
        message = ngettext("Kursen är tilldelad %(num)d person.", "Kursen är tilldelad %(num)d personer.", len(chosen))
    elif form.action.data == "paminn":
        open_ones = reminders.unfinished(db.session, [p.id for p in chosen], form.course_id.data, now)
        skipped = reminders.reminded_within_interval(db.session, {p.id for p, _ in open_ones}, now)
        sent = reminders.remind_now(db.session, library(), [(p, a) for p, a in open_ones if p.id not in skipped], now)
        deliver_queued_soon()
        message = ngettext("%(num)d påminnelse är skickad.", "%(num)d påminnelser är skickade.", sent)
    else:
        uninvited = [p for p in chosen if not p.password_hash]
        for person in uninvited:
            invitations.invite(db.session, person, now)
        deliver_queued_soon()
        message = ngettext("%(num)d inbjudan är skickad.", "%(num)d inbjudningar är skickade.", len(uninvited))
    flash(message, "success")
    return redirect(back)


def _ticked_ids() -> set[int]:
    """The ids ticked in the list; a number larger than an id column holds ticks no one, rather
    than make PostgreSQL refuse the query."""
    ids = set()
    for value in request.form.getlist("valda"):
        with suppress(ValueError):
            ids.add(bounded_int(value))
    return ids


@blueprint.route("/personer/ny", methods=["GET", "POST"])
@requires("people.manage")
def new_person() -> str | Response:
    return _edit_person(Person(kind="employee", active=True))


@blueprint.route("/personer/<int:person_id>", methods=["GET", "POST"])
@requires("people.manage")
def person(person_id: int) -> str | Response:
    return _edit_person(db.get_or_404(Person, person_id))


def _edit_person(person: Person) -> str | Response:
    form = PersonForm(obj=person if person.id else None)
    _department_choices(form)
    if request.method == "GET" and person.id:
        form.department_id.data = person.department_id or 0
        form.roles.data = sorted(person.roles - {"learner"})
    if form.validate_on_submit():
        person.name = form.name.data.strip()
        person.email = form.email.data
        person.employee_id = (form.employee_id.data or "").strip() or None
        person.department = db.session.get(Department, form.department_id.data) if form.department_id.data else None
        person.kind = form.kind.data
        person.set_roles(set(form.roles.data or []))
        try:
            service.save_person(db.session, person)
        except service.PeopleError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            _rules().apply(db.session, [person])
            db.session.commit()
            flash(_("Sparat."), "success")
            return redirect(url_for("people.person", person_id=person.id))
    assignments = (
        db.session.scalars(
            select(Assignment).where(Assignment.person_id == person.id).order_by(Assignment.course_id)
        ).all()
        if person.id
        else []
    )
    assignment_form = AssignmentForm(prefix="tilldela")
    assignment_form.course_id.choices = _course_choices()
    return render_template(
        "people/edit.html",
        form=form,
        person=person,
        assignments=assignments,
        assignment_form=assignment_form,
        courses=library().courses,
    )


@blueprint.post("/personer/<int:person_id>/aktiv")
@requires("people.manage")
def toggle_active(person_id: int) -> str | Response:
    person = db.get_or_404(Person, person_id)
    if person.active and not confirmed():
        return confirmation_page(
            _("Inaktivera %(name)s?", name=person.name),
            _(
                "Personen kan inte längre logga in och räknas inte i rapporterna. Historiken finns kvar, "
                "och personen kan aktiveras igen."
            ),
            url_for("people.toggle_active", person_id=person.id),
            _("Ja, inaktivera personen"),
            url_for("people.person", person_id=person.id),
        )
    # Deactivated people leave the figures but keep their history; coming back restores it.
    person.active = not person.active
    if person.active:
        _rules().apply(db.session, [person])
    db.session.commit()
    flash(
        _("Personen är aktiv igen.") if person.active else _("Personen är inaktiverad. Historiken finns kvar."),
        "success",
    )
    return redirect(url_for("people.person", person_id=person.id))


@blueprint.post("/personer/<int:person_id>/tilldela")
@requires("people.manage")
def assign(person_id: int) -> Response:
    person = db.get_or_404(Person, person_id)
    form = AssignmentForm(prefix="tilldela")
    form.course_id.choices = _course_choices()
    if form.validate_on_submit():
        assignments.assign_manually(db.session, person, form.course_id.data, form.due_on.data, library())
        flash(_("Kursen är tilldelad."), "success")
    else:
        flash(_("Kontrollera kurs och datum."), "error")
    return redirect(url_for("people.person", person_id=person.id))


@blueprint.post("/personer/<int:person_id>/bjud-in")
@requires("people.manage")
def invite(person_id: int) -> Response:
    person = db.get_or_404(Person, person_id)
    if person.password_hash or not person.active:
        flash(_("Personen har redan ett konto eller är inaktiv."), "info")
    else:
        deliver_soon([invitations.invite(db.session, person, utcnow())[1].id])
        flash(_("Inbjudan är skickad till %(email)s.", email=person.email), "success")
    return redirect(url_for("people.person", person_id=person.id))


@blueprint.route("/personer/inbjudningar", methods=["GET", "POST"])
@requires("people.manage")
def send_invitations() -> str:
    sent = 0
    if request.method == "POST":
        # One batch per request keeps each request short; the page continues until all are sent.
        mails = invitations.invite_pending(db.session, utcnow())
        deliver_soon([mail.id for mail in mails])
        sent = len(mails)
    return render_template(
        "people/invitations.html",
        sent=sent,
        pending=invitations.pending_count(db.session),
        without_account=invitations.without_account_count(db.session),
    )


@blueprint.get("/personer/inbjudningar.csv")
@requires("people.manage")
def invitation_links() -> Response:
    body = invitations.links_csv(db.session)
    # Each link opens an account: who took a copy of them all is worth a trace.
    audit.record(db.session, audit.INVITATION_LINKS, detail=f"{max(body.count(chr(10)) - 1, 0)} länkar")
    db.session.commit()
    return attachment(body, "inbjudningslankar.csv")


@blueprint.route("/personer/import", methods=["GET", "POST"])
@requires("people.manage")
def import_people() -> str:
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("people/import.html", form=form)
    data = form.file.data.read()
    options = {
        "mapping": form.mapping(),
        "create_departments": bool(form.create_departments.data),
        "deactivate_missing": bool(form.deactivate_missing.data),
    }
    try:
        plan = csv_import.plan_import(db.session, data, **options)
    except csv_import.ImportFileError as error:
        form.file.errors.append(str(error))
        return render_template("people/import.html", form=form)
    token = pending_imports.keep(db.session, data, options, utcnow(), _preview_kept())
    return render_template("people/import_preview.html", plan=plan, confirm=ConfirmImportForm(token=token))


@blueprint.post("/personer/import/genomfor")
@requires("people.manage")
def apply_import() -> str | Response:
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    pending = pending_imports.take(db.session, form.token.data or "", utcnow(), _preview_kept())
    if pending is None:
        flash(_("Importen har redan genomförts eller gått ut. Ladda upp filen igen."), "error")
        return redirect(url_for("people.import_people"))
    # Checked again against the database as it is now: someone may have changed it since the preview.
    plan = csv_import.plan_import(db.session, pending.data, **pending.options)
    if not plan.ok:
        db.session.rollback()  # kept: the preview's problems are shown again
        return render_template("people/import_preview.html", plan=plan, confirm=None)
    if plan.deactivate and not form.confirm_deactivate.data:
        db.session.rollback()  # the upload is kept for the confirmed try
        form.confirm_deactivate.errors = [
            ngettext(
                "Kryssa i rutan för att bekräfta att %(num)d person ska inaktiveras.",
                "Kryssa i rutan för att bekräfta att %(num)d personer ska inaktiveras.",
                len(plan.deactivate),
            )
        ]
        return render_template("people/import_preview.html", plan=plan, confirm=form)
    audit.record(db.session, audit.IMPORT_APPLIED, detail=plan.summary)
    csv_import.apply_import(db.session, plan, _rules())  # commits the removal with the import
    flash(
        _(
            "Importen är klar: %(created)s nya, %(updated)s ändrade, %(deactivated)s inaktiverade.",
            created=len(plan.create),
            updated=len(plan.update),
            deactivated=len(plan.deactivate),
        ),
        "success",
    )
    return redirect(url_for("people.people"))


@blueprint.route("/forvaltningar", methods=["GET", "POST"])
@requires("people.manage")
def departments() -> str | Response:
    form = DepartmentForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Department.id).where(Department.code == form.code.data.strip())):
            form.code.errors.append(_("Koden används redan."))
        else:
            db.session.add(Department(code=form.code.data.strip(), name=form.name.data.strip()))
            db.session.commit()
            flash(_("Förvaltningen är skapad."), "success")
            return redirect(url_for("people.departments"))
    return render_template(
        "people/departments.html",
        form=form,
        departments=service.departments(db.session),
        coordinators=service.department_coordinators(db.session),
    )


@blueprint.route("/forvaltningar/<int:department_id>", methods=["GET", "POST"])
@requires("people.manage")
def department(department_id: int) -> str | Response:
    department = db.get_or_404(Department, department_id)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit():
        taken = db.session.scalar(
            select(Department.id).where(Department.code == form.code.data.strip(), Department.id != department.id)
        )
        if taken:
            form.code.errors.append(_("Koden används redan."))
        else:
            department.code = form.code.data.strip()
            department.name = form.name.data.strip()
            db.session.commit()
            flash(_("Sparat."), "success")
            return redirect(url_for("people.departments"))
    return render_template("people/department.html", form=form, department=department)


@blueprint.post("/forvaltningar/<int:department_id>/aktiv")
@requires("people.manage")
def toggle_department(department_id: int) -> str | Response:
    department = db.get_or_404(Department, department_id)
    if department.active and not confirmed():
        return confirmation_page(
            _("Inaktivera %(name)s?", name=department.name),
            _(
                "Förvaltningen försvinner ur rapporterna och listan över samordnare, och går inte att välja "
                "för nya personer. Den kan aktiveras igen."
            ),
            url_for("people.toggle_department", department_id=department.id),
            _("Ja, inaktivera förvaltningen"),
            url_for("people.departments"),
        )
    department.active = not department.active
    db.session.commit()
    flash(_("Förvaltningen är aktiv igen.") if department.active else _("Förvaltningen är inaktiverad."), "success")
    return redirect(url_for("people.departments"))
