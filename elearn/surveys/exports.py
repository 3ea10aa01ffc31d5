"""A round's results as tables for CSV and XLSX, with the same suppression as the page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from flask_babel import gettext as _

from ..content import Topic
from ..forms import KIND_NAMES
from ..spreadsheets import About, Table, too_few
from .results import RoundResults

PARTS = ("amnen", "stod", "fritext")


class CommaDecimal(Decimal):
    """A decimal written the Swedish way, as Excel in Sweden reads a CSV file."""

    def __str__(self) -> str:
        return super().__str__().replace(".", ",")


Number = Callable[[Decimal], object]


def about(results: RoundResults, organisation: str, department_names: Mapping[int, str]) -> About:
    """The block that opens an XLSX of a round's results: whose, which round and whom it asked,
    as of when (answers close with the round), how many answered, and the suppression rule."""
    survey = results.round
    kinds = ", ".join(str(KIND_NAMES.get(kind, kind)) for kind in survey.audience_kinds) or _("Alla persontyper")
    if survey.audience_departments:
        where = _("i") + " " + ", ".join(department_names.get(d, "?") for d in survey.audience_departments)
    else:
        where = _("i alla förvaltningar")
    rate = results.response_rate
    rule = _(
        "Ämnen med färre än %(minimum)s svar visas som ”%(too_few)s”; inga resultat visas med färre svarande.",
        minimum=results.minimum,
        too_few=too_few(),
    )
    return [
        (_("Organisation"), organisation),
        (_("Omgång"), survey.name),
        (_("Läge per"), survey.closes_on.isoformat()),
        (_("Tillfrågade"), f"{kinds} {where}"),
        (
            _("Svar"),
            _(
                "%(count)s av %(total)s (%(percent)s %%)",
                count=results.respondents,
                total=results.audience,
                percent="–" if rate is None else rate,
            ),
        ),
        (_("Små grupper"), rule),
    ]


def _number(value: Decimal | None, number: Number) -> object:
    return "" if value is None else number(value)


def topics_table(results: RoundResults, topics: Mapping[str, Topic], number: Number) -> Table:
    header = [
        _("Rang efter behov"),
        _("Ämne"),
        _("Antal svar"),
        "1",
        "2",
        "3",
        "4",
        "5",
        _("Medelvärde (1–5)"),
        _("Förändring sedan förra omgången"),
    ]
    rows: list[list[object]] = []
    for rank, topic in enumerate(results.topics, start=1):
        title = topics[topic.topic].title if topic.topic in topics else topic.topic
        if topic.suppressed:
            rows.append(["", title, too_few(), "", "", "", "", "", "", ""])
            continue
        rows.append([rank, title, topic.answers, *topic.counts, number(topic.mean), _number(topic.change, number)])
    return header, rows


def options_table(results: RoundResults) -> Table:
    header = [_("Vad skulle hjälpa dig mest?"), _("Antal som valde"), _("Andel av de svarande (%)")]
    if results.suppressed:
        return header, [[option.option, too_few(), ""] for option in results.options]
    return header, [[option.option, option.count, option.percent] for option in results.options]


def free_text_table(results: RoundResults) -> Table:
    header = [results.round.free_text_question]
    if results.suppressed:
        return header, [[too_few()]]
    return header, [[text] for text in results.free_texts]


def table(results: RoundResults, part: str, topics: Mapping[str, Topic], fmt: str) -> Table:
    if part == "amnen":
        return topics_table(results, topics, CommaDecimal if fmt == "csv" else float)
    if part == "stod":
        return options_table(results)
    return free_text_table(results)
