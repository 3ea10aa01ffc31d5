"""People and departments for HR and admins: list, search, edit, deactivate, import, invite."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from .. import clock
from ..access import requires
from ..auth import invitations
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..learning import assignments
from ..learning.models import Assignment
from ..spreadsheets import attachment
from . import csv_import, import_files, service
from .forms import AssignmentForm, ConfirmImportForm, DepartmentForm, ImportForm, PersonForm
from .models import Department, Person

blueprint = Blueprint("people", __name__)


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
    page = service.find_people(
        db.session,
        text=args.get("q", "")[:100],
        department_id=args.get("forvaltning", type=int),
        kind=args.get("typ") or None,
        role=args.get("roll") or None,
        active=active,
        page=args.get("sida", 1, type=int),
    )
    return render_template(
        "people/list.html",
        page=page,
        departments=service.departments(db.session),
        args=args,
        pending=invitations.pending_count(db.session),
    )


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
def toggle_active(person_id: int) -> Response:
    person = db.get_or_404(Person, person_id)
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
        invitations.invite(db.session, person, utcnow())
        flash(_("Inbjudan är skickad till %(email)s.", email=person.email), "success")
    return redirect(url_for("people.person", person_id=person.id))


@blueprint.route("/personer/inbjudningar", methods=["GET", "POST"])
@requires("people.manage")
def send_invitations() -> str:
    sent = 0
    if request.method == "POST":
        # One batch per request keeps each request short; the page continues until all are sent.
        sent = invitations.invite_pending(db.session, utcnow())
    return render_template(
        "people/invitations.html",
        sent=sent,
        pending=invitations.pending_count(db.session),
        without_account=invitations.without_account_count(db.session),
    )


@blueprint.get("/personer/inbjudningar.csv")
@requires("people.manage")
def invitation_links() -> Response:
    return attachment(invitations.links_csv(db.session), "inbjudningslankar.csv")


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
    instance = Path(current_app.instance_path)
    import_files.prune(instance, current_app.config["IMPORT_PREVIEW_HOURS"], utcnow())
    token = import_files.save(instance, data, options)
    return render_template("people/import_preview.html", plan=plan, confirm=ConfirmImportForm(token=token))


@blueprint.post("/personer/import/genomfor")
@requires("people.manage")
def apply_import() -> str | Response:
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    instance = Path(current_app.instance_path)
    stored = import_files.load(instance, form.token.data)
    if stored is None:
        flash(_("Importen har redan genomförts eller gått ut. Ladda upp filen igen."), "error")
        return redirect(url_for("people.import_people"))
    data, options = stored
    # Checked again against the database as it is now: someone may have changed it since the preview.
    plan = csv_import.plan_import(db.session, data, **options)
    if not plan.ok:
        return render_template("people/import_preview.html", plan=plan, confirm=None)
    csv_import.apply_import(db.session, plan, _rules())
    import_files.delete(instance, form.token.data)
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
def toggle_department(department_id: int) -> Response:
    department = db.get_or_404(Department, department_id)
    department.active = not department.active
    db.session.commit()
    flash(_("Förvaltningen är aktiv igen.") if department.active else _("Förvaltningen är inaktiverad."), "success")
    return redirect(url_for("people.departments"))
