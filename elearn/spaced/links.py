"""Personal one-click lesson links: signed, expiring, good for one person and one lesson only.

Staff without an ordinary IT account take a spaced course through these links, so a link
must not open anything else: not another lesson, not another person's progress."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ..people.models import Person

REPETITION = "repetition"  # the target of a link to repeated questions only, not a module


@dataclass(frozen=True)
class LessonLink:
    person: Person
    course_id: str
    target: str  # a module id, or REPETITION


class LinkError(Exception):
    """Why a lesson link was refused: expired, invalid (tampered with) or inactive."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="elearn-lesson")


def make_lesson_token(person_id: int, course_id: str, target: str) -> str:
    return _serializer().dumps([person_id, course_id, target])


def read_lesson_token(session: Session, token: str) -> LessonLink:
    max_age = current_app.config["LESSON_LINK_DAYS"] * 86400
    try:
        person_id, course_id, target = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkError("expired") from error
    except (BadSignature, ValueError, TypeError) as error:
        raise LinkError("invalid") from error
    if not isinstance(person_id, int) or not isinstance(course_id, str) or not isinstance(target, str):
        raise LinkError("invalid")
    person = session.get(Person, person_id)
    if person is None:
        raise LinkError("invalid")
    if not person.active:
        raise LinkError("inactive")
    return LessonLink(person, course_id, target)
