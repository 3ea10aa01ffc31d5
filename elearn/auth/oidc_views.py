"""The two legs of an OpenID Connect sign-in, and the provider's logout."""

from __future__ import annotations

from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from ..absolute_url import absolute_url
from ..audit import service as audit
from ..extensions import db
from ..safe_redirect import safe_next
from . import oidc, sessions
from .signals import person_created

blueprint = Blueprint("oidc", __name__)
# Kept in the signed session cookie for the provider's logout (RP-initiated logout).
SESSION_KEY = "oidc_sign_in"


@blueprint.get("/logga-in/jobbkonto/<name>")
def login(name: str) -> Response | tuple[str, int]:
    client = oidc.client(name) or abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("learning.dashboard"))
    session["oidc_next"] = safe_next(request.args.get("next"))
    try:
        # Authlib keeps state, nonce and the PKCE verifier in the session until the callback.
        return client.authorize_redirect(absolute_url("oidc.callback", name=name))
    except RequestException as error:  # the provider's discovery document cannot be fetched
        current_app.logger.error("oidc %s: provider unreachable: %s", name, error)
        return render_template("auth/oidc_unavailable.html"), 503


@blueprint.get("/logga-in/jobbkonto/<name>/klar")
def callback(name: str) -> Response | tuple[str, int]:
    client = oidc.client(name) or abort(404)
    provider = oidc.providers()[name]
    try:
        token = client.authorize_access_token()
    except RequestException as error:
        current_app.logger.error("oidc %s: provider unreachable: %s", name, error)
        return render_template("auth/oidc_unavailable.html"), 503
    except (OAuthError, JoseError) as error:
        # A tampered state, a wrong nonce, an expired or forged token, or a refusal at the provider.
        current_app.logger.warning("oidc %s: sign-in refused: %s", name, error)
        return render_template("auth/oidc_failed.html", provider=provider), 400
    if "userinfo" not in token:
        current_app.logger.warning("oidc %s: no ID token in the token response", name)
        return render_template("auth/oidc_failed.html", provider=provider), 400
    try:
        person, created = oidc.person_for(db.session, provider, token["userinfo"])
    except oidc.UnknownPerson as error:
        current_app.logger.info("oidc %s: sign-in by someone elearn does not know: %s", name, error.reason)
        return render_template("auth/oidc_unknown.html", provider=provider), error.status
    if created:
        # Assigning courses belongs to learning, above auth: it listens (see create_app).
        person_created.send(current_app._get_current_object(), session=db.session, person=person)
        db.session.commit()
    next_url = session.pop("oidc_next", None)
    sessions.start(person, remember=False)  # a fresh session, stamped for the idle and absolute limits
    session[SESSION_KEY] = {"provider": name, "id_token": token["id_token"]}
    audit.record(db.session, audit.LOGIN, person.id, detail=name, actor_id=person.id)  # as a password login is
    db.session.commit()
    current_app.logger.info("oidc %s: person %s signed in", name, person.id)
    return redirect(next_url or url_for("learning.dashboard"))


def provider_logout(signed_in: dict[str, str] | None) -> Response | None:
    """Send the browser on to the provider's end-session endpoint, so the work account is signed
    out too; None when the person signed in with a password or the provider offers no logout."""
    client = oidc.client(signed_in["provider"]) if signed_in else None
    if client is None:
        return None
    try:
        logout = client.create_logout_url(
            post_logout_redirect_uri=absolute_url("public.index"),
            id_token_hint=signed_in["id_token"],
            client_id=client.client_id,
        )
    except RuntimeError:  # no end_session_endpoint in the provider's metadata
        return None
    return redirect(logout["url"])
