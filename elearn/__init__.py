"""elearn: training and competence mapping against violent extremism for Swedish municipalities."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

import click
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as settings


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    environment = settings.from_environment()
    # ELEARN_INSTANCE: where an installed elearn keeps its files (the SQLite database when
    # DATABASE_URL names none, and in development the secret key); Flask's default lies inside
    # the venv.
    app = Flask(__name__, instance_relative_config=True, instance_path=environment.pop("INSTANCE"))
    configure_app(app, environment, config or {})
    configure_logging(app)
    configure_extensions(app)
    configure_security(app)
    configure_content(app)
    configure_blueprints(app)
    configure_signals(app)
    configure_errorhandlers(app)
    configure_cli(app)
    return app


def configure_app(app: Flask, environment: Mapping[str, object], overrides: Mapping[str, object]) -> None:
    app.config.update({k: v for k, v in environment.items() if v is not None})
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{Path(app.instance_path) / 'elearn.sqlite'}")
    development = app.config["ENV"] == "development"
    if development:
        app.config.setdefault("COURSES_PATH", str(settings.PROJECT_ROOT / "courses"))
    # A command that signs nothing (courses check, db upgrade) runs without SECRET_KEY; those
    # that do ask for it through as_if_requested. The app itself refuses to start without one.
    serving = click.get_current_context(silent=True) is None and not app.testing
    problems = settings.require(app.config, serving)
    if problems:
        raise settings.SettingError(problems[0])
    if not app.config.get("SECRET_KEY") and (development or app.testing):
        app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))


def _development_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so development sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def configure_logging(app: Flask) -> None:
    from .logs import init_app

    init_app(app)


def configure_extensions(app: Flask) -> None:
    from . import access, layout
    from .extensions import babel, csrf, db, login_manager, migrate
    from .i18n import current_locale, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_locale"] = current_locale
    configure_figures(app)
    login_manager.init_app(app)
    access.init_app(app)
    layout.init_app(app)
    from .audit import changes as _changes  # noqa: F401  records changes of personal data
    from .auth import oidc

    oidc.init_app(app)
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
    """The one label per status, kind of person and role, the one rounding rule and the
    organisation's calendar day of a stored moment, for every template."""
    from .clock import local_date
    from .forms import KIND_NAMES, ROLE_NAMES
    from .learning.status import label
    from .percent import percent

    app.jinja_env.globals.update(status_label=label, percent=percent, kind_names=KIND_NAMES, role_names=ROLE_NAMES)
    app.jinja_env.filters["local_date"] = lambda moment: local_date(moment).isoformat()


def configure_content(app: Flask) -> None:
    from .course_library import init_app
    from .organisation import live

    init_app(app)
    live.init_app(app)


def configure_blueprints(app: Flask) -> None:
    from .api.admin_views import blueprint as api_tokens
    from .api.views import blueprint as api
    from .audit.views import blueprint as audit
    from .auth.oidc_views import blueprint as oidc
    from .auth.views import blueprint as auth
    from .health import blueprint as health
    from .i18n import blueprint as i18n
    from .learning.views import blueprint as learning
    from .organisation.views import blueprint as organisation
    from .people.views import blueprint as people
    from .privacy.views import blueprint as privacy
    from .public.views import blueprint as public
    from .reports.views import blueprint as reports
    from .scim.views import blueprint as scim
    from .scorm.views import blueprint as scorm
    from .spaced.campaign_views import blueprint as campaigns
    from .spaced.views import blueprint as lessons
    from .surveys.views import blueprint as surveys

    for blueprint in (
        public,
        auth,
        oidc,
        health,
        organisation,
        learning,
        people,
        privacy,
        reports,
        campaigns,
        lessons,
        surveys,
        i18n,
        audit,
    ):
        app.register_blueprint(blueprint)
    for blueprint in (api, api_tokens, scim, scorm):  # other systems: REST API, SCIM, SCORM
        app.register_blueprint(blueprint)


def configure_signals(app: Flask) -> None:
    """A capability reacting to one below it, which may not import it."""
    from .auth.signals import person_created
    from .learning.assignments import assign_courses_to_newcomer

    person_created.connect(assign_courses_to_newcomer, sender=app)


def configure_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def configure_cli(app: Flask) -> None:
    from .cli import register

    register(app)
