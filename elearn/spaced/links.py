"""Personal one-click lesson links: signed, expiring, good for one person and one lesson only.

Staff without an ordinary IT account take a spaced course through these links, so a link
must not open anything else: not another lesson, not another person's progress."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from ..people.models import Person
from ..signed_links import LinkRefused, read, sign

REPETITION = "repetition"  # the target of a link to repeated questions only, not a module


@dataclass(frozen=True)
class LessonLink:
    person: Person
    course_id: str
    target: str  # a module id, or REPETITION


def make_lesson_token(person_id: int, course_id: str, target: str) -> str:
    return sign("lesson", [person_id, course_id, target])


def read_lesson_token(session: Session, token: str) -> LessonLink:
    max_age = current_app.config["LESSON_LINK_DAYS"] * 86400
    person_id, course_id, target = read("lesson", token, max_age, (int, str, str))
    person = session.get(Person, person_id)
    if person is None:
        raise LinkRefused("invalid")
    if not person.active:
        raise LinkRefused("inactive")
    return LessonLink(person, course_id, target)
