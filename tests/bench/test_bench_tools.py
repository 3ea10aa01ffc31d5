"""The benchmark's own tools at a tiny scale, so `make bench` does not rot between runs: the
invented organisation, the CSV export it imports, and the results file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select

from bench import importing, organisation
from bench.results import KEYS, Figure, at_least, at_most, table, verdicts, write_json
from elearn.course_library import library
from elearn.extensions import db
from elearn.learning.models import Assignment, CourseCompletion, ModuleAttempt, QuestionResult
from elearn.learning.service import required_modules
from elearn.people import csv_import
from elearn.people.models import Department, Person

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def snapshot() -> list[tuple]:
    return [
        *db.session.execute(select(Person.email, Person.kind, Person.department_id).order_by(Person.id)).all(),
        *db.session.execute(
            select(ModuleAttempt.person_id, ModuleAttempt.module_id, ModuleAttempt.score).order_by(ModuleAttempt.id)
        ).all(),
    ]


def test_the_organisation_holds_the_people_and_history_it_reports(app: Flask) -> None:
    with app.app_context():
        counts = organisation.generate(db.session, library(), people=200, seed=3, now=NOW)
        # 1 % elected officials and 0.5 % partners, rounded; everyone else is an employee.
        kinds = dict(db.session.execute(select(Person.kind, func.count()).group_by(Person.kind)).all())
        assert kinds == {"employee": 197, "elected": 2, "partner": 1}
        assert count(Department) == counts.departments == 25
        # The test courses: one for employees, one open course for partners, none for elected.
        assert count(Assignment) == counts.assignments == 197 + 1
        assert count(ModuleAttempt) == counts.attempts > 0
        assert count(QuestionResult) == counts.question_results > counts.attempts
        assert count(CourseCompletion) == counts.completions > 0
        assert len(counts.hr) == 3


def test_every_attempt_has_its_answers_per_topic_and_every_completion_its_passes(app: Flask) -> None:
    with app.app_context():
        counts = organisation.generate(db.session, library(), people=200, seed=3, now=NOW)
        course = library().course("testkurs")
        topics = {
            (c.id, m.id): sum(len(q.topics) for q in m.questions) for c in library().courses.values() for m in c.modules
        }
        per_attempt = db.session.execute(
            select(ModuleAttempt.course_id, ModuleAttempt.module_id, func.count(QuestionResult.id))
            .outerjoin(QuestionResult, QuestionResult.attempt_id == ModuleAttempt.id)
            .group_by(ModuleAttempt.id, ModuleAttempt.course_id, ModuleAttempt.module_id)
        ).all()
        assert per_attempt
        assert all(answers == topics[(course_id, module)] for course_id, module, answers in per_attempt)
        completion = db.session.scalars(select(CourseCompletion).where(CourseCompletion.course_id == course.id)).first()
        person = db.session.get(Person, completion.person_id)
        passed = set(
            db.session.scalars(
                select(ModuleAttempt.module_id).where(
                    ModuleAttempt.person_id == person.id,
                    ModuleAttempt.passed.is_(True),
                    ModuleAttempt.created_at <= completion.completed_at,
                )
            )
        )
        assert {m.id for m in required_modules(course, person)} <= passed
        untouched = counts.not_started[:20]
        assert untouched
        attempts = select(func.count()).where(ModuleAttempt.person_id.in_(untouched))
        assert db.session.scalar(attempts) == 0


def test_the_same_seed_gives_the_same_organisation(app: Flask) -> None:
    with app.app_context():
        organisation.generate(db.session, library(), people=200, seed=3, now=NOW)
        first = snapshot()
        with db.engine.begin() as connection:
            for table_ in reversed(db.metadata.sorted_tables):
                connection.execute(table_.delete())
        db.session.expire_all()
        organisation.generate(db.session, library(), people=200, seed=3, now=NOW)
        assert snapshot() == first


def test_the_generated_export_imports_cleanly(app: Flask) -> None:
    with app.app_context():
        organisation.generate(db.session, library(), people=0)
        plan = csv_import.plan_import(db.session, importing.export(300))
    assert plan.ok and len(plan.create) == 300 and not plan.new_departments


def test_results_are_a_list_of_figures_with_floor_ratio_target_and_verdict(tmp_path) -> None:
    figures = [
        Figure("module page throughput", 2000, "req/s", floor=4000, target=at_least(0.40, of="ratio")),
        Figure("HR overview at 50 000 people", 350, "ms", target=at_most(300)),
        Figure("generate 50 000 people", 12.5, "s"),
    ]
    path = tmp_path / "results" / "latest.json"
    write_json(figures, path)
    written = json.loads(path.read_text())
    assert [tuple(figure) for figure in written] == [KEYS] * 3
    assert [(f["ratio"], f["pass"]) for f in written] == [(0.5, True), (None, False), (None, None)]
    assert written[0]["target"] == "≥ 40% of floor" and written[1]["target"] == "≤ 300 ms"
    assert verdicts(figures) == [
        "PASS  module page throughput: 2 000 req/s, 50% of floor 4 000 (target ≥ 40% of floor)",
        "FAIL  HR overview at 50 000 people: 350 ms (target ≤ 300 ms)",
    ]
    assert "| HR overview at 50 000 people | 350 ms |  |  | ≤ 300 ms | FAIL |" in table(figures)
