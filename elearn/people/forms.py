from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ..form_checks import sane_date
from ..forms import KIND_CHOICES, ROLE_CHOICES, CheckboxList


class PersonForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Skriv namnet.")), Length(max=200)])
    email = EmailField(
        _l("E-postadress"),
        validators=[
            DataRequired(_l("Skriv e-postadressen.")),
            Email(_l("Skriv en giltig e-postadress.")),
            Length(max=254),
        ],
    )
    employee_id = StringField(
        _l("Anställningsnummer"),
        description=_l("Frivilligt. Används för att känna igen personen vid import."),
        validators=[Optional(), Length(max=40)],
    )
    department_id = SelectField(_l("Förvaltning"), coerce=int)
    kind = SelectField(_l("Typ"), choices=KIND_CHOICES)
    roles = CheckboxList(_l("Roller"), choices=ROLE_CHOICES)


class DepartmentForm(FlaskForm):
    code = StringField(
        _l("Kod"),
        description=_l("Kort och unik, till exempel BUF. Används i kursernas målgrupp och vid import."),
        validators=[
            DataRequired(_l("Skriv en kod.")),
            Length(max=40),
            Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Bara bokstäver a-z, siffror, - och _.")),
        ],
    )
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Skriv namnet.")), Length(max=200)])


class AssignmentForm(FlaskForm):
    course_id = SelectField(_l("Kurs"))
    due_on = DateField(
        _l("Klar senast"), validators=[Optional(), sane_date], description=_l("Lämna tomt för inget slutdatum.")
    )


class BulkForm(FlaskForm):
    """An action on the people ticked in the list; the course is needed to assign or remind."""

    action = SelectField(
        _l("Åtgärd"),
        choices=[
            SelectChoice("tilldela", _l("Tilldela kursen")),
            SelectChoice("paminn", _l("Påminn om kursen")),
            SelectChoice("bjud-in", _l("Skicka inbjudan")),
        ],
    )
    course_id = SelectField(_l("Kurs"))
    due_on = DateField(
        _l("Klar senast"), validators=[Optional(), sane_date], description=_l("Lämna tomt för inget slutdatum.")
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV-fil från HR-systemet"),
        description=_l("UTF-8 eller Excels CSV med semikolon. Första raden ska vara rubriker."),
        validators=[FileRequired(_l("Välj en fil.")), FileAllowed(["csv", "txt"], _l("Filen ska vara en CSV-fil."))],
    )
    map_employee_id = StringField(_l("Rubrik för anställningsnummer"), validators=[Optional(), Length(max=100)])
    map_name = StringField(_l("Rubrik för namn"), validators=[Optional(), Length(max=100)])
    map_email = StringField(_l("Rubrik för e-post"), validators=[Optional(), Length(max=100)])
    map_department = StringField(_l("Rubrik för förvaltning"), validators=[Optional(), Length(max=100)])
    map_kind = StringField(_l("Rubrik för typ eller roll"), validators=[Optional(), Length(max=100)])
    create_departments = BooleanField(_l("Skapa förvaltningar som saknas"))
    deactivate_missing = BooleanField(_l("Inaktivera personer som inte finns i filen (hel export)"))

    def mapping(self) -> dict[str, str]:
        fields = ("employee_id", "name", "email", "department", "kind")
        return {name: getattr(self, f"map_{name}").data.strip() for name in fields if getattr(self, f"map_{name}").data}


class ConfirmImportForm(FlaskForm):
    """Apply a previewed import: the stored file and the options travel in the form."""

    token = StringField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])
    # Asked for, and required, only when the import deactivates someone.
    confirm_deactivate = BooleanField(_l("Ja, inaktivera dem som saknas i filen"))
