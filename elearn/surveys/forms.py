from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..forms import KIND_CHOICES, CheckboxList
from .service import Answers, Questions

HELP_OPTIONS_MAX = 10


def at_least_one(message: str):
    """Like DataRequired, but without marking every checkbox of a list as required."""

    def check(form: FlaskForm, field: CheckboxList) -> None:
        if not field.data:
            raise ValidationError(message)

    return check


class RoundSettingsForm(FlaskForm):
    """What can change while a round runs: its name, dates and audience."""

    name = StringField(
        _l("Namn"),
        description=_l("Till exempel ”Kunskapsbehov hos förtroendevalda 2026”. Visas för dem som svarar."),
        validators=[DataRequired(_l("Skriv ett namn.")), Length(max=200)],
    )
    opens_on = DateField(_l("Första svarsdag"), validators=[DataRequired(_l("Ange ett datum (ÅÅÅÅ-MM-DD)."))])
    closes_on = DateField(
        _l("Sista svarsdag"),
        description=_l("Resultaten visas dagen efter, när ingen längre kan svara."),
        validators=[DataRequired(_l("Ange ett datum (ÅÅÅÅ-MM-DD)."))],
    )
    kinds = CheckboxList(
        _l("Vilka som tillfrågas"),
        choices=KIND_CHOICES,
        validators=[at_least_one(_l("Välj minst en typ av person."))],
    )
    departments = CheckboxList(
        _l("Bara dessa förvaltningar (frivilligt)"),
        coerce=int,
        description=_l("Lämna tomt för alla."),
    )


class RoundForm(RoundSettingsForm):
    """A round with its questions, which are fixed once someone has answered."""

    topics = CheckboxList(
        _l("Ämnen att skatta sin kunskap i (1–5)"), validators=[at_least_one(_l("Välj minst ett ämne."))]
    )
    help_options = TextAreaField(
        _l("Svarsalternativ till ”Vad skulle hjälpa dig mest?”"),
        description=_l("Ett alternativ per rad, högst 10. Den som svarar kan välja flera."),
        render_kw={"rows": 7},
    )
    free_text_question = StringField(
        _l("Fritextfrågan"),
        validators=[DataRequired(_l("Skriv frågan.")), Length(max=300)],
    )

    def validate_help_options(self, field: TextAreaField) -> None:
        options = self.option_lines()
        if len(options) > HELP_OPTIONS_MAX:
            raise ValidationError(_l("Högst %(count)s alternativ.", count=HELP_OPTIONS_MAX))
        if any(len(option) > 200 for option in options):
            raise ValidationError(_l("Ett alternativ får vara högst 200 tecken."))

    def option_lines(self) -> list[str]:
        lines = [line.strip() for line in (self.help_options.data or "").splitlines()]
        return list(dict.fromkeys(line for line in lines if line))  # no blanks, no duplicates

    def questions(self) -> Questions:
        return Questions(list(self.topics.data or []), self.option_lines(), self.free_text_question.data or "")


def answers_from_form(form: MultiDict, topics: list[str], options: list[str]) -> Answers:
    """Read the answer form. Values that are not among the choices are kept, so that the
    service refuses them rather than dropping them silently."""
    ratings: dict[str, int] = {}
    for topic in topics:
        value = form.get(f"amne-{topic}", "")
        if value:
            ratings[topic] = int(value) if value.isdigit() else 0
    chosen = form.getlist("hjalp")
    choices = [options[int(v)] if v.isdigit() and int(v) < len(options) else v for v in chosen]
    return Answers(ratings, choices, (form.get("fritext") or "").strip())
