from __future__ import annotations

from pathlib import Path

from flask import Flask

from .helpers import FIXTURES, copy_fixtures, edit


def test_check_prints_a_summary_per_course(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["courses", "check", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert "testkurs: 3 moduler, 3 frågor" in result.output
    assert "oppen: 1 moduler, 1 frågor" in result.output


def test_check_names_file_and_line_and_fails(app: Flask, tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "testkurs/02-agera.md", "- [x] Falskt", "- [ ] Falskt")
    edit(root / "testkurs/course.toml", "pass_mark = 50", "pass_mark = 0")
    result = app.test_cli_runner().invoke(args=["courses", "check", str(root)])
    assert result.exit_code == 1
    assert f"{root}/testkurs/02-agera.md:14: Frågan har inget rätt svar" in result.output
    assert f"{root}/testkurs/course.toml:5: pass_mark ska vara" in result.output
    assert "2 problem hittades" in result.output


def test_the_app_leaves_a_broken_course_out_and_serves_the_rest(database_url: str, tmp_path: Path, caplog) -> None:
    from tests.conftest import make_app

    root = copy_fixtures(tmp_path)
    edit(root / "testkurs/02-agera.md", "- [x] Falskt", "- [ ] Falskt")
    app = make_app(database_url, COURSES_PATH=str(root))
    assert "02-agera.md:14" in caplog.text
    with app.app_context():
        from elearn.course_library import library

        assert set(library().courses) == {"oppen", "nano"}
    assert app.test_client().get("/oppna-kurser/oppen").status_code == 200
