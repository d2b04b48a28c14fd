"""The identity JSON API under /api/core/: users, units, positions, role assignments, and /me.

Request and response bodies are msgspec structs, so the OpenAPI schema (/api/schema/openapi.json)
describes them. Updates are PUT with the whole object (GET it first); a user's empty password
keeps the old one.
"""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType

import msgspec
from litestar import Request, delete, get, post, put
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import JSONBody

from balai.identity.access import ADMIN, LOGIN
from balai.identity import admin
from balai.identity.auth import SESSION_COOKIE
from balai.identity.nip import pangkat
from balai.web.render import client_ip
from balai.web.inputs import INT32, Id, MaybeQueryId, Page, PathId, QueryText, integer, text

OPT = MappingProxyType({"permission": ADMIN})


class UserIn(msgspec.Struct):
    username: text(64)
    full_name: text(200)
    nip: text(40) = ""  # typed with spaces; stored as its 18 digits
    golongan: text(8) = ""
    email: text(200) = ""
    phone: text(32) = ""
    active: bool = True
    password: text(1024) = ""  # a passphrase may be long; argon2 hashes it to a fixed size


class UserOut(msgspec.Struct):
    id: int
    username: str
    full_name: str
    nip: str | None
    golongan: str
    pangkat: str
    email: str
    phone: str
    active: bool
    last_login: datetime | None


class UserList(msgspec.Struct):
    items: list[UserOut]
    total: int
    page: int
    per_page: int


class UnitIn(msgspec.Struct):
    code: text(40)
    name: text(200)
    kind: text(20)
    parent: Id | None = None
    sort: integer(-INT32, INT32) = 0


class UnitOut(msgspec.Struct):
    id: int
    code: str
    name: str
    kind: str
    parent: int | None
    sort: int
    depth: int = 0


class UnitList(msgspec.Struct):
    items: list[UnitOut]
    total: int


class PositionIn(msgspec.Struct):
    name: text(200)
    unit: Id
    eselon: text(8) = ""
    is_head: bool = False
    holder: Id | None = None
    retirement_age: integer(1, 99) = 58


class PositionOut(msgspec.Struct):
    id: int
    name: str
    eselon: str
    unit: int
    is_head: bool
    holder: int | None
    retirement_age: int


class PositionList(msgspec.Struct):
    items: list[PositionOut]
    total: int
    page: int
    per_page: int


class RoleAssignmentIn(msgspec.Struct):
    user: Id
    role: text(64)
    unit: Id


class RoleAssignmentOut(msgspec.Struct):
    id: int
    user: int
    username: str
    full_name: str
    role: str
    role_label: str
    unit: int
    unit_name: str


class RoleAssignmentList(msgspec.Struct):
    items: list[RoleAssignmentOut]
    total: int
    page: int
    per_page: int


class RoleScope(msgspec.Struct):
    role: str
    label: str
    unit: int


class Me(msgspec.Struct):
    id: int
    username: str
    full_name: str
    is_admin: bool
    locale: str
    roles: list[RoleScope]
    permissions: list[str]


def _bad(exc: admin.Invalid) -> ValidationException:
    return ValidationException(detail=str(exc), extra=exc.errors)


async def _call(coro):
    """Run an admin operation, turning its errors into 400 and 404 answers."""
    try:
        return await coro
    except admin.Invalid as exc:
        raise _bad(exc) from None
    except admin.NotFound as exc:
        raise NotFoundException(detail=str(exc)) from None


def _user(row: dict) -> UserOut:
    return UserOut(id=row["id"], username=row["username"], full_name=row["full_name"], nip=row["nip"],
                   golongan=row["golongan"], pangkat=pangkat(row["golongan"]), email=row["email"],
                   phone=row["phone"], active=row["active"], last_login=row.get("last_login"))


def _position(row: dict) -> PositionOut:
    return PositionOut(**{f: row[f] for f in PositionOut.__struct_fields__})


def _assignment(row: dict, request: Request) -> RoleAssignmentOut:
    role = request.app.state.catalogue.roles.get(row["role"])
    return RoleAssignmentOut(id=row["id"], user=row["user"], username=row["username"], full_name=row["full_name"],
                             role=row["role"], role_label=str(role.label) if role else row["role"],
                             unit=row["unit"], unit_name=row["unit_name"])


@get("/me", opt={"permission": LOGIN})
async def me(request: Request) -> Me:
    """The signed-in user, the roles they hold (with unit scope) and the permissions those give."""
    user = request.scope["user"]
    catalogue = request.app.state.catalogue
    return Me(
        id=user.id, username=user.username, full_name=user.full_name, is_admin=user.is_admin, locale=user.locale,
        roles=[RoleScope(role=r, label=str(catalogue.roles[r].label) if r in catalogue.roles else r, unit=u)
               for r, u in user.roles],
        permissions=sorted(catalogue.permissions) if user.is_admin else sorted(user.grants),
    )


# --- users --------------------------------------------------------------------------------------


@get("/users", opt=OPT)
async def list_users(q: QueryText = "", page: Page = 1) -> UserList:
    """Users, searched by name, username or NIP; ``page`` counts from 1."""
    rows, total = await admin.list_users(q, page)
    return UserList(items=[_user(r) for r in rows], total=total, page=admin.page_number(page), per_page=admin.PER_PAGE)


