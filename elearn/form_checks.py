"""Form checks shared by several capabilities: dates within reason, and a one-time token that
makes a creation form safe to send twice (a double click starts one campaign, not two)."""

from __future__ import annotations

import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field, HiddenField
from wtforms.form import BaseForm
from wtforms.validators import Optional, Regexp, ValidationError

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def sane_date(form: BaseForm, field: DateField) -> None:
    """Schedules add weeks to these dates: 9999-12-31 would overflow, and no plan reaches it."""
    if field.data is not None and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(
            _l("Ange ett datum mellan %(first)s och %(last)s.", first=EARLIEST.isoformat(), last=LATEST.isoformat())
        )


def form_token_field() -> Field:
    """A hidden field with a fresh random token on each new form; stored with what the form
    creates under a unique constraint, so the second of two identical posts finds the first."""
    return HiddenField(default=lambda: secrets.token_hex(16), validators=[Optional(), Regexp(r"^[0-9a-f]{32}$")])
