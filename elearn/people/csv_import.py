"""Importing people from an HR system's CSV export: read, check every row, preview, then apply
all or nothing. Importing the same file twice changes nothing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..input_guard import has_control_characters
from .history import change_moment, record_new_people
from .models import Department, Person, PersonRole

FIELDS = ("employee_id", "name", "first_name", "last_name", "email", "department", "kind")
HEADER_ALIASES = {
    "employee_id": (
        "anställningsnummer",
        "anstnr",
        "anst.nr",
        "anställningsnr",
        "personalnummer",
        "employee id",
        "employee_id",
    ),
    "name": ("namn", "fullständigt namn", "name", "full name"),
    "first_name": ("förnamn", "first name", "firstname"),
    "last_name": ("efternamn", "last name", "lastname"),
    "email": ("e-post", "epost", "e-postadress", "mejl", "mail", "email", "e-mail"),
    "department": ("förvaltning", "avdelning", "organisation", "department"),
    "kind": ("typ", "roll", "befattningstyp", "kind", "role"),
}
# A kind/role cell may hold several words, e.g. "medarbetare, samordnare".
KIND_WORDS: dict[str, tuple[str | None, str | None]] = {
    "medarbetare": ("employee", None),
    "anställd": ("employee", None),
    "employee": ("employee", None),
    "förtroendevald": ("elected", None),
    "politiker": ("elected", None),
    "elected": ("elected", None),
    "partner": ("partner", None),
    "samverkanspartner": ("partner", None),
    "samordnare": (None, "coordinator"),
    "coordinator": (None, "coordinator"),
    "hr": (None, "hr"),
    "admin": (None, "admin"),
    "administratör": (None, "admin"),
}
# A file with fewer employee ids than this share of the active people who have one is taken for
# an incomplete export when it would deactivate the rest.
NEAR_EMPTY_SHARE = 0.5
KEPT_ROLES = {"hr", "admin"}  # granted inside elearn; an HR export does not take them away


# A person just created, as (id, kind, roles, department code): all the course rules need.
Newcomer = tuple[int, str, frozenset[str], str | None]
CHUNK = 2000  # rows per INSERT, ids per IN (...) list: well under SQLite's limit on bound parameters


class CourseRules(Protocol):
    """What an import asks of the course assignment rules (`learning.assignments.Rules`); the
    caller passes them in, so the import and its courses are one transaction."""

    def apply(self, session: Session, people: Sequence[Person]) -> object: ...

    def assign_newcomers(self, session: Session, newcomers: Iterable[Newcomer]) -> object: ...


class ImportFileError(DomainError):
    """The file as a whole cannot be read (encoding, missing columns)."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass(frozen=True)
class Row:
    line: int
    employee_id: str | None
    name: str
    email: str
    department: str | None  # as written in the file
    kind: str
    roles: frozenset[str]


@dataclass
class ImportPlan:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    create: list[Row] = field(default_factory=list)
    update: list[tuple[int, Row]] = field(default_factory=list)  # (person id, row)
    unchanged: int = 0
    deactivate: list[int] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """What an applied import changed, as the audit log records it."""
        return f"{len(self.create)} nya, {len(self.update)} ändrade, {len(self.deactivate)} inaktiverade"


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or Excel's Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = decode(data)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _l("Filen går inte att läsa. Spara den som CSV (UTF-8) eller CSV (semikolonavgränsad)."),
            "file is neither UTF-8 nor Windows-1252",
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise ImportFileError(_l("Filen är tom."), "empty file")
    names = [h.strip().lower() for h in header if h.strip()]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ImportFileError(
            _l(
                "Kolumnen '%(column)s' finns flera gånger i rubrikraden: det går inte att veta vilken som gäller. "
                "Ta bort eller byt namn på den ena.",
                column=twice[0],
            ),
            "duplicate header column",
        )
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((reader.line_num, cells))
    return [h.strip() for h in header], rows


def resolve_columns(header: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, int]:
    """Which column holds which field: the user's mapping first, then the usual header names."""
    lowered = [h.lower() for h in header]
    columns: dict[str, int] = {}
    for name in FIELDS:
        wanted = (mapping or {}).get(name)
        if wanted:
            if wanted.lower() not in lowered:
                raise ImportFileError(
                    _l(
                        "Kolumnen '%(column)s' finns inte i filen. Rubriker i filen: %(header)s.",
                        column=wanted,
                        header=", ".join(header),
                    ),
                    "mapped column missing",
                )
            columns[name] = lowered.index(wanted.lower())
            continue
        for alias in HEADER_ALIASES[name]:
            if alias in lowered:
                columns[name] = lowered.index(alias)
                break
    if "email" not in columns:
        raise ImportFileError(
            _l("Ingen kolumn för e-post hittades. Rubriker i filen: %(header)s.", header=", ".join(header)),
            "no e-mail column",
        )
    if "name" not in columns and not {"first_name", "last_name"} <= set(columns):
        raise ImportFileError(
            _l("Ingen kolumn för namn hittades. Rubriker i filen: %(header)s.", header=", ".join(header)),
            "no name column",
        )
    return columns


