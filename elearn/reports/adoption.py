"""Adopted (fastställda) lägesbilder: the figures, page and PDF of a year as HR adopted them.

An adopted year is never computed again: its stored document is what the board received, and
a later change in the organisation or a correction of the rules must not rewrite it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..db import UTCDateTime, db
from ..errors import DomainError


class AdoptedLagesbild(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The name is kept too: the record outlives the account of whoever adopted it.
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    adopted_by_name: Mapped[str] = mapped_column(String(200))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    html: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class AlreadyAdopted(DomainError):
    """A year is adopted once; its document is never replaced."""

    status = 409

    def __init__(self, year: int) -> None:
        super().__init__(
            _l("Lägesbilden för %(year)s är redan fastställd och ändras inte.", year=year),
            f"the lägesbild for {year} is already adopted",
        )
        self.year = year


def adopted(session: Session, year: int) -> AdoptedLagesbild | None:
    return session.scalar(select(AdoptedLagesbild).where(AdoptedLagesbild.year == year))


def adopted_years(session: Session) -> list[AdoptedLagesbild]:
    return list(session.scalars(select(AdoptedLagesbild).order_by(AdoptedLagesbild.year.desc())))


def refuse_if_adopted(session: Session, year: int) -> None:
    """AlreadyAdopted if `year` is: asked before drawing its document for nothing."""
    if adopted(session, year) is not None:
        raise AlreadyAdopted(year)


def adopt(session: Session, record: AdoptedLagesbild) -> AdoptedLagesbild:
    refuse_if_adopted(session, record.year)
    session.add(record)
    try:
        session.commit()
    except IntegrityError as error:  # two adoptions of one year at the same moment: the first stands
        session.rollback()
        raise AlreadyAdopted(record.year) from error
    return record
