"""Core identity as a plugin: core roles and permissions, sign-in, dashboard, language."""

from __future__ import annotations

import asyncio
import logging

from litestar import Request, get, post

from balai.identity.access import ADMIN, LOGIN
from balai.hookspecs import hookspec  # noqa: F401  (documents where the hooks come from)
from balai.i18n import LOCALES, _, lazy_gettext
from balai.identity import auth, api as admin_api, pages as admin_pages
from balai.identity.tables import User
from balai.plugins import await_me_maybe
from balai.registry import MenuItem, Permission, Role
from balai.api import hookimpl
from balai.web.middleware import LOCALE_COOKIE
from balai.web.moved import moved
from balai.web.render import client_ip, cookie_secure, redirect, render, safe_next
from balai.web.inputs import Form, QueryText


log = logging.getLogger("balai")


@hookimpl
def permissions():
    return [
        Permission(ADMIN, lazy_gettext("Mengelola pengguna, unit, jabatan dan peran")),
        Permission("core.audit", lazy_gettext("Melihat log audit")),
    ]


@hookimpl
def roles():
    return [
        Role("admin_sistem", lazy_gettext("Administrator Sistem"), [ADMIN, "core.audit", "core.plh"]),
        Role("kepala_dinas", lazy_gettext("Kepala Dinas"), ["core.plh"]),  # appoints Plh/Plt (core.workflow)
        Role("sekretaris", lazy_gettext("Sekretaris")),
        Role("kepala_bidang", lazy_gettext("Kepala Bidang / Kepala UPTD")),
        Role("kepala_subbag", lazy_gettext("Kepala Sub Bagian")),
        Role("kasubag_umum", lazy_gettext("Kepala Sub Bagian Umum")),
        Role("kepala_seksi", lazy_gettext("Kepala Seksi")),
        Role("staf", lazy_gettext("Staf / Pelaksana")),
    ]


@hookimpl
def menu_items(user):
    return [
        MenuItem(lazy_gettext("Beranda"), "/", permission=LOGIN, order=0),
        MenuItem(lazy_gettext("Administrasi"), "/admin", permission=ADMIN, order=900),
        MenuItem(lazy_gettext("Log Audit"), "/admin/audit", permission="core.audit", order=910),
    ]


@get("/login", opt={"public": True}, name="login")
async def login_form(request: Request, next: QueryText = "/") -> object:
    target = safe_next(next, "/")
    return render(request, "identity/login.html", next=target, username="", error="")


@post("/login", opt={"public": True})
async def login(request: Request, data: Form) -> object:
    username = (data.get("username") or "").strip()
    password = data.get("password") or ""
    target = safe_next(data.get("next"), "/")
    user, reason, wait = await auth.authenticate(username, password, client_ip(request))
    if reason == "throttled":
        error = _("Terlalu banyak percobaan masuk yang gagal dari perangkat ini. "
                  "Tunggu %(detik)s detik lalu coba lagi.", detik=wait)
        response = render(request, "identity/login.html", status_code=429, next=target, username=username, error=error)
        response.headers["Retry-After"] = str(wait)
        return response
    if user is None:
        return render(request, "identity/login.html", status_code=400, next=target, username=username,
                      error=_("Nama pengguna atau kata sandi salah."))
    key = await auth.start_session(user["id"], client_ip(request), request.headers.get("user-agent", ""))
    response = redirect(request, target)
    response.set_cookie(
        auth.SESSION_COOKIE, key, httponly=True, samesite="lax",
        secure=cookie_secure(request), max_age=auth.SESSION_DAYS * 86400,
    )
    return response


@post("/logout", opt={"permission": LOGIN})
async def logout(request: Request) -> object:
    response = redirect(request, "/login", _("Anda telah keluar."))
    await auth.sign_out(request, response)
    return response


@post("/language", opt={"public": True})
async def switch_language(request: Request, data: Form) -> object:
    locale = data.get("locale") if data.get("locale") in LOCALES else "id"
    user = request.scope.get("user")
    if user is not None:
        await User.update({User.locale: locale}).where(User.id == user.id)
    response = redirect(request, safe_next(data.get("next"), "/"))
    response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 86400, samesite="lax")
    return response


async def _widget_context(owner: str, widget) -> dict | None:
    """A widget's context; None when it failed (logged with its plugin's name, the widget left out)."""
    try:
        return (await await_me_maybe(widget.context) if widget.context is not None else None) or {}
    except Exception:
        log.exception("Plugin '%s': widget %s gagal", owner, widget.template)
        return None


@get("/", opt={"permission": LOGIN}, name="dashboard")
async def dashboard(request: Request) -> object:
    user = request.scope["user"]
    host = request.app.state.host
    # One plugin's broken widget must not take the dashboard down: each is called on its own.
    widgets = sorted(
        ((owner, w) for owner, group in host.per_plugin("dashboard_widgets", robust=True, user=user)
         for w in group or [] if user.can(w.permission)),
        key=lambda pair: pair[1].order,
    )
    # Widgets query independently: let their database waits overlap.
    contexts = await asyncio.gather(*(_widget_context(owner, w) for owner, w in widgets))
    widgets = [(w, ctx) for (_owner, w), ctx in zip(widgets, contexts) if ctx is not None]
    return render(request, "core/dashboard.html", widgets=widgets, now=auth.now())


@hookimpl
def page_routes():
    return [login_form, login, logout, switch_language, dashboard, *admin_pages.ROUTES,
            moved("/bahasa", "/language")]


@hookimpl
def api_routes():
    return admin_api.ROUTES


@hookimpl
def piccolo_apps():
    return ["balai.identity.piccolo_app"]