@get("/users/{user_id:int}", opt=OPT)
async def get_user(user_id: PathId) -> UserOut:
    return _user(await _call(admin.get_user(user_id)))


@post("/users", opt=OPT)
async def create_user(request: Request, data: JSONBody[UserIn]) -> UserOut:
    """Create a user. ``nip`` is checked (18 digits, BKN layout) and stored without spaces."""
    user_id = await _call(admin.save_user(msgspec.structs.asdict(data), request.scope["user"], client_ip(request)))
    return _user(await admin.get_user(user_id))


@put("/users/{user_id:int}", opt=OPT)
async def update_user(request: Request, user_id: PathId, data: JSONBody[UserIn]) -> UserOut:
    """Replace a user's fields; an empty ``password`` keeps the current one."""
    await _call(admin.save_user(msgspec.structs.asdict(data), request.scope["user"], client_ip(request), user_id,
                                session=request.cookies.get(SESSION_COOKIE, "")))
    return _user(await admin.get_user(user_id))


# --- units --------------------------------------------------------------------------------------


def _unit(row: dict, depth: int = 0) -> UnitOut:
    return UnitOut(id=row["id"], code=row["code"], name=row["name"], kind=row["kind"], parent=row["parent"],
                   sort=row["sort"], depth=depth)


@get("/units", opt=OPT)
async def list_units(q: QueryText = "") -> UnitList:
    """The whole organisation tree, parents first (``depth`` 0 is the top); ``q`` filters by name or code."""
    items = [_unit(row, depth) for depth, row in await admin.unit_tree(q)]
    return UnitList(items=items, total=len(items))


@get("/units/{unit_id:int}", opt=OPT)
async def get_unit(unit_id: PathId) -> UnitOut:
    return _unit(await _call(admin.get_unit(unit_id)))


@post("/units", opt=OPT)
async def create_unit(request: Request, data: JSONBody[UnitIn]) -> UnitOut:
    unit_id = await _call(admin.save_unit(msgspec.structs.asdict(data), request.scope["user"], client_ip(request)))
    return _unit(await admin.get_unit(unit_id))


@put("/units/{unit_id:int}", opt=OPT)
async def update_unit(request: Request, unit_id: PathId, data: JSONBody[UnitIn]) -> UnitOut:
    """Replace a unit; a parent inside the unit's own subtree is refused (no cycles)."""
    await _call(admin.save_unit(msgspec.structs.asdict(data), request.scope["user"], client_ip(request), unit_id))
    return _unit(await admin.get_unit(unit_id))


# --- positions ----------------------------------------------------------------------------------


@get("/positions", opt=OPT)
async def list_positions(q: QueryText = "", page: Page = 1) -> PositionList:
    rows, total = await admin.list_positions(q, page)
    return PositionList(items=[_position(r) for r in rows], total=total, page=admin.page_number(page),
                        per_page=admin.PER_PAGE)


@get("/positions/{position_id:int}", opt=OPT)
async def get_position(position_id: PathId) -> PositionOut:
    return _position(await _call(admin.get_position(position_id)))


@post("/positions", opt=OPT)
async def create_position(request: Request, data: JSONBody[PositionIn]) -> PositionOut:
    position_id = await _call(admin.save_position(msgspec.structs.asdict(data), request.scope["user"], client_ip(request)))
    return _position(await admin.get_position(position_id))


@put("/positions/{position_id:int}", opt=OPT)
async def update_position(request: Request, position_id: PathId, data: JSONBody[PositionIn]) -> PositionOut:
    await _call(admin.save_position(msgspec.structs.asdict(data), request.scope["user"], client_ip(request), position_id))
    return _position(await admin.get_position(position_id))


# --- role assignments ---------------------------------------------------------------------------


@get("/role-assignments", opt=OPT)
async def list_assignments(
    request: Request, q: QueryText = "", role: QueryText = "", unit: MaybeQueryId = None,
    user: MaybeQueryId = None, page: Page = 1,
) -> RoleAssignmentList:
    rows, total = await admin.list_assignments(q, role, unit, user, page)
    return RoleAssignmentList(items=[_assignment(r, request) for r in rows], total=total,
                              page=admin.page_number(page), per_page=admin.PER_PAGE)


@get("/role-assignments/{assignment_id:int}", opt=OPT)
async def get_assignment(request: Request, assignment_id: PathId) -> RoleAssignmentOut:
    return _assignment(await _call(admin.get_assignment(assignment_id)), request)


@post("/role-assignments", opt=OPT)
async def create_assignment(request: Request, data: JSONBody[RoleAssignmentIn]) -> RoleAssignmentOut:
    """Give ``user`` the ``role`` within ``unit`` (and every unit below it)."""
    assignment_id = await _call(admin.assign_role(msgspec.structs.asdict(data), request.app.state.catalogue,
                                                  request.scope["user"], client_ip(request)))
    return _assignment(await admin.get_assignment(assignment_id), request)


@delete("/role-assignments/{assignment_id:int}", opt=OPT)
async def delete_assignment(request: Request, assignment_id: PathId) -> None:
    await _call(admin.revoke_role(assignment_id, request.scope["user"], client_ip(request)))


ROUTES = (
    me, list_users, get_user, create_user, update_user, list_units, get_unit, create_unit, update_unit,
    list_positions, get_position, create_position, update_position,
    list_assignments, get_assignment, create_assignment, delete_assignment,
)
