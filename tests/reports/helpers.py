"""Building an organisation's past for the figures that are counted from history."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from sqlalchemy import update

from elearn.extensions import db
from elearn.learning.history import AssignmentHistory
from elearn.learning.models import Assignment
from elearn.people.history import PersonHistory, PersonRoleHistory
from elearn.people.models import Department, Person


def date_back(app: Flask, moment: datetime) -> None:
    """Everyone and everything made so far has existed, as it is now, since `moment`."""
    with app.app_context():
        for table in (Department, Person, Assignment):
            db.session.execute(update(table).values(created_at=moment))
        for table in (PersonHistory, PersonRoleHistory, AssignmentHistory):
            db.session.execute(update(table).values(valid_from=moment))
        db.session.commit()
