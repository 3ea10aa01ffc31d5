"""Build a SCORM 1.2 package (a zip) from a loaded course: one SCO a module, working offline.

Only the content engine and Jinja are used, so the CLI, the admin download and the tests build
the same bytes. The course arrives with the organisation's variables already filled in by the
loader; the package carries them as plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..content import Course, Module

ELEARN = Path(__file__).resolve().parent.parent
TEMPLATES = ELEARN / "templates" / "scorm" / "package"
TRANSLATIONS = ELEARN / "translations"
SHARED_FILES = ("sco.js", "sco.css")  # copied verbatim into every package
ASSET_FOLDER = "filer/"  # where module HTML points images (content.markdown.ASSET_PREFIX)
# A fixed timestamp for every entry, so one course version always gives the same bytes.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Sco:
    """One module as the manifest and its page see it. XML ids may not start with a digit, and
    module ids often do ("01-grunder"), hence the prefixes."""

    module: Module
    href: str
    item_id: str
    resource_id: str


def build_package(course: Course, organisation: str) -> bytes:
    """The course as a SCORM 1.2 zip: imsmanifest.xml, one page per module, shared script and
    style, and the course's files (images) under `filer/`."""
    environment = _environment(course.language)
    scos = tuple(_sco(module) for module in course.modules)
    pages = {sco.href: _page(environment, course, organisation, sco, scos) for sco in scos}
    assets = sorted(course.assets)
    manifest = environment.get_template("imsmanifest.xml").render(
        course=course, scos=scos, shared=SHARED_FILES, assets=[ASSET_FOLDER + path for path in assets]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "imsmanifest.xml", manifest.encode())
        for href, html in pages.items():
            _write(archive, href, html.encode())
        for name in SHARED_FILES:
            _write(archive, name, (TEMPLATES / name).read_bytes())
        for path in assets:
            _write(archive, ASSET_FOLDER + path, (course.folder / path).read_bytes())
    return buffer.getvalue()


def _sco(module: Module) -> Sco:
    return Sco(module=module, href=f"{module.id}.html", item_id=f"item-{module.id}", resource_id=f"sco-{module.id}")


def _page(environment: Environment, course: Course, organisation: str, sco: Sco, scos: tuple[Sco, ...]) -> str:
    return environment.get_template("sco.html").render(
        course=course,
        module=sco.module,
        organisation=organisation,
        lesson_html=_link_sibling_pages(sco.module.html, scos),
        answer_key=_answer_key(sco.module),
    )


def _link_sibling_pages(html: str, scos: tuple[Sco, ...]) -> str:
    """The loader turns `02-tecken.md#a` into `02-tecken#a` for the web app; inside the package
    that module is the file `02-tecken.html`."""
    pages = {sco.module.id: sco.href for sco in scos}

    def replace(match: re.Match[str]) -> str:
        target, anchor = match.group(1), match.group(2) or ""
        return f'href="{pages[target]}{anchor}"' if target in pages else match.group(0)

    return re.sub(r'href="([a-z0-9][a-z0-9_-]*)(#[^"]*)?"', replace, html)


def _answer_key(module: Module) -> list[dict[str, object]]:
    """What the page's script needs to grade the quiz the way `content.grading.grade` does.

    It is visible to anyone who opens the package's files: a SCORM package that grades offline
    cannot keep its answers secret, so elearn's own pages never use it."""
    return [
        {
            "id": question.id,
            "multiple": question.kind == "multiple",
            "right": sorted(question.right_option_ids),
            "feedback": {option.id: option.feedback_html for option in question.options if option.feedback_html},
            "question_feedback": question.feedback_html,
        }
        for question in module.questions
    ]


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)


@lru_cache(maxsize=4)
def _environment(language: str) -> Environment:
    """A Jinja environment whose `_()` speaks the course's language, from the app's catalogues."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    # Swedish is the source language: Translations.load falls back to the strings as written.
    translations = Translations.load(str(TRANSLATIONS), [language])
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return environment
