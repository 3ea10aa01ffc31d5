"""`make bench`: elearn against a bare Flask floor, on SQLite and PostgreSQL, under one gunicorn
setting. Prints a table and a PASS/FAIL line per target, and writes bench/results/latest.json.

Target misses are reported, not raised: the exit code is 0 unless the benchmark itself broke.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from elearn.auth.passwords import hash_password
from elearn.content import Course, Module
from elearn.course_library import library
from elearn.extensions import db
from elearn.learning.models import ModuleAttempt, QuestionResult
from elearn.people.models import Person

from . import databases, importing, learners, mail, organisation, servers, wrk
from .results import Figure, at_least, at_most, table, verdicts, write_json

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-losenord-1"  # noqa: S105  the invented organisation's shared password
COURSE = "grundkurs"
LOGINS = 5  # logins timed for their CPU, by five of the pool's learners; the median counts
POOL = 40  # logged-in learners whose sessions the load tests take turns with
OFFERED_RATE = 100  # quiz submissions a second: a thousand learners answering every ten seconds
BURST = 1000
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Peak throughput as a share of the floor: module page, "Mina kurser", quiz submission (issue 19).
# PostgreSQL's are lower: each query is a round trip to a server sharing the same two cores.
SHARES = {"sqlite": (0.40, 0.35, 0.20), "postgresql": (0.25, 0.25, 0.10)}
LOGIN_CPU_MS = 40  # one login's CPU: the password check (Argon2id) and the rest of the form
BURST_SECONDS = 30  # the last of the burst's learners done within
OVERVIEW_MS = 300  # the HR overview, at the run's size and at the large one


@dataclass(frozen=True)
class Settings:
    people: int
    small: int
    large: int | None  # None: only if the time budget allows
    seconds: float
    paced_seconds: float
    burst_window: float
    budget: float
    kinds: tuple[str, ...]
    lessons: int
    output: Path


def main(argv: list[str] | None = None) -> int:
    settings = _parse(argv)
    logging.disable(logging.INFO)  # Alembic's progress lines, once per fresh database
    if not wrk.available():
        print("wrk is not installed (apt-get install wrk); `make bench` installs it.", file=sys.stderr)
        return 1
    started = time.monotonic()
    figures: list[Figure] = []
    password_hash = hash_password(PASSWORD)  # as elearn stores them, so no login rewrites a hash
    generation: dict[str, float] = {}
    for kind in settings.kinds:
        if kind == "postgresql" and not databases.postgres_available():
            print(f"PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_URL}; skipping it.", flush=True)
            continue
        figures += _database_figures(kind, settings, password_hash, generation)
    figures += _large_overview(settings, password_hash, generation, started)
    if settings.lessons and "postgresql" in settings.kinds and databases.postgres_available():
        _say(f"PostgreSQL: two `lessons send` at once over {settings.lessons:,} due lessons".replace(",", " "))
        figures += mail.figures(settings.lessons)
    figures.append(Figure("whole benchmark run", time.monotonic() - started, "s", target=at_most(600)))
    write_json(figures, settings.output)
    print("\n" + table(figures) + "\n")
    print("\n".join(verdicts(figures)))
    print(
        f"\nWritten to {settings.output.relative_to(ROOT) if settings.output.is_relative_to(ROOT) else settings.output}"
    )
    return 0


def _parse(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--people", type=int, default=50_000, help="people in the organisation (50000)")
    parser.add_argument("--small", type=int, default=5_000, help="people in the organisation the overview grows from")
    parser.add_argument(
        "--large",
        type=int,
        default=None,
        help="also time the overview at this size (0: never; default: 200000 if time allows)",
    )
    parser.add_argument("--seconds", type=float, default=6, help="length of each wrk run (6)")
    parser.add_argument("--paced-seconds", type=float, default=6, help="length of the constant-rate quiz run (6)")
    parser.add_argument(
        "--burst-window", type=float, default=10, help="seconds over which the burst's learners arrive (10)"
    )
    parser.add_argument("--budget", type=float, default=540, help="seconds the whole run should stay within (540)")
    parser.add_argument(
        "--lessons", type=int, default=10_000, help="due lessons for two concurrent `lessons send` (10000; 0: skip)"
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)
    return Settings(
        args.people,
        args.small,
        args.large,
        args.seconds,
        args.paced_seconds,
        args.burst_window,
        args.budget,
        tuple(kind for kind in args.databases.split(",") if kind),
        args.lessons,
        args.output,
    )


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


@contextmanager
def _organisation(kind: str, people: int, password_hash: str) -> Iterator[tuple[str, organisation.Counts, float]]:
    """A fresh database holding a generated organisation: its URL, its counts and the seconds it took."""
    with databases.fresh_database(kind) as url:
        app = databases.bench_app(url)
        databases.migrate(app)
        start = time.perf_counter()
        with app.app_context():
            counts = organisation.generate(db.session, library(), people=people, password_hash=password_hash)
            db.session.remove()
        seconds = time.perf_counter() - start
        databases.settle(app)
        with app.app_context():
            db.engine.dispose()
        yield url, counts, seconds


def _elearn_environment(url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": databases.SECRET_KEY,
        "ELEARN_ENV": "production",
        "COURSES_PATH": databases.COURSES,
    }


def _page_ms(base: str, path: str, cookie: str, repeat: int = 15) -> float:
    """The median time one HR person waits for a page, alone on the server."""
    times = []
    for attempt in range(repeat + 2):
        headers = {"Cookie": cookie, "User-Agent": wrk.USER_AGENT}
        request = urllib.request.Request(base + path, headers=headers)  # noqa: S310  loopback
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310  loopback
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
        if attempt >= 2:  # the first two warm the workers' caches
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _overview_ms(kind: str, people: int, password_hash: str) -> tuple[float, float]:
    """The HR overview's time over an organisation of `people`, and the seconds to generate it."""
    _say(f"{LABELS[kind]}: generating {people:,} people for the HR overview".replace(",", " "))
    with _organisation(kind, people, password_hash) as (url, counts, seconds):
        hr_email = _email(url, counts.hr[0])
        with servers.gunicorn(servers.ELEARN, _elearn_environment(url)) as server:
            hr = learners.log_in(server.base, [(hr_email, "/rapporter/")], PASSWORD)[0]
            return _page_ms(server.base, "/rapporter/", hr.cookie), seconds


