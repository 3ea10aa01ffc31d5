"""Admins create, list and revoke API tokens. A new token's secret is shown once, on the page
that answers its creation, and never again."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..access import requires
from ..confirm import confirmation_page, confirmed
from ..db import utcnow
from ..extensions import db
from .forms import TokenForm
from .models import ApiToken
from .pagination import MAX_ID
from .tokens import all_tokens, create_token, revoke

blueprint = Blueprint("api_tokens", __name__, url_prefix="/admin/api-nycklar")


@blueprint.route("/", methods=["GET", "POST"])
@requires("api_tokens.manage")
def tokens() -> str | tuple[str, int]:
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        _, secret = create_token(
            db.session, form.name.data, form.scopes.data, form.days.data, utcnow(), current_user.id
        )
        form = TokenForm(formdata=None)
    status = 400 if form.errors else 200
    page = render_template("api/tokens.html", form=form, tokens=all_tokens(db.session), secret=secret, now=utcnow())
    return page, status


@blueprint.post("/<int:token_id>/aterkalla")
@requires("api_tokens.manage")
def revoke_token(token_id: int) -> str | Response:
    token = db.session.get(ApiToken, token_id) if token_id <= MAX_ID else None
    if token is None:
        abort(404)
    if token.revoked_at is None and not confirmed():
        return confirmation_page(
            _("Återkalla ”%(name)s”?", name=token.name),
            _(
                "Systemen som använder nyckeln slutar genast att få svar. "
                "Det går inte att ångra: de behöver en ny nyckel."
            ),
            url_for("api_tokens.revoke_token", token_id=token.id),
            _("Ja, återkalla nyckeln"),
            url_for("api_tokens.tokens"),
        )
    revoke(db.session, token, utcnow())
    flash(_("Nyckeln ”%(name)s” är återkallad och fungerar inte längre.", name=token.name), "info")
    return redirect(url_for("api_tokens.tokens"))
