"""Survey rounds: HR and admins open them and read the results; the audience answers them."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..access import requires
from ..confirm import confirmation_page, confirmed
from ..course_library import library
from ..db import utcnow
from ..extensions import db
from ..outbox.after_response import deliver_soon
from ..people.service import departments
from ..spreadsheets import file_name, table_download
from . import exports, results, service
from .cli import remind_command
from .forms import RoundForm, RoundSettingsForm, answers_from_form
from .models import SurveyRound
from .reminders import send_round_reminders

blueprint = Blueprint("surveys", __name__, url_prefix="/enkater", cli_group="surveys")
blueprint.cli.add_command(remind_command)
DEFAULT_DAYS_OPEN = 21


def _today() -> date:
    return clock.today()


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _minimum() -> int:
    return current_app.config["SUPPRESSION_MINIMUM"]


# HR and admins --------------------------------------------------------------------------------


@blueprint.get("/")
@requires("surveys.manage")
def rounds() -> str:
    service.freeze_closed_rounds(db.session, _today())
    counts = service.respondent_counts(db.session)
    rows = [
        (survey, counts.get(survey.id, 0), service.audience_size(db.session, survey))
        for survey in service.list_rounds(db.session)
    ]
    return render_template("surveys/rounds.html", rows=rows, today=_today())


def _fill_choices(form: RoundSettingsForm) -> None:
    form.departments.choices = [(d.id, d.name) for d in departments(db.session, active_only=True)]
    if isinstance(form, RoundForm):
        form.topics.choices = [(t.key, t.title) for t in library().topics.values()]


@blueprint.route("/ny", methods=["GET", "POST"])
@requires("surveys.manage")
def new_round() -> str | Response:
    form = RoundForm()
    _fill_choices(form)
    questions, copied_from = service.questions_for_new_round(db.session, library())
    if request.method == "GET":
        form.opens_on.data = _today()
        form.closes_on.data = _today() + timedelta(days=DEFAULT_DAYS_OPEN)
        form.kinds.data = ["elected"]
        form.topics.data = questions.topics
        form.help_options.data = "\n".join(questions.help_options)
        form.free_text_question.data = questions.free_text_question
    token = form.form_token.data or None
    created = _created_with(token)
    if created is not None and request.method == "POST":  # the same form sent again: a double click
        return redirect(url_for("surveys.show_round", round_id=created.id))
    return _save(SurveyRound(form_token=token), form, copied_from)


def _created_with(token: str | None) -> SurveyRound | None:
    if token is None:
        return None
    return db.session.scalar(select(SurveyRound).where(SurveyRound.form_token == token))


@blueprint.route("/<int:round_id>/andra", methods=["GET", "POST"])
@requires("surveys.manage")
def edit_round(round_id: int) -> str | Response:
    survey = db.get_or_404(SurveyRound, round_id)
    if survey.is_closed(_today()):
        flash(_("Omgången har stängt och kan inte ändras."), "info")
        return redirect(url_for("surveys.show_round", round_id=survey.id))
    locked = service.has_answers(db.session, survey)
    form = RoundSettingsForm(obj=survey) if locked else RoundForm(obj=survey)
    _fill_choices(form)
    if request.method == "GET":
        form.kinds.data = survey.audience_kinds
        form.departments.data = survey.audience_departments
        if not locked:
            form.help_options.data = "\n".join(survey.help_options)
    return _save(survey, form, None)


def _save(survey: SurveyRound, form: RoundSettingsForm, copied_from: SurveyRound | None) -> str | Response:
    problem = None
    if form.validate_on_submit():
        questions = form.questions() if isinstance(form, RoundForm) else None
        try:
            service.save_round(
                db.session,
                survey,
                form.name.data,
                form.opens_on.data,
                form.closes_on.data,
                form.kinds.data,
                form.departments.data or [],
                questions,
                _today(),
            )
        except service.SurveyError as error:
            db.session.rollback()
            problem = str(error)
        except IntegrityError:
            # Sent twice at the same moment: the other request created the round.
            db.session.rollback()
            created = _created_with(survey.form_token)
            if created is None:
                raise
            return redirect(url_for("surveys.show_round", round_id=created.id))
        else:
            flash(_("Sparat."), "success")
            return redirect(url_for("surveys.show_round", round_id=survey.id))
    return render_template(
        "surveys/edit.html",
        form=form,
        problem=problem,
        survey=survey,
        copied_from=copied_from,
        locked=not isinstance(form, RoundForm),
        topics=library().topics,
    )


@blueprint.get("/<int:round_id>")
@requires("surveys.manage")
def show_round(round_id: int) -> str:
    survey = db.get_or_404(SurveyRound, round_id)
    service.freeze_closed_rounds(db.session, _today())
    statuses = service.respondent_statuses(db.session, survey)
    return render_template(
        "surveys/round.html",
        survey=survey,
        statuses=statuses,
        respondents=sum(1 for s in statuses if s.answered),
        audience=service.audience_size(db.session, survey),
        today=_today(),
        topics=library().topics,
        department_names={d.id: d.name for d in departments(db.session)},
    )


@blueprint.post("/<int:round_id>/paminn")
@requires("surveys.manage")
def remind(round_id: int) -> Response:
    survey = db.get_or_404(SurveyRound, round_id)
    if not survey.is_open(_today()):
        flash(_("Påminnelser kan bara skickas medan omgången är öppen."), "info")
        return redirect(url_for("surveys.show_round", round_id=survey.id))
    run = send_round_reminders(db.session, survey, utcnow())
    deliver_soon(run.mail_ids)
    flash(ngettext("%(num)d påminnelse skickades.", "%(num)d påminnelser skickades.", run.sent), "success")
    if run.without_account:
        flash(
            _(
                "%(count)s som inte har svarat har inget konto ännu och behöver en inbjudan först.",
                count=run.without_account,
            ),
            "info",
        )
    return redirect(url_for("surveys.show_round", round_id=survey.id))


@blueprint.post("/<int:round_id>/ta-bort")
@requires("surveys.manage")
def delete_round(round_id: int) -> str | Response:
    survey = db.get_or_404(SurveyRound, round_id)
    name = survey.name
    if not service.has_answers(db.session, survey) and not confirmed():
        return confirmation_page(
            _("Ta bort %(name)s?", name=name),
            _("Omgången och dess inställningar tas bort. Det går inte att ångra."),
            url_for("surveys.delete_round", round_id=survey.id),
            _("Ja, ta bort omgången"),
            url_for("surveys.show_round", round_id=survey.id),
        )
    if not service.delete_round(db.session, survey):
        flash(_("Omgången har svar och kan inte tas bort."), "info")
        return redirect(url_for("surveys.show_round", round_id=survey.id))
    flash(_("Omgången %(name)s är borttagen.", name=name), "success")
    return redirect(url_for("surveys.rounds"))


def _closed_results(survey: SurveyRound) -> results.RoundResults | None:
    """Results only once the round has closed: figures that changed as answers came in would
    let anyone who knows who answered in between work out that person's answers."""
    if not survey.is_closed(_today()):
        return None
    service.freeze_closed_rounds(db.session, _today())
    return results.round_results(db.session, survey, _minimum())


