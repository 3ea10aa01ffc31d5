"""Two `flask lessons send` processes at once, as on two app servers, over thousands of lessons
due on PostgreSQL: every lesson must reach a local SMTP sink exactly once, and the pair must be
done in no more time than one run alone (the second run waits for the first one's plan, then
the two share the sending)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from aiosmtpd.controller import Controller
from sqlalchemy import func, insert, select

from elearn import clock
from elearn.course_library import library
from elearn.extensions import db
from elearn.outbox.models import OutboxMail
from elearn.people.models import Department, Person
from elearn.spaced.campaigns import CampaignPlan, start_campaign

from . import databases
from .results import Figure, at_most

COURSE = "grundkurs"


class Sink:
    """An SMTP server that accepts everything and counts what each recipient received."""

    def __init__(self) -> None:
        self.received: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        subject = next(
            (
                line[9:]
                for line in envelope.content.decode(errors="replace").splitlines()
                if line.startswith("Subject: ")
            ),
            "",
        )
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received[(recipient, subject)] += 1
        return "250 OK"


@contextmanager
def sink() -> Iterator[tuple[Sink, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _due_lessons(url: str, lessons: int) -> None:
    """`lessons` employees in a campaign that starts today: one lesson due for each."""
    app = databases.bench_app(url)
    databases.migrate(app)
    now = datetime.now(UTC)
    with app.app_context():
        department = Department(code="UTS", name="Utskicksförvaltningen")
        db.session.add(department)
        db.session.flush()
        db.session.execute(
            insert(Person),
            [
                {
                    "name": f"Mottagare {n}",
                    "email": f"mottagare{n}@kommun.example",
                    "kind": "employee",
                    "department_id": department.id,
                    "active": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(lessons)
            ],
        )
        plan = CampaignPlan("Utskick", library().course(COURSE), ("employee",), (), clock.today(now), 7)
        start_campaign(db.session, plan, None, now)
        db.engine.dispose()
    databases.settle(app)


def _start(url: str, port: int) -> subprocess.Popen:
    environment = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": databases.SECRET_KEY,
        "COURSES_PATH": str(databases.COURSES),
        "ELEARN_ENV": "production",
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
    }
    command = [sys.executable, "-m", "flask", "--app", "elearn", "lessons", "send"]
    return subprocess.Popen(  # noqa: S603  our own command line
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _runs(lessons: int, processes: int) -> tuple[float, Counter[tuple[str, str]], int]:
    """Seconds until `processes` runs started together are all done, what the sink received,
    and how many outbox rows are left unsent."""
    with databases.fresh_database("postgresql") as url, sink() as (inbox, port):
        _due_lessons(url, lessons)
        start = time.perf_counter()
        runs = [_start(url, port) for _ in range(processes)]
        outputs = [run.communicate()[0] for run in runs]
        seconds = time.perf_counter() - start
        for run, output in zip(runs, outputs, strict=True):
            if run.returncode != 0:
                raise RuntimeError(f"lessons send failed: {output.strip()}")
        app = databases.bench_app(url)
        with app.app_context():
            unsent = db.session.scalar(select(func.count()).where(OutboxMail.sent_at.is_(None))) or 0
            db.engine.dispose()
        return seconds, inbox.received, unsent


def figures(lessons: int) -> list[Figure]:
    label = f"PostgreSQL: lessons send over {lessons:,} due lessons".replace(",", " ")
    alone, received_alone, _ = _runs(lessons, 1)
    pair, received, unsent = _runs(lessons, 2)
    if sum(received_alone.values()) != lessons:
        raise RuntimeError(f"one run alone mailed {sum(received_alone.values())} of {lessons} lessons")
    return [
        Figure(f"{label}, one run alone", alone, "s"),
        Figure(f"{label}, two runs at once", pair, "s", alone, at_most(1.0, of="ratio")),
        Figure(
            f"{label}, two runs at once: lessons mailed twice",
            sum(c > 1 for c in received.values()),
            "count",
            target=at_most(0),
        ),
        Figure(
            f"{label}, two runs at once: lessons not mailed",
            lessons - len(received) + unsent,
            "count",
            target=at_most(0),
        ),
    ]
