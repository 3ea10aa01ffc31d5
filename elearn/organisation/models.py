"""Organisation settings changed in the UI, and the history of every change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import UTCDateTime, db, utcnow


class OrgSetting(db.Model):
    """A value that overrides ORG_<KEY> from the environment."""

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


class OrgSettingChange(db.Model):
    """Who changed which value when: the plan's yearly revision, traceable. A person disposed of
    later leaves the change with no name (SET NULL), so no personal data outlives the retention."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str] = mapped_column(String(500))
    new_value: Mapped[str] = mapped_column(String(500))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
