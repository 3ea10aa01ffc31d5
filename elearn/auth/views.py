"""Login, logout, invitations and password reset."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..extensions import db
from ..safe_redirect import safe_next
from ..signed_links import LinkRefused
from . import oidc, oidc_views, service, throttle
from .forms import ForgotPasswordForm, LoginForm, PasswordForm
from .tokens import INVITATION, PASSWORD_RESET, read_token

blueprint = Blueprint("auth", __name__)


@blueprint.route("/logga-in", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, providers=_login_page_providers())
    email = form.email.data or ""
    minutes = throttle.minutes_locked(db.session, email)
    if minutes:
        # Checked before the password, so guessing on a locked address learns nothing.
        form.password.errors.append(
            ngettext(
                "För många misslyckade inloggningar. Försök igen om %(num)d minut, eller välj ett nytt "
                "lösenord under Glömt lösenordet.",
                "För många misslyckade inloggningar. Försök igen om %(num)d minuter, eller välj ett nytt "
                "lösenord under Glömt lösenordet.",
                minutes,
            )
        )
        return render_template("auth/login.html", form=form, providers=_login_page_providers()), 429
    person = service.authenticate(db.session, email, form.password.data or "")
    if person is not None:
        throttle.clear(db.session, email)
        login_user(person, remember=bool(form.remember.data))
        return redirect(safe_next(request.args.get("next")))
    config = current_app.config
    throttle.record_failure(db.session, email, config["LOGIN_MAX_FAILURES"], config["LOGIN_LOCK_MINUTES"])
    form.password.errors.append(_("Fel e-postadress eller lösenord."))
    return render_template("auth/login.html", form=form, providers=_login_page_providers())


def _login_page_providers() -> list[oidc.Provider]:
    return list(oidc.providers().values()) if current_app.config["OIDC_ON_LOGIN_PAGE"] else []


@blueprint.post("/logga-ut")
@login_required
def logout() -> Response:
    signed_in = session.pop(oidc_views.SESSION_KEY, None)
    logout_user()
    flash(_("Du är utloggad."), "info")
    return oidc_views.provider_logout(signed_in) or redirect(url_for("public.index"))


@blueprint.route("/inbjudan/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    return _choose_password(token, INVITATION, current_app.config["INVITATION_DAYS"] * 86400)


@blueprint.route("/nytt-losenord/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    return _choose_password(token, PASSWORD_RESET, current_app.config["PASSWORD_RESET_HOURS"] * 3600)


def _choose_password(token: str, purpose: str, max_age: int) -> str | Response | tuple[str, int]:
    try:
        person = read_token(db.session, token, purpose, max_age)
    except LinkRefused as error:
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
