"""A register extract (GDPR art. 15): everything elearn holds about one person, as a workbook.

The person downloads their own; HR downloads one for a person who asked through them. A
reflection is private to its author, so only the person's own extract holds reflections. Survey
answers are stored apart from names (see docs/surveys.md): the extract says which rounds the
person answered, not what."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content import Library
from ..db import utcnow
from ..forms import KIND_NAMES, ROLE_CHOICES
from ..learning.history import AssignmentHistory
from ..learning.models import Assignment, CourseCompletion, CourseReminder, ModuleAttempt, Reflection
from ..outbox.models import OutboxMail
from ..outbox.status import KIND_NAMES as MAIL_KINDS
from ..people.history import PersonHistory, PersonRoleHistory
from ..people.models import Department, Person
from ..spaced.models import LessonDelivery
from ..spreadsheets import Table
from ..surveys.models import SurveyParticipation, SurveyRound


def _when(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.isoformat()


def register_extract(session: Session, person: Person, library: Library, *, own: bool) -> dict[str, Table]:
    """Sheet title -> table; `own` adds the person's private reflections."""

    def course_title(course_id: str) -> str:
        course = library.course(course_id)
        return course.title if course else course_id

    def module_title(course_id: str, module_id: str) -> str:
        course = library.course(course_id)
        module = course.module(module_id) if course and module_id else None
        return module.title if module else module_id

    def rows(model, *order):
        return session.scalars(select(model).where(model.person_id == person.id).order_by(*order)).all()

    roles = {choice.value: str(choice.label) for choice in ROLE_CHOICES} | {"learner": _("Deltagare")}
    sheets: dict[str, Table] = {}
    sheets[_("Person")] = (
        [_("Uppgift"), _("Värde")],
        [
            [_("Namn"), person.name],
            [_("E-postadress"), person.email],
            [_("Anställningsnummer"), person.employee_id or ""],
            [_("Förvaltning"), person.department.name if person.department else ""],
            [_("Typ"), str(KIND_NAMES.get(person.kind, person.kind))],
            [_("Roller"), ", ".join(sorted(roles.get(role, role) for role in person.roles))],
            [_("Aktiv"), _("ja") if person.active else _("nej")],
            [_("Språk"), person.locale or ""],
            [_("Inbjuden"), _when(person.invited_at)],
            [_("Skapad"), _when(person.created_at)],
            [_("Senast ändrad"), _when(person.updated_at)],
            [_("Utdraget gjort"), _when(utcnow())],
        ],
    )
    sheets[_("Kurser")] = (
        [_("Kurs"), _("Tilldelad"), _("Klar senast"), _("Hur")],
        [
            [
                course_title(a.course_id),
                _when(a.created_at),
                _when(a.due_on),
                _("manuellt") if a.source == "manual" else _("enligt målgrupp"),
            ]
            for a in rows(Assignment, Assignment.created_at)
        ],
    )
    sheets[_("Intyg")] = (
        [_("Kurs"), _("Klar"), _("Gäller till"), _("Intygskod"), _("Kursversion")],
        [
            [
                course_title(c.course_id),
                _when(c.completed_at),
                _when(c.expires_at),
                c.certificate_code,
                c.course_version,
            ]
            for c in rows(CourseCompletion, CourseCompletion.completed_at)
        ],
    )
    sheets[_("Quizförsök")] = (
        [_("Kurs"), _("Modul"), _("Tid"), _("Försök"), _("Resultat (%)"), _("Godkänd"), _("Svar")],
        [
            [
                course_title(a.course_id),
                module_title(a.course_id, a.module_id),
                _when(a.created_at),
                a.attempt_number,
                a.score,
                _("ja") if a.passed else _("nej"),
                "; ".join(f"{question}: {', '.join(chosen)}" for question, chosen in sorted(a.answers.items())),
            ]
            for a in rows(ModuleAttempt, ModuleAttempt.created_at)
        ],
    )
    sheets[_("Påminnelser")] = (
        [_("Kurs"), _("Skickad")],
        [[course_title(r.course_id), _when(r.sent_at)] for r in rows(CourseReminder, CourseReminder.sent_at)],
    )
    mails = rows(OutboxMail, OutboxMail.id)
    sent = {mail.id: mail.sent_at for mail in mails}
    sheets[_("Lektionsmejl")] = (
        [_("Kurs"), _("Lektion"), _("Gäller dag"), _("Skickat"), _("Öppnat")],
        [
            [
                course_title(d.course_id),
                module_title(d.course_id, d.module_id) if d.module_id else _("Repetition"),
                _when(d.due_on),
                _when(sent.get(d.mail_id)),
                _when(d.opened_at),
            ]
            for d in rows(LessonDelivery, LessonDelivery.due_on, LessonDelivery.id)
        ],
    )
    sheets[_("E-post")] = (
        [_("Utskick"), _("Ämnesrad"), _("Adress"), _("Skapat"), _("Skickat"), _("Avvisat"), _("Fel")],
        [
            [
                str(MAIL_KINDS.get(m.kind, m.kind)),
                m.subject,
                m.to_address,
                _when(m.created_at),
                _when(m.sent_at),
                _when(m.refused_at),
                m.last_error,
            ]
            for m in mails
        ],
    )
    participations = session.execute(
        select(SurveyRound.name, SurveyParticipation.answered_at)
        .join(SurveyRound, SurveyRound.id == SurveyParticipation.round_id)
        .where(SurveyParticipation.person_id == person.id)
        .order_by(SurveyParticipation.answered_at)
    )
    sheets[_("Enkäter")] = (
        [_("Omgång"), _("Svarade")],
        [[name, _when(answered_at)] for name, answered_at in participations],
    )
    sheets[_("Historik")] = (
        [_("Från"), _("Till"), _("Uppgift"), _("Värde")],
        _history_rows(session, person, course_title, roles),
    )
    if own:
        sheets[_("Reflektioner")] = (
            [_("Kurs"), _("Modul"), _("Skriven"), _("Text")],
            [
                [course_title(r.course_id), module_title(r.course_id, r.module_id), _when(r.updated_at), r.text]
                for r in rows(Reflection, Reflection.created_at)
            ],
        )
    return sheets


def _history_rows(session: Session, person: Person, course_title, roles: dict[str, str]) -> list[list[str]]:
    """What the figures for earlier years count this person as, and since when."""
    departments = {key: name for key, name in session.execute(select(Department.id, Department.name))}
    found: list[tuple[datetime, datetime | None, str, str]] = []
    for row in session.scalars(select(PersonHistory).where(PersonHistory.person_id == person.id)):
        state = [
            departments.get(row.department_id, "") if row.department_id else _("Ingen förvaltning"),
            str(KIND_NAMES.get(row.kind, row.kind)),
            _("aktiv") if row.active else _("inaktiv"),
        ]
        found.append((row.valid_from, row.valid_to, _("Förvaltning, typ, aktiv"), ", ".join(state)))
    for row in session.scalars(select(PersonRoleHistory).where(PersonRoleHistory.person_id == person.id)):
        found.append((row.valid_from, row.valid_to, _("Roll"), roles.get(row.role, row.role)))
    for row in session.scalars(select(AssignmentHistory).where(AssignmentHistory.person_id == person.id)):
        value = _("%(course)s, klar senast %(date)s", course=course_title(row.course_id), date=_when(row.due_on))
        found.append((row.valid_from, row.valid_to, _("Kurs"), value))
    found.sort(key=lambda item: (item[0], item[2]))
    return [[_when(start), _when(end), what, value] for start, end, what, value in found]