def _email(url: str, person_id: int) -> str:
    app = databases.bench_app(url)
    with app.app_context():
        email = db.session.scalar(select(Person.email).where(Person.id == person_id))
        db.engine.dispose()
        return email or ""


def _pool(url: str, burst_ids: set[int]) -> tuple[list[str], dict[int, str]]:
    """Emails of `POOL` learners spread over the organisation, and the burst's people's emails."""
    app = databases.bench_app(url)
    with app.app_context():
        rows = db.session.execute(
            select(Person.id, Person.email)
            .where(Person.kind == "employee", Person.active.is_(True))
            .order_by(Person.id)
        ).all()
        db.engine.dispose()
    others = [email for person_id, email in rows if person_id not in burst_ids]
    step = max(1, len(others) // POOL)
    return others[::step][:POOL], {person_id: email for person_id, email in rows if person_id in burst_ids}


def _quiz_body(module: Module, csrf: str) -> str:
    answers = "&".join(f"svar-{q.id}={option}" for q in module.questions for option in sorted(q.right_option_ids))
    return f"csrf_token={csrf}&submission_id={{submission}}&{answers}"


def _course(url: str) -> Course:
    app = databases.bench_app(url)
    with app.app_context():
        course = library().course(COURSE)
    if course is None:
        raise RuntimeError(f"the course {COURSE} did not load")
    return course


def _database_figures(kind: str, settings: Settings, password_hash: str, generation: dict[str, float]) -> list[Figure]:
    label = LABELS[kind]
    small_ms, _ = _overview_ms(kind, settings.small, password_hash)
    _say(f"{label}: generating {settings.people:,} people".replace(",", " "))
    with _organisation(kind, settings.people, password_hash) as (url, counts, seconds):
        generation[kind] = seconds
        _say(
            f"{label}: {counts.people} people, {counts.assignments} assignments, {counts.attempts} attempts, "
            f"{counts.question_results} answers per topic, {counts.completions} completions "
            f"({counts.expired} expired) in {seconds:.1f} s"
        )
        figures = [Figure(f"{label}: generate {settings.people:,} people".replace(",", " "), seconds, "s")]
        with (
            servers.gunicorn(servers.FLOOR) as floor,
            servers.gunicorn(servers.ELEARN, _elearn_environment(url)) as app,
        ):
            figures += _served_figures(kind, settings, url, counts, floor, app, small_ms)
    return [*figures, _import_figure(kind, label, settings.people)]


def _served_figures(
    kind: str,
    settings: Settings,
    url: str,
    counts: organisation.Counts,
    floor: servers.Server,
    app: servers.Server,
    small_ms: float,
) -> list[Figure]:
    """Everything measured over HTTP, elearn beside the floor, on one generated organisation."""
    label = LABELS[kind]
    module_share, mine_share, quiz_share = SHARES[kind]
    course = _course(url)
    modules = course.modules
    burst_ids = set(counts.not_started[:BURST])
    pool, burst_emails = _pool(url, burst_ids)
    _say(f"{label}: logging in {len(pool)} learners and HR through the login form")
    paths = [f"/kurser/{course.id}/{modules[i % len(modules)].id}" for i in range(len(pool))]
    sessions = learners.log_in(app.base, list(zip(pool, paths, strict=True)), PASSWORD)
    hr = learners.log_in(app.base, [(_email(url, counts.hr[0]), "/rapporter/")], PASSWORD)[0]
    module_entries = [wrk.Entry(path, s.cookie) for path, s in zip(paths, sessions, strict=True)]
    quiz_entries = [
        wrk.Entry(path, s.cookie, _quiz_body(modules[i % len(modules)], s.csrf))
        for i, (path, s) in enumerate(zip(paths, sessions, strict=True))
    ]
    mine_entries = [wrk.Entry("/mina-kurser", s.cookie) for s in sessions]
    floor_post = [wrk.Entry("/", "", entry.body) for entry in quiz_entries]

    login_ms = _login_cpu_ms(url, pool[:LOGINS])
    figures = [Figure(f"{label}: one login, CPU", login_ms, "ms", target=at_most(LOGIN_CPU_MS))]

    _say(f"{label}: warming up, then wrk for {settings.seconds:.0f} s per page")
    wrk.run(floor.base, [wrk.Entry("/")], seconds=2)
    wrk.run(app.base, module_entries, seconds=2)
    floor_get = wrk.run(floor.base, [wrk.Entry("/")], seconds=settings.seconds)
    figures += _load_figures(
        f"{label}: module page", wrk.run(app.base, module_entries, seconds=settings.seconds), floor_get, module_share
    )
    figures += _load_figures(
        f"{label}: Mina kurser", wrk.run(app.base, mine_entries, seconds=settings.seconds), floor_get, mine_share
    )
    floor_submit = wrk.run(floor.base, floor_post, "POST", seconds=settings.seconds)
    quiz = wrk.run(app.base, quiz_entries, "POST", seconds=settings.seconds)
    figures += _load_figures(f"{label}: quiz submission", quiz, floor_submit, quiz_share)
    overview = wrk.run(app.base, [wrk.Entry("/rapporter/", hr.cookie)], seconds=settings.seconds)
    figures += _load_figures(f"{label}: HR overview", overview, floor_get, None)

    _say(f"{label}: timing the HR overview alone, and quiz submissions at {OFFERED_RATE}/s")
    figures += _overview_figures(label, settings, small_ms, _page_ms(app.base, "/rapporter/", hr.cookie))
    paced_floor = learners.constant_rate(floor.base, floor_post, OFFERED_RATE, settings.paced_seconds)
    paced = learners.constant_rate(app.base, quiz_entries, OFFERED_RATE, settings.paced_seconds)
    figures += _paced_figures(label, paced, paced_floor)

    _say(f"{label}: burst of {len(burst_emails)} learners arriving within {settings.burst_window:.0f} s")
    first = modules[0]
    answers = {q.id: sorted(q.right_option_ids) for q in first.questions}
    path = f"/kurser/{course.id}/{first.id}"
    burst = learners.burst(app.base, list(burst_emails.values()), PASSWORD, path, answers, settings.burst_window)
    figures += _burst_figures(label, url, burst, burst_emails, course, first)
    rss = Figure(f"{label}: peak RSS per worker", max(app.peak_rss_mb()), "MB", max(floor.peak_rss_mb()), at_most(150))
    return [*figures, rss]


def _login_cpu_ms(url: str, emails: list[str]) -> float:
    """The median CPU time of one login through the form (the password check and everything
    around it), in this process with Flask's test client, so neither wrk nor the network counts."""
    app = databases.bench_app(url)
    times = []
    for email in emails:
        with app.test_client() as client:
            page = client.get("/logga-in", headers={"User-Agent": wrk.USER_AGENT}).get_data(as_text=True)
            token = learners.CSRF.search(page)
            form = {"csrf_token": token.group(1) if token else "", "email": email, "password": PASSWORD}
            start = time.process_time()
            answer = client.post("/logga-in", data=form, headers={"User-Agent": wrk.USER_AGENT})
            times.append((time.process_time() - start) * 1000)
            if answer.status_code != 303 and answer.status_code != 302:
                raise RuntimeError(f"login of {email} answered {answer.status_code}")
    with app.app_context():
        db.engine.dispose()
    return statistics.median(times)


def _import_figure(kind: str, label: str, people: int) -> Figure:
    _say(f"{label}: importing {people:,} people from CSV".replace(",", " "))
    with databases.fresh_database(kind) as url:
        app = databases.bench_app(url)
        databases.migrate(app)
        seconds, created = importing.timed_import(app, importing.export(people))
        with app.app_context():
            db.engine.dispose()
    return Figure(f"{label}: import {created:,} people from CSV".replace(",", " "), seconds, "s", target=at_most(10))


def _load_figures(name: str, load: wrk.Load, floor: wrk.Load, share: float | None) -> list[Figure]:
    throughput_target = at_least(share, of="ratio") if share is not None else None
    figures = [Figure(f"{name} throughput", load.per_second, "req/s", floor.per_second, throughput_target)]
    for percentile in ("p50", "p95", "p99"):
        value, floor_value = getattr(load, f"{percentile}_ms"), getattr(floor, f"{percentile}_ms")
        figures.append(Figure(f"{name} {percentile} under peak load", value, "ms", floor_value))
    figures.append(Figure(f"{name} errors under peak load", load.errors, "count", target=at_most(0)))
    return figures


def _overview_figures(label: str, settings: Settings, small_ms: float, large_ms: float) -> list[Figure]:
    small = f"{settings.small:,}".replace(",", " ")
    large = f"{settings.people:,}".replace(",", " ")
    return [
        Figure(f"{label}: HR overview at {small} people", small_ms, "ms"),
        Figure(f"{label}: HR overview at {large} people", large_ms, "ms", target=at_most(OVERVIEW_MS)),
        Figure(f"{label}: HR overview growth {small} → {large}", large_ms / small_ms, "×", target=at_most(12)),
    ]


def _paced_figures(label: str, paced: learners.Paced, floor: learners.Paced) -> list[Figure]:
    name = f"{label}: quiz submission at {OFFERED_RATE}/s offered"
    return [
        Figure(f"{name}, p50", paced.p50_ms, "ms", floor.p50_ms),
        Figure(f"{name}, p95", paced.p95_ms, "ms", floor.p95_ms, at_most(50)),
        Figure(f"{name}, p99", paced.p99_ms, "ms", floor.p99_ms),
        Figure(f"{name}, errors", paced.errors, "count", target=at_most(0)),
    ]


def _burst_figures(
    label: str, url: str, burst: learners.Burst, emails: dict[int, str], course: Course, module: Module
) -> list[Figure]:
    """Compare what the burst's learners sent with what the database holds: one attempt each,
    with its answers per topic, whatever the double clicks."""
    ids = {email: person_id for person_id, email in emails.items()}
    app = databases.bench_app(url)
    with app.app_context():
        rows = db.session.execute(
            select(ModuleAttempt.id, ModuleAttempt.person_id, ModuleAttempt.submission_id).where(
                ModuleAttempt.person_id.in_(list(emails)),
                ModuleAttempt.course_id == course.id,
                ModuleAttempt.module_id == module.id,
            )
        ).all()
        answers = db.session.scalar(select(func.count()).where(QuestionResult.attempt_id.in_([row.id for row in rows])))
        db.engine.dispose()
    stored = {(row.person_id, row.submission_id) for row in rows}
    lost = sum((ids[email], sent) not in stored for email, sent in burst.submitted.items())
    lost += len(emails) - len(burst.submitted)  # learners who never got as far as submitting
    per_attempt = sum(len(q.topics) for q in module.questions)
    duplicated = len(rows) - len({row.person_id for row in rows})
    duplicated += max(0, (answers or 0) - per_attempt * len(rows))
    journeys = sorted(burst.journey_ms) or [0.0]
    for failure in burst.failures[:5]:
        print(f"  burst failure: {failure}")
    return [
        Figure(f"{label}: burst, learners", len(emails), "count", target=at_least(BURST)),
        Figure(f"{label}: burst, attempts lost", lost, "count", target=at_most(0)),
        Figure(
            f"{label}: burst, attempts duplicated ({burst.double_submits} double clicks)",
            duplicated,
            "count",
            target=at_most(0),
        ),
        Figure(f"{label}: burst, 5xx answers", burst.server_errors, "count", target=at_most(0)),
        Figure(
            f"{label}: burst, time until the last learner was done", burst.seconds, "s", target=at_most(BURST_SECONDS)
        ),
        Figure(f"{label}: burst, p95 of a learner's whole journey", journeys[round(0.95 * (len(journeys) - 1))], "ms"),
    ]


def _large_overview(
    settings: Settings, password_hash: str, generation: dict[str, float], started: float
) -> list[Figure]:
    """The HR overview at 200,000 people, on SQLite, if the run has time left for it."""
    size = 200_000 if settings.large is None else settings.large
    if not size or "sqlite" not in generation:
        return []
    projected = generation["sqlite"] * size / settings.people * 1.3 + 30
    remaining = settings.budget - (time.monotonic() - started)
    if settings.large is None and projected > remaining:
        print(f"Skipping the overview at {size:,} people: about {projected:.0f} s needed, {remaining:.0f} s left.")
        return []
    milliseconds, _ = _overview_ms("sqlite", size, password_hash)
    name = f"SQLite: HR overview at {size:,} people".replace(",", " ")
    return [Figure(name, milliseconds, "ms", target=at_most(OVERVIEW_MS))]


if __name__ == "__main__":
    sys.exit(main())
