"""Core workflow service as a plugin: the inbox, task and case pages, the API. (Every plugin's SOPs
are loaded and checked when the app's context is built: balai.context.build.)"""

from __future__ import annotations

from balai.identity.access import LOGIN
from balai.api import hookimpl
from balai.i18n import lazy_gettext
from balai.registry import MenuItem


@hookimpl
def menu_items(user):
    return [
        MenuItem(lazy_gettext("Kotak Masuk"), "/inbox", permission=LOGIN, order=10, badge_url="/inbox/count"),
        MenuItem(lazy_gettext("Delegasi"), "/delegations", permission=LOGIN, order=90),
    ]


@hookimpl
def page_routes():
    from balai.workflow import pages

    return pages.routes()


@hookimpl
def api_routes():
    from balai.workflow import api

    return api.routes()


@hookimpl
def can_access_document(user, owner_type, owner_id, action):
    """Documents of a case: whoever may see the case reads them; writing needs a running case."""
    if owner_type != "case":
        return None
    from balai.workflow import engine

    async def answer():
        if not await engine.can_view_case(user, owner_id):
            return False
        if action == "read":
            return True
        case = await engine.get_case(owner_id)
        return case is not None and case["state"] == "berjalan"

    return answer()


@hookimpl
def piccolo_apps():
    return ["balai.workflow.piccolo_app"]
