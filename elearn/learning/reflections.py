"""Private reflections: written by the learner, read by the learner, by nobody else."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DomainError
from .models import Reflection

MAX_LENGTH = 4000


class ReflectionTooLong(DomainError):
    def __init__(self, length: int) -> None:
        super().__init__(
            _l("Reflektionen är för lång: högst %(count)s tecken. Korta den och spara igen.", count=MAX_LENGTH),
            f"reflection of {length} characters",
        )


def save_reflection(session: Session, person_id: int, course_id: str, module_id: str, text: str, now: datetime) -> bool:
    """Store the learner's answer (replacing an earlier one); an empty answer removes it.
    Returns whether anything is stored now."""
    text = text.strip()
    if len(text) > MAX_LENGTH:
        raise ReflectionTooLong(len(text))
    reflection = session.get(Reflection, (person_id, course_id, module_id))
    if not text:
        if reflection is not None:
            session.delete(reflection)
        session.commit()
        return False
    if reflection is None:
        session.add(
            Reflection(
                person_id=person_id, course_id=course_id, module_id=module_id, text=text, created_at=now, updated_at=now
            )
        )
    else:
        reflection.text = text
        reflection.updated_at = now
    session.commit()
    return True


def reflection_text(session: Session, person_id: int, course_id: str, module_id: str) -> str:
    reflection = session.get(Reflection, (person_id, course_id, module_id))
    return reflection.text if reflection else ""


def my_reflections(session: Session, person_id: int, course_id: str | None = None) -> list[Reflection]:
    query = select(Reflection).where(Reflection.person_id == person_id)
    if course_id is not None:
        query = query.where(Reflection.course_id == course_id)
    return list(session.scalars(query.order_by(Reflection.course_id, Reflection.created_at)))
