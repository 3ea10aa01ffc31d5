"""Closed-loop load with wrk: as many requests as the server answers, from a fixed number of
connections, for a fixed time. Gives peak throughput and the latency under it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk") / "requests.lua"
THREADS = 1
CONNECTIONS = 8
USER_AGENT = "elearn-bench"


@dataclass(frozen=True)
class Entry:
    path: str
    cookie: str = ""
    body: str = ""  # for POST; "{submission}" becomes a fresh form id per request


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # connection errors, timeouts and answers of 400 and above

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def available() -> bool:
    return shutil.which("wrk") is not None


def run(base: str, entries: list[Entry], method: str = "GET", seconds: float = 8) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as listing:
        for entry in entries:
            listing.write(f"{entry.path}\t{entry.cookie}\t{entry.body}\n")
    try:
        command = [
            "wrk",
            f"--threads={THREADS}",
            f"--connections={CONNECTIONS}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=30s",
            f"--script={SCRIPT}",
            base,
        ]
        env = {**os.environ, "BENCH_REQUESTS": listing.name, "BENCH_METHOD": method, "BENCH_USER_AGENT": USER_AGENT}
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        Path(listing.name).unlink()
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    figures = json.loads(line.removeprefix("BENCH-JSON "))
    errors = sum(figures[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return Load(
        figures["requests"], figures["seconds"], figures["p50_ms"], figures["p95_ms"], figures["p99_ms"], errors
    )
