"""Roles, permissions and the signed-in user.

Deny by default: every route handler names what it needs in ``opt``:

* ``{"public": True}``  anyone, signed in or not (citizen pages, login, static files);
* ``{"permission": "login"}``  any signed-in user;
* ``{"permission": "<plugin>.<action>"}``  a user holding a role that grants it, in any unit.

Record-level checks use :meth:`CurrentUser.units_for` / :meth:`CurrentUser.can` with a unit:
a role held in a unit covers that unit and everything below it in the organisation tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from balai.registry import Permission, Role

LOGIN = "login"
ADMIN = "core.admin"


@dataclass
class Catalogue:
    """Every role and permission declared by the core and the enabled plugins."""

    roles: dict[str, Role] = field(default_factory=dict)
    permissions: dict[str, Permission] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # role/permission code -> plugin

    def add_permission(self, owner: str, perm: Permission) -> None:
        if perm.code in self.permissions:
            raise ValueError(f"Izin '{perm.code}' dideklarasikan dua kali ({self.owners[perm.code]}, {owner})")
        self.permissions[perm.code] = perm
        self.owners[perm.code] = owner

    def add_role(self, owner: str, role: Role) -> None:
        if role.code in self.roles:
            raise ValueError(f"Peran '{role.code}' dideklarasikan dua kali ({self.owners['role:' + role.code]}, {owner})")
        self.roles[role.code] = role
        self.owners["role:" + role.code] = owner

    def grant(self, owner: str, role_code: str, permissions: tuple[str, ...]) -> None:
        """Add ``owner``'s ``permissions`` to a role declared elsewhere (a :class:`balai.api.Grant`)."""
        role = self.roles[role_code]
        added = tuple(code for code in permissions if code not in role.permissions)
        self.roles[role_code] = replace(role, permissions=role.permissions + added)
        for code in added:
            self.owners[f"grant:{role_code}:{code}"] = owner

    def check(self) -> None:
        for role in self.roles.values():
            for code in role.permissions:
                if code not in self.permissions:
                    raise ValueError(f"Peran '{role.code}' memberi izin yang tidak dikenal: '{code}'")


@dataclass
class CurrentUser:
    id: int
    username: str
    full_name: str
    is_admin: bool = False
    locale: str = ""
    roles: list[tuple[str, int]] = field(default_factory=list)  # (role code, unit id)
    grants: dict[str, frozenset[int]] = field(default_factory=dict)  # permission -> unit ids
    # From the session lookup; None when not known (a user built in code): the units each role's
    # unit covers (itself and all below), and (user id, role) handed to this user for today.
    covered: dict[int, frozenset[int]] | None = None
    delegated: tuple[tuple[int, str], ...] | None = None
    standing_in: tuple[int, ...] | None = None  # positions this user is Plh/Plt of today
    head_of: tuple[int, ...] = ()  # units whose head position (jabatan, is_head) this user holds

    def can(self, permission: str | None, unit_id: int | None = None) -> bool:
        if permission in (None, LOGIN):
            return True
        if self.is_admin:
            return True
        units = self.grants.get(permission)
        if not units:
            return False
        return unit_id is None or unit_id in units

    def units_for(self, permission: str) -> frozenset[int] | None:
        """Unit ids where ``permission`` holds; ``None`` means everywhere (administrator)."""
        if self.is_admin:
            return None
        return self.grants.get(permission, frozenset())

    def has_role(self, role: str, unit_id: int | None = None) -> bool:
        return any(r == role and (unit_id is None or u == unit_id) for r, u in self.roles)


def build_grants(
    assignments: list[tuple[str, int]], catalogue: Catalogue, subtree: dict[int, set[int]]
) -> dict[str, frozenset[int]]:
    grants: dict[str, set[int]] = {}
    for role_code, unit_id in assignments:
        role = catalogue.roles.get(role_code)
        if role is None:  # role of a disabled plugin: kept in the data, grants nothing now
            continue
        covered = subtree.get(unit_id, {unit_id})
        for perm in role.permissions:
            grants.setdefault(perm, set()).update(covered)
    return {k: frozenset(v) for k, v in grants.items()}


def subtrees(units: list[tuple[int, int | None]]) -> dict[int, set[int]]:
    """For each unit id, the ids of the unit and all its descendants."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in units:
        children.setdefault(parent, []).append(uid)
    result: dict[int, set[int]] = {}

    def walk(uid: int) -> set[int]:
        if uid not in result:
            ids = {uid}
            for child in children.get(uid, []):
                ids |= walk(child)
            result[uid] = ids
        return result[uid]

    for uid, _ in units:
        walk(uid)
    return result


def route_requirement(handler: BaseRouteHandler) -> str | None:
    """What a handler declared: ``"public"``, a permission code, or ``None`` (undeclared)."""
    opt = handler.opt
    if opt.get("public"):
        return "public"
    return opt.get("permission")


def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The one app-wide guard: deny by default, check the declared permission."""
    need = route_requirement(handler)
    if need == "public":
        return
    if need is None:
        raise PermissionDeniedException("Rute ini tidak menyatakan izin yang dibutuhkan.")
    user = connection.scope.get("user")
    if user is None:
        raise NotAuthorizedException("Silakan masuk terlebih dahulu.")
    if not user.can(need):
        raise PermissionDeniedException("Anda tidak memiliki izin untuk halaman ini.")
