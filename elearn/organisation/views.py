"""The organisation settings page for admins, with the history of changes."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ..access import requires
from ..course_library import library, load_library
from ..db import utcnow
from ..extensions import db
from . import live, service
from .forms import settings_form, submitted

blueprint = Blueprint("organisation", __name__)


@blueprint.route("/installningar/organisation", methods=["GET", "POST"])
@requires("organisation.manage")
def settings() -> str | Response:
    values = dict(current_app.config["ORG"])
    form = settings_form(values, formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit() and not _breaks_courses(form, submitted(form, list(values))):
        changes = service.save(
            db.session, submitted(form, list(values)), live.defaults(current_app), current_user, utcnow()
        )
        live.refresh(current_app)
        current_app.logger.info(
            "organisation settings: person %s changed %s",
            current_user.id,
            ", ".join(c.key for c in changes) or "nothing",
        )
        flash(ngettext("%(num)d värde ändrat.", "%(num)d värden ändrade.", len(changes)), "success")
        return redirect(url_for("organisation.settings"))
    return render_template(
        "organisation/settings.html",
        form=form,
        defaults=live.defaults(current_app),
        history=service.history(db.session),
    )


def _breaks_courses(form: FlaskForm, values: dict[str, str]) -> bool:
    """Whether the values would leave a course out (HTML in a sentence, two answer options made
    the same): tried on the course files first, so a typo never takes a course from the learners."""
    now = {str(problem) for problem in library().problems}
    new = [str(p) for p in load_library(current_app, org=values).problems if str(p) not in now]
    if new:
        form.form_errors.append(
            _("Ändringen skulle göra att kurser inte kan visas, så den sparades inte: %(problem)s", problem=new[0])
        )
    return bool(new)
