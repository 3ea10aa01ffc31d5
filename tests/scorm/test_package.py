"""The SCORM 1.2 package: a valid manifest, one SCO a module, nothing fetched from outside."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from flask import Flask
from xmlschema import XMLSchema

from elearn.config import PROJECT_ROOT
from elearn.course_library import library
from elearn.scorm.package import build_package
from tests.conftest import login, make_app
from tests.npm_packages import SCORM_SCHEMAS, npm_package

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
SHIPPED_COURSES = PROJECT_ROOT / "courses"


def parse(manifest: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(manifest)  # noqa: S314  the package this test just built


def package(app: Flask, course_id: str = "testkurs") -> zipfile.ZipFile:
    with app.app_context():
        data = build_package(library().course(course_id), app.config["ORG"]["name"])
    return zipfile.ZipFile(io.BytesIO(data))


@pytest.fixture(scope="module")
def manifest_schema(tmp_path_factory: pytest.TempPathFactory) -> XMLSchema:
    """ADL's SCORM 1.2 schemas. They import an old copy of xml.xsd that today's XML parsers
    refuse, so that import is pointed at xmlschema's own copy of the same namespace."""
    source = npm_package(SCORM_SCHEMAS) / "lib" / "schemas" / "definitionFiles" / "scorm12edition"
    folder = tmp_path_factory.mktemp("xsd")
    for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"):
        text = (source / name).read_text(encoding="utf-8").replace(' schemaLocation="ims_xml.xsd"', "")
        (folder / name).write_text(text, encoding="utf-8")
    return XMLSchema([str(folder / "imscp_rootv1p1p2.xsd"), str(folder / "adlcp_rootv1p2.xsd")])


@pytest.mark.parametrize("course_id", ["testkurs", "nano", "oppen"])
def test_the_manifest_is_valid_scorm_1_2(app: Flask, manifest_schema: XMLSchema, course_id: str) -> None:
    manifest = package(app, course_id).read("imsmanifest.xml")
    manifest_schema.validate(io.BytesIO(manifest))
    root = parse(manifest)
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"


def test_the_shipped_nano_course_is_a_valid_package_of_six_scos(database_url: str, manifest_schema: XMLSchema) -> None:
    shipped = make_app(database_url, COURSES_PATH=str(SHIPPED_COURSES))
    archive = package(shipped, "grundkurs")
    manifest = archive.read("imsmanifest.xml")
    manifest_schema.validate(io.BytesIO(manifest))
    root = parse(manifest)
    with shipped.app_context():
        course = library().course("grundkurs")
    items = root.findall(f"{CP}organizations/{CP}organization/{CP}item")
    assert [item.findtext(f"{CP}title") for item in items] == [m.title for m in course.modules]
    assert len(items) == 6
    assert {file.get("href") for file in root.iter(f"{CP}file")} == set(archive.namelist()) - {"imsmanifest.xml"}
    pages = [archive.read(name).decode() for name in archive.namelist() if name.endswith(".html")]
    assert not any("{{" in page for page in pages)
    assert f"arbetar i {shipped.config['ORG']['name']}" in archive.read("01-vad-ar-vbe.html").decode()


def test_the_schema_refuses_a_broken_manifest(app: Flask, manifest_schema: XMLSchema) -> None:
    manifest = package(app).read("imsmanifest.xml").replace(b'scormtype="sco"', b'scormtype="lesson"', 1)
    assert not manifest_schema.is_valid(io.BytesIO(manifest))


def test_each_module_is_a_sco_in_course_order_with_the_pass_mark(app: Flask) -> None:
    root = parse(package(app).read("imsmanifest.xml"))
    items = root.findall(f"{CP}organizations/{CP}organization/{CP}item")
    resources = {r.get("identifier"): r for r in root.iter(f"{CP}resource")}
    with app.app_context():
        course = library().course("testkurs")
    assert [item.findtext(f"{CP}title") for item in items] == [m.title for m in course.modules]
    for item, module in zip(items, course.modules, strict=True):
        resource = resources[item.get("identifierref")]
        assert resource.get(f"{ADLCP}scormtype") == "sco"
        assert resource.get("href") == f"{module.id}.html"
        mastery = item.findtext(f"{ADLCP}masteryscore")
        assert mastery == (str(course.pass_mark) if module.questions else None)


def test_every_file_is_in_the_manifest_and_every_listed_file_is_in_the_zip(app: Flask) -> None:
    archive = package(app)
    root = parse(archive.read("imsmanifest.xml"))
    listed = {file.get("href") for file in root.iter(f"{CP}file")}
    assert listed == set(archive.namelist()) - {"imsmanifest.xml"}
    assert "filer/bilder/klotter.svg" in listed


def test_pages_load_nothing_from_outside_the_package(app: Flask) -> None:
    archive = package(app)
    names = set(archive.namelist())
    for name in names:
        if not name.endswith(".html"):
            continue
        html = archive.read(name).decode()
        loaded = re.findall(r'<(?:script|img|link)[^>]*(?:src|href)="([^"]+)"', html)
        assert loaded, name
        assert all(target in names for target in loaded), (name, loaded)
        links = [href.split("#")[0] for href in re.findall(r'<a[^>]*href="([^"]+)"', html)]
        assert all(href in names for href in links if href and not href.startswith(("http", "mailto:"))), links


def test_the_organisation_s_settings_fill_the_course(database_url: str) -> None:
    app = make_app(database_url, ORG={**make_app(database_url).config["ORG"], "name": "Ekerö kommun"})
    archive = package(app)
    first = archive.read("01-grunder.html").decode()
    second = archive.read("02-agera.html").decode()
    assert "grunderna</strong> för Ekerö kommun" in first
    assert app.config["ORG"]["vbe_email"] in second
    assert "{{" not in first + second


def test_one_course_version_always_gives_the_same_package(app: Flask) -> None:
    with app.app_context():
        course = library().course("testkurs")
        assert build_package(course, "X") == build_package(course, "X")


def test_the_command_writes_the_package(app: Flask, tmp_path: Path) -> None:
    target = tmp_path / "grund.zip"
    result = app.test_cli_runner().invoke(args=["courses", "export-scorm", "testkurs", str(target)])
    assert result.exit_code == 0, result.output
    assert "imsmanifest.xml" in zipfile.ZipFile(target).namelist()


def test_the_command_names_the_courses_when_one_is_unknown(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["courses", "export-scorm", "saknas", str(tmp_path / "x.zip")])
    assert result.exit_code != 0
    assert "testkurs" in result.output
    assert not (tmp_path / "x.zip").exists()


def test_an_admin_downloads_any_course(app: Flask, create_person) -> None:
    client = app.test_client()
    login(client, create_person(roles={"admin"}).email)
    page = client.get("/export/scorm/").get_data(as_text=True)
    assert "/export/scorm/nano.zip" in page
    response = client.get("/export/scorm/nano.zip")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=nano-scorm12.zip"
    assert "n1.html" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert client.get("/export/scorm/saknas.zip").status_code == 404
