"""An employee takes the course module by module, never loses progress, and gets a certificate."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.learning.models import CourseCompletion, ModuleAttempt
from tests.conftest import csrf_from

Q1, Q2 = "01-grunder-1", "01-grunder-2"
RIGHT_01 = {f"svar-{Q1}": "a", f"svar-{Q2}": ["a", "b"]}
RIGHT_02 = {"svar-02-agera-1": "b"}


def submit(client: FlaskClient, module: str, answers: dict[str, object]) -> tuple[int, str]:
    page = client.get(f"/kurser/testkurs/{module}").get_data(as_text=True)
    submission_id = re.search(r'name="submission_id" value="([0-9a-f]+)"', page).group(1)
    response = client.post(
        f"/kurser/testkurs/{module}",
        data={"csrf_token": csrf_from(page), "submission_id": submission_id, **answers},
        follow_redirects=True,
    )
    return response.status_code, response.get_data(as_text=True)


def attempts(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ModuleAttempt))


def test_my_courses_lists_assigned_courses_with_status_and_due_date(create_person, login_as) -> None:
    client = login_as(create_person())
    html = client.get("/mina-kurser").get_data(as_text=True)
    assert "Testkurs" in html
    assert "Inte påbörjad" in html
    assert "Klar senast" in html
    assert 'value="0"' in html  # the progress bar
    assert "Öppen introduktion" not in html  # a partner course, not assigned to employees


def test_module_page_shows_lesson_and_a_quiz_that_works_without_javascript(create_person, login_as) -> None:
    client = login_as(create_person())
    html = client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    assert "Strömsunds kommun" in html
    assert f'type="radio" name="svar-{Q1}"' in html
    assert f'type="checkbox" name="svar-{Q2}"' in html
    assert '<form method="post"' in html and 'name="csrf_token"' in html


def test_passing_a_module_shows_feedback_and_leads_on(app, create_person, login_as) -> None:
    client = login_as(create_person())
    status, html = submit(client, "01-grunder", RIGHT_01)
    assert status == 200
    assert "2 av 2 rätt (100 %)" in html
    assert "Rätt, det är en process." in html
    assert "Nästa modul: Agera" in html
    assert "Påbörjad" in client.get("/mina-kurser").get_data(as_text=True)


def test_failing_a_module_lets_me_retry(create_person, login_as) -> None:
    client = login_as(create_person())
    _, html = submit(client, "01-grunder", {f"svar-{Q1}": "b", f"svar-{Q2}": "c"})
    assert "0 av 2 rätt (0 %)" in html
    assert "Nej, åsikter är tillåtna." in html
    assert "Försök igen" in html
    _, html = submit(client, "01-grunder", RIGHT_01)
    assert "Bra! Du har klarat modulen." in html


def test_a_double_submit_records_one_attempt(app, create_person, login_as) -> None:
    client = login_as(create_person())
    page = client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(page),
        "submission_id": re.search(r'name="submission_id" value="([0-9a-f]+)"', page).group(1),
        **RIGHT_01,
    }
    first = client.post("/kurser/testkurs/01-grunder", data=data)
    second = client.post("/kurser/testkurs/01-grunder", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert "2 av 2 rätt" in client.get(second.headers["Location"]).get_data(as_text=True)
    assert attempts(app) == 1


def test_a_quiz_result_is_shown_after_a_redirect_so_a_reload_sends_nothing_again(app, create_person, login_as) -> None:
    client = login_as(create_person())
    page = client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    submission_id = re.search(r'name="submission_id" value="([0-9a-f]+)"', page).group(1)
    posted = client.post(
        "/kurser/testkurs/01-grunder", data={"csrf_token": csrf_from(page), "submission_id": submission_id, **RIGHT_01}
    )
    assert posted.status_code == 303
    result_url = posted.headers["Location"]
    assert result_url == f"/kurser/testkurs/01-grunder/resultat/{submission_id}"
    for _ in range(2):  # a reload is a GET of the same page
        assert "2 av 2 rätt" in client.get(result_url).get_data(as_text=True)
    assert attempts(app) == 1
    assert client.get("/kurser/testkurs/02-agera/resultat/" + submission_id).status_code == 404  # another module
    other = app.test_client()
    from tests.conftest import login

    login(other, create_person().email)
    assert other.get(result_url).status_code == 404  # nobody else's result


def test_a_form_without_submission_id_keeps_the_answers(app, create_person, login_as) -> None:
    client = login_as(create_person())
    page = client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    response = client.post("/kurser/testkurs/01-grunder", data={"csrf_token": csrf_from(page), **RIGHT_01})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dina svar finns kvar" in html
    assert re.search(r'value="a"\s+checked', html)
    assert attempts(app) == 0


def test_chosen_answers_are_saved_before_submitting_and_come_back(app, create_person, login_as) -> None:
    person = create_person()
    client = login_as(person)
    page = client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    saved = client.post("/kurser/testkurs/01-grunder/utkast", data={"csrf_token": csrf_from(page), f"svar-{Q1}": "b"})
    assert saved.status_code == 204
    other_device = app.test_client()
    from tests.conftest import login

    login(other_device, person.email)
    html = other_device.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    assert re.search(rf'id="svar-{Q1}-b"\s+value="b" checked', html)


def test_finishing_every_module_gives_a_certificate_anyone_can_verify(app, create_person, login_as) -> None:
    client = login_as(create_person(name="Greta Exempel"))
    submit(client, "01-grunder", RIGHT_01)
    _, html = submit(client, "02-agera", RIGHT_02)
    assert "visa intyget" in html
    certificate = client.get("/kurser/testkurs/intyg").get_data(as_text=True)
    code = re.search(r"<code>([A-Z0-9-]{14})</code>", certificate).group(1)
    assert "Greta Exempel" in certificate and "Testkurs" in certificate
    with app.app_context():
        completion = db.session.scalar(select(CourseCompletion))
        assert completion.expires_at.year * 12 + completion.expires_at.month == (
            completion.completed_at.year * 12 + completion.completed_at.month + 12
        )
    anonymous = app.test_client()
    verified = anonymous.get(f"/intyg/{code}")
    assert verified.status_code == 200
    assert "Intyget är äkta" in verified.get_data(as_text=True)
    assert "Greta Exempel" in verified.get_data(as_text=True)
    assert anonymous.get("/intyg/AAAA-BBBB-CCCC").status_code == 404
    assert "Klar" in client.get("/mina-kurser").get_data(as_text=True)


def test_a_department_module_is_required_only_there(app, create_person, create_department, login_as) -> None:
    buf = create_department("BUF")
    client = login_as(create_person(department=buf))
    submit(client, "01-grunder", RIGHT_01)
    submit(client, "02-agera", RIGHT_02)
    assert "Visa intyg" not in client.get("/kurser/testkurs").get_data(as_text=True)
    _, html = submit(client, "03-las", {})
    assert "visa intyget" in html


def test_a_module_outside_my_audience_is_not_found(create_person, create_department, login_as) -> None:
    client = login_as(create_person(department=create_department("SOC")))
    assert client.get("/kurser/testkurs/03-las").status_code == 404


def test_a_course_not_meant_for_me_is_not_found(create_person, login_as) -> None:
    client = login_as(create_person(kind="elected"))
    assert client.get("/kurser/testkurs").status_code == 404
    assert client.get("/kurser/testkurs/01-grunder").status_code == 404


def test_course_images_are_served_only_from_the_course_folder(create_person, login_as) -> None:
    client = login_as(create_person())
    image = client.get("/kurser/testkurs/filer/bilder/klotter.svg")
    assert image.status_code == 200 and b"<svg" in image.data
    assert client.get("/kurser/testkurs/filer/course.toml").status_code == 404
    assert client.get("/kurser/testkurs/filer/../oppen/course.toml").status_code == 404


def test_learning_pages_need_login(client: FlaskClient) -> None:
    for url in ("/mina-kurser", "/kurser/testkurs", "/kurser/testkurs/01-grunder", "/kurser/testkurs/intyg"):
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in" in response.headers["Location"], url
    assert client.post("/kurser/testkurs/01-grunder").status_code == 400  # no CSRF token


def test_certificate_before_completion_is_not_found(create_person: Callable, login_as) -> None:
    client = login_as(create_person())
    assert client.get("/kurser/testkurs/intyg").status_code == 404


def test_each_answer_is_recorded_per_topic_and_only_the_first_try_counts_as_first(app, create_person, login_as) -> None:
    from elearn.learning.models import QuestionResult

    client = login_as(create_person())
    submit(client, "02-agera", {"svar-02-agera-1": "a"})
    submit(client, "02-agera", RIGHT_02)
    with app.app_context():
        rows = db.session.execute(
            select(QuestionResult.topic, QuestionResult.correct, QuestionResult.first_attempt).order_by(
                QuestionResult.id
            )
        ).all()
        numbers = db.session.scalars(select(ModuleAttempt.attempt_number).order_by(ModuleAttempt.id)).all()
    assert rows == [("begrepp", False, True), ("agera", False, True), ("begrepp", True, False), ("agera", True, False)]
    assert numbers == [1, 2]


def test_the_certificate_comes_as_a_pdf_with_a_qr_code_of_its_verify_address(app, create_person, login_as) -> None:
    import io

    import segno
    from pypdf import PdfReader

    client = login_as(create_person(name="Greta Exempel"))
    submit(client, "01-grunder", RIGHT_01)
    submit(client, "02-agera", RIGHT_02)
    page = client.get("/kurser/testkurs/intyg").get_data(as_text=True)
    code = re.search(r"<code>([A-Z0-9-]{14})</code>", page).group(1)
    verify_url = f"http://localhost/intyg/{code}"
    drawn = segno.make(verify_url, error="m").svg_inline(scale=4, title="x", border=2)
    assert re.search(r'd="([^"]+)"', drawn).group(1) in page  # the QR code is of the verify address
    response = client.get("/kurser/testkurs/intyg.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename=intyg-testkurs-{code}.pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Greta Exempel" in text and "Testkurs" in text and verify_url in text


def test_the_course_page_offers_to_begin_then_continue_and_modules_say_which_part(app, create_person, login_as) -> None:
    client = login_as(create_person())
    course = client.get("/kurser/testkurs").get_data(as_text=True)
    assert re.search(r'href="/kurser/testkurs/01-grunder">\s*Börja', course)
    assert "Del 1 av 2" in client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    submit(client, "01-grunder", RIGHT_01)
    course = client.get("/kurser/testkurs").get_data(as_text=True)
    assert re.search(r'href="/kurser/testkurs/02-agera">\s*Fortsätt', course)
    assert "Del 2 av 2" in client.get("/kurser/testkurs/02-agera").get_data(as_text=True)


def test_swedish_course_content_is_marked_as_swedish_on_english_pages(create_person, login_as) -> None:
    client = login_as(create_person())
    client.get("/sprak/en")
    page = client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<h1 lang="sv">' in page and '<div class="lesson-body" lang="sv">' in page
    assert "Part 1 of 2" in page
    legends = re.findall(r"<legend>(.*?)</legend>", page, re.S)
    labels = re.findall(r'<label for="svar-[^"]*"[^>]*>', page)
    assert legends and all('<span lang="sv">' in legend for legend in legends)
    assert "Choose all that apply." in page  # the hint beside a question stays in the reader's language
    assert labels and all('lang="sv"' in label for label in labels)
    _, result = submit(client, "01-grunder", RIGHT_01)
    assert '<p class="feedback" lang="sv">' in result and re.search(r'<h3 id="resultat-[^"]*" lang="sv">', result)
    swedish = client.get("/sprak/sv") and client.get("/kurser/testkurs/01-grunder").get_data(as_text=True)
    assert 'lang="sv">' not in swedish.split("<body>")[1]  # the page itself is Swedish
