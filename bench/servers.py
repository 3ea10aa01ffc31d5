"""gunicorn, started the same way for elearn and for the floor, and its workers' peak memory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4
WORKER_CLASS = "sync"
# Identical for both apps: only the application and its environment differ.
GUNICORN_SETTINGS = (
    f"--workers={WORKERS}",
    f"--worker-class={WORKER_CLASS}",
    "--backlog=2048",
    "--timeout=120",
    "--graceful-timeout=5",
    "--log-level=warning",
)
ELEARN = "elearn:create_app()"
FLOOR = "bench.floor:app"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def peak_rss_mb(self) -> list[float]:
        """Each worker's high-water mark of resident memory (VmHWM), in MB."""
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return peaks


@contextmanager
def gunicorn(app: str, environment: Mapping[str, str] | None = None) -> Iterator[Server]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", *GUNICORN_SETTINGS, f"--bind=127.0.0.1:{port}", app]
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(environment or {})}
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603  our own command line
    server = Server(process, port)
    try:
        _wait_until_serving(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(server: Server, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {server.process.returncode}")
        try:
            with urllib.request.urlopen(server.base + "/", timeout=2) as response:  # noqa: S310  loopback
                if response.status == 200 and len(server.workers()) == WORKERS:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start serving in time")
