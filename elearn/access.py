"""Who may do what: the one statement of elearn's access rules, and the guard every protected
view uses. A person sees only what their role allows; `tests/test_authorization.py` proves it
for every route."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])

# Each permission names the roles that hold it. Every signed-in person is a learner.
PERMISSIONS: dict[str, frozenset[str]] = {
    # people, departments, imports, invitations, register extracts of others
    "people.manage": frozenset({"hr", "admin"}),
    "campaigns.manage": frozenset({"hr", "admin"}),
    "surveys.manage": frozenset({"hr", "admin"}),
    # overview, drill-down, topics, retention: a coordinator only for their own department
    "reports.read": frozenset({"hr", "admin", "coordinator"}),
    # every department, the trends and the yearly lägesbild
    "reports.read_all": frozenset({"hr", "admin"}),
    # adopting (fastställa) a year's lägesbild for good: HR's decision, not IT's
    "reports.adopt": frozenset({"hr"}),
    # any course as a SCORM package for another LMS
    "courses.export": frozenset({"admin"}),
    # personal tokens for the REST API and SCIM provisioning
    "api_tokens.manage": frozenset({"admin"}),
    # the audit log of who read or changed whose personal data
    "audit.read": frozenset({"admin"}),
    # the organisation's names and contact routes (the course variables) on the settings page
    "organisation.manage": frozenset({"admin"}),
}


def may(permission: str, person: Any = None) -> bool:
    """Whether `person` (the signed-in person by default) holds `permission`."""
    person = current_user if person is None else person
    return bool(getattr(person, "is_authenticated", False)) and person.has_role(*PERMISSIONS[permission])


def requires(permission: str) -> Callable[[F], F]:
    """Signed in and holding `permission`, or 403."""
    roles = PERMISSIONS[permission]  # an unknown permission fails at import, not at request

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def init_app(app: Flask) -> None:
    app.jinja_env.globals["may"] = may
