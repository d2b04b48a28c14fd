"""Core workflow service as a plugin: SOPs loaded at start-up, the inbox, task and case pages, the API."""

from __future__ import annotations

from balai.identity.access import LOGIN
from balai.api import hookimpl
from balai.i18n import lazy_gettext
from balai.registry import MenuItem


@hookimpl
def startup(app):
    """Check every plugin's SOPs before serving: a broken one stops Balai with its message."""
    from balai.workflow import engine

    sops = engine.load_sops(app.state.host, set(app.state.catalogue.roles))
    engine.configure(app.state.host, sops)
    app.state.sops = sops


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
