"""The throttle as a core plugin: its table and the admin page of current throttles."""

from __future__ import annotations

from types import MappingProxyType

from litestar import Request, get, post

from balai.api import hookimpl
from balai.db import row_id
from balai.i18n import _
from balai.identity.access import ADMIN
from balai.throttle import service as throttle
from balai.web.render import client_ip, redirect, render
from balai.web.inputs import Form

OPT = MappingProxyType({"permission": ADMIN})
PATH = "/admin/throttles"


@hookimpl
def piccolo_apps():
    return ["balai.throttle.piccolo_app"]


@get(PATH, opt=OPT)
async def throttles(request: Request) -> object:
    return render(request, "throttle/list.html", rows=await throttle.current())


@post(f"{PATH}/clear", opt=OPT)
async def clear(request: Request, data: Form) -> object:
    """Clear one bucket (``id``) or, without one, all of them."""
    ids = None
    if data.get("id") not in (None, ""):
        try:
            ids = [row_id(data.get("id"))]
        except (TypeError, ValueError):
            ids = []  # names no bucket: nothing to clear
    count = await throttle.clear(ids, request.scope["user"], client_ip(request))
    return redirect(request, PATH, _("%(n)s pembatasan dihapus.", n=count))


@hookimpl
def page_routes():
    return [throttles, clear]