def plan_import(
    session: Session,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    create_departments: bool = False,
    deactivate_missing: bool = False,
) -> ImportPlan:
    header, table = read_table(data)
    columns = resolve_columns(header, mapping)
    plan = ImportPlan(rows=len(table))
    known_departments = _department_index(session)
    rows = _parse_rows(table, columns, known_departments, create_departments, plan)
    _compare_with_database(session, rows, known_departments, plan)
    if deactivate_missing and plan.ok:
        seen_ids = {row.employee_id for row in rows if row.employee_id}
        compared = list(
            session.execute(
                select(Person.id, Person.employee_id).where(Person.active.is_(True), Person.employee_id.is_not(None))
            )
        )
        plan.deactivate = [person_id for person_id, employee_id in compared if employee_id not in seen_ids]
        _refuse_a_near_empty_file(plan, len(seen_ids), len(compared))
    return plan


def _refuse_a_near_empty_file(plan: ImportPlan, ids_in_file: int, active_with_ids: int) -> None:
    """An export that stopped after its header (or a test file) would deactivate everyone."""
    if plan.deactivate and ids_in_file < active_with_ids * NEAR_EMPTY_SHARE:
        raise ImportFileError(
            _l(
                "Filen har bara %(in_file)s anställningsnummer men %(active)s aktiva personer har ett, så "
                "%(count)s skulle inaktiveras. Det ser ut som en ofullständig export: ta fram en hel export ur "
                "personalsystemet, eller importera utan ”inaktivera de som saknas”.",
                in_file=ids_in_file,
                active=active_with_ids,
                count=len(plan.deactivate),
            ),
            "near-empty file with deactivate-missing",
        )


