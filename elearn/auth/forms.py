from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

MIN_PASSWORD_LENGTH = 10


class LoginForm(FlaskForm):
    email = EmailField(_l("E-postadress"), validators=[DataRequired(_l("Skriv din e-postadress."))])
    password = PasswordField(_l("Lösenord"), validators=[DataRequired(_l("Skriv ditt lösenord."))])
    remember = BooleanField(
        _l("Kom ihåg mig på den här enheten"),
        description=_l("Inte på en delad dator. Gäller inte konton för HR och administratörer."),
    )


class PasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nytt lösenord"),
        description=_l("Minst %(count)s tecken. En mening du kommer ihåg fungerar bra.", count=MIN_PASSWORD_LENGTH),
        validators=[
            DataRequired(_l("Skriv ett lösenord.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Lösenordet ska ha minst %(count)s tecken.", count=MIN_PASSWORD_LENGTH),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Skriv lösenordet igen"),
        validators=[EqualTo("password", message=_l("Lösenorden är inte lika."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-postadress"),
        validators=[DataRequired(_l("Skriv din e-postadress.")), Email(_l("Skriv en giltig e-postadress."))],
    )
