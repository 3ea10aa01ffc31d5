"""HR's campaign pages: plan one with its schedule in view, start it, follow its progress."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from .. import clock
from ..access import requires
from ..confirm import confirmation_page, confirmed
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..learning.models import Campaign
from ..outbox.status import KIND_NAMES as MAIL_KINDS
from ..outbox.status import undelivered
from ..people.models import Department
from ..people.service import departments
from . import campaigns
from .forms import CampaignForm

blueprint = Blueprint("campaigns", __name__, url_prefix="/kampanjer")


@blueprint.get("/")
@requires("campaigns.manage")
def campaign_list() -> str:
    return render_template(
        "spaced/campaigns.html",
        campaigns=campaigns.all_campaigns(db.session),
        courses=library().courses,
        failed=undelivered(db.session),
        mail_kinds=MAIL_KINDS,
    )


def _form() -> CampaignForm:
    form = CampaignForm()
    form.course_id.choices = [(c.id, c.title) for c in sorted(library().courses.values(), key=lambda c: c.title)]
    form.department_ids.choices = [
        (d.id, d.name)
        for d in db.session.scalars(select(Department).where(Department.active.is_(True)).order_by(Department.name))
    ]
    return form


@blueprint.route("/ny", methods=["GET", "POST"])
@requires("campaigns.manage")
def new_campaign() -> str | Response | tuple[str, int]:
    form = _form()
    if request.method == "GET":
        form.start_on.data = clock.today()
        return render_template("spaced/campaign_new.html", form=form, plan=None)
    if not form.validate():
        return render_template("spaced/campaign_new.html", form=form, plan=None), 400
    if form.start_on.data < clock.today():
        form.start_on.errors.append(_("Första lektionen kan inte ligga före i dag."))
        return render_template("spaced/campaign_new.html", form=form, plan=None), 400
    plan = campaigns.CampaignPlan(
        name=form.name.data.strip(),
        course=library().course(form.course_id.data),
        kinds=tuple(form.kinds.data or ()),
        department_ids=tuple(form.department_ids.data or ()),
        start_on=form.start_on.data,
        every_days=form.every_days.data,
    )
    count = campaigns.recipient_count(db.session, plan)
    if "starta" not in request.form or count == 0:
        return render_template("spaced/campaign_new.html", form=form, plan=plan, count=count)
    token = form.form_token.data or None
    started = _started_with(token)
    if started is not None:  # the same form sent again: a double click
        return redirect(url_for("campaigns.campaign", campaign_id=started.id))
    try:
        campaign = campaigns.start_campaign(db.session, plan, current_user.id, utcnow(), form_token=token)
    except IntegrityError:
        # Sent twice at the same moment: the other request started it.
        db.session.rollback()
        started = _started_with(token)
        if started is None:
            raise
        return redirect(url_for("campaigns.campaign", campaign_id=started.id))
    flash(
        ngettext("Kampanjen är startad för %(num)d person.", "Kampanjen är startad för %(num)d personer.", count),
        "success",
    )
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))


def _started_with(token: str | None) -> Campaign | None:
    if token is None:
        return None
    return db.session.scalar(select(Campaign).where(Campaign.form_token == token))


@blueprint.post("/<int:campaign_id>/avsluta")
@requires("campaigns.manage")
def end_campaign(campaign_id: int) -> str | Response:
    found = db.get_or_404(Campaign, campaign_id)
    if found.ended_at is None and not confirmed():
        return confirmation_page(
            _("Avsluta %(name)s?", name=found.name),
            _("Inga fler lektioner skickas, och mejl som ännu inte har gått iväg stoppas. Det går inte att ångra."),
            url_for("campaigns.end_campaign", campaign_id=found.id),
            _("Ja, avsluta kampanjen"),
            url_for("campaigns.campaign", campaign_id=found.id),
        )
    if found.ended_at is None:
        campaigns.end_campaign(db.session, found, utcnow())
        flash(_("Kampanjen är avslutad. Inga fler lektioner skickas i den."), "success")
    return redirect(url_for("campaigns.campaign", campaign_id=found.id))


@blueprint.get("/<int:campaign_id>")
@requires("campaigns.manage")
def campaign(campaign_id: int) -> str:
    found = db.get_or_404(Campaign, campaign_id)
    course = library().course(found.course_id) or abort(404)
    return render_template(
        "spaced/campaign.html",
        campaign=found,
        course=course,
        lessons=campaigns.lesson_progress(db.session, found, course),
        departments=campaigns.department_progress(db.session, found, current_app.config["SUPPRESSION_MINIMUM"]),
        minimum=current_app.config["SUPPRESSION_MINIMUM"],
        failed=campaigns.failed_mail(db.session, found),
        mail_kinds=MAIL_KINDS,
        department_names={d.id: d.name for d in departments(db.session)},
    )
