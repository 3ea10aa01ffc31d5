"""The shared layout's header (skip link, brand and navigation) and footer, drawn once per process
for each (language, organisation name, navigation variant, current entry) and filled in on each
request with what differs: the CSRF token of the logout form and the address the language link
returns to. Drawing them on every request, with a dozen translated strings, URLs and access
checks, cost about as much as a learner's page's own work (docs/performance.md)."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .access import may
from .i18n import current_locale

# The main menu: (endpoint, the permission that shows it, label); None: everyone signed in. The own
# department is a coordinator's who does not read every department's reports.
OWN_DEPARTMENT = "reports.drill_down"
MENU = (
    ("learning.dashboard", None, _l("Mina kurser")),
    ("reports.overview", "reports.read_all", _l("Rapport")),
    ("people.people", "people.manage", _l("Personer")),
    ("people.departments", "people.manage", _l("Förvaltningar")),
    ("campaigns.campaign_list", "campaigns.manage", _l("Kampanjer")),
    ("surveys.rounds", "surveys.manage", _l("Enkäter")),
    (OWN_DEPARTMENT, "reports.read", _l("Min förvaltning")),
    ("scorm.courses", "courses.export", _l("SCORM-export")),
    ("api_tokens.tokens", "api_tokens.manage", _l("API-nycklar")),
    ("audit.audit_log", "audit.read", _l("Logg")),
    ("organisation.settings", "organisation.manage", _l("Organisationen")),
)
_MENU_ENDPOINTS = frozenset(endpoint for endpoint, _, _ in MENU)
# Where each request's own value goes; never in a URL, a translation or a name, and unchanged by
# escaping.
_CSRF_SLOT = "\x00csrf\x00"
_RETURN_SLOT = "\x00next\x00"


def init_app(app: Flask) -> None:
    app.extensions["elearn.layout"] = {}
    app.jinja_env.globals.update(site_header=site_header, site_footer=site_footer)


def site_header() -> Markup:
    signed_in = bool(current_user.is_authenticated)
    roles = frozenset(current_user.roles) if signed_in else frozenset()
    own = current_user.department_id if signed_in and may("reports.read") and not may("reports.read_all") else None
    active = request.endpoint if request.endpoint in _MENU_ENDPOINTS else None
    html = _drawn("header", (signed_in, roles, own, active), signed_in=signed_in, own_department=own, active=active)
    return html.replace(_CSRF_SLOT, generate_csrf()) if signed_in else html


def site_footer() -> Markup:
    signed_in = bool(current_user.is_authenticated)
    other = "en" if current_locale() == "sv" else "sv"
    html = _drawn("footer", (signed_in,), signed_in=signed_in, other_language=other)
    back = url_for("i18n.choose_language", language=other, next=request.full_path)
    return html.replace(_RETURN_SLOT, back)


def _drawn(part: str, variant: tuple[object, ...], **context: object) -> Markup:
    """The part as drawn for this variant; Markup's replace escapes what goes into a slot."""
    locale = current_locale()
    key = (part, locale, request.script_root, current_app.config["ORG"]["name"], *variant)
    drawn = current_app.extensions["elearn.layout"]
    if key not in drawn:
        template = current_app.jinja_env.get_template(f"_site_{part}.html")
        drawn[key] = Markup(  # noqa: S704  our own template, escaped as it was drawn
            template.render(
                menu=MENU,
                own_department_entry=OWN_DEPARTMENT,
                csrf_slot=_CSRF_SLOT,
                return_slot=_RETURN_SLOT,
                org=current_app.config["ORG"],
                **context,
            )
        )
    return drawn[key]
