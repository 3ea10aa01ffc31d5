"""Simulated learners over real HTTP: logging in through the login form, a quiz at a constant
offered rate (open loop), and the burst of a thousand learners starting at the same minute."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import aiohttp

from .wrk import USER_AGENT, Entry

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_id" value="([0-9a-f]{32})"')
TIMEOUT = aiohttp.ClientTimeout(total=300)


class JourneyError(Exception):
    """A step of a learner's journey did not answer as a browser would expect."""


@dataclass(frozen=True)
class Session:
    cookie: str
    csrf: str


def _client(connector: aiohttp.BaseConnector | None = None) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # unsafe: accept cookies from 127.0.0.1
        connector=connector,
        connector_owner=connector is None,
        headers={"User-Agent": USER_AGENT},
        timeout=TIMEOUT,
    )


async def _text(response: aiohttp.ClientResponse, expected: int = 200) -> str:
    body = await response.text()
    if response.status != expected:
        raise JourneyError(f"{response.method} {response.url.path} answered {response.status}")
    return body


Recorder = Callable[[aiohttp.ClientResponse], None]


def _ignore(_response: aiohttp.ClientResponse) -> None:
    return None


async def _log_in(
    http: aiohttp.ClientSession, base: str, email: str, password: str, record: Recorder = _ignore
) -> None:
    async with http.get(f"{base}/logga-in") as response:
        record(response)
        token = CSRF.search(await _text(response))
    if token is None:
        raise JourneyError("the login page has no CSRF token")
    form = {"csrf_token": token.group(1), "email": email, "password": password}
    async with http.post(f"{base}/logga-in", data=form) as response:  # follows the redirect to Mina kurser
        record(response)
        await _text(response)
        if response.url.path != "/mina-kurser":
            raise JourneyError(f"login of {email} ended at {response.url.path}")


async def _sessions(base: str, people: Sequence[tuple[str, str]], password: str) -> list[Session]:
    async def one(email: str, landing: str) -> Session:
        async with _client() as http:
            await _log_in(http, base, email, password)
            async with http.get(base + landing) as response:
                token = CSRF.search(await _text(response))
            cookie = "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)
            return Session(cookie, token.group(1) if token else "")

    return list(await asyncio.gather(*(one(email, landing) for email, landing in people)))


def log_in(base: str, people: Sequence[tuple[str, str]], password: str) -> list[Session]:
    """A session cookie and CSRF token per (e-mail, page to open after login), through the real form."""
    return asyncio.run(_sessions(base, people, password))


@dataclass(frozen=True)
class Paced:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def constant_rate(base: str, entries: Sequence[Entry], rate: float, seconds: float) -> Paced:
    """POST the entries in turn at `rate` a second, whatever the answers' pace (an open loop, as
    wrk2 or oha -q do). Latency counts from when a request was due, so a stalled server is not
    hidden by a client that waits for it."""
    return asyncio.run(_constant_rate(base, entries, rate, seconds))


async def _constant_rate(base: str, entries: Sequence[Entry], rate: float, seconds: float) -> Paced:
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as http:

        async def send(index: int, due: float) -> None:
            nonlocal errors
            entry = entries[index % len(entries)]
            body = entry.body.replace("{submission}", f"{index:08x}{int(due * 1e6) % 16**24:024x}")
            headers = {"User-Agent": USER_AGENT, "Cookie": entry.cookie}
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            try:
                async with http.post(base + entry.path, data=body, headers=headers) as response:
                    await response.read()
                    errors += response.status >= 400
            except aiohttp.ClientError:
                errors += 1
            latencies.append(time.monotonic() - due)

        start = time.monotonic() + 0.2
        tasks = []
        for index in range(total):
            due = start + index / rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            tasks.append(asyncio.create_task(send(index, due)))
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - start
    return Paced(total, elapsed, *(_percentile(latencies, p) * 1000 for p in (50, 95, 99)), errors)


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


@dataclass
class Burst:
    learners: int
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    submitted: dict[str, str] = field(default_factory=dict)  # e-mail -> submission id sent
    double_submits: int = 0
    journey_ms: list[float] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


def burst(
    base: str,
    emails: Sequence[str],
    password: str,
    module_path: str,
    answers: dict[str, list[str]],
    window: float,
    double_submit_every: int = 10,
) -> Burst:
    """Each learner, starting evenly spread over `window` seconds, logs in, opens the module and
    submits its quiz; every `double_submit_every`-th clicks submit twice at once."""
    return asyncio.run(_burst(base, emails, password, module_path, answers, window, double_submit_every))


async def _burst(
    base: str,
    emails: Sequence[str],
    password: str,
    module_path: str,
    answers: dict[str, list[str]],
    window: float,
    double_every: int,
) -> Burst:
    result = Burst(len(emails))
    # A browser each, but at most 256 sockets open at once on this side, to stay within limits.
    connector = aiohttp.TCPConnector(limit=256, force_close=True)
    start = time.monotonic()

    def record(response: aiohttp.ClientResponse) -> None:
        for hop in (*response.history, response):
            result.statuses[hop.status] += 1

    async def learner(index: int, email: str) -> None:
        await asyncio.sleep(index * window / len(emails))
        began = time.monotonic()
        try:
            async with _client(connector) as http:
                await _log_in(http, base, email, password, record)
                async with http.get(base + module_path) as response:
                    record(response)
                    page = await _text(response)
                token, submission = CSRF.search(page), SUBMISSION.search(page)
                if token is None or submission is None:
                    raise JourneyError("the module page has no quiz form")
                form = [("csrf_token", token.group(1)), ("submission_id", submission.group(1))]
                form += [(f"svar-{q}", option) for q, options in answers.items() for option in options]
                clicks = 2 if double_every and index % double_every == double_every - 1 else 1
                result.submitted[email] = submission.group(1)
                result.double_submits += clicks == 2
                await asyncio.gather(*(_submit(http, base + module_path, form, record) for _ in range(clicks)))
            result.journey_ms.append((time.monotonic() - began) * 1000)
        except (aiohttp.ClientError, JourneyError, TimeoutError) as error:
            result.failures.append(f"{email}: {error!r}")

    await asyncio.gather(*(learner(index, email) for index, email in enumerate(emails)))
    await connector.close()
    result.seconds = time.monotonic() - start
    return result


async def _submit(
    http: aiohttp.ClientSession,
    url: str,
    form: list[tuple[str, str]],
    record: Recorder,
) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with http.post(url, data=urlencode(form), headers=headers) as response:
        record(response)
        await _text(response)
