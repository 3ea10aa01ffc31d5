"""Swedish first, English second: the language is the person's choice, else the browser's."""

from __future__ import annotations

from flask import Blueprint, current_app, has_request_context, redirect, request, session
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from .auth import identity
from .extensions import db
from .safe_redirect import safe_next

blueprint = Blueprint("i18n", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command-line jobs: the default, unless they force a locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


@blueprint.get("/sprak/<language>")
def choose_language(language: str) -> Response:
    # A link rather than a form: a display preference is harmless to set by GET, and public
    # pages then set no cookie until a visitor asks for another language.
    if language in current_app.config["LANGUAGES"]:
        session["locale"] = language
        if current_user.is_authenticated:
            identity.person(db.session, current_user._get_current_object()).locale = language
            db.session.commit()
    return redirect(safe_next(request.args.get("next"), "public.index"))
