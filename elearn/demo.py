"""A small invented organisation, so `make run` shows something real. Loaded only into an empty database."""

from __future__ import annotations

import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from . import clock
from .course_library import library
from .db import utcnow
from .extensions import db
from .learning.assignments import apply_assignment_rules
from .learning.service import submit_quiz
from .people.models import Department, Person
from .spaced.campaigns import CampaignPlan, start_campaign
from .surveys.demo import add_demo_rounds

DEMO_PASSWORD = "demo-losenord"  # noqa: S105  printed for the demo on purpose
DOMAIN = "stromsund.example"
# Invented department names in the shape Swedish municipalities use; not Strömsund's real ones.
DEPARTMENTS = [
    ("KLF", "Kommunledningsförvaltningen"),
    ("BUF", "Barn- och utbildningsförvaltningen"),
    ("SOC", "Socialförvaltningen"),
    ("SBF", "Samhällsbyggnadsförvaltningen"),
    ("KOF", "Kultur- och fritidsförvaltningen"),
]
FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Anders",
    "Sara",
    "Johan",
    "Emma",
    "Per",
    "Elin",
    "Mikael",
    "Hanna",
    "Nils",
    "Ida",
    "Olof",
    "Linnea",
    "Ahmed",
    "Fatima",
    "Jonas",
    "Sofia",
    "Gustav",
    "Amira",
    "Leo",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Jonsson",
    "Berg",
    "Lindqvist",
    "Hassan",
    "Sjöberg",
    "Holm",
    "Nyström",
    "Forsberg",
]
DEMO_LOGINS = [
    ("Administratör", f"admin@{DOMAIN}"),
    ("HR", f"hr@{DOMAIN}"),
    ("Säkerhetssamordnare (HR-roll)", f"sakerhet@{DOMAIN}"),
    ("Samordnare, BUF", f"samordnare.buf@{DOMAIN}"),
    ("Medarbetare", f"medarbetare@{DOMAIN}"),
    ("Förtroendevald", f"fortroendevald@{DOMAIN}"),
    ("Samverkanspartner", f"partner@{DOMAIN}"),
]


def load_demo_data() -> int | None:
    """Create the demo organisation and return how many people it has; None if the database
    already holds people (demo data must never mix with real data)."""
    if db.session.scalar(select(func.count()).select_from(Person)):
        return None
    rng = random.Random(2025)  # noqa: S311  the same demo on every machine
    password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")
    departments = {code: Department(code=code, name=name) for code, name in DEPARTMENTS}
    db.session.add_all(departments.values())
    people = [
        _person("Alva Admin", f"admin@{DOMAIN}", departments["KLF"], roles={"admin"}),
        _person("Hedda HR", f"hr@{DOMAIN}", departments["KLF"], roles={"hr"}),
        _person("Sune Säkerhet", f"sakerhet@{DOMAIN}", departments["KLF"], roles={"hr"}),
        _person("Berit Samordnare", f"samordnare.buf@{DOMAIN}", departments["BUF"], roles={"coordinator"}),
        _person("Maja Medarbetare", f"medarbetare@{DOMAIN}", departments["SOC"]),
        _person("Folke Förtroendevald", f"fortroendevald@{DOMAIN}", None, kind="elected"),
        _person("Petra Partner", f"partner@{DOMAIN}", None, kind="partner"),
    ]
    for code in ("KLF", "SOC", "SBF"):  # KOF is left without a coordinator, as a gap to find
        people.append(
            _person(_name(rng), f"samordnare.{code.lower()}@{DOMAIN}", departments[code], roles={"coordinator"})
        )
    for index in range(5):
        people.append(_person(_name(rng), f"politiker{index + 1}@{DOMAIN}", None, kind="elected"))
    for index in range(35):
        department = departments[DEPARTMENTS[index % len(DEPARTMENTS)][0]]
        people.append(_person(_name(rng), f"medarbetare{index + 1}@{DOMAIN}", department))
    for person in people:
        person.password_hash = password_hash
    db.session.add_all(people)
    db.session.flush()
    today = clock.today()
    apply_assignment_rules(db.session, people, library(), today, current_app.config["ASSIGNMENT_DUE_DAYS"])
    db.session.commit()
    _add_progress(people[7:], rng)
    _add_campaign(departments["SBF"], people[1].id)
    add_demo_rounds(db.session, people, library(), rng, current_app.config["SECRET_KEY"])
    return len(people)


def _add_campaign(department: Department, hr_id: int) -> None:
    """A nano-course campaign for one department, two weeks in, to show spaced lessons."""
    course = library().course("grundkurs")
    if course is None:
        return
    plan = CampaignPlan(
        name="Grundkursen som lektioner i mejlen",
        course=course,
        kinds=("employee",),
        department_ids=(department.id,),
        start_on=clock.today() - timedelta(days=14),
        every_days=7,
    )
    start_campaign(db.session, plan, hr_id, utcnow())


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _person(
    name: str, email: str, department: Department | None, kind: str = "employee", roles: set[str] | None = None
) -> Person:
    person = Person(name=name, email=email, department=department, kind=kind)
    person.set_roles(roles or set())
    return person


def _add_progress(people: list[Person], rng: random.Random) -> None:
    """Some people finished, some are halfway, the rest have not started."""
    course = library().course("grundkurs")
    if course is None:
        return
    for person in people:
        if person.kind != "employee":
            continue
        done = rng.choice([0, 0, 1, 2, len(course.modules), len(course.modules)])
        moment = utcnow() - timedelta(days=rng.randint(5, 60))
        for module in course.modules[:done]:
            right = {q.id: sorted(q.right_option_ids) for q in module.questions}
            submit_quiz(db.session, person, course, module, right, f"{rng.getrandbits(128):032x}", moment)
            moment += timedelta(minutes=4)
