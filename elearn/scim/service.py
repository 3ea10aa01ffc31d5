"""SCIM users are people, SCIM groups are departments. Plain functions over a session.

A user's department comes either from the enterprise extension's `department` attribute (matched
to a department's code or name, created when it is new) or from membership of a group; when a
directory sends both, the one written last wins. userName is the person's e-mail address, the
address elearn signs them in and mails them with; userType, when sent, is the person's kind in
the import's words. Deleting deactivates: training records are public records, disposed of only
by `people dispose`."""

from __future__ import annotations

import re
from typing import Any

from scim2_models import (
    Email,
    EnterpriseUser,
    Group,
    GroupMember,
    InvalidPathException,
    Meta,
    PatchOp,
    PatchOperation,
    Path,
    User,
)
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..learning.assignments import Rules
from ..people.csv_import import KIND_WORDS
from ..people.models import Department, Person

ScimUser = User[EnterpriseUser]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# What elearn keeps of a user. Entra ID's default mappings also send phone numbers, addresses,
# the manager, a title...: PATCH operations on those are accepted and ignored.
STORED = {
    (ScimUser, "user_name"),
    (ScimUser, "display_name"),
    (ScimUser, "name"),
    (ScimUser, "active"),
    (ScimUser, "user_type"),
    (EnterpriseUser, "employee_number"),
    (EnterpriseUser, "department"),
}
# userType in the words an import's kind column takes (medarbetare, förtroendevald, elected...).
USER_TYPES = {word: kind for word, (kind, _) in KIND_WORDS.items() if kind}


