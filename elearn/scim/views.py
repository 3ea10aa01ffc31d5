"""The SCIM 2.0 endpoints Entra ID calls: bearer token with the `scim` scope, rate-limited,
every call recorded, JSON in SCIM's own error shape. No CSRF: no browser session is involved."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for
from pydantic import ValidationError
from scim2_models import Context, Error, Group, ListResponse, PatchOp, SCIMException
from werkzeug.exceptions import HTTPException

from .. import clock
from ..api.auth import guard, token_required
from ..course_library import library
from ..extensions import csrf, db
from ..json_errors import ApiError
from ..learning.assignments import Rules
from . import service
from .service import ScimError, ScimUser

blueprint = Blueprint("scim", __name__, url_prefix="/scim/v2")
csrf.exempt(blueprint)
guard(blueprint)
MEDIA_TYPE = "application/scim+json"
FILTER = re.compile(r'^\s*(\w+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)
MAX_COUNT = 200
MAX_START = 2**31 - 1  # an OFFSET the databases accept


def _scim(body: dict[str, Any], status: int = 200, location: str | None = None) -> Response:
    response = current_app.response_class(current_app.json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    if location:
        response.headers["Location"] = location
    return response


@blueprint.errorhandler(ScimError)
def scim_error(error: ScimError) -> Response:
    db.session.rollback()  # a refused change may be half made; the call's audit row commits
    return _scim(Error(status=error.status, scim_type=error.scim_type, detail=error.detail).model_dump(), error.status)


@blueprint.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    status = error.code or 500
    response = _scim(Error(status=status, detail=error.description).model_dump(), status)
    if isinstance(error, ApiError) and status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="elearn"'
    return response


def _body() -> Any:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object.", "invalidSyntax")
    return body


def _parse(model: Any, body: Any, context: Context) -> Any:
    try:
        return model.model_validate(body, scim_ctx=context)
    except ValidationError as error:
        raise ScimError(400, _first_problem(error), "invalidValue") from error


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first['msg']}" if where else first["msg"]


def _refused_patch(error: Exception) -> ScimError:
    """A PATCH the library cannot apply (no target, a value of the wrong type...): SCIM's 400."""
    scim_type = error.scim_type if isinstance(error, SCIMException) and error.scim_type else "invalidValue"
    problem = error if isinstance(error, ValidationError) else error.__cause__
    detail = _first_problem(problem) if isinstance(problem, ValidationError) else str(error).splitlines()[0]
    return ScimError(400, detail, scim_type)


def _rules() -> Rules:
    return Rules(library(), clock.today(), current_app.config["ASSIGNMENT_DUE_DAYS"])


def _filter(attribute: str) -> str | None:
    """The value of `attribute eq "…"`, the only filter Entra ID sends; None without a filter."""
    text = request.args.get("filter")
    if text is None:
        return None
    match = FILTER.match(text)
    if match is None or match.group(1).lower() != attribute.lower():
        raise ScimError(400, f'Only the filter {attribute} eq "…" is supported.', "invalidFilter")
    return re.sub(r"\\(.)", r"\1", match.group(2))


def _window() -> tuple[int, int]:
    """SCIM's startIndex (1-based) and count, bounded."""
    start = request.args.get("startIndex", 1, type=int) or 1
    count = request.args.get("count", MAX_COUNT, type=int)
    return min(max(start, 1), MAX_START), min(max(count if count is not None else MAX_COUNT, 0), MAX_COUNT)


def _listing(model: Any, resources: list[Any], total: int, start: int) -> Response:
    page = ListResponse[model](
        total_results=total, start_index=start, items_per_page=len(resources), resources=resources
    )
    return _scim(page.model_dump(scim_ctx=Context.SEARCH_RESPONSE))


def _user_location(person_id: int) -> str:
    return url_for("scim.user", user_id=str(person_id), _external=True)


def _group_location(department_id: int) -> str:
    return url_for("scim.group", group_id=str(department_id), _external=True)


def _user_body(person: Any, context: Context) -> dict[str, Any]:
    return service.user_resource(person, _user_location(person.id)).model_dump(scim_ctx=context)


@blueprint.get("/Users")
@token_required("scim")
def users() -> Response:
    user_name = _filter("userName")
    start, count = _window()
    shown = service.users_named(db.session, user_name, start, count)
    total = service.count_users(db.session, user_name)
    return _listing(ScimUser, [service.user_resource(p, _user_location(p.id)) for p in shown], total, start)


