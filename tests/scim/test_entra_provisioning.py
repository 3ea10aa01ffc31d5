"""The request sequences Entra ID's provisioning service sends, as its documentation and logs
show them: look up by userName, create, PATCH replace/add/remove, deactivate, groups."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from elearn.config import PROJECT_ROOT
from elearn.extensions import db
from elearn.learning.models import Assignment
from elearn.people.models import Department, Person
from tests.api.conftest import bearer
from tests.conftest import make_app

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_JSON = "application/scim+json"


def scim_caller(client: FlaskClient, secret: str) -> Callable[..., Any]:
    headers = bearer(secret)

    def call(method: str, path: str, body: dict | None = None, **query: str) -> Any:
        return client.open(
            f"/scim/v2{path}", method=method, json=body, query_string=query, headers=headers, content_type=SCIM_JSON
        )

    return call


@pytest.fixture
def shipped(app: Flask, database_url: str) -> Iterator[Flask]:
    """A second app on the test database serving the courses elearn ships (`app` has migrated
    the database and empties it after the test)."""
    shipped = make_app(database_url, COURSES_PATH=str(PROJECT_ROOT / "courses"))
    yield shipped
    with shipped.app_context():
        db.session.remove()
        db.engine.dispose()


def entra_user(
    user_name: str = "anna.andersson@kommun.se", department: str | None = "BUF", active: bool = True
) -> dict:
    """What Entra ID posts with its default attribute mappings (userPrincipalName -> userName)."""
    body = {
        "schemas": [CORE, ENTERPRISE],
        "externalId": user_name.split("@")[0],
        "userName": user_name,
        "active": active,
        "displayName": "Anna Andersson",
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "name": {"formatted": "Anna Andersson", "familyName": "Andersson", "givenName": "Anna"},
        ENTERPRISE: {"employeeNumber": "E-" + user_name.split("@")[0][:10]},
    }
    if department:
        body[ENTERPRISE]["department"] = department
    return body


def patch(*operations: dict) -> dict:
    return {"schemas": [PATCH], "Operations": list(operations)}


def stored(app: Flask, person_id: int) -> dict:
    with app.app_context():
        person = db.session.get(Person, person_id)
        courses = sorted(db.session.scalars(db.select(Assignment.course_id).where(Assignment.person_id == person_id)))
        return {
            "email": person.email,
            "name": person.name,
            "active": person.active,
            "employee_id": person.employee_id,
            "department": person.department.code if person.department else None,
            "courses": courses,
        }


def test_a_new_user_is_looked_up_then_created_with_the_import_s_courses(app: Flask, scim, create_department) -> None:
    create_department("BUF", "Barn och utbildning")
    looked_up = scim("GET", "/Users", filter='userName eq "anna.andersson@kommun.se"')
    assert looked_up.status_code == 200 and looked_up.get_json()["totalResults"] == 0
    created = scim("POST", "/Users", entra_user())
    assert created.status_code == 201 and created.mimetype == SCIM_JSON
    body = created.get_json()
    assert body["userName"] == "anna.andersson@kommun.se" and body["active"] is True
    assert created.headers["Location"].endswith(f"/scim/v2/Users/{body['id']}")
    assert stored(app, int(body["id"])) == {
        "email": "anna.andersson@kommun.se",
        "name": "Anna Andersson",
        "active": True,
        "employee_id": "E-anna.ander",
        "department": "BUF",
        "courses": ["testkurs"],  # the fixture course for employees, as an import would assign
    }
    found = scim("GET", "/Users", filter='userName eq "Anna.Andersson@kommun.se"').get_json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == body["id"]


def test_the_same_user_twice_is_a_conflict(scim) -> None:
    assert scim("POST", "/Users", entra_user()).status_code == 201
    again = scim("POST", "/Users", entra_user())
    assert again.status_code == 409
    assert again.get_json()["scimType"] == "uniqueness"
    assert again.get_json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_patch_replace_add_and_remove_as_entra_sends_them(app: Flask, scim, create_department) -> None:
    create_department("BUF", "Barn och utbildning")
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    response = scim(
        "PATCH",
        f"/Users/{user_id}",
        patch(
            {"op": "Replace", "path": "displayName", "value": "Anna Berg"},
            {"op": "Add", "path": 'emails[type eq "work"].value', "value": "anna.berg@kommun.se"},
            {"op": "Replace", "path": "userName", "value": "anna.berg@kommun.se"},
            {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Socialförvaltningen"},
            {"op": "Remove", "path": f"{ENTERPRISE}:employeeNumber"},
        ),
    )
    assert response.status_code == 200, response.get_json()
    after = stored(app, int(user_id))
    assert (after["name"], after["email"], after["employee_id"]) == ("Anna Berg", "anna.berg@kommun.se", None)
    with app.app_context():
        new = db.session.scalar(db.select(Department).where(Department.name == "Socialförvaltningen"))
        assert new is not None and after["department"] == new.code


def test_entra_s_default_mappings_patch_what_elearn_stores_and_the_rest_is_ignored(
    app: Flask, scim, create_department
) -> None:
    create_department("BUF")
    create_department("SOC", "Socialförvaltningen")
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    before = stored(app, int(user_id))
    # What Entra ID sends when a user's job, phones, office, manager and department change and
    # the account is disabled: elearn keeps no phone numbers or addresses, so the path filters
    # find nothing, and it sends the manager as a bare id.
    response = scim(
        "PATCH",
        f"/Users/{user_id}",
        patch(
            {"op": "Replace", "path": "title", "value": "Skolkurator"},
            {"op": "Replace", "path": 'phoneNumbers[type eq "work"].value', "value": "08-124 570 00"},
            {"op": "Add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "070-123 45 67"},
            {"op": "Add", "path": 'addresses[type eq "work"].streetAddress', "value": "Tappströmsvägen 2"},
            {"op": "Replace", "path": 'addresses[type eq "work"].locality', "value": "Ekerö"},
            {"op": "Add", "path": 'addresses[type eq "work"].postalCode', "value": "178 30"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": "26118915-6090-4610-87a4-e3a3b2e1a1b4"},
            {"op": "Replace", "path": "preferredLanguage", "value": "sv-SE"},
            {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "SOC"},
            {"op": "Replace", "path": "active", "value": "False"},
        ),
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["active"] is False and body[ENTERPRISE]["department"] == "Socialförvaltningen"
    assert "phoneNumbers" not in body and "manager" not in body[ENTERPRISE]
    assert stored(app, int(user_id)) == {**before, "department": "SOC", "active": False}


def test_an_operation_on_the_whole_user_keeps_only_what_elearn_stores(app: Flask, scim, create_department) -> None:
    create_department("BUF")
    create_department("SOC")
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    value = {"title": "Skolkurator", "displayName": "Anna Berg", ENTERPRISE: {"manager": "m-1", "department": "SOC"}}
    response = scim("PATCH", f"/Users/{user_id}", patch({"op": "Replace", "value": value}))
    assert response.status_code == 200, response.get_json()
    after = stored(app, int(user_id))
    assert (after["name"], after["department"]) == ("Anna Berg", "SOC")


@pytest.mark.parametrize(
    ("operation", "scim_type"),
    [
        ({"op": "Replace", "path": "active", "value": "kanske"}, "invalidValue"),
        ({"op": "Replace", "path": 'name[givenName eq "Anna"].familyName', "value": "Berg"}, "invalidFilter"),
    ],
)
def test_a_patch_elearn_cannot_apply_is_refused_whole_with_a_scim_error(
    app: Flask, scim, create_department, operation: dict, scim_type: str
) -> None:
    create_department("BUF")
    create_department("SOC")
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    department = {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "SOC"}
    response = scim("PATCH", f"/Users/{user_id}", patch(department, operation))
    assert response.status_code == 400 and response.mimetype == SCIM_JSON
    body = response.get_json()
    assert (body["schemas"], body["status"], body["scimType"]) == ([ERROR], "400", scim_type)
    assert body["detail"]
    assert stored(app, int(user_id))["department"] == "BUF"


def kind_of(app: Flask, person_id: int) -> str:
    with app.app_context():
        return db.session.get(Person, person_id).kind


def test_user_type_gives_an_elected_official_the_elected_officials_course(
    shipped: Flask, app: Flask, make_token
) -> None:
    scim = scim_caller(shipped.test_client(), make_token("scim"))
    created = scim("POST", "/Users", {**entra_user(department=None), "userType": "Förtroendevald"})
    assert created.status_code == 201, created.get_json()
    user_id = int(created.get_json()["id"])
    assert created.get_json()["userType"] == "elected"
    assert (kind_of(app, user_id), stored(app, user_id)["courses"]) == ("elected", ["fortroendevalda"])
    # A directory that sends no userType leaves the kind as it is.
    assert scim("PUT", f"/Users/{user_id}", entra_user(department=None)).status_code == 200
    assert kind_of(app, user_id) == "elected"
    scim("PATCH", f"/Users/{user_id}", patch({"op": "Replace", "path": "userType", "value": "medarbetare"}))
    assert (kind_of(app, user_id), stored(app, user_id)["courses"]) == ("employee", ["grundkurs"])


def test_an_unknown_user_type_is_refused_with_the_words_elearn_knows(app: Flask, scim) -> None:
    refused = scim("POST", "/Users", {**entra_user(), "userType": "Member"})
    assert refused.status_code == 400 and refused.get_json()["scimType"] == "invalidValue"
    assert "'Member'" in refused.get_json()["detail"] and "förtroendevald" in refused.get_json()["detail"]
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    patched = scim(
        "PATCH",
        f"/Users/{user_id}",
        patch(
            {"op": "Replace", "path": "userName", "value": "anna.berg@kommun.se"},
            {"op": "Replace", "path": "userType", "value": "Guest"},
        ),
    )
    assert patched.status_code == 400 and "'Guest'" in patched.get_json()["detail"]
    # Refused whole: the new userName checked before the userType is not kept either.
    assert (kind_of(app, int(user_id)), stored(app, int(user_id))["email"]) == ("employee", "anna.andersson@kommun.se")


def test_deactivating_keeps_the_person_and_their_records(app: Flask, scim, create_department) -> None:
    create_department("BUF")
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    # Entra ID sends booleans as strings unless the tenant has the newer SCIM behaviour.
    response = scim("PATCH", f"/Users/{user_id}", patch({"op": "Replace", "path": "active", "value": "False"}))
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert stored(app, int(user_id))["active"] is False
    assert stored(app, int(user_id))["courses"] == ["testkurs"]
    assert scim("DELETE", f"/Users/{user_id}").status_code == 204
    assert scim("GET", f"/Users/{user_id}").get_json()["active"] is False
    back = scim("PATCH", f"/Users/{user_id}", patch({"op": "Replace", "value": {"active": True}}))
    assert back.get_json()["active"] is True and stored(app, int(user_id))["active"] is True


def test_a_department_attribute_matches_a_code_or_name_in_any_case(app: Flask, scim, create_department) -> None:
    create_department("BUF")
    create_department("SOC")
    user_id = scim("POST", "/Users", entra_user(department="SOC")).get_json()["id"]
    scim("PATCH", f"/Users/{user_id}", patch({"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "buf"}))
    assert stored(app, int(user_id))["department"] == "BUF"


def test_groups_are_departments_and_membership_sets_the_department(app: Flask, scim) -> None:
    anna = scim("POST", "/Users", entra_user(department=None)).get_json()["id"]
    bo = scim("POST", "/Users", entra_user("bo@kommun.se", department=None)).get_json()["id"]
    assert scim("GET", "/Groups", filter='displayName eq "Kultur och fritid"').get_json()["totalResults"] == 0
    created = scim(
        "POST",
        "/Groups",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "externalId": "g1",
            "displayName": "Kultur och fritid",
            "members": [],
        },
    )
    assert created.status_code == 201
    group_id = created.get_json()["id"]
    added = scim(
        "PATCH",
        f"/Groups/{group_id}",
        patch({"op": "Add", "path": "members", "value": [{"value": anna}, {"value": bo}]}),
    )
    assert added.status_code == 204
    assert stored(app, int(anna))["department"] == stored(app, int(bo))["department"] == "KOF"
    members = scim("GET", f"/Groups/{group_id}").get_json()["members"]
    assert sorted(m["value"] for m in members) == sorted([anna, bo])
    # Entra ID removes members with a value list rather than a filtered path.
    removed = scim(
        "PATCH", f"/Groups/{group_id}", patch({"op": "Remove", "path": "members", "value": [{"value": anna}]})
    )
    assert removed.status_code == 204
    assert stored(app, int(anna))["department"] is None and stored(app, int(bo))["department"] == "KOF"
    renamed = scim("PATCH", f"/Groups/{group_id}", patch({"op": "Replace", "path": "displayName", "value": "Kultur"}))
    assert renamed.status_code == 204
    assert scim("GET", f"/Groups/{group_id}", excludedAttributes="members").get_json() == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": group_id,
        "displayName": "Kultur",
        "meta": scim("GET", f"/Groups/{group_id}").get_json()["meta"],
    }
    assert scim("DELETE", f"/Groups/{group_id}").status_code == 204
    with app.app_context():
        assert db.session.get(Department, int(group_id)).active is False


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ({"schemas": [CORE], "userName": "not-an-address"}, "invalidValue"),
        ({"schemas": [CORE]}, "invalidValue"),
    ],
)
def test_a_user_elearn_cannot_store_is_refused_with_a_scim_error(scim, body: dict, scim_type: str) -> None:
    response = scim("POST", "/Users", body)
    assert response.status_code == 400 and response.get_json()["scimType"] == scim_type


def test_an_unsupported_filter_is_refused(scim) -> None:
    response = scim("GET", "/Users", filter='emails co "kommun"')
    assert response.status_code == 400 and response.get_json()["scimType"] == "invalidFilter"


def test_only_a_token_with_the_scim_scope_provisions(client: FlaskClient, make_token, create_person) -> None:
    for headers in ({}, bearer(make_token("people:read", "reports:read"))):
        response = client.post("/scim/v2/Users", json=entra_user(), headers=headers)
        assert response.status_code in (401, 403)
        assert response.get_json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    with client.application.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 0


def test_an_unknown_user_is_a_404(scim) -> None:
    for user_id in ("999999", "x", "99999999999999"):
        assert scim("GET", f"/Users/{user_id}").status_code == 404


def test_a_signed_in_admin_s_session_provisions_nothing(app: Flask, create_person) -> None:
    from tests.conftest import login

    client = app.test_client()
    login(client, create_person(roles={"admin"}).email)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        path = "/scim/v2/Users" if method == "POST" else "/scim/v2/Users/1"
        assert client.open(path, method=method, json=entra_user("x@kommun.se")).status_code == 401, method


def test_users_are_listed_a_window_at_a_time(scim) -> None:
    ids = [scim("POST", "/Users", entra_user(f"p{n}@kommun.se", department=None)).get_json()["id"] for n in range(5)]
    window = scim("GET", "/Users", startIndex="2", count="2").get_json()
    assert (window["totalResults"], window["startIndex"], window["itemsPerPage"]) == (5, 2, 2)
    assert [user["id"] for user in window["Resources"]] == ids[1:3]
