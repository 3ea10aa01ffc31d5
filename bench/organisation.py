"""A deterministic invented organisation for the benchmarks: departments, people with roles,
their assignments, and a history of quiz attempts, answers per topic, completions and expiries.

Rows go into the project's own tables, through their columns' own type handling, in bulk, so
50,000 people take seconds, not minutes. The same seed gives the same organisation.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.orm import Session

from elearn.content import Course, Library, Module, grade
from elearn.demo import FIRST_NAMES, LAST_NAMES
from elearn.learning.models import Assignment, CourseCompletion, ModuleAttempt, QuestionResult
from elearn.learning.service import CODE_ALPHABET, add_months
from elearn.people.models import Department, Person, PersonRole

CHUNK = 10_000
DOMAIN = "kommun.example"
# Invented names in the shape Swedish municipalities use, with a weight for their size.
DEPARTMENTS = [
    ("BUF", "Barn- och utbildningsförvaltningen", 14),
    ("VOF", "Vård- och omsorgsförvaltningen", 13),
    ("SOC", "Socialförvaltningen", 8),
    ("GYF", "Gymnasieförvaltningen", 5),
    ("FSF", "Förskoleförvaltningen", 6),
    ("SBF", "Samhällsbyggnadsförvaltningen", 4),
    ("KOF", "Kultur- och fritidsförvaltningen", 3),
    ("KLF", "Kommunledningsförvaltningen", 3),
    ("TEK", "Tekniska förvaltningen", 4),
    ("MIF", "Miljöförvaltningen", 1),
    ("AMF", "Arbetsmarknadsförvaltningen", 2),
    ("IFO", "Individ- och familjeomsorgen", 4),
    ("RTJ", "Räddningstjänsten", 2),
    ("SEF", "Serviceförvaltningen", 3),
    ("FAF", "Fastighetsförvaltningen", 2),
    ("MÅF", "Måltidsförvaltningen", 3),
    ("EKF", "Ekonomiförvaltningen", 1),
    ("PEF", "Personalförvaltningen", 1),
    ("DIF", "Digitaliseringsförvaltningen", 1),
    ("ÖFF", "Överförmyndarförvaltningen", 1),
    ("STF", "Stadsbyggnadsförvaltningen", 2),
    ("LSS", "Funktionsstödsförvaltningen", 5),
    ("VUX", "Vuxenutbildningsförvaltningen", 2),
    ("FRI", "Fritidsförvaltningen", 2),
    ("KUF", "Kulturförvaltningen", 2),
]
ELECTED_SHARE = 0.01
PARTNER_SHARE = 0.005
UNCOVERED_EVERY = 12  # every twelfth department has no coordinator: a gap for the report to flag


@dataclass
class Counts:
    departments: int = 0
    people: int = 0
    roles: int = 0
    assignments: int = 0
    attempts: int = 0
    question_results: int = 0
    completions: int = 0
    expired: int = 0
    not_started: list[int] = field(default_factory=list)  # people with nothing attempted, e.g. for a burst
    hr: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Graded:
    answers: dict[str, list[str]]
    score: int
    passed: bool
    correct: tuple[bool, ...]


class _Ids:
    """Explicit primary keys, so child rows can point at parents without a round trip."""

    def __init__(self, session: Session) -> None:
        self._next = {
            model: (session.scalar(select(func.max(model.id))) or 0) + 1
            for model in (Department, Person, Assignment, ModuleAttempt, QuestionResult, CourseCompletion)
        }

    def take(self, model: type) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value


class _Batch:
    """Rows per table, written out in chunks, parents before children.

    Values pass through each column's own bind processing (UTC datetimes, JSON, booleans), then
    go to the driver in bulk: executemany on SQLite, COPY on PostgreSQL. The ORM's executemany
    spends most of its time building parameters row by row, which at a million rows is minutes.
    """

    ORDER = (Department, Person, PersonRole, Assignment, ModuleAttempt, QuestionResult, CourseCompletion)

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[type, list[dict[str, Any]]] = {model: [] for model in self.ORDER}
        self.written: dict[type, int] = dict.fromkeys(self.ORDER, 0)

    def add(self, model: type, row: dict[str, Any]) -> None:
        self.rows[model].append(row)

    def flush(self, force: bool = False) -> None:
        if not force and len(self.rows[QuestionResult]) < CHUNK * 4:
            return
        connection = self.session.connection()
        for model in self.ORDER:
            rows = self.rows[model]
            if rows:
                _write(connection, model.__table__, rows)  # type: ignore[attr-defined]
            self.written[model] += len(rows)
            rows.clear()


def _write(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    names = list(rows[0])
    dialect = connection.dialect
    processors = [
        (index, processor, {})
        for index, name in enumerate(names)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    pick = itemgetter(*names)
    values = []
    for row in rows:
        value = list(pick(row))
        for index, processor, seen in processors:
            # Rows share values (an attempt's moment, a graded answer set): process each once.
            original = value[index]
            key = id(original)
            if key not in seen:
                seen[key] = processor(original)
            value[index] = seen[key]
        values.append(value)
    driver = connection.connection.dbapi_connection
    columns = ", ".join(names)
    if dialect.name == "postgresql":
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)
    else:
        marks = ", ".join("?" for _ in names)
        driver.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values)  # noqa: S608  fixed names


def generate(
    session: Session,
    library: Library,
    people: int = 50_000,
    departments: int = 25,
    seed: int = 2025,
    now: datetime | None = None,
    password_hash: str | None = None,
) -> Counts:
    """Create an organisation of `people` in `departments` departments and commit it."""
    from elearn.db import utcnow

    builder = _Builder(session, library, random.Random(seed), now or utcnow(), password_hash)  # noqa: S311
    builder.departments(departments)
    kinds = _kinds(people, builder.rng)
    for kind in kinds:
        builder.person(kind)
        builder.batch.flush()
    builder.batch.flush(force=True)
    _sync_sequences(session)
    session.commit()
    return builder.counts()


def _kinds(people: int, rng: random.Random) -> list[str]:
    elected = round(people * ELECTED_SHARE)
    partners = round(people * PARTNER_SHARE)
    kinds = ["elected"] * elected + ["partner"] * partners + ["employee"] * (people - elected - partners)
    rng.shuffle(kinds)
    return kinds


def _days_until_all_open(course: Course) -> int:
    """Days from assignment until a spaced course's last module opens (0 when all open at once)."""
    if not course.delivery.spaced or course.delivery.dates:
        return 0
    return course.delivery.every_days * (len(course.modules) - 1) + 1


