"""Every setting, read from environment variables, with defaults that suit development.

A malformed value is refused with one line naming the variable and what it must be
(`SettingError`); `elearn config check` lists every setting with the problems at once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Course variables: {{ org.<key> }} in a course file is filled from ORG_<KEY>.
ORG_DEFAULTS = {
    "name": "Strömsunds kommun",
    "vbe_email": "fvbe@stromsund.se",
    "vbe_group": "Samverkansgruppen mot VBE",
    "vbe_coordinator": "den lokala samordnaren mot VBE",
    "security_coordinator": "säkerhetssamordnaren",
    # The plan (3.1) sends questions to the security coordinator and the local coordinator and
    # gives staff and the public the VBE group's address; it publishes no address of the
    # security coordinator's own, so the default is the group's. Set the real one.
    "security_email": "fvbe@stromsund.se",
    "social_services": "socialtjänsten i Strömsunds kommun",
    "social_services_phone": "kommunens växel",
    "social_services_after_hours": "socialjouren",
    "community_police": "kommunpolisen, som du når på 114 14",
    "crime_prevention_council": "det lokala brottsförebyggande rådet",
    # The plan is revised every year, so its name carries no years.
    "plan_name": "Handlingsplan mot radikalisering och våldsbejakande extremism",
    "plan_url": "https://www.stromsund.se/1149.html",
}

TRUE = ("1", "true", "yes", "ja", "on")
FALSE = ("0", "false", "no", "nej", "off", "")
SECRET_NAMES = ("SECRET", "PASSWORD")
OIDC_MATCHES = ("email", "employee_id", "subject")


class SettingError(click.ClickException):
    """A setting that is missing or malformed. A ClickException, so every command (and `flask`)
    prints it as one line instead of a traceback."""


@dataclass
class Reader:
    """Reads variables from one environment, noting what was read and every problem found."""

    environ: Mapping[str, str]
    problems: list[str] = field(default_factory=list)
    seen: dict[str, str | None] = field(default_factory=dict)
    defaults: dict[str, object] = field(default_factory=dict)

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.environ.get(name)
        self.seen[name] = value
        self.defaults[name] = default
        return default if value is None or value == "" else value

    def integer(self, name: str, default: int | None, minimum: int = 0) -> int | None:
        raw = self.text(name)
        self.defaults[name] = default
        if raw is None:
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            value = None
        if value is None or value < minimum:
            self.refuse(name, raw, f"ett heltal, minst {minimum}")
            return default
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.text(name)
        self.defaults[name] = "true" if default else "false"
        if raw is None:
            return default
        if raw.strip().lower() not in TRUE + FALSE:
            self.refuse(name, raw, "true eller false")
            return default
        return raw.strip().lower() in TRUE

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name, default) or default
        if value not in choices:
            self.refuse(name, value, " eller ".join(choices))
            return default
        return value

    def url(self, name: str, default: str | None, schemes: tuple[str, ...], example: str) -> str | None:
        value = self.text(name, default)
        if value is not None and not value.startswith(schemes):
            self.refuse(name, value, f"en adress som börjar med {' eller '.join(schemes)}, till exempel {example}")
            return default
        return value

    def path(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not Path(value).is_absolute():
            self.refuse(name, value, "en absolut sökväg, till exempel /var/lib/elearn")
            return None
        return value

    def timezone(self, name: str, default: str) -> str:
        value = self.text(name, default) or default
        try:
            ZoneInfo(value)
        except (ValueError, ZoneInfoNotFoundError):
            self.refuse(name, value, "en tidszon, till exempel Europe/Stockholm")
            return default
        return value

    def refuse(self, name: str, value: str | None, must_be: str) -> None:
        shown = "" if value is None else (mask(name, value) or "")
        self.problems.append(f"{name}={shown}: ska vara {must_be}")

    def missing(self, name: str, why: str) -> None:
        self.problems.append(f"{name} saknas: {why}")


def mask(name: str, value: str | None) -> str | None:
    if value and any(word in name for word in SECRET_NAMES):
        return "********"
    return value


def read(environ: Mapping[str, str]) -> tuple[dict[str, object], Reader]:
    env = Reader(environ)
    config: dict[str, object] = {
        "ENV": env.choice("ELEARN_ENV", "production", ("production", "development")),
        "INSTANCE": env.path("ELEARN_INSTANCE"),  # read by create_app; listed here for config check
        "SECRET_KEY": env.text("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": env.url(
            "DATABASE_URL", None, ("sqlite:", "postgresql"), "postgresql+psycopg://elearn@localhost/elearn"
        ),
        # Outside development the course folder is a required setting (see `require`).
        "COURSES_PATH": env.path("COURSES_PATH"),
        "ORG": {key: env.text(f"ORG_{key.upper()}", value) for key, value in ORG_DEFAULTS.items()},
        # The organisation's calendar: "today", due dates, years and months (elearn/clock.py).
        "ORG_TIMEZONE": env.timezone("ORG_TIMEZONE", "Europe/Stockholm"),
        "ORG_ACCESSIBILITY_CONTACT": env.text("ORG_ACCESSIBILITY_CONTACT", "kommun@stromsund.se"),
        "BASE_URL": env.url("BASE_URL", "http://127.0.0.1:5000", ("https://", "http://"), "https://elearn.example.se"),
        "MAIL_BACKEND": env.choice("MAIL_BACKEND", "console", ("console", "smtp")),
        "MAIL_SERVER": env.text("MAIL_SERVER", "localhost"),
        "MAIL_PORT": env.integer("MAIL_PORT", 25, minimum=1),
        "MAIL_USERNAME": env.text("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.text("MAIL_PASSWORD"),
        "MAIL_USE_TLS": env.flag("MAIL_USE_TLS", False),
        "MAIL_FROM": env.text("MAIL_FROM", "elearn@localhost"),
        "MAIL_TIMEOUT": env.integer("MAIL_TIMEOUT", 10, minimum=1),
        "INVITATION_DAYS": env.integer("INVITATION_DAYS", 14, minimum=1),
        "PASSWORD_RESET_HOURS": env.integer("PASSWORD_RESET_HOURS", 2, minimum=1),
        "PASSWORD_RESET_INTERVAL_MINUTES": env.integer("PASSWORD_RESET_INTERVAL_MINUTES", 5, minimum=1),
        "LOGIN_MAX_FAILURES": env.integer("LOGIN_MAX_FAILURES", 5, minimum=1),
        "LOGIN_LOCK_MINUTES": env.integer("LOGIN_LOCK_MINUTES", 15, minimum=1),
        "LOGIN_CLIENT_MAX_FAILURES": env.integer("LOGIN_CLIENT_MAX_FAILURES", 20, minimum=1),
        "LOGIN_GLOBAL_MAX_FAILURES": env.integer("LOGIN_GLOBAL_MAX_FAILURES", 300, minimum=1),
        # Proxies in front of elearn whose X-Forwarded-For is believed; 0: none, use the peer.
        "TRUSTED_PROXY_COUNT": env.integer("TRUSTED_PROXY_COUNT", 0),
        "ASSIGNMENT_DUE_DAYS": env.integer("ASSIGNMENT_DUE_DAYS", 30, minimum=1),
        "SUPPRESSION_MINIMUM": env.integer("SUPPRESSION_MINIMUM", 5, minimum=1),
        "COORDINATOR_COURSE": env.text("COORDINATOR_COURSE", "fordjupning"),
        "COMPLETION_GOAL_PERCENT": env.integer("COMPLETION_GOAL_PERCENT", 100, minimum=1),
        "REMINDER_DAYS_BEFORE": env.integer("REMINDER_DAYS_BEFORE", 7),
        "REMINDER_INTERVAL_DAYS": env.integer("REMINDER_INTERVAL_DAYS", 7, minimum=1),
        "LESSON_LINK_DAYS": env.integer("LESSON_LINK_DAYS", 30, minimum=1),
        "RETENTION_MIN_DAYS": env.integer("RETENTION_MIN_DAYS", 14),
        # Years after deactivation that a person's records are kept; unset: kept for good.
        "RECORDS_RETENTION_YEARS": env.integer("RECORDS_RETENTION_YEARS", None, minimum=1),
        "API_RATE_LIMIT": env.text("API_RATE_LIMIT", "120 per minute"),
        "RATELIMIT_STORAGE_URI": env.text("RATELIMIT_STORAGE_URI", "memory://"),
        # Minutes without a request before a session ends: HR and admin, everyone else.
        "SESSION_IDLE_MINUTES_STAFF": env.integer("SESSION_IDLE_MINUTES_STAFF", 30, minimum=1),
        "SESSION_IDLE_MINUTES": env.integer("SESSION_IDLE_MINUTES", 120, minimum=1),
        "SESSION_MAX_HOURS": env.integer("SESSION_MAX_HOURS", 12, minimum=1),
        # "Kom ihåg mig" (never for HR and admin) lasts this many days.
        "REMEMBER_DAYS": env.integer("REMEMBER_DAYS", 7, minimum=1),
        "IMPORT_PREVIEW_HOURS": env.integer("IMPORT_PREVIEW_HOURS", 24, minimum=1),
        "LOG_FORMAT": env.choice("LOG_FORMAT", "json", ("json", "text")),
        "OIDC_PROVIDERS": oidc_providers(env),
        "OIDC_ON_LOGIN_PAGE": env.flag("OIDC_ON_LOGIN_PAGE", True),
        # Secure by default wherever the public address is https.
        "SESSION_COOKIE_SECURE": env.flag(
            "SESSION_COOKIE_SECURE", (env.environ.get("BASE_URL") or "").startswith("https://")
        ),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        # The app's log (stderr; under gunicorn its error log): INFO keeps logins, lockouts and
        # register extracts, besides the audit log table.
        "LOG_LEVEL": env.choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
        "BABEL_DEFAULT_LOCALE": "sv",
        "LANGUAGES": ("sv", "en"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # A request body larger than this (an import file included) is refused with 413.
        "MAX_CONTENT_LENGTH": env.integer("MAX_UPLOAD_MB", 10, minimum=1) * 1024 * 1024,
    }
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    return config, env


def oidc_providers(env: Reader) -> tuple[dict[str, object], ...]:
    """OIDC_PROVIDERS=entra,freja, then OIDC_ENTRA_ISSUER, OIDC_ENTRA_CLIENT_ID and so on."""
    names = [name.strip().lower() for name in (env.text("OIDC_PROVIDERS") or "").split(",") if name.strip()]
    providers = []
    for name in names:
        if not name.isalnum():
            env.refuse("OIDC_PROVIDERS", ",".join(names), "namn av bokstäver och siffror, skilda med komma")
            continue
        prefix = f"OIDC_{name.upper()}_"
        provider: dict[str, object] = {"name": name}
        for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"):
            provider[key.lower()] = env.text(prefix + key)
            if provider[key.lower()] is None:
                env.missing(prefix + key, f"krävs för inloggningen {name} i OIDC_PROVIDERS")
        match = env.choice(prefix + "MATCH", "email", OIDC_MATCHES)
        provider.update(
            match=match,
            id_claim=env.text(prefix + "ID_CLAIM", {"email": "email", "employee_id": "employee_id"}.get(match, "sub")),
            scopes=_scopes(env, prefix + "SCOPES"),
            label=env.text(prefix + "LABEL"),
            create_people=env.flag(prefix + "CREATE_PEOPLE", False),
            department_claim=env.text(prefix + "DEPARTMENT_CLAIM", "department"),
            departments=_pairs(env, prefix + "DEPARTMENTS"),
        )
        if provider["create_people"] and not provider["departments"]:
            env.missing(prefix + "DEPARTMENTS", f"krävs när {prefix}CREATE_PEOPLE=true (anspråksvärde=förvaltningskod)")
        providers.append(provider)
    return tuple(providers)


def _scopes(env: Reader, name: str) -> str:
    scopes = env.text(name, "openid email profile") or ""
    if "openid" not in scopes.split():
        # Without it the provider sends no ID token, and nothing would vouch for the person.
        env.refuse(name, scopes, "en lista med openid, till exempel openid email profile")
    return scopes


def _pairs(env: Reader, name: str) -> dict[str, str]:
    raw = env.text(name) or ""
    pairs = [item.split("=", 1) for item in raw.split(",") if item.strip()]
    if any(len(pair) != 2 or not pair[0].strip() or not pair[1].strip() for pair in pairs):
        env.refuse(name, raw, "värde=KOD, skilda med komma")
        return {}
    return {value.strip(): code.strip() for value, code in pairs}


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    config, env = read(os.environ if environ is None else environ)
    if env.problems:
        raise SettingError(env.problems[0])
    return config


def require_secret_key(config: Mapping[str, object], why: str) -> None:
    """For a command that signs or keys something with SECRET_KEY: asked before it does any
    work, since commands otherwise run without it (see `require`)."""
    if not config.get("SECRET_KEY"):
        raise SettingError(f"SECRET_KEY saknas: {why} och behöver samma nyckel som appen")


def require(config: Mapping[str, object], serving: bool) -> list[str]:
    """What is missing outside development, after overrides: the app or a command refuses it."""
    if config.get("ENV") == "development":
        return []
    problems = []
    if not config.get("COURSES_PATH"):
        problems.append(
            "COURSES_PATH saknas: sökvägen till kursmappen krävs utanför utveckling (ELEARN_ENV=development)"
        )
    if serving and not config.get("SECRET_KEY"):
        problems.append(
            "SECRET_KEY saknas: en lång slumpmässig sträng krävs utanför utveckling (ELEARN_ENV=development)"
        )
    return problems
