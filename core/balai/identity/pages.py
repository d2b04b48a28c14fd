"""Administration pages (/admin/...): users, units, positions, role assignments, plugins, audit.

Plain forms that work without JavaScript; the search forms and pagers also carry ``hx-get`` so
that with HTMX only the table is swapped (the handler answers the table alone when the request's
``HX-Target`` is that table).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.exceptions import NotFoundException

from balai.audit import service as audit
from balai.identity.access import ADMIN
from balai.i18n import _
from balai.identity import admin
from balai.identity.auth import SESSION_COOKIE
from balai.identity.nip import GOLONGAN
from balai.web.render import client_ip, redirect, render, wants_fragment
from balai.web.inputs import Form, Page, PathId, QueryText

GOLONGAN_CHOICES = tuple((code, f"{code} — {pangkat}") for code, pangkat in GOLONGAN.items())
AUDIT = "core.audit"
OPT = MappingProxyType({"permission": ADMIN})


def _page(request: Request, template: str, table: str, table_id: str, status_code: int = 200, **context):
    """The whole page, or only its table for an HTMX search/pager request aimed at the table."""
    if wants_fragment(request) and request.headers.get("hx-target") == table_id:
        return render(request, table, status_code=status_code, **context)
    return render(request, template, status_code=status_code, **context)


async def _unit_choices() -> list[tuple[int, str]]:
    return [(u["id"], "— " * depth + u["name"]) for depth, u in await admin.unit_tree()]


# --- index and users ----------------------------------------------------------------------------


@get("/admin", opt=OPT, name="admin")
async def admin_index(request: Request) -> object:
    return redirect(request, "/admin/users")


@get("/admin/users", opt=OPT)
async def users(request: Request, q: QueryText = "", page: Page = 1) -> object:
    rows, total = await admin.list_users(q, page)
    return _page(request, "admin/users.html", "admin/_users_table.html", "users-table",
                 rows=rows, total=total, q=q, page=max(page, 1), per_page=admin.PER_PAGE)


def _user_form(request: Request, form: dict, errors: dict, user_id: int | None = None, roles=(), status_code=200):
    return render(request, "admin/user_form.html", status_code=status_code, form=form, errors=errors,
                  user_id=user_id, roles=roles, catalogue=request.app.state.catalogue,
                  golongan=GOLONGAN_CHOICES)


@get("/admin/users/new", opt=OPT)
async def user_new(request: Request) -> object:
    return _user_form(request, {"active": True}, {})


@post("/admin/users/new", opt=OPT)
async def user_create(request: Request, data: Form) -> object:
    try:
        user_id = await admin.save_user(data, request.scope["user"], client_ip(request))
    except admin.Invalid as exc:
        return _user_form(request, data, exc.errors, status_code=400)
    return redirect(request, f"/admin/users/{user_id}", _("Pengguna disimpan."))


async def _user_or_404(user_id: int) -> dict:
    try:
        return await admin.get_user(user_id)
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None


@get("/admin/users/{user_id:int}", opt=OPT)
async def user_edit(request: Request, user_id: PathId) -> object:
    row = await _user_or_404(user_id)
    roles, _total = await admin.list_assignments(user=user_id, per_page=200)
    return _user_form(request, admin.user_form(row), {}, user_id, roles)


@post("/admin/users/{user_id:int}", opt=OPT)
async def user_update(request: Request, user_id: PathId, data: Form) -> object:
    try:
        await admin.save_user(data, request.scope["user"], client_ip(request), user_id,
                              session=request.cookies.get(SESSION_COOKIE, ""))
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None
    except admin.Invalid as exc:
        roles, _total = await admin.list_assignments(user=user_id, per_page=200)
        return _user_form(request, data, exc.errors, user_id, roles, status_code=400)
    return redirect(request, f"/admin/users/{user_id}", _("Pengguna disimpan."))


@post("/admin/users/{user_id:int}/deactivate", opt=OPT)
async def user_deactivate(request: Request, user_id: PathId) -> object:
    try:
        await admin.deactivate_user(user_id, request.scope["user"], client_ip(request))
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None
    except admin.Invalid as exc:
        return redirect(request, f"/admin/users/{user_id}", str(exc), "error")
    return redirect(request, f"/admin/users/{user_id}", _("Pengguna dinonaktifkan."))


# --- organisation units -------------------------------------------------------------------------


@get("/admin/units", opt=OPT)
async def units(request: Request) -> object:
    return render(request, "admin/units.html", tree=await admin.unit_tree(), kinds=admin.UNIT_KINDS)


async def _unit_form(request: Request, form: dict, errors: dict, unit_id: int | None = None, status_code=200):
    return render(request, "admin/unit_form.html", status_code=status_code, form=form, errors=errors,
                  unit_id=unit_id, unit_choices=await _unit_choices(), kinds=admin.UNIT_KINDS)


@get("/admin/units/new", opt=OPT)
async def unit_new(request: Request) -> object:
    return await _unit_form(request, {}, {})


@post("/admin/units/new", opt=OPT)
async def unit_create(request: Request, data: Form) -> object:
    try:
        await admin.save_unit(data, request.scope["user"], client_ip(request))
    except admin.Invalid as exc:
        return await _unit_form(request, data, exc.errors, status_code=400)
    return redirect(request, "/admin/units", _("Unit disimpan."))


@get("/admin/units/{unit_id:int}", opt=OPT)
async def unit_edit(request: Request, unit_id: PathId) -> object:
    try:
        row = await admin.get_unit(unit_id)
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None
    return await _unit_form(request, row, {}, unit_id)


@post("/admin/units/{unit_id:int}", opt=OPT)
async def unit_update(request: Request, unit_id: PathId, data: Form) -> object:
    try:
        await admin.save_unit(data, request.scope["user"], client_ip(request), unit_id)
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None
    except admin.Invalid as exc:
        return await _unit_form(request, data, exc.errors, unit_id, status_code=400)
    return redirect(request, "/admin/units", _("Unit disimpan."))


# --- positions (jabatan) --------------------------------------------------------------------------


@get("/admin/positions", opt=OPT)
async def positions(request: Request, q: QueryText = "", page: Page = 1) -> object:
    rows, total = await admin.list_positions(q, page)
    return _page(request, "admin/positions.html", "admin/_positions_table.html", "positions-table",
                 rows=rows, total=total, q=q, page=max(page, 1), per_page=admin.PER_PAGE)


async def _position_form(request: Request, form: dict, errors: dict, position_id=None, status_code=200):
    return render(request, "admin/position_form.html", status_code=status_code, form=form, errors=errors,
                  position_id=position_id, unit_choices=await _unit_choices(),
                  eselon=[(e, e) for e in admin.ESELON])


@get("/admin/positions/new", opt=OPT)
async def position_new(request: Request) -> object:
    return await _position_form(request, {"retirement_age": 58}, {})


@post("/admin/positions/new", opt=OPT)
async def position_create(request: Request, data: Form) -> object:
    try:
        await admin.save_position(data, request.scope["user"], client_ip(request))
    except admin.Invalid as exc:
        return await _position_form(request, data, exc.errors, status_code=400)
    return redirect(request, "/admin/positions", _("Jabatan disimpan."))


@get("/admin/positions/{position_id:int}", opt=OPT)
async def position_edit(request: Request, position_id: PathId) -> object:
    try:
        row = await admin.get_position(position_id)
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None
    if row["holder"]:
        row["holder_username"] = (await admin.get_user(row["holder"]))["username"]
    return await _position_form(request, row, {}, position_id)


@post("/admin/positions/{position_id:int}", opt=OPT)
async def position_update(request: Request, position_id: PathId, data: Form) -> object:
    try:
        await admin.save_position(data, request.scope["user"], client_ip(request), position_id)
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None
    except admin.Invalid as exc:
        return await _position_form(request, data, exc.errors, position_id, status_code=400)
    return redirect(request, "/admin/positions", _("Jabatan disimpan."))


# --- role assignments -----------------------------------------------------------------------------


async def _roles_page(request: Request, form: dict, errors: dict, status_code=200, q: str = "", role: str = "",
                      unit: str = "", page: int = 1):
    rows, total = await admin.list_assignments(q, role, unit, page=page)
    catalogue = request.app.state.catalogue
    return _page(request, "admin/roles.html", "admin/_roles_table.html", "roles-table", status_code=status_code,
                 rows=rows, total=total, q=q, role=role, unit=unit, page=admin.page_number(page),
                 per_page=admin.PER_PAGE,
                 role_choices=sorted(((r.code, str(r.label)) for r in catalogue.roles.values()), key=lambda c: c[1]),
                 catalogue=catalogue,
                 unit_choices=await _unit_choices(), form=form, errors=errors)


@get("/admin/roles", opt=OPT)
async def roles(request: Request, user: QueryText = "", q: QueryText = "", role: QueryText = "", unit: QueryText = "",
                page: Page = 1) -> object:
    return await _roles_page(request, {"user_username": user}, {}, q=q, role=role, unit=unit, page=page)


@post("/admin/roles", opt=OPT)
async def role_assign(request: Request, data: Form) -> object:
    try:
        await admin.assign_role(data, request.app.state.catalogue, request.scope["user"], client_ip(request))
    except admin.Invalid as exc:
        return await _roles_page(request, data, exc.errors, status_code=400)
    return redirect(request, "/admin/roles", _("Peran diberikan."))


@post("/admin/roles/{assignment_id:int}/revoke", opt=OPT)
async def role_revoke(request: Request, assignment_id: PathId, data: Form) -> object:
    try:
        await admin.revoke_role(assignment_id, request.scope["user"], client_ip(request))
    except admin.NotFound as exc:
        raise NotFoundException(str(exc)) from None
    target = data.get("next") or "/admin/roles"
    return redirect(request, target if target.startswith("/admin/") else "/admin/roles", _("Peran dicabut."))


# --- plugins and audit -------------------------------------------------------------------------


def _declared(module, hook: str) -> list:
    function = getattr(module, hook, None)
    return list(function() or []) if callable(function) else []


@get("/admin/plugins", opt=OPT)
async def plugins(request: Request) -> object:
    host = request.app.state.host
    rows = [
        {"meta": p.meta, "enabled": p.enabled, "dist": p.dist,
         "roles": _declared(p.module, "roles"), "permissions": _declared(p.module, "permissions")}
        for p in host.plugins
    ]
    core = {"roles": [], "permissions": []}
    for module in host.core_modules:
        core["roles"] += _declared(module, "roles")
        core["permissions"] += _declared(module, "permissions")
    return render(request, "admin/plugins.html", plugins=rows, core=core)


def _day(text: str, tz: ZoneInfo) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), tz) if text else None
    except ValueError:
        return None


@get("/admin/audit", opt={"permission": AUDIT})
async def audit_log(
    request: Request, actor: QueryText = "", action: QueryText = "", object_type: QueryText = "",
    since: QueryText = "", until: QueryText = "", page: Page = 1,
) -> object:
    tz = ZoneInfo(request.app.state.config.timezone)
    end = _day(until, tz)
    rows, total = await audit.entries(actor, action, object_type, _day(since, tz), end and end + timedelta(days=1),
                                      page=max(page, 1))
    return _page(request, "admin/audit.html", "admin/_audit_table.html", "audit-table", rows=rows, total=total,
                 page=max(page, 1), per_page=audit.PER_PAGE,
                 filters={"actor": actor, "action": action, "object_type": object_type, "since": since,
                          "until": until})


ROUTES = (
    admin_index, users, user_new, user_create, user_edit, user_update, user_deactivate,
    units, unit_new, unit_create, unit_edit, unit_update,
    positions, position_new, position_create, position_edit, position_update,
    roles, role_assign, role_revoke, plugins, audit_log,
)