class ScimError(Exception):
    """A request elearn refuses, with the SCIM status and scimType (RFC 7644 §3.12)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def user_resource(person: Person, location: str) -> ScimUser:
    user = ScimUser(
        id=str(person.id),
        user_name=person.email,
        display_name=person.name,
        active=person.active,
        user_type=person.kind,
        emails=[Email(value=person.email, type="work", primary=True)],
        meta=Meta(resource_type="User", created=person.created_at, last_modified=person.updated_at, location=location),
    )
    user[EnterpriseUser] = EnterpriseUser(
        employee_number=person.employee_id, department=person.department.name if person.department else None
    )
    return user


def group_resource(session: Session, department: Department, location: str, members: bool = True) -> Group:
    ids = session.scalars(select(Person.id).where(Person.department_id == department.id).order_by(Person.id))
    return Group(
        id=str(department.id),
        display_name=department.name,
        members=[GroupMember(value=str(person_id)) for person_id in ids] if members else None,
        meta=Meta(
            resource_type="Group", created=department.created_at, last_modified=department.created_at, location=location
        ),
    )


def find_user(session: Session, user_id: str) -> Person:
    person = (
        session.get(Person, int(user_id)) if user_id.isascii() and user_id.isdigit() and len(user_id) < 10 else None
    )
    if person is None:
        raise ScimError(404, f"No user with id {user_id}.")
    return person


def find_group(session: Session, group_id: str) -> Department:
    found = (
        session.get(Department, int(group_id))
        if group_id.isascii() and group_id.isdigit() and len(group_id) < 10
        else None
    )
    if found is None:
        raise ScimError(404, f"No group with id {group_id}.")
    return found


def users_named(session: Session, user_name: str | None, start: int = 1, count: int | None = None) -> list[Person]:
    """People in id order, all or the one with this userName; `start` counts from 1, as SCIM's
    startIndex does."""
    return list(session.scalars(_window(_users(user_name).order_by(Person.id), start, count)))


def count_users(session: Session, user_name: str | None) -> int:
    return session.scalar(select(func.count()).select_from(_users(user_name).subquery())) or 0


def _users(user_name: str | None) -> Select:
    query = select(Person)
    if user_name is not None:
        query = query.where(func.lower(Person.email) == user_name.strip().lower())
    return query


def groups_named(session: Session, display_name: str | None) -> list[Department]:
    query = select(Department).order_by(Department.id)
    if display_name is not None:
        query = query.where(func.lower(Department.name) == display_name.strip().lower())
    return list(session.scalars(query))


def _window(query: Select, start: int, count: int | None) -> Select:
    query = query.offset(start - 1) if start > 1 else query
    return query.limit(count) if count is not None else query


def create_user(session: Session, user: ScimUser, rules: Rules) -> Person:
    if users_named(session, user.user_name):
        raise ScimError(409, f"A user with userName {user.user_name} exists.", "uniqueness")
    person = Person(kind="employee", active=True)
    _fill(session, person, user)
    session.add(person)
    return _save(session, person, rules)


def replace_user(session: Session, person: Person, user: ScimUser, rules: Rules) -> Person:
    _fill(session, person, user)
    return _save(session, person, rules)


def patch_user(session: Session, person: Person, patch: PatchOp[ScimUser], location: str, rules: Rules) -> Person:
    user = user_resource(person, location)
    operations = [kept for operation in patch.operations or [] if (kept := _stored_part(operation)) is not None]
    patch.model_copy(update={"operations": operations}).patch(user)
    return replace_user(session, person, user, rules)


def _stored_part(operation: PatchOperation[ScimUser]) -> PatchOperation[ScimUser] | None:
    """The operation as far as it touches what elearn stores, or None. The user built from a
    person has no phone numbers or addresses, so a path filter on them would find nothing."""
    path = operation.path if operation.path is not None else Path[ScimUser]("")
    if path.model is None:
        return operation if _stored(path) else None
    if not isinstance(operation.value, dict):
        return operation  # e.g. removing the whole enterprise extension
    value = _stored_keys(path, operation.value)
    return operation.model_copy(update={"value": value}) if value else None


def _stored_keys(parent: Path, value: dict[str, Any]) -> dict[str, Any]:
    """The keys of a value written to the whole user or its extension that elearn stores."""
    kept = {}
    for key, item in value.items():
        try:
            path = Path[ScimUser](f"{parent}:{key}" if str(parent) else key)
        except InvalidPathException:
            continue
        if path.model is None:
            if _stored(path):
                kept[key] = item
        elif not isinstance(item, dict):
            kept[key] = item
        elif stored := _stored_keys(path, item):
            kept[key] = stored
    return kept


def _stored(path: Path) -> bool:
    binding = path.resolve()
    return binding is not None and (binding.model, binding.field_name) in STORED


def deactivate_user(session: Session, person: Person) -> None:
    person.active = False
    session.commit()


def _fill(session: Session, person: Person, user: ScimUser) -> None:
    """Copy what the directory says onto the person, refusing what elearn cannot store."""
    with session.no_autoflush:  # check every value before the half-changed person is written
        _fill_checked(session, person, user)


def _fill_checked(session: Session, person: Person, user: ScimUser) -> None:
    email = (user.user_name or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise ScimError(400, "userName must be the person's e-mail address.", "invalidValue")
    other = users_named(session, email)
    if any(found.id != person.id for found in other):
        raise ScimError(409, f"A user with userName {email} exists.", "uniqueness")
    person.email = email
    person.name = _name(user)[:200]
    if user.active is not None:
        person.active = bool(user.active)
    if user.user_type and user.user_type.strip():
        person.kind = _kind(user.user_type)
    extension = user[EnterpriseUser]
    employee_id = (extension.employee_number or "").strip() if extension else ""
    if len(employee_id) > 40:
        raise ScimError(400, "employeeNumber is longer than 40 characters.", "invalidValue")
    taken = employee_id and session.scalar(
        select(Person.id).where(Person.employee_id == employee_id, Person.id != person.id)
    )
    if taken:
        raise ScimError(409, f"Another user has employeeNumber {employee_id}.", "uniqueness")
    person.employee_id = employee_id or None
    department = (extension.department or "").strip() if extension else ""
    person.department = _department_named(session, department) if department else None


def _kind(user_type: str) -> str:
    kind = USER_TYPES.get(user_type.strip().lower())
    if kind is None:
        words = ", ".join(sorted(USER_TYPES))
        raise ScimError(400, f"userType {user_type!r} is not a kind of person elearn knows ({words}).", "invalidValue")
    return kind


def _name(user: ScimUser) -> str:
    if user.display_name and user.display_name.strip():
        return user.display_name.strip()
    if user.name is not None:
        if user.name.formatted:
            return user.name.formatted.strip()
        parts = [user.name.given_name, user.name.family_name]
        if any(parts):
            return " ".join(part.strip() for part in parts if part)
    return str(user.user_name)


def _department_named(session: Session, name: str) -> Department:
    """The department whose code or name this is, or a new one: the directory is the source."""
    name = name[:200]
    found = session.scalar(
        select(Department).where(
            (func.lower(Department.code) == name.lower()) | (func.lower(Department.name) == name.lower())
        )
    )
    if found is not None:
        return found
    department = Department(code=_free_code(session, name), name=name)
    session.add(department)
    session.flush()
    return department


def _free_code(session: Session, name: str) -> str:
    words = re.findall(r"\w+", name)
    base = (name if len(name) <= 12 and len(words) == 1 else "".join(w[0] for w in words)).upper()[:12] or "FORV"
    taken = {code.lower() for code in session.scalars(select(Department.code))}
    code, number = base, 2
    while code.lower() in taken:
        code, number = f"{base}{number}", number + 1
    return code


def _save(session: Session, person: Person, rules: Rules) -> Person:
    session.flush()
    rules.apply(session, [person])
    session.commit()
    return person


def create_group(session: Session, group: Group) -> Department:
    name = (group.display_name or "").strip()
    if not name or len(name) > 200:
        raise ScimError(400, "displayName is required (at most 200 characters).", "invalidValue")
    if groups_named(session, name):
        raise ScimError(409, f"A group named {name} exists.", "uniqueness")
    department = Department(code=_free_code(session, name), name=name)
    session.add(department)
    session.flush()
    return department


def update_group(
    session: Session, department: Department, group: Group, rules: Rules, members: bool = True
) -> Department:
    """Rename, and make the members exactly those listed (people who leave keep no department)."""
    name = (group.display_name or "").strip()
    if not name or len(name) > 200:
        raise ScimError(400, "displayName is required (at most 200 characters).", "invalidValue")
    department.name = name
    department.active = True
    if members:
        try:
            wanted = {find_user(session, str(member.value)) for member in group.members or []}
        except ScimError as error:
            raise ScimError(400, error.detail, "invalidValue") from error
        current = set(session.scalars(select(Person).where(Person.department_id == department.id)))
        for person in current - wanted:
            person.department = None
        for person in wanted - current:
            person.department = department
        session.flush()
        rules.apply(session, list(current ^ wanted))
    session.commit()
    return department


def patch_group(
    session: Session, department: Department, patch: PatchOp[Group], location: str, rules: Rules
) -> Department:
    group = group_resource(session, department, location)
    patch.patch(group)
    return update_group(session, department, group, rules)


def deactivate_group(session: Session, department: Department) -> None:
    department.active = False
    session.commit()


def normalise_member_removal(body: Any) -> Any:
    """Entra ID removes group members as `{"op": "Remove", "path": "members", "value": [...]}`,
    which RFC 7644 writes as one `members[value eq "…"]` path per member; rewrite it so."""
    if not isinstance(body, dict) or not isinstance(body.get("Operations"), list):
        return body
    operations = []
    for operation in body["Operations"]:
        if (
            isinstance(operation, dict)
            and str(operation.get("op", "")).lower() == "remove"
            and str(operation.get("path", "")).lower() == "members"
            and isinstance(operation.get("value"), list)
        ):
            for member in operation["value"]:
                value = str(member.get("value", "")) if isinstance(member, dict) else ""
                operations.append({"op": "remove", "path": f'members[value eq "{value.replace(chr(34), "")}"]'})
        else:
            operations.append(operation)
    return {**body, "Operations": operations}