@blueprint.post("/Users")
@token_required("scim")
def create_user() -> Response:
    user = _parse(ScimUser, _body(), Context.RESOURCE_CREATION_REQUEST)
    person = service.create_user(db.session, user, _rules())
    return _scim(_user_body(person, Context.RESOURCE_CREATION_RESPONSE), 201, _user_location(person.id))


@blueprint.get("/Users/<user_id>")
@token_required("scim")
def user(user_id: str) -> Response:
    return _scim(_user_body(service.find_user(db.session, user_id), Context.RESOURCE_QUERY_RESPONSE))


@blueprint.put("/Users/<user_id>")
@token_required("scim")
def replace_user(user_id: str) -> Response:
    person = service.find_user(db.session, user_id)
    user = _parse(ScimUser, _body(), Context.RESOURCE_REPLACEMENT_REQUEST)
    service.replace_user(db.session, person, user, _rules())
    return _scim(_user_body(person, Context.RESOURCE_REPLACEMENT_RESPONSE))


@blueprint.patch("/Users/<user_id>")
@token_required("scim")
def patch_user(user_id: str) -> Response:
    person = service.find_user(db.session, user_id)
    patch = _parse(PatchOp[ScimUser], _body(), Context.RESOURCE_PATCH_REQUEST)
    try:
        service.patch_user(db.session, person, patch, _user_location(person.id), _rules())
    except (ValidationError, ValueError, SCIMException) as error:
        raise _refused_patch(error) from error
    return _scim(_user_body(person, Context.RESOURCE_PATCH_RESPONSE))


@blueprint.delete("/Users/<user_id>")
@token_required("scim")
def delete_user(user_id: str) -> Response:
    service.deactivate_user(db.session, service.find_user(db.session, user_id))
    return Response(status=204)


def _with_members() -> bool:
    return "members" not in request.args.get("excludedAttributes", "")


@blueprint.get("/Groups")
@token_required("scim")
def groups() -> Response:
    departments = service.groups_named(db.session, _filter("displayName"))
    start, count = _window()
    shown = departments[start - 1 : start - 1 + count]
    resources = [service.group_resource(db.session, d, _group_location(d.id), _with_members()) for d in shown]
    return _listing(Group, resources, len(departments), start)


@blueprint.post("/Groups")
@token_required("scim")
def create_group() -> Response:
    group = _parse(Group, _body(), Context.RESOURCE_CREATION_REQUEST)
    department = service.create_group(db.session, group)
    service.update_group(db.session, department, group, _rules())
    body = service.group_resource(db.session, department, _group_location(department.id))
    location = _group_location(department.id)
    return _scim(body.model_dump(scim_ctx=Context.RESOURCE_CREATION_RESPONSE), 201, location)


@blueprint.get("/Groups/<group_id>")
@token_required("scim")
def group(group_id: str) -> Response:
    department = service.find_group(db.session, group_id)
    body = service.group_resource(db.session, department, _group_location(department.id), _with_members())
    return _scim(body.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@blueprint.put("/Groups/<group_id>")
@token_required("scim")
def replace_group(group_id: str) -> Response:
    department = service.find_group(db.session, group_id)
    group = _parse(Group, _body(), Context.RESOURCE_REPLACEMENT_REQUEST)
    service.update_group(db.session, department, group, _rules())
    body = service.group_resource(db.session, department, _group_location(department.id))
    return _scim(body.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_RESPONSE))


@blueprint.patch("/Groups/<group_id>")
@token_required("scim")
def patch_group(group_id: str) -> Response:
    department = service.find_group(db.session, group_id)
    patch = _parse(PatchOp[Group], service.normalise_member_removal(_body()), Context.RESOURCE_PATCH_REQUEST)
    try:
        service.patch_group(db.session, department, patch, _group_location(department.id), _rules())
    except (ValidationError, ValueError, SCIMException) as error:
        raise _refused_patch(error) from error
    # Entra ID asks for no body back; 204 is what RFC 7644 allows for that.
    return Response(status=204)


@blueprint.delete("/Groups/<group_id>")
@token_required("scim")
def delete_group(group_id: str) -> Response:
    service.deactivate_group(db.session, service.find_group(db.session, group_id))
    return Response(status=204)
