"""Deny by default: every route names what it needs, and the guard refuses one that does not."""

import httpx
from litestar import Litestar, get
from litestar.routes import HTTPRoute

from balai.identity.access import guard, route_requirement


def handlers(app):
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                yield route.path, handler
        else:
            yield route.path, route.route_handler


def is_litestar_options(handler) -> bool:
    # Litestar adds an OPTIONS handler to every path; the guard covers it like any other (denied)
    return handler.http_methods == {"OPTIONS"} and handler.handler_name == "options_handler"


async def test_every_route_declares_public_or_a_permission(app):
    undeclared = [
        f"{path} {sorted(getattr(h, 'http_methods', []))} ({h.handler_name})"
        for path, h in handlers(app)
        if route_requirement(h) is None and not is_litestar_options(h)
    ]
    assert undeclared == []
    known = set(app.state.catalogue.permissions) | {"public", "login"}
    unknown = {route_requirement(h) for _p, h in handlers(app) if route_requirement(h)} - known
    assert unknown == set()


def test_identity_admin_routes_need_core_admin():
    from balai.identity import api as admin_api
    from balai.identity import pages as admin_pages

    for h in admin_pages.ROUTES + admin_api.ROUTES:
        expected = {"audit_log": "core.audit", "me": "login"}.get(h.handler_name, "core.admin")
        assert route_requirement(h) == expected, h.handler_name


async def test_guard_denies_an_undeclared_handler():
    @get("/bare", sync_to_thread=False)
    def bare() -> str:
        return "terbuka?"

    @get("/open", opt={"public": True}, sync_to_thread=False)
    def open_page() -> str:
        return "terbuka"

    @get("/members", opt={"permission": "login"}, sync_to_thread=False)
    def members() -> str:
        return "anggota"

    app = Litestar([bare, open_page, members], guards=[guard])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/bare")).status_code == 403
        assert (await c.get("/open")).status_code == 200
        assert (await c.get("/members")).status_code == 401  # no user in scope: not signed in


async def test_options_request_is_denied_too(client):
    assert (await client.options("/admin/users")).status_code in (401, 403)
