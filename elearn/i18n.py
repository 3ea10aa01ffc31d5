"""Swedish first, English second: the language is the person's choice, else the browser's."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, session
from flask_login import current_user
from werkzeug.wrappers import Response

from .extensions import db
from .safe_redirect import safe_next

blueprint = Blueprint("i18n", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


@blueprint.post("/sprak")
def choose_language() -> Response:
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["locale"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))
