"""Login, logout, invitations and password reset."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from ..audit import service as audit
from ..db import utcnow
from ..extensions import db
from ..outbox.after_response import after_response
from ..outbox.delivery import deliver
from ..people.models import Person
from ..safe_redirect import safe_next
from ..signed_links import LinkRefused
from . import identity, oidc, oidc_views, passwords, service, sessions, throttle
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
    minutes = throttle.minutes_locked(db.session, email, request.remote_addr or "")
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
        sessions.start(person, remember=bool(form.remember.data))
        audit.record(db.session, audit.LOGIN, person.id, actor_id=person.id)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")))
    known = service.find_by_email(db.session, email)
    audit.record(db.session, audit.LOGIN_FAILED, known.id if known else None)
    if throttle.record_failure(db.session, email, request.remote_addr or "", current_app.config):
        audit.record(db.session, audit.LOCKOUT, known.id if known else None)
        db.session.commit()
    form.password.errors.append(_("Fel e-postadress eller lösenord."))
    return render_template("auth/login.html", form=form, providers=_login_page_providers())


def _login_page_providers() -> list[oidc.Provider]:
    return list(oidc.providers().values()) if current_app.config["OIDC_ON_LOGIN_PAGE"] else []


@blueprint.post("/logga-ut")
@login_required
def logout() -> Response:
    signed_in = session.pop(oidc_views.SESSION_KEY, None)
    sessions.end_everywhere(identity.person(db.session, current_user._get_current_object()))
    db.session.commit()
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
    if form.validate_on_submit() and not _too_weak(form, person):
        logout_user()
        service.set_password(db.session, person, form.password.data or "")
        sessions.start(person, remember=False)
        flash(_("Ditt lösenord är sparat."), "success")
        return redirect(url_for("learning.dashboard"))
    return render_template("auth/choose_password.html", form=form, person=person, purpose=purpose)


def _too_weak(form: PasswordForm, person: Person) -> bool:
    problem = passwords.weakness(form.password.data or "", person.name, person.email)
    if problem:
        form.password.errors = [*form.password.errors, problem]
    return problem is not None


@blueprint.route("/glomt-losenord", methods=["GET", "POST"])
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Looked up, queued and sent only after the response: the page answers the same, in the
        # same time, for every address, and never waits for the mail server.
        after_response(partial(_reset_after_response, form.email.data or ""))
        flash(_("Om adressen finns hos oss har vi skickat en länk för att välja nytt lösenord."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _reset_after_response(email: str) -> None:
    mail = service.queue_password_reset(db.session, email, utcnow())
    if mail is not None:
        deliver(db.session, utcnow(), only=[mail.id])
