"""Form vocabulary shared by every capability: the kinds of person, the roles, checkbox lists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from .content.model import KINDS, ROLES


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


KIND_CHOICES = [
    SelectChoice("employee", _l("Medarbetare")),
    SelectChoice("elected", _l("Förtroendevald")),
    SelectChoice("partner", _l("Samverkanspartner")),
]
ROLE_CHOICES = [
    SelectChoice("coordinator", _l("Samordnare för förvaltningen")),
    SelectChoice("hr", _l("HR/uppföljning")),
    SelectChoice("admin", _l("Administratör")),
]
assert {c.value for c in KIND_CHOICES} == set(KINDS)
KIND_NAMES = {c.value: c.label for c in KIND_CHOICES}
assert {c.value for c in ROLE_CHOICES} | {"learner"} == set(ROLES)
ROLE_NAMES = {c.value: c.label for c in ROLE_CHOICES}
