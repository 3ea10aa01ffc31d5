"""Slows password guessing: an address with too many failed logins is refused for a while.

Counted per address typed, whether or not an account has it, so the lock itself does not tell
anyone which addresses have accounts. The address is stored only as a hash.
"""

from __future__ import annotations

import hashlib
import logging
import math
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import as_utc, utcnow
from .models import LoginThrottle

log = logging.getLogger(__name__)


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def minutes_locked(session: Session, email: str, now: datetime | None = None) -> int:
    """Whole minutes until the address may try again; 0 when it may try now."""
    row = session.get(LoginThrottle, _key(email))
    if row is None or row.locked_until is None:
        return 0
    left = (as_utc(row.locked_until) - (now or utcnow())).total_seconds()
    return math.ceil(left / 60) if left > 0 else 0


def record_failure(session: Session, email: str, max_failures: int, minutes: int) -> None:
    """One more failure; the `max_failures`-th within `minutes` locks the address for `minutes`."""
    now = utcnow()
    window = timedelta(minutes=minutes)
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.first_failure_at < now - window,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
        )
    )
    key = _key(email)
    # Row lock on PostgreSQL, so failures sent at the same moment are all counted.
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        session.add(LoginThrottle(key=key, failures=1, first_failure_at=now))
    else:
        if as_utc(row.first_failure_at) < now - window:
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= max_failures and row.locked_until is None:
            row.locked_until = now + window
            log.warning("login refused for %s minutes after %s failed attempts on one address", minutes, row.failures)
    try:
        session.commit()
    except IntegrityError:
        # Another request added the first failure for this address at the same moment.
        session.rollback()
        record_failure(session, email, max_failures, minutes)


def clear(session: Session, email: str) -> None:
    # Usually already in the session from minutes_locked, and usually absent: then no write.
    row = session.get(LoginThrottle, _key(email))
    if row is not None:
        session.delete(row)
        session.commit()
