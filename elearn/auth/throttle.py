"""Slows password guessing on three budgets of failed logins within a window:

- per address typed, whether or not an account has it, so the lock itself does not tell anyone
  which addresses have accounts (guessing one person's password);
- per client (IP address, seen through a trusted proxy only: TRUSTED_PROXY_COUNT), so one
  machine cannot try a little on each of many addresses;
- for the whole site, so spraying from many machines is noticed: while the site is over its
  budget, a client's first failure already locks it.

Each lock lasts longer than the one before (doubling, at most a day), and a lock is remembered for
a day after it ends. Addresses and clients are stored only as hashes.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import as_utc, utcnow
from .models import LoginThrottle

log = logging.getLogger(__name__)

_GLOBAL_KEY = "global"
_LONGEST_LOCK = timedelta(days=1)
_LIMITS = ("LOGIN_MAX_FAILURES", "LOGIN_CLIENT_MAX_FAILURES", "LOGIN_GLOBAL_MAX_FAILURES")


def _address_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _client_key(client: str) -> str:
    return hashlib.sha256(f"client:{client}".encode()).hexdigest()


def minutes_locked(session: Session, email: str, client: str, now: datetime | None = None) -> int:
    """Whole minutes until the address and the client may try again; 0 when they may try now."""
    now = now or utcnow()
    left = 0.0
    for key in (_address_key(email), _client_key(client)):
        row = session.get(LoginThrottle, key)
        if row is not None and row.locked_until is not None:
            left = max(left, (as_utc(row.locked_until) - now).total_seconds())
    return math.ceil(left / 60) if left > 0 else 0


def record_failure(session: Session, email: str, client: str, config: Mapping[str, object]) -> bool:
    """Count one failed login on every budget; True when it locked the address or the client."""
    now = utcnow()
    window = timedelta(minutes=int(config["LOGIN_LOCK_MINUTES"]))  # type: ignore[call-overload]
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.first_failure_at < now - window,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now - _LONGEST_LOCK),
        )
    )
    limits = {name: int(config[name]) for name in _LIMITS}  # type: ignore[call-overload]
    try:
        site_failures, _ = _count(session, _GLOBAL_KEY, None, now, window)
        over_budget = site_failures > limits["LOGIN_GLOBAL_MAX_FAILURES"]
        client_limit = 1 if over_budget else limits["LOGIN_CLIENT_MAX_FAILURES"]
        _, locked = _count(session, _address_key(email), limits["LOGIN_MAX_FAILURES"], now, window)
        _, locked_client = _count(session, _client_key(client), client_limit, now, window)
        session.commit()
    except IntegrityError:
        # Another request added a first failure for one of the keys at the same moment.
        session.rollback()
        return record_failure(session, email, client, config)
    return locked or locked_client


def _count(session: Session, key: str, limit: int | None, now: datetime, window: timedelta) -> tuple[int, bool]:
    """One more failure on `key`, locking it when `limit` is reached: (failures counted, locked)."""
    # Row lock on PostgreSQL, so failures sent at the same moment are all counted.
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0, first_failure_at=now, lockouts=0)
        session.add(row)
    elif as_utc(row.first_failure_at) < now - window:
        row.failures, row.first_failure_at = 0, now
    row.failures += 1
    locked_now = row.locked_until is not None and as_utc(row.locked_until) > now
    if limit is not None and row.failures >= limit and not locked_now:
        row.lockouts = (row.lockouts or 0) + 1
        length = min(window * 2 ** (row.lockouts - 1), _LONGEST_LOCK)
        row.locked_until = now + length
        row.failures = 0
        log.warning("login refused for %s after %s failed attempts (lock number %s)", length, limit, row.lockouts)
        session.flush()
        return limit, True
    session.flush()
    return row.failures, False


def clear(session: Session, email: str) -> None:
    """A successful login forgets the address's failures (not the client's: one account of its
    own must not let a client reset its budget)."""
    row = session.get(LoginThrottle, _address_key(email))
    if row is not None:
        session.delete(row)
        session.commit()
