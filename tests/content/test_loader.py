from __future__ import annotations

from pathlib import Path

from .helpers import FIXTURES, VARIABLES, copy_fixtures, edit, load


def test_fixture_courses_load_cleanly() -> None:
    library = load(FIXTURES)
    assert library.problems == ()
    assert set(library.courses) == {"testkurs", "oppen", "nano"}
    course = library.course("testkurs")
    assert [m.id for m in course.modules] == ["01-grunder", "02-agera", "03-las"]
    assert course.pass_mark == 50 and course.validity_months == 12
    assert course.audience.kinds == ("employee",)
    assert course.question_count == 3
    assert "bilder/klotter.svg" in course.assets
    assert set(library.topics) == {"begrepp", "signaler", "agera"}


def test_question_kinds_are_inferred_from_the_options() -> None:
    course = load(FIXTURES).course("testkurs")
    first, second = course.module("01-grunder").questions
    (third,) = course.module("02-agera").questions
    assert (first.kind, second.kind, third.kind) == ("single", "multiple", "true-false")
    assert first.right_option_ids == {"a"}
    assert second.right_option_ids == {"a", "b"}
    assert third.topics == ("begrepp", "agera")


def test_variables_are_filled_from_configuration() -> None:
    course = load(FIXTURES).course("testkurs")
    assert "Strömsunds kommun" in course.module("01-grunder").html
    assert VARIABLES["org.vbe_email"] in course.module("02-agera").html
    assert "{{" not in course.module("02-agera").html


def test_variables_are_filled_in_objectives_too() -> None:
    module = load(FIXTURES).course("testkurs").module("02-agera")
    assert module.objectives == ("Veta när du kontaktar Samverkansgruppen mot VBE.",)


def test_variables_are_filled_in_the_course_title_and_summary(tmp_path) -> None:
    from .helpers import copy_fixtures, edit

    root = copy_fixtures(tmp_path)
    edit(root / "testkurs" / "course.toml", '"En liten kurs för tester."', '"En kurs för {{ org.name }}."')
    edit(root / "testkurs" / "course.toml", '"Testkurs"', '"Testkurs i {{ org.name }}"')
    course = load(root).course("testkurs")
    assert (course.title, course.summary) == ("Testkurs i Strömsunds kommun", "En kurs för Strömsunds kommun.")


def test_another_municipality_changes_configuration_only() -> None:
    from elearn.content import ContentCache

    variables = dict(VARIABLES, **{"org.name": "Exempelby kommun"})
    course = ContentCache().load(FIXTURES, variables).course("testkurs")
    assert "Exempelby kommun" in course.module("01-grunder").html


def test_lesson_html_has_anchors_and_working_links() -> None:
    html = load(FIXTURES).course("testkurs").module("01-grunder").html
    assert '<h2 id="tecken-att-lagga-marke-till">' in html
    assert 'src="filer/bilder/klotter.svg"' in html
    assert 'alt="Ett exempel på klotter"' in html
    assert 'href="02-agera#vem-kontaktar-du"' in html


def test_module_audience_targets_a_department() -> None:
    course = load(FIXTURES).course("testkurs")
    for_buf = course.modules_for("employee", {"learner"}, "BUF")
    for_soc = course.modules_for("employee", {"learner"}, "SOC")
    assert [m.id for m in for_buf] == ["01-grunder", "02-agera", "03-las"]
    assert [m.id for m in for_soc] == ["01-grunder", "02-agera"]


def test_second_load_parses_nothing(tmp_path: Path) -> None:
    from elearn.content import ContentCache

    root = copy_fixtures(tmp_path)
    cache = ContentCache()
    first = cache.load(root, VARIABLES)
    assert cache.parses == 3
    second = cache.load(root, VARIABLES)
    assert cache.parses == 3
    assert second.course("testkurs") is first.course("testkurs")


def test_an_edit_reparses_only_the_changed_course(tmp_path: Path) -> None:
    from elearn.content import ContentCache

    root = copy_fixtures(tmp_path)
    cache = ContentCache()
    first = cache.load(root, VARIABLES)
    edit(root / "testkurs" / "02-agera.md", "Mejla", "Skriv till")
    second = cache.load(root, VARIABLES)
    assert cache.parses == 4
    assert second.course("oppen") is first.course("oppen")
    assert "Skriv till" in second.course("testkurs").module("02-agera").html


def test_versions_ignore_line_endings_and_trailing_spaces(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    before = load(root).course("testkurs")
    path = root / "testkurs" / "02-agera.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"  \r\n"))
    after = load(root).course("testkurs")
    assert after.module("02-agera").version == before.module("02-agera").version
    assert after.version == before.version


def test_a_changed_text_gets_a_new_module_and_course_version(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    before = load(root).course("testkurs")
    edit(root / "testkurs" / "02-agera.md", "Mejla", "Skicka e-post till")
    after = load(root).course("testkurs")
    assert after.module("02-agera").version != before.module("02-agera").version
    assert after.module("01-grunder").version == before.module("01-grunder").version
    assert after.version != before.version


def test_a_broken_course_is_left_out_and_the_others_still_load(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "testkurs" / "02-agera.md", "- [x] Falskt", "- [ ] Falskt")
    library = load(root)
    assert "testkurs" not in library.courses
    assert "oppen" in library.courses
    assert len(library.problems) == 1


def test_shuffled_options_keep_one_order_per_learner() -> None:
    import dataclasses

    question = load(FIXTURES).course("testkurs").module("01-grunder").questions[1]
    assert question.shuffle  # the default
    orders = {tuple(o.id for o in question.options_for(str(seed))) for seed in range(30)}
    assert len(orders) > 1
    assert question.options_for("7") == question.options_for("7")
    in_file_order = dataclasses.replace(question, shuffle=False)
    assert in_file_order.options_for("7") == question.options


def test_a_course_can_keep_the_options_in_file_order(tmp_path: Path) -> None:
    root = copy_fixtures(tmp_path)
    edit(root / "testkurs" / "course.toml", "pass_mark = 50", "pass_mark = 50\nshuffle = false")
    questions = load(root).course("testkurs").module("01-grunder").questions
    assert not any(q.shuffle for q in questions)


def test_rendering_removes_scripts_and_javascript_links() -> None:
    from elearn.content import markdown

    source = '<script>alert("x")</script>\n\n[klicka](javascript:alert(1)) <img src=x onerror=alert(1)>\n'
    html = markdown.render(markdown.parse(source))
    assert "<script" not in html and 'href="javascript' not in html and "onerror" not in html
    assert "klicka" in html


def test_a_phone_number_in_the_settings_becomes_a_link_that_calls_but_a_route_stays_text(tmp_path) -> None:
    from elearn.content import ContentCache

    root = copy_fixtures(tmp_path)
    edit(root / "testkurs" / "02-agera.md", "Mejla {{ org.vbe_email }}.", "Ring {{ org.social_services_phone }}.")
    numbered = dict(VARIABLES, **{"org.social_services_phone": "0670-123 45"})
    html = ContentCache().load(root, numbered).course("testkurs").module("02-agera").html
    assert '<a href="tel:067012345" rel="noopener noreferrer">0670-123 45</a>' in html
    routed = load(root).course("testkurs").module("02-agera").html  # the default: "kommunens växel"
    assert "Ring kommunens växel." in routed and "tel:" not in routed
    edit(root / "testkurs" / "course.toml", '"Testkurs"', '"Testkurs, ring {{ org.social_services_phone }}"')
    assert ContentCache().load(root, numbered).course("testkurs").title == "Testkurs, ring 0670-123 45"  # plain text