@blueprint.get("/<int:round_id>/resultat")
@requires("surveys.manage")
def results_page(round_id: int) -> str:
    survey = db.get_or_404(SurveyRound, round_id)
    return render_template(
        "surveys/results.html",
        survey=survey,
        results=_closed_results(survey),
        topics=library().topics,
        minimum=_minimum(),
    )


@blueprint.get("/<int:round_id>/resultat/<part>.<fmt>")
@requires("surveys.manage")
def results_export(round_id: int, part: str, fmt: str) -> Response:
    survey = db.get_or_404(SurveyRound, round_id)
    data = _closed_results(survey)
    if data is None or part not in exports.PARTS or fmt not in ("csv", "xlsx"):
        abort(404)
    table = exports.table(data, part, library().topics, fmt)
    department_names = {d.id: d.name for d in departments(db.session)}
    about = exports.about(data, current_app.config["ORG"]["name"], department_names)
    return table_download(table, file_name("enkat", survey.name, part, survey.closes_on.isoformat()), fmt, about)


# Respondents ----------------------------------------------------------------------------------


def _round_for_me(round_id: int) -> SurveyRound:
    survey = db.session.get(SurveyRound, round_id)
    if survey is None or survey.opens_on > _today() or not service.in_audience(survey, current_user):
        abort(404)
    return survey


@blueprint.route("/<int:round_id>/svara", methods=["GET", "POST"])
@login_required
def answer(round_id: int) -> str | tuple[str, int] | Response:
    survey = _round_for_me(round_id)
    if request.method == "GET":
        answers = service.my_answers(db.session, survey, current_user, _secret())
        return _answer_page(survey, answers or service.Answers(), answered=answers is not None)
    answers = answers_from_form(request.form, survey.topics, survey.help_options)
    try:
        service.save_answers(db.session, survey, current_user, answers, _secret(), utcnow())
    except service.SurveyError as error:
        db.session.rollback()
        status = 409 if survey.is_closed(_today()) else 400
        return _answer_page(survey, answers, answered=False, error=str(error)), status
    closes_on = survey.closes_on.isoformat()
    flash(_("Tack! Dina svar är sparade. Du kan ändra dem till och med %(date)s.", date=closes_on), "success")
    return redirect(url_for("learning.dashboard"))


def _answer_page(survey: SurveyRound, answers: service.Answers, answered: bool, error: str | None = None) -> str:
    return render_template(
        "surveys/answer.html",
        survey=survey,
        answers=answers,
        answered=answered,
        closed=survey.is_closed(_today()),
        topics=library().topics,
        scores=service.SCORES,
        free_text_max=service.FREE_TEXT_MAX,
        error=error,
    )