def _department_index(session: Session) -> dict[str, Department]:
    index: dict[str, Department] = {}
    for department in session.scalars(select(Department)):
        index[department.code.lower()] = department
        index[department.name.lower()] = department
    return index


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _parse_rows(
    table: list[tuple[int, list[str]]],
    columns: dict[str, int],
    departments: dict[str, Department],
    create_departments: bool,
    plan: ImportPlan,
) -> list[Row]:
    rows: list[Row] = []
    first_line_of_email: dict[str, int] = {}
    first_line_of_id: dict[str, int] = {}
    new_departments: dict[str, str] = {}
    for line, cells in table:
        problems = []
        if any(has_control_characters(cell) for cell in cells):
            problems.append(_("raden innehåller kontrolltecken (osynliga tecken som inte hör hemma i text)"))
        name = _cell(cells, columns, "name") or " ".join(
            part for part in (_cell(cells, columns, "first_name"), _cell(cells, columns, "last_name")) if part
        )
        if not name:
            problems.append(_("namn saknas"))
        raw_email = _cell(cells, columns, "email")
        email = ""
        if not raw_email:
            problems.append(_("e-postadress saknas"))
        else:
            try:
                email = validate_email(raw_email, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                problems.append(_("ogiltig e-postadress '%(email)s'", email=raw_email))
        employee_id = _cell(cells, columns, "employee_id") or None
        department = _cell(cells, columns, "department") or None
        if department and department.lower() not in departments:
            if create_departments:
                new_departments.setdefault(department.lower(), department)
            else:
                problems.append(_("okänd förvaltning '%(department)s'", department=department))
        kind, roles, unknown = _kind_and_roles(_cell(cells, columns, "kind"))
        if unknown:
            problems.append(_("okänd typ eller roll '%(value)s'", value=unknown))
        if email and email in first_line_of_email:
            problems.append(_("e-postadressen finns redan på rad %(line)s", line=first_line_of_email[email]))
        if employee_id and employee_id in first_line_of_id:
            problems.append(_("anställningsnumret finns redan på rad %(line)s", line=first_line_of_id[employee_id]))
        if email:
            first_line_of_email.setdefault(email, line)
        if employee_id:
            first_line_of_id.setdefault(employee_id, line)
        problems += _too_long(name, email or raw_email, employee_id, department if department else None)
        if problems:
            message = "; ".join(problems)
            plan.problems.append(RowProblem(line, message[0].upper() + message[1:] + "."))
        else:
            rows.append(Row(line, employee_id, name, email, department, kind, roles))
    plan.new_departments = sorted(new_departments.values())
    return rows


def _too_long(name: str, email: str, employee_id: str | None, department: str | None) -> list[str]:
    """What the database would refuse (PostgreSQL does; SQLite would store it): checked here so
    that a preview without problems always applies."""
    limits = [
        (_("namnet"), name, Person.name),
        (_("e-postadressen"), email, Person.email),
        (_("anställningsnumret"), employee_id, Person.employee_id),
        (_("förvaltningens namn"), department, Department.name),
    ]
    return [
        _("%(what)s är längre än %(count)s tecken", what=what, count=column.type.length)
        for what, value, column in limits
        if value and len(value) > column.type.length
    ]


def _kind_and_roles(cell: str) -> tuple[str, frozenset[str], str | None]:
    kind, roles = "employee", set()
    for word in (w.strip().lower() for w in re.split(r"[,/+|]", cell) if w.strip()):
        if word not in KIND_WORDS:
            return kind, frozenset(roles), word
        word_kind, word_role = KIND_WORDS[word]
        kind = word_kind or kind
        if word_role:
            roles.add(word_role)
    return kind, frozenset(roles), None


def _compare_with_database(
    session: Session, rows: list[Row], departments: dict[str, Department], plan: ImportPlan
) -> None:
    people = list(session.scalars(select(Person)))
    by_employee_id = {p.employee_id: p for p in people if p.employee_id}
    by_email = {p.email.lower(): p for p in people}
    for row in rows:
        person = (by_employee_id.get(row.employee_id) if row.employee_id else None) or by_email.get(row.email)
        owner = by_email.get(row.email)
        if person is not None and owner is not None and owner.id != person.id:
            plan.problems.append(RowProblem(row.line, f"E-postadressen {row.email} används redan av {owner.name}."))
        elif person is None:
            plan.create.append(row)
        elif _differs(person, row, departments):
            plan.update.append((person.id, row))
        else:
            plan.unchanged += 1


def _wanted_roles(person: Person | None, row: Row) -> set[str]:
    kept = (person.roles & KEPT_ROLES) if person else set()
    return set(row.roles) | set(kept)


def _differs(person: Person, row: Row, departments: dict[str, Department]) -> bool:
    department = departments.get(row.department.lower()) if row.department else None
    return (
        person.name != row.name
        or person.email.lower() != row.email
        or (row.employee_id is not None and person.employee_id != row.employee_id)
        or person.department_id != (department.id if department else None)
        or person.kind != row.kind
        or set(person.roles - {"learner"}) != _wanted_roles(person, row)
        or not person.active
    )


def apply_import(session: Session, plan: ImportPlan, rules: CourseRules) -> None:
    """Carry out a checked plan in one transaction, courses included: everything or nothing."""
    if not plan.ok:
        raise ImportFileError(_l("Filen har fel; inget har ändrats."), "plan has problems")
    try:
        departments = _department_index(session)
        for name in plan.new_departments:
            department = Department(code=_new_code(name, departments), name=name)
            session.add(department)
            departments[name.lower()] = departments[department.code.lower()] = department
        session.flush()
        _create_people(session, plan.create, departments, rules)
        changed: list[Person] = []
        people = (
            {p.id: p for p in session.scalars(select(Person).where(Person.id.in_([pid for pid, _ in plan.update])))}
            if plan.update
            else {}
        )
        for person_id, row in plan.update:
            _fill(people[person_id], row, departments)
            changed.append(people[person_id])
        for chunk_start in range(0, len(plan.deactivate), 2000):
            ids = plan.deactivate[chunk_start : chunk_start + 2000]
            for person in session.scalars(select(Person).where(Person.id.in_(ids))):
                person.active = False
        session.flush()
        rules.apply(session, changed)
        session.commit()
    except Exception:
        session.rollback()
        raise


def _create_people(session: Session, rows: list[Row], departments: dict[str, Department], rules: CourseRules) -> None:
    """New people, their roles and their courses, in bulk: an HR system's first export holds
    every employee, and one ORM object at a time takes minutes for a large municipality."""

    def department_of(row: Row) -> Department | None:
        return departments.get(row.department.lower()) if row.department else None

    ids: dict[str, int] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values = [
            {
                "name": row.name,
                "email": row.email,
                "employee_id": row.employee_id,
                "department_id": department.id if (department := department_of(row)) else None,
                "kind": row.kind,
                "active": True,
            }
            for row in chunk
        ]
        ids.update(session.execute(insert(Person).returning(Person.email, Person.id), values).all())
    roles = [{"person_id": ids[row.email], "role": role} for row in rows for role in sorted(_wanted_roles(None, row))]
    if roles:
        session.execute(insert(PersonRole), roles)
    newcomers = [
        (
            ids[row.email],
            row.kind,
            frozenset({"learner", *row.roles}),
            department.code if (department := department_of(row)) else None,
        )
        for row in rows
    ]
    rules.assign_newcomers(session, newcomers)
    # A bulk insert bypasses the ORM's flush, where history is otherwise written.
    record_new_people(session.connection(), ids.values(), change_moment(session))


def _fill(person: Person, row: Row, departments: dict[str, Department]) -> None:
    roles = _wanted_roles(person if person.id else None, row)
    person.name = row.name
    person.email = row.email
    if row.employee_id:
        person.employee_id = row.employee_id
    person.department = departments.get(row.department.lower()) if row.department else None
    person.kind = row.kind
    person.active = True
    person.set_roles(roles)


def _new_code(name: str, departments: dict[str, Department]) -> str:
    words = re.findall(r"\w+", name)
    base = (name if len(name) <= 12 and len(words) == 1 else "".join(w[0] for w in words)).upper()[:12] or "FORV"
    code, number = base, 2
    while code.lower() in departments:
        code, number = f"{base}{number}", number + 1
    return code
