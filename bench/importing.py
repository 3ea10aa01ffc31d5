"""An HR system's export of a whole municipality, imported through elearn's own import path
(read, check every row, plan, apply), as HR does it from the import page."""

from __future__ import annotations

import random
import time

from flask import Flask

from elearn.course_library import library
from elearn.db import utcnow
from elearn.extensions import db
from elearn.learning.assignments import Rules
from elearn.people import csv_import

from .organisation import DEPARTMENTS, FIRST_NAMES, LAST_NAMES, email_part, generate

HEADER = "Anställningsnummer;Förnamn;Efternamn;E-post;Förvaltning;Typ"


def export(people: int, seed: int = 7) -> bytes:
    """A semicolon-separated UTF-8 export, as Excel saves it: employees, a coordinator or two per
    department, and elected officials without a department."""
    rng = random.Random(seed)  # noqa: S311  reproducible data
    lines = [HEADER]
    for index in range(people):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if index % 100 == 99:
            kind, department = "förtroendevald", ""
        else:
            kind = "medarbetare, samordnare" if index % 1000 == 1 else "medarbetare"
            department = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))][1]
        email = f"{email_part(first)}.{email_part(last)}.{index}@kommun.example"
        lines.append(f"{200000 + index};{first};{last};{email};{department};{kind}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def timed_import(app: Flask, data: bytes) -> tuple[float, int]:
    """Seconds to plan and apply the import into an organisation that has its departments but no
    people yet, and how many people it created."""
    with app.app_context():
        generate(db.session, library(), people=0, departments=len(DEPARTMENTS))
        start = time.perf_counter()
        plan = csv_import.plan_import(db.session, data)
        csv_import.apply_import(db.session, plan, Rules(library(), utcnow().date(), app.config["ASSIGNMENT_DUE_DAYS"]))
        seconds = time.perf_counter() - start
        if not plan.ok:
            raise RuntimeError(f"the generated export has problems: {plan.problems[:3]}")
        db.session.remove()
        return seconds, len(plan.create)
