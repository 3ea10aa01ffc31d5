from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from ..forms import KIND_CHOICES, CheckboxList


class CampaignForm(FlaskForm):
    name = StringField(
        _l("Namn"),
        description=_l("Till exempel ”Grundkursen våren 2027”."),
        validators=[DataRequired(_l("Skriv ett namn.")), Length(max=200)],
    )
    course_id = SelectField(_l("Kurs"))
    kinds = CheckboxList(_l("Vilka ska få kursen"), choices=KIND_CHOICES)
    department_ids = CheckboxList(_l("Förvaltningar"), coerce=int)
    start_on = DateField(_l("Första lektionen"), validators=[DataRequired(_l("Ange ett datum (ÅÅÅÅ-MM-DD)."))])
    every_days = IntegerField(
        _l("Dagar mellan lektionerna"),
        default=7,
        validators=[
            DataRequired(_l("Ange antal dagar.")),
            NumberRange(min=1, max=60, message=_l("Välj mellan 1 och 60 dagar.")),
        ],
    )
