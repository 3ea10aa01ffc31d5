"""Junk in every form and URL never gives a 5xx: NUL and other control characters, huge
numbers, over-long values and digits that are not ASCII, on both databases."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_from, login
from tests.surveys.helpers import make_round
from tests.test_authorization import GET_ACCESS

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


class _Forms(HTMLParser):
    """Every POST form on a page: its action and the names of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self.forms.append((values.get("action") or "", set()))
            self._inside = True
        elif (
            self._inside
            and tag in ("input", "select", "textarea")
            and values.get("name")
            and values.get("type") != "file"
        ):
            self.forms[-1][1].add(str(values["name"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False


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


def _no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {what}"


def test_junk_in_query_arguments_and_paths_gives_no_server_error(staff) -> None:
    client, ids = staff
    urls = [url.format(**ids) for url, _ in GET_ACCESS.values()]
    for value in JUNK:
        query = urlencode(dict.fromkeys(QUERY_NAMES, value))
        for url in urls:
            _no_server_error(client.get(f"{url}?{query}"), f"GET {url} with {value[:20]!r}")
        for template, _ in GET_ACCESS.values():
            if "{" in template:
                url = template.format(**dict.fromkeys(ids, quote(value, safe="")))
                _no_server_error(client.get(url), f"GET {url[:80]}")


def test_junk_in_every_field_of_every_form_gives_no_server_error(staff) -> None:
    client, ids = staff
    fuzzed = set()
    for url in sorted({template.format(**ids) for template, _ in GET_ACCESS.values()}):
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.content_type:
            continue
        parser = _Forms()
        parser.feed(page.get_data(as_text=True))
        for action, fields in parser.forms:
            target = action or url
            if target.endswith(("/logga-ut", f"/personer/{ids['me']}/aktiv")):
                continue  # would end the session the rest of the test uses
            for value in JUNK:
                token = csrf_from(client.get(url).get_data(as_text=True))
                data = {name: value for name in fields} | {"csrf_token": token}
                _no_server_error(client.post(target, data=data), f"POST {target} with {value[:20]!r}")
            fuzzed.add(target)
    assert len(fuzzed) >= 10, fuzzed  # the parser found the site's forms


def test_junk_in_every_cell_of_an_import_gives_no_server_error(staff) -> None:
    client, _ = staff
    for value in JUNK:
        csv = f"Anställningsnummer;Namn;E-post;Förvaltning;Typ\n{value};{value};{value}@example.org;{value};{value}\n"
        token = csrf_from(client.get("/personer/import").get_data(as_text=True))
        form = {"csrf_token": token, "file": (io.BytesIO(csv.encode()), "a.csv"), "create_departments": "y"}
        preview = client.post("/personer/import", data=form, content_type="multipart/form-data")
        _no_server_error(preview, f"import preview with {value[:20]!r}")
        html = preview.get_data(as_text=True)
        if 'name="token" value="' in html:
            import_token = html.split('name="token" value="')[1].split('"')[0]
            data = {"csrf_token": csrf_from(html), "token": import_token}
            _no_server_error(client.post("/personer/import/genomfor", data=data), f"import with {value[:20]!r}")
