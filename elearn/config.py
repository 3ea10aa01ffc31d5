"""Every setting, read from environment variables, with defaults that suit development."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Course variables: {{ org.<key> }} in a course file is filled from ORG_<KEY>.
ORG_DEFAULTS = {
    "name": "Strömsunds kommun",
    "vbe_email": "fvbe@stromsund.se",
    "vbe_group": "Samverkansgruppen mot VBE",
    "vbe_coordinator": "den lokala samordnaren mot VBE",
    "security_coordinator": "säkerhetssamordnaren",
    "security_email": "sakerhetssamordnare@stromsund.se",
    "social_services": "socialtjänsten i Strömsunds kommun",
    "social_services_phone": "kommunens växel",
    "social_services_after_hours": "socialjouren",
    "community_police": "kommunpolisen, som du når på 114 14",
    "crime_prevention_council": "det lokala brottsförebyggande rådet",
    # The plan is revised every year, so its name carries no years.
    "plan_name": "Handlingsplan mot radikalisering och våldsbejakande extremism",
    "plan_url": "https://www.stromsund.se/1149.html",
}


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "ja", "on")


def from_environment() -> dict[str, object]:
    return {
        "ENV": os.environ.get("ELEARN_ENV", "production"),
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL"),
        "COURSES_PATH": os.environ.get("COURSES_PATH", str(PROJECT_ROOT / "courses")),
        "ORG": {key: os.environ.get(f"ORG_{key.upper()}", value) for key, value in ORG_DEFAULTS.items()},
        # The organisation's calendar: "today", due dates, years and months (elearn/clock.py).
        "ORG_TIMEZONE": os.environ.get("ORG_TIMEZONE", "Europe/Stockholm"),
        "ORG_ACCESSIBILITY_CONTACT": os.environ.get("ORG_ACCESSIBILITY_CONTACT", "kommun@stromsund.se"),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "console"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "elearn@localhost"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        "INVITATION_DAYS": int(os.environ.get("INVITATION_DAYS", "14")),
        "PASSWORD_RESET_HOURS": int(os.environ.get("PASSWORD_RESET_HOURS", "2")),
        "PASSWORD_RESET_INTERVAL_MINUTES": int(os.environ.get("PASSWORD_RESET_INTERVAL_MINUTES", "5")),
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCK_MINUTES": int(os.environ.get("LOGIN_LOCK_MINUTES", "15")),
        "LOGIN_CLIENT_MAX_FAILURES": int(os.environ.get("LOGIN_CLIENT_MAX_FAILURES", "20")),
        "LOGIN_GLOBAL_MAX_FAILURES": int(os.environ.get("LOGIN_GLOBAL_MAX_FAILURES", "300")),
        # Proxies in front of elearn whose X-Forwarded-For is believed; 0: none, use the peer.
        "TRUSTED_PROXY_COUNT": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
        "ASSIGNMENT_DUE_DAYS": int(os.environ.get("ASSIGNMENT_DUE_DAYS", "30")),
        "SUPPRESSION_MINIMUM": int(os.environ.get("SUPPRESSION_MINIMUM", "5")),
        "COORDINATOR_COURSE": os.environ.get("COORDINATOR_COURSE", "fordjupning"),
        "COMPLETION_GOAL_PERCENT": int(os.environ.get("COMPLETION_GOAL_PERCENT", "100")),
        "REMINDER_DAYS_BEFORE": int(os.environ.get("REMINDER_DAYS_BEFORE", "7")),
        "REMINDER_INTERVAL_DAYS": int(os.environ.get("REMINDER_INTERVAL_DAYS", "7")),
        "LESSON_LINK_DAYS": int(os.environ.get("LESSON_LINK_DAYS", "30")),
        "RETENTION_MIN_DAYS": int(os.environ.get("RETENTION_MIN_DAYS", "14")),
        # Years after deactivation that a person's records are kept; unset: kept for good.
        "RECORDS_RETENTION_YEARS": int(os.environ.get("RECORDS_RETENTION_YEARS") or 0) or None,
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120 per minute"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Minutes without a request before a session ends: HR and admin, everyone else.
        "SESSION_IDLE_MINUTES_STAFF": int(os.environ.get("SESSION_IDLE_MINUTES_STAFF", "30")),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "120")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        # "Kom ihåg mig" (never for HR and admin) lasts this many days.
        "REMEMBER_DAYS": int(os.environ.get("REMEMBER_DAYS", "7")),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        # The app's log (stderr; under gunicorn its error log): INFO keeps logins, lockouts and
        # register extracts, besides the audit log table.
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "BABEL_DEFAULT_LOCALE": "sv",
        "LANGUAGES": ("sv", "en"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # A request body larger than this (an import file included) is refused with 413.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "10")) * 1024 * 1024,
    }
