"""The OpenAPI 3.1 description of /api/v1/, served at /api/v1/openapi.json.

Written by hand next to the views it describes; tests/api/test_schema.py has schemathesis call
every operation against it and fails on any response the document does not allow."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .pagination import MAX_LIMIT, STATUS_PAGE_MAX

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    """Every listed property always present, nothing else: clients can rely on the shape."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _listing(item: str) -> dict[str, Any]:
    return _object({"data": {"type": "array", "items": _ref(item)}, "next_cursor": NULLABLE_STRING})


COUNT = {"type": ["integer", "null"], "minimum": 0}
COUNTS = {
    "suppressed": {"type": "boolean", "description": "Too few people to show (or to derive): every count is null."},
    "headcount": COUNT,
    "completed": COUNT,
    "expired": COUNT,
    "in_progress": COUNT,
    "not_started": COUNT,
    "overdue": COUNT,
    "completed_percent": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
}
CELL = {
    "suppressed": {"type": "boolean", "description": "Fewer people than suppression_minimum: no figures."},
    "people": {"type": ["integer", "null"], "minimum": 0},
    "answers": {"type": ["integer", "null"], "minimum": 0},
    "right_percent": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
}
SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": _object(
                {
                    "status": {"type": "integer"},
                    "code": {"type": "string", "description": "Stable, for programs: e.g. invalid_token."},
                    "message": {"type": "string", "description": "English, for the people who write them."},
                }
            )
        }
    ),
    "Department": _object(
        {
            "id": {"type": "integer"},
            "code": {"type": "string"},
            "name": {"type": "string"},
            "active": {"type": "boolean"},
        }
    ),
    "Person": _object(
        {
            "id": {"type": "integer"},
            "employee_id": NULLABLE_STRING,
            "department_id": {"type": ["integer", "null"]},
            "department_code": NULLABLE_STRING,
            "kind": {"enum": ["employee", "elected", "partner"]},
            "active": {"type": "boolean"},
        }
    ),
    "Assignment": _object(
        {
            "id": {"type": "integer"},
            "person_id": {"type": "integer"},
            "course_id": {"type": "string"},
            "due_on": NULLABLE_DATE,
            "source": {"enum": ["rule", "manual"]},
            "assigned_at": {"type": "string", "format": "date-time"},
        }
    ),
    "CourseStatus": _object(
        {
            "course_id": {"type": "string"},
            "status": {"enum": ["not_started", "in_progress", "completed", "expired"]},
            "progress_percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "due_on": NULLABLE_DATE,
            "overdue": {"type": "boolean"},
            "completed_at": {**NULLABLE_TIME, "description": "The latest completion, valid or expired."},
            "expires_at": NULLABLE_TIME,
        }
    ),
    "PersonCourses": _object(
        {
            "person_id": {"type": "integer"},
            "as_of": {"type": "string", "format": "date-time"},
            "data": {"type": "array", "items": _ref("CourseStatus")},
        }
    ),
    "StatusList": _object(
        {
            "as_of": {"type": "string", "format": "date-time"},
            "data": {
                "type": "array",
                "items": _object(
                    {"person_id": {"type": "integer"}, "courses": {"type": "array", "items": _ref("CourseStatus")}}
                ),
            },
            "next_cursor": NULLABLE_STRING,
        }
    ),
    "Overview": _object(
        {
            "as_of": {"type": "string", "format": "date-time"},
            "suppression_minimum": {"type": "integer"},
            "groups": {
                "type": "array",
                "items": _object(
                    {
                        "group_id": {
                            "type": "integer",
                            "description": "A department id; 0 none; -1 elected officials.",
                        },
                        "group_name": {"type": "string"},
                        "course_id": {"type": "string"},
                        **COUNTS,
                    }
                ),
            },
            "totals": {"type": "array", "items": _object({"course_id": {"type": "string"}, **COUNTS})},
        }
    ),
    "Topics": _object(
        {
            "as_of": {"type": "string", "format": "date-time"},
            "suppression_minimum": {"type": "integer"},
            "topics": {"type": "array", "items": _object({"topic": {"type": "string"}, **CELL})},
            "groups": {
                "type": "array",
                "items": _object(
                    {
                        "group_id": {"type": "integer"},
                        "group_name": {"type": "string"},
                        "topic": {"type": "string"},
                        **CELL,
                    }
                ),
            },
        }
    ),
}


