"""Login, logout, invitations and password reset."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..extensions import db
from ..safe_redirect import safe_next
from . import service
from .forms import ForgotPasswordForm, LoginForm, PasswordForm
from .tokens import INVITATION, PASSWORD_RESET, TokenError, read_token

blueprint = Blueprint("auth", __name__)


@blueprint.route("/logga-in", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        person = service.authenticate(db.session, form.email.data or "", form.password.data or "")
        if person is not None:
            login_user(person, remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("Fel e-postadress eller lösenord."))
    return render_template("auth/login.html", form=form)


@blueprint.post("/logga-ut")
@login_required
def logout() -> Response:
    logout_user()
    flash(_("Du är utloggad."), "info")
    return redirect(url_for("public.index"))


@blueprint.route("/inbjudan/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    return _choose_password(token, INVITATION, current_app.config["INVITATION_DAYS"] * 86400)


@blueprint.route("/nytt-losenord/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    return _choose_password(token, PASSWORD_RESET, current_app.config["PASSWORD_RESET_HOURS"] * 3600)


def _choose_password(token: str, purpose: str, max_age: int) -> str | Response | tuple[str, int]:
    try:
        person = read_token(db.session, token, purpose, max_age)
    except TokenError as error:
        return render_template("auth/bad_link.html", reason=error.reason, purpose=purpose), 400
    form = PasswordForm()
    if form.validate_on_submit():
        service.set_password(db.session, person, form.password.data or "")
        logout_user()
        login_user(person)
        flash(_("Ditt lösenord är sparat."), "success")
        return redirect(url_for("learning.dashboard"))
    return render_template("auth/choose_password.html", form=form, person=person, purpose=purpose)


@blueprint.route("/glomt-losenord", methods=["GET", "POST"])
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        person = service.find_by_email(db.session, form.email.data or "")
        if person is not None and person.active:
            service.send_password_reset(person)
        # The same answer either way, so the page does not reveal who has an account.
        flash(_("Om adressen finns hos oss har vi skickat en länk för att välja nytt lösenord."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)
