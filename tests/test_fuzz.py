"""Junk in every form and URL never gives a 5xx: NUL and other control characters, huge
numbers, over-long values and digits that are not ASCII, on both databases.

Junk goes into one field at a time while the others hold values the form accepts, so the
junk meets the database whenever the validators let it through; and no statement fails in
the database on the way, even where a view would turn the failure into a polite page."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from elearn import clock
from elearn.api.openapi import parameter_names
from elearn.extensions import db
from tests.api.conftest import bearer, make_token
from tests.conftest import csrf_from, login
from tests.surveys.helpers import make_round
from tests.test_authorization import GET_ACCESS

__all__ = ["make_token"]

JUNK = [
    "\x00",
    "a\x01b\x1f",
    "99999999999999999999999999",
    "2147483648",
    "-1",
    "x" * 5000,
    "²",
    "٣٤",
    "𝟗",
    "9999-12-31",
    "0000-00-00",
    "'; DROP TABLE person; --",
    '=HYPERLINK("http://evil")',
]
QUERY_NAMES = ["q", "sida", "forvaltning", "ar", "kurs", "typ", "datum", "sortera", "kod", "next", "t", "roll", "aktiv"]
# The query arguments each SCIM GET route reads (the API's are in its OpenAPI document).
SCIM_ARGUMENTS = {
    "/scim/v2/Users": {"filter", "startIndex", "count"},
    "/scim/v2/Users/<user_id>": set(),
    "/scim/v2/Groups": {"filter", "startIndex", "count", "excludedAttributes"},
    "/scim/v2/Groups/<group_id>": {"excludedAttributes"},
}
SCIM_FILTERS = {"/scim/v2/Users": "userName", "/scim/v2/Groups": "displayName"}
CSV_FILE = "Anställningsnummer;Namn;E-post;Förvaltning;Typ\nE1;Anna Andersson;anna@example.org;BUF;Anställd\n"


@dataclass
class _Field:
    name: str
    kind: str  # an input's type, or "select", "textarea", "button"
    required: bool
    values: list[str] = field(default_factory=list)  # what the page would send
    options: list[str] = field(default_factory=list)  # the choices of a select or a box group


class _Forms(HTMLParser):
    """Every POST form on a page: its action and its fields, each with what the page would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, _Field]]] = []
        self._fields: dict[str, _Field] | None = None
        self._open: _Field | None = None  # the select or textarea being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        name = values.get("name")
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((values.get("action") or "", self._fields))
        elif self._fields is None:
            return
        elif tag == "option" and self._open is not None:
            value = values.get("value") or ""
            self._open.options.append(value)
            if "selected" in values:
                self._open.values.append(value)
        elif tag in ("input", "select", "textarea", "button") and name:
            kind = values.get("type") or "text" if tag == "input" else tag
            if tag == "button" and values.get("type") not in (None, "submit"):
                return
            found = self._fields.setdefault(name, _Field(name, kind, "required" in values))
            value = values.get("value") or ""
            if kind in ("checkbox", "radio"):
                found.options.append(value)
                if "checked" in values:
                    found.values.append(value)
            elif tag in ("select", "textarea"):
                self._open = found
            else:
                found.values = [value]

    def handle_data(self, data: str) -> None:
        if self._open is not None and self._open.kind == "textarea":
            self._open.values = [data.strip("\n")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag in ("select", "textarea"):
            self._open = None


def _post_forms(html: str) -> list[tuple[str, dict[str, _Field]]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


_unique = itertools.count(1)


def _valid(one: _Field) -> list[str] | tuple[str, io.BytesIO, str]:
    """What the form accepts in `one`: what the page sends, the first choice of a group with
    none chosen, or a fresh value for a required field left empty."""
    if one.kind == "file":
        return (io.BytesIO(CSV_FILE.encode()), "people.csv", "text/csv")
    if one.values and any(one.values):
        return one.values
    if one.options:
        return [next((o for o in one.options if o), one.options[0])]
    if not one.required:
        return one.values
    number = next(_unique)
    fresh = {"email": f"fuzz{number}@example.org", "date": clock.today().isoformat(), "number": "1"}
    return [fresh.get(one.kind, f"F{number}")]


def _filled(fields: dict[str, _Field], junk_in: str, junk: str) -> dict[str, Any]:
    return {name: junk if name == junk_in else _valid(one) for name, one in fields.items()}


@pytest.fixture
def answers_politely(app: Flask) -> Iterator[Callable[[Any, str], None]]:
    """A check for each response: no 5xx, and no statement the database refused on the way."""
    with app.app_context():
        engine = db.engine
    failures: list[str] = []

    def record(context: Any) -> None:
        failures.append(f"{type(context.original_exception).__name__}: {str(context.original_exception)[:200]}")

    def check(response: Any, what: str) -> None:
        assert response.status_code < 500, f"{response.status_code} for {what}"
        assert not failures, f"the database refused a statement for {what}: {failures}"

    event.listen(engine, "handle_error", record)
    yield check
    event.remove(engine, "handle_error", record)


@pytest.fixture
def staff(app: Flask, create_person, create_department) -> tuple[FlaskClient, dict[str, int]]:
    department = create_department()
    me = create_person(roles={"hr", "admin"}, department=department)
    client = app.test_client()
    assert login(client, me.email).status_code == 302
    ids = {
        "me": me.id,
        "department": department.id,
        "survey": make_round(app, kinds=("employee",), departments=[department.id]),
        "closed_survey": make_round(app, opens=-30, closes=-1),
    }
    return client, ids


def test_junk_in_query_arguments_and_paths_gives_no_server_error(staff, answers_politely) -> None:
    client, ids = staff
    urls = [url.format(**ids) for url, _ in GET_ACCESS.values()]
    for value in JUNK:
        query = urlencode(dict.fromkeys(QUERY_NAMES, value))
        for url in urls:
            answers_politely(client.get(f"{url}?{query}"), f"GET {url} with {value[:20]!r}")
        for template, _ in GET_ACCESS.values():
            if "{" in template:
                url = template.format(**dict.fromkeys(ids, quote(value, safe="")))
                answers_politely(client.get(url), f"GET {url[:80]}")


def _form(html: str, action: str) -> dict[str, _Field] | None:
    return next((fields for action_now, fields in _post_forms(html) if action_now == action), None)


def _with_choices_of(fields: dict[str, _Field], first_seen: dict[str, _Field]) -> dict[str, _Field]:
    """A group with nothing chosen keeps the choices it had before fuzzing began: its first one
    then (a department with people) may not be its first one now (one a post just created)."""
    for name, one in fields.items():
        one.options = first_seen[name].options if name in first_seen else one.options
    return fields


def _send_valid(client: FlaskClient, url: str, action: str, fields: dict[str, _Field]) -> tuple[bool, bool]:
    """Whether the form accepts its valid values, and whether it answers with a preview first."""
    response = client.post(action or url, data=_filled(fields, "", ""))
    preview = _form(response.get_data(as_text=True), action) if response.status_code == 200 else None
    previewed = preview is not None and set(preview) > set(fields)
    return response.status_code in (302, 303) or previewed, previewed


def _read_form(
    client: FlaskClient, url: str, action: str, first_seen: dict[str, _Field], previewed: bool
) -> dict[str, _Field]:
    """The form as its page shows it now, with fresh single-use tokens; for a form that answers
    with a preview first (a campaign), the preview's, which adds the button that confirms."""
    fields = _form(client.get(url).get_data(as_text=True), action)
    assert fields is not None, f"the form posting to {action or url} is gone"
    if previewed:
        preview = client.post(action or url, data=_filled(_with_choices_of(fields, first_seen), "", ""))
        fields = _form(preview.get_data(as_text=True), action)
        assert fields is not None, f"the form posting to {action or url} shows no preview"
    return _with_choices_of(fields, first_seen)


def _forms_on(client: FlaskClient, urls: list[str]) -> list[tuple[str, str, dict[str, _Field]]]:
    """Each form with something to fill on the pages, as they are before any is sent."""
    forms = []
    for url in urls:
        page = client.get(url)
        if page.status_code == 200 and "text/html" in page.content_type:
            # A form of only a button may end the session or delete what other pages show.
            found = _post_forms(page.get_data(as_text=True))
            forms += [(url, action, fields) for action, fields in found if set(fields) != {"csrf_token"}]
    return forms


def _fuzz_forms_one_field_at_a_time(
    client: FlaskClient, urls: list[str], answers_politely: Callable
) -> tuple[set[str], set[str]]:
    """Each field of each form gets each junk value while the others hold valid values. A form
    with single-use hidden values (a form token, a submission id) is read again after a post it
    accepted (a redirect). Gives the fields fuzzed, and the forms that accepted their valid values."""
    fuzzed, accepted = set(), set()
    for url, action, first_seen in _forms_on(client, urls):
        target = action or url
        valid, previewed = _send_valid(client, url, action, first_seen)
        if valid:
            accepted.add(target)
        fields = _read_form(client, url, action, first_seen, previewed)
        single_use = any(one.kind == "hidden" for name, one in fields.items() if name != "csrf_token")
        for name in sorted(set(fields) - {"csrf_token"}):
            for value in JUNK:
                response = client.post(target, data=_filled(fields, name, value))
                answers_politely(response, f"POST {target} with {value[:20]!r} in {name}")
                if response.status_code in (302, 303) and single_use:
                    fields = _read_form(client, url, action, first_seen, previewed)
            fuzzed.add(f"{target} {name}")
    return fuzzed, accepted


def test_junk_in_each_field_of_every_form_gives_no_server_error(staff, answers_politely) -> None:
    client, ids = staff
    urls = sorted({template.format(**ids) for template, _ in GET_ACCESS.values()})
    fuzzed, accepted = _fuzz_forms_one_field_at_a_time(client, urls, answers_politely)
    assert len(fuzzed) >= 80, fuzzed  # the parser found the site's forms and their fields
    # The other fields' values are valid, so junk that passes one field's checks goes on to the
    # database: the forms that create or change rows accept them.
    creating = {"/kampanjer/ny", "/enkater/ny", "/enkater/{survey}/andra", "/personer/ny", "/personer/{me}"}
    assert {url.format(**ids) for url in creating} | {"/forvaltningar", "/installningar/organisation"} <= accepted


def test_junk_in_each_field_of_the_public_forms_gives_no_server_error(app: Flask, answers_politely) -> None:
    urls = sorted({template for template, _ in GET_ACCESS.values() if "{" not in template})
    fuzzed, _ = _fuzz_forms_one_field_at_a_time(app.test_client(), urls, answers_politely)
    assert {"/logga-in email", "/logga-in password", "/glomt-losenord email"} <= fuzzed, fuzzed


def _token_routes(app: Flask) -> list[tuple[str, set[str]]]:
    """Each GET route of the API and SCIM, and the query arguments it reads."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or not rule.rule.startswith(("/api/v1/", "/scim/v2/")):
            continue
        if rule.rule.startswith("/scim/"):
            routes.append((rule.rule, SCIM_ARGUMENTS[rule.rule]))
        else:
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes.append((rule.rule, set(parameter_names(path))))
    return sorted(routes)


def _path(rule: str, ids: dict[str, int], junk_in: str = "", junk: str = "") -> str:
    valid = {"person_id": ids["me"], "user_id": ids["me"], "group_id": ids["department"]}
    for argument, value in valid.items():
        text = quote(junk, safe="") if argument == junk_in else str(value)
        rule = rule.replace(f"<int:{argument}>", text).replace(f"<{argument}>", text)
    assert "<" not in rule, f"a test value for the path arguments of {rule}"
    return rule


def _junk_arguments(rule: str, names: set[str]) -> Iterator[tuple[str, str]]:
    for name in sorted(names):
        for value in JUNK:
            yield name, value
            if name == "filter":  # junk in a filter elearn understands goes on to the database
                yield name, f'{SCIM_FILTERS[rule]} eq "{value}"'


def test_junk_in_api_and_scim_arguments_gives_no_server_error(app: Flask, staff, make_token, answers_politely) -> None:
    _, ids = staff
    headers = bearer(make_token("people:read", "reports:read", "scim"))
    client = app.test_client()
    routes = _token_routes(app)
    assert len(routes) >= 12, routes  # the API's and SCIM's GET routes
    for rule, names in routes:
        valid = client.get(_path(rule, ids), headers=headers)
        assert valid.status_code == 200, f"{rule}: {valid.status_code}"  # the junk meets a working route
        for name, value in _junk_arguments(rule, names):
            url = f"{_path(rule, ids)}?{urlencode({name: value})}"
            answers_politely(client.get(url, headers=headers), f"GET {rule} with {value[:30]!r} in {name}")
        for argument in ("person_id", "user_id", "group_id"):
            if f"{argument}>" in rule:
                for value in JUNK:
                    url = _path(rule, ids, argument, value)
                    answers_politely(client.get(url, headers=headers), f"GET {url[:80]}")


def test_junk_in_every_cell_of_an_import_gives_no_server_error(staff, answers_politely) -> None:
    client, _ = staff
    for value in JUNK:
        csv = f"Anställningsnummer;Namn;E-post;Förvaltning;Typ\n{value};{value};{value}@example.org;{value};{value}\n"
        token = csrf_from(client.get("/personer/import").get_data(as_text=True))
        form = {"csrf_token": token, "file": (io.BytesIO(csv.encode()), "a.csv"), "create_departments": "y"}
        preview = client.post("/personer/import", data=form, content_type="multipart/form-data")
        answers_politely(preview, f"import preview with {value[:20]!r}")
        html = preview.get_data(as_text=True)
        if 'name="token" value="' in html:
            import_token = html.split('name="token" value="')[1].split('"')[0]
            data = {"csrf_token": csrf_from(html), "token": import_token}
            answers_politely(client.post("/personer/import/genomfor", data=data), f"import with {value[:20]!r}")
