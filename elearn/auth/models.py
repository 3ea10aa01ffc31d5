"""Failed logins per e-mail address, kept only as long as they matter, and sign-ins elsewhere."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class LoginThrottle(db.Model):
    """Counts failed logins for one address, one client or the whole site (auth/throttle.py);
    `key` is a hash, so no typed address or IP address is stored."""

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Locks so far: each lasts twice as long as the one before.
    lockouts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ExternalIdentity(db.Model):
    """A person's account at an OpenID Connect provider: after the first sign-in the person is
    found by the provider's stable subject, even if their e-mail address changes later."""

    provider: Mapped[str] = mapped_column(String(40), primary_key=True)
    subject: Mapped[str] = mapped_column(String(255), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