def _paging(max_limit: int = MAX_LIMIT) -> list[dict[str, Any]]:
    return [
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "next_cursor from the previous page, unchanged; leave out for the first page.",
            "schema": {"type": "string", "pattern": "^[0-9]{1,10}$"},
        },
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": max_limit},
        },
    ]


def _report_filters(course_ids: list[str]) -> list[dict[str, Any]]:
    return [
        {"name": "course", "in": "query", "required": False, "schema": {"enum": course_ids}},
        {"name": "kind", "in": "query", "required": False, "schema": {"enum": ["employee", "elected", "partner"]}},
        {
            "name": "date",
            "in": "query",
            "required": False,
            "description": "The figures as they were at the end of this day, from 2000-01-01 to 2099-12-31.",
            "schema": {"type": "string", "format": "date", "pattern": "^20[0-9]{2}-"},
        },
    ]


PERSON_ID = {
    "name": "person_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _operation(
    summary: str, scope: str, schema: str, parameters: list[dict[str, Any]], found: bool = False
) -> dict[str, Any]:
    responses = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}},
        "400": _error("A parameter is not valid."),
        "401": _error("No token, or one that is unknown, expired or revoked."),
        "403": _error(f"The token lacks the scope {scope}."),
        "429": _error("Too many calls; wait for Retry-After seconds."),
    }
    if found:
        responses["404"] = _error("No such person.")
    return {
        "summary": summary,
        "security": [{"token": [scope]}],
        "parameters": parameters,
        "responses": responses,
    }


def document(course_ids: list[str]) -> dict[str, Any]:
    """The description, with the ids of the courses this installation has loaded."""
    report_filters = _report_filters(course_ids)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "elearn API",
            "version": "1.0.0",
            "description": "Read-only figures for HR systems and BI. Tokens are created by an admin in elearn "
            "under API-nycklar, carry scopes, and expire. Lists are paged by cursor.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token. Scopes: people:read, reports:read.",
                }
            },
        },
        "paths": {
            "/departments": {"get": _operation("Departments", "people:read", "DepartmentList", _paging())},
            "/people": {"get": _operation("People", "people:read", "PersonList", _paging())},
            "/people/{person_id}": {"get": _operation("One person", "people:read", "Person", [PERSON_ID], found=True)},
            "/people/{person_id}/courses": {
                "get": _operation(
                    "A person's status in each assigned course", "people:read", "PersonCourses", [PERSON_ID], found=True
                )
            },
            "/statuses": {
                "get": _operation(
                    "Everyone's status in each assigned course, a page of people at a time",
                    "people:read",
                    "StatusList",
                    _paging(STATUS_PAGE_MAX),
                )
            },
            "/assignments": {"get": _operation("Assignments", "people:read", "AssignmentList", _paging())},
            "/reports/overview": {
                "get": _operation("Completion per group and course", "reports:read", "Overview", report_filters)
            },
            "/reports/topics": {
                "get": _operation(
                    "Right answers per topic, small groups suppressed", "reports:read", "Topics", report_filters
                )
            },
        },
    }


SCHEMAS.update(
    {
        "DepartmentList": _listing("Department"),
        "PersonList": _listing("Person"),
        "AssignmentList": _listing("Assignment"),
    }
)


@lru_cache(maxsize=64)
def parameter_names(path: str) -> frozenset[str]:
    """The query parameters the document allows on `path` (e.g. "/people"), none if unknown."""
    operation = document([])["paths"].get(path, {}).get("get", {})
    return frozenset(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
