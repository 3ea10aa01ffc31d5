from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from ..forms import CheckboxList
from .tokens import SCOPES

SCOPE_CHOICES = [
    SelectChoice("people:read", _l("Läsa personer, förvaltningar, tilldelningar och status (people:read)")),
    SelectChoice("reports:read", _l("Läsa rapporternas sammanställningar (reports:read)")),
    SelectChoice("scim", _l("Hantera personer och förvaltningar från en katalog, SCIM (scim)")),
]
assert [c.value for c in SCOPE_CHOICES] == list(SCOPES)


class TokenForm(FlaskForm):
    name = StringField(
        _l("Vad nyckeln är till för"),
        description=_l("Till exempel ”Lönesystemet” eller ”Power BI”."),
        validators=[DataRequired(_l("Skriv vad nyckeln är till för.")), Length(max=100)],
    )
    scopes = CheckboxList(
        _l("Behörigheter"),
        choices=SCOPE_CHOICES,
        validators=[DataRequired(_l("Välj minst en behörighet."))],
    )
    days = IntegerField(
        _l("Giltig i antal dagar"),
        default=365,
        validators=[
            DataRequired(_l("Ange hur många dagar nyckeln ska gälla.")),
            NumberRange(1, 730, _l("Välj mellan 1 och 730 dagar.")),
        ],
    )
