"""The settings form, built from the list of course variables in config.py, so a variable added
there appears on the page with no change here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from .service import problem_with

# Labels for the variables known today; a new one is shown by its variable name until it gets one.
LABELS = {
    "name": _l("Organisationens namn"),
    "vbe_email": _l("VBE-gruppens e-postadress"),
    "vbe_group": _l("VBE-gruppens namn"),
    "vbe_coordinator": _l("Samordnaren mot våldsbejakande extremism (titel eller namn)"),
    "security_coordinator": _l("Säkerhetssamordnaren (titel eller namn)"),
    "security_email": _l("Säkerhetssamordnarens e-postadress"),
    "social_services": _l("Socialtjänsten (dit orosanmälningar om barn går)"),
    "plan_name": _l("Handlingsplanens namn"),
    "plan_url": _l("Handlingsplanens webbadress"),
    "social_services_phone": _l("Socialtjänstens telefonnummer"),
    "social_services_after_hours": _l("Socialtjänsten utanför kontorstid (till exempel socialjouren)"),
    "community_police": _l("Kommunpolisen och hur man når hen"),
    "crime_prevention_council": _l("Det lokala brottsförebyggande rådet"),
}


def _check(key: str) -> Callable[[FlaskForm, StringField], None]:
    def check(form: FlaskForm, field: StringField) -> None:
        field.data = (field.data or "").strip()
        problem = problem_with(key, field.data)
        if problem:
            raise ValidationError(str(problem))

    return check


def settings_form(values: Mapping[str, str], formdata: object = None) -> FlaskForm:
    fields = {
        key: StringField(LABELS.get(key, key), description=f"{{{{ org.{key} }}}}", validators=[_check(key)])
        for key in values
    }
    form_class = type("OrganisationForm", (FlaskForm,), fields)
    return form_class(data=dict(values)) if formdata is None else form_class()


def submitted(form: FlaskForm, keys: list[str]) -> dict[str, str]:
    return {key: form[key].data for key in keys}
