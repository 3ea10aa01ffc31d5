"""The shapes a loaded course takes. Immutable, so one cached copy can serve every request."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

KINDS = ("employee", "elected", "partner")
ROLES = ("learner", "coordinator", "hr", "admin")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a course file, pointing at the line an editor has to fix."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Audience:
    """Who a course or module is meant for: every non-empty list must match."""

    kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    public: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.kinds or self.roles or self.departments)

    def includes(self, kind: str, roles: frozenset[str] | set[str], department: str | None) -> bool:
        if self.is_empty:
            return False
        if self.kinds and kind not in self.kinds:
            return False
        if self.roles and not (set(roles) & set(self.roles)):
            return False
        return not (self.departments and department not in self.departments)


@dataclass(frozen=True)
class Topic:
    key: str
    title: str


@dataclass(frozen=True)
class Option:
    id: str
    html: str
    correct: bool
    feedback_html: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # single | multiple | true-false
    html: str
    topics: tuple[str, ...]
    options: tuple[Option, ...]
    shuffle: bool = True
    feedback_html: str = ""
    line: int = 0  # where the question starts in its module file, for `courses check`

    @property
    def right_option_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def options_for(self, seed: str) -> tuple[Option, ...]:
        """The options in display order. The seed names the person, the module version and the
        attempt (`learning.service.quiz_seed`): a reload keeps the order, the next attempt and
        the next person get another. Grading goes by option id, never by position."""
        if not self.shuffle:
            return self.options
        shuffled = list(self.options)
        random.Random(f"{seed}:{self.id}").shuffle(shuffled)  # noqa: S311  display order, not a secret
        return tuple(shuffled)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    html: str
    questions: tuple[Question, ...]
    version: str
    word_count: int
    audience: Audience | None = None
    reflection: str = ""  # an optional question the learner may answer privately after the quiz

    def applies_to(self, kind: str, roles: frozenset[str] | set[str], department: str | None) -> bool:
        return self.audience is None or self.audience.includes(kind, roles, department)


@dataclass(frozen=True)
class Delivery:
    """How a course reaches its learners: all at once, or one lesson at a time over weeks."""

    mode: str = "self-paced"  # self-paced | spaced
    every_days: int = 7  # spaced: one module every N days from the start
    dates: tuple[date, ...] = ()  # spaced: or fixed dates, one per module
    repeat_after_days: int = 14  # earlier questions come back once they are this old
    repeat_questions: int = 2  # at most this many at a time (1 to 3)

    @property
    def spaced(self) -> bool:
        return self.mode == "spaced"


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    summary: str
    language: str
    pass_mark: int
    validity_months: int | None
    audience: Audience
    modules: tuple[Module, ...]
    version: str
    folder: Path
    assets: frozenset[str] = field(default_factory=frozenset)
    delivery: Delivery = field(default_factory=Delivery)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def modules_for(self, kind: str, roles: frozenset[str] | set[str], department: str | None) -> tuple[Module, ...]:
        return tuple(m for m in self.modules if m.applies_to(kind, roles, department))

    def due_on(self, start: date, due_days: int) -> date:
        """The due date of the course started on `start` (an assignment, or an expiry for a
        refresher): `due_days` later, but never before one interval after a spaced course's last
        lesson opens, as for a campaign, so nobody is overdue on a lesson that is not yet open."""
        due = start + timedelta(days=due_days)
        if not self.delivery.spaced or not self.modules:
            return due
        every = timedelta(days=self.delivery.every_days)
        last_opens = self.delivery.dates[-1] if self.delivery.dates else start + every * (len(self.modules) - 1)
        return max(due, last_opens + every)

    @property
    def question_count(self) -> int:
        return sum(len(m.questions) for m in self.modules)

    @property
    def word_count(self) -> int:
        return sum(m.word_count for m in self.modules)

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.modules)