class _Builder:
    """The organisation's state while it is made: ids, pending rows, and what was made."""

    def __init__(
        self, session: Session, library: Library, rng: random.Random, now: datetime, password_hash: str | None
    ) -> None:
        self.library, self.rng, self.now, self.password_hash = library, rng, now, password_hash
        self.ids = _Ids(session)
        self.batch = _Batch(session)
        self.made = Counts()
        # How likely a first try at a question on each topic is right: some topics are harder.
        self.skill = {key: 0.82 + 0.16 * rng.random() for key in sorted(library.topics)}
        self.graded: dict[tuple[str, str, tuple[bool, ...]], Graded] = {}
        self.codes = _certificate_codes(rng)
        self.department_rows: list[dict[str, Any]] = []
        self.weights: list[int] = []
        self.coordinators_wanted: dict[int, int] = {}
        # Nobody joined so recently that a spaced course still has modules to open: the benchmark
        # measures module pages and quiz answers, not "opens later" pages.
        self.newest_join_days = max([20, *(_days_until_all_open(c) for c in library.courses.values())])

    def counts(self) -> Counts:
        written = self.batch.written
        self.made.people, self.made.assignments = written[Person], written[Assignment]
        self.made.attempts, self.made.question_results = written[ModuleAttempt], written[QuestionResult]
        self.made.completions = written[CourseCompletion]
        return self.made

    def departments(self, count: int) -> None:
        chosen = (DEPARTMENTS * (count // len(DEPARTMENTS) + 1))[:count]
        for index, (code, name, weight) in enumerate(chosen):
            suffix = f"-{index // len(DEPARTMENTS) + 1}" if index >= len(DEPARTMENTS) else ""
            row = {
                "id": self.ids.take(Department),
                "code": code + suffix,
                "name": name + suffix,
                "active": True,
                "created_at": self.now - timedelta(days=1200),
            }
            self.batch.add(Department, row)
            self.department_rows.append(row)
            self.weights.append(weight)
            uncovered = index % UNCOVERED_EVERY == UNCOVERED_EVERY - 1
            self.coordinators_wanted[row["id"]] = 0 if uncovered else 1 + self.rng.randrange(3)
        self.made.departments = len(chosen)

    def person(self, kind: str) -> None:
        rng = self.rng
        department = rng.choices(self.department_rows, self.weights)[0] if kind == "employee" else None
        roles: set[str] = set()
        if department is not None and self.coordinators_wanted[department["id"]] > 0:
            self.coordinators_wanted[department["id"]] -= 1
            roles.add("coordinator")
        elif kind == "employee" and len(self.made.hr) < 3:
            roles.add("hr")
        person_id = self.ids.take(Person)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        joined = self.now - timedelta(days=rng.randint(self.newest_join_days, 1000))
        active = rng.random() > 0.01 or "hr" in roles
        self.batch.add(
            Person,
            {
                "id": person_id,
                "name": f"{first} {last}",
                "email": f"{email_part(first)}.{email_part(last)}.{person_id}@{DOMAIN}",
                "employee_id": f"B{person_id:07d}",
                "department_id": department["id"] if department else None,
                "kind": kind,
                "active": active,
                "password_hash": self.password_hash,
                "locale": None,
                "invited_at": joined,
                "created_at": joined,
                "updated_at": joined,
            },
        )
        for role in sorted(roles):
            self.batch.add(PersonRole, {"person_id": person_id, "role": role})
            self.made.roles += 1
        if "hr" in roles:
            self.made.hr.append(person_id)
        code = department["code"] if department else None
        started = False
        for course in self.library.courses.values():
            if course.audience.includes(kind, roles, code):
                self.batch.add(
                    Assignment,
                    {
                        "id": self.ids.take(Assignment),
                        "person_id": person_id,
                        "course_id": course.id,
                        "due_on": (joined + timedelta(days=30)).date(),
                        "source": "rule",
                        "created_at": joined,
                    },
                )
                required = course.modules_for(kind, {"learner", *roles}, code)
                started |= _History(self, person_id, course).play(required, joined)
        if not started and kind == "employee" and active:
            self.made.not_started.append(person_id)


class _History:
    """One person's story with one course: never started, partway, completed, expired, refreshed."""

    def __init__(self, builder: _Builder, person_id: int, course: Course) -> None:
        self.builder, self.rng, self.now = builder, builder.rng, builder.now
        self.person_id, self.course = person_id, course
        self.tries: dict[str, int] = {}

    def play(self, required: Sequence[Module], assigned: datetime) -> bool:
        """Whether anything was attempted."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.25 or not required:
            return False
        moment = assigned + timedelta(days=rng.randint(0, 45), minutes=rng.randint(0, 600))
        if roll < 0.40:  # started, not finished
            self._modules(required[: rng.randrange(1, len(required))] if len(required) > 1 else (), moment)
            return True
        finished = self._modules(required, moment)
        expires = self._complete(finished) if finished else None
        while expires is not None and expires <= self.now:
            self.builder.made.expired += 1
            refresher = rng.random()
            if refresher < 0.3:  # not yet begun again
                break
            start = expires + timedelta(days=rng.randint(0, 60))
            modules = required if refresher > 0.5 else required[: max(1, len(required) // 2)]
            finished = self._modules(modules, start)
            if finished is None or modules is not required:
                break
            expires = self._complete(finished)
        return True

    def _modules(self, modules: Sequence[Module], moment: datetime) -> datetime | None:
        """Take `modules` in order, retrying each until passed; the moment of the last pass, or
        None if today came first."""
        for module in modules:
            passed = False
            while not passed:
                if moment > self.now:
                    return None
                passed = self._attempt(module, moment)
                moment += timedelta(minutes=self.rng.randint(2, 6))
        return moment

    def _attempt(self, module: Module, moment: datetime) -> bool:
        number = self.tries.get(module.id, 0) + 1
        self.tries[module.id] = number
        learnt = 0.08 * (number - 1)  # a second try goes better, having read the feedback
        skill = self.builder.skill
        pattern = tuple(
            self.rng.random() < min(0.99, learnt + min(skill.get(t, 0.9) for t in q.topics or ("",)))
            for q in module.questions
        )
        result = self._grade(module, pattern)
        ids, batch = self.builder.ids, self.builder.batch
        attempt_id = ids.take(ModuleAttempt)
        batch.add(
            ModuleAttempt,
            {
                "id": attempt_id,
                "person_id": self.person_id,
                "course_id": self.course.id,
                "module_id": module.id,
                "module_version": module.version,
                "submission_id": f"{self.rng.getrandbits(128):032x}",
                "answers": result.answers,
                "score": result.score,
                "passed": result.passed,
                "attempt_number": number,
                "created_at": moment,
            },
        )
        for question, correct in zip(module.questions, result.correct, strict=True):
            for topic in question.topics:
                batch.add(
                    QuestionResult,
                    {
                        "id": ids.take(QuestionResult),
                        "attempt_id": attempt_id,
                        "person_id": self.person_id,
                        "course_id": self.course.id,
                        "question_id": question.id,
                        "topic": topic,
                        "correct": correct,
                        "first_attempt": number == 1,
                        "created_at": moment,
                    },
                )
        return result.passed

    def _grade(self, module: Module, pattern: tuple[bool, ...]) -> Graded:
        """elearn's own grading of answers right or wrong as in `pattern`, once per pattern."""
        key = (self.course.id, module.id, pattern)
        graded = self.builder.graded
        if key not in graded:
            answers = {
                q.id: sorted(q.right_option_ids) if right else _wrong_answer(q.options, q.right_option_ids)
                for q, right in zip(module.questions, pattern, strict=True)
            }
            result = grade(module, answers, self.course.pass_mark)
            graded[key] = Graded(
                result.answers(), result.score, result.passed, tuple(r.correct for r in result.results)
            )
        return graded[key]

    def _complete(self, moment: datetime) -> datetime | None:
        course = self.course
        expires = add_months(moment, course.validity_months) if course.validity_months else None
        self.builder.batch.add(
            CourseCompletion,
            {
                "id": self.builder.ids.take(CourseCompletion),
                "person_id": self.person_id,
                "course_id": course.id,
                "course_version": course.version,
                "completed_at": moment,
                "expires_at": expires,
                "certificate_code": next(self.builder.codes),
            },
        )
        return expires


def _wrong_answer(options: Sequence[Any], right: frozenset[str]) -> list[str]:
    wrong = [option.id for option in options if option.id not in right]
    return wrong[:1] if wrong else []


def _certificate_codes(rng: random.Random) -> Iterator[str]:
    seen: set[str] = set()
    while True:
        raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
        if raw not in seen:
            seen.add(raw)
            yield f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def email_part(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _sync_sequences(session: Session) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the rows written."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (Department, Person, Assignment, ModuleAttempt, QuestionResult, CourseCompletion):
        table = model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  fixed table names
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        )
