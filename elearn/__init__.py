"""elearn: training and competence mapping against violent extremism for Swedish municipalities."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as settings


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    configure_app(app, config or {})
    configure_extensions(app)
    configure_security(app)
    configure_content(app)
    configure_blueprints(app)
    configure_errorhandlers(app)
    configure_cli(app)
    return app


def configure_app(app: Flask, overrides: Mapping[str, object]) -> None:
    app.config.update({k: v for k, v in settings.from_environment().items() if v is not None})
    app.config.update(overrides)
    app.logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{Path(app.instance_path) / 'elearn.sqlite'}")
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV"] != "development" and not app.testing:
            raise RuntimeError("SECRET_KEY must be set outside development (ELEARN_ENV=development).")
        app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))


def _development_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so development sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def configure_extensions(app: Flask) -> None:
    from . import access
    from .extensions import babel, csrf, db, login_manager, migrate
    from .i18n import current_locale, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(settings.PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_locale"] = current_locale
    configure_figures(app)
    login_manager.init_app(app)
    access.init_app(app)
    from .audit import changes as _changes  # noqa: F401  records changes of personal data
    from .auth import login as _login  # noqa: F401  registers the user loader


def configure_security(app: Flask) -> None:
    from . import input_guard, security_headers
    from .auth import sessions

    input_guard.init_app(app)
    security_headers.init_app(app)
    sessions.init_app(app)
    if app.config.get("TRUSTED_PROXY_COUNT"):
        hops = int(app.config["TRUSTED_PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def configure_figures(app: Flask) -> None:
    """The one label per status, the one rounding rule and the organisation's calendar day
    of a stored moment, for every template."""
    from .clock import local_date
    from .learning.status import label
    from .percent import percent

    app.jinja_env.globals.update(status_label=label, percent=percent)
    app.jinja_env.filters["local_date"] = lambda moment: local_date(moment).isoformat()


def configure_content(app: Flask) -> None:
    from .course_library import init_app

    init_app(app)


def configure_blueprints(app: Flask) -> None:
    from .api.admin_views import blueprint as api_tokens
    from .api.views import blueprint as api
    from .audit.views import blueprint as audit
    from .auth.views import blueprint as auth
    from .i18n import blueprint as i18n
    from .learning.views import blueprint as learning
    from .people.views import blueprint as people
    from .privacy.views import blueprint as privacy
    from .public.views import blueprint as public
    from .reports.views import blueprint as reports
    from .scim.views import blueprint as scim
    from .scorm.views import blueprint as scorm
    from .spaced.campaign_views import blueprint as campaigns
    from .spaced.views import blueprint as lessons
    from .surveys.views import blueprint as surveys

    for blueprint in (public, auth, learning, people, privacy, reports, campaigns, lessons, surveys, i18n, audit):
        app.register_blueprint(blueprint)
    for blueprint in (api, api_tokens, scim, scorm):  # other systems: REST API, SCIM, SCORM
        app.register_blueprint(blueprint)


def configure_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def configure_cli(app: Flask) -> None:
    from .cli import register

    register(app)
