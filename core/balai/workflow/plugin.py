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
        MenuItem(lazy_gettext("Plh / Plt"), "/admin/stand-ins", permission="core.plh", order=905),
    ]


@hookimpl
def permissions():
    from balai.registry import Permission

    return [Permission("core.plh", lazy_gettext("Menunjuk Plh dan Plt"))]


@hookimpl
def page_routes():
    from balai.workflow import pages, standin_pages

    return pages.routes() + standin_pages.routes()


@hookimpl
def api_routes():
    from balai.workflow import api

    return api.routes()


@hookimpl
def can_access_document(user, owner_type, owner_id, action):
    """Documents of a case: whoever may see the case reads them; writing needs a running case.
    The letter appointing a Plh/Plt: read by whoever appoints and by the appointee."""
    if owner_type == "core_delegation":
        return _appointment_letter_access(user, owner_id, action)
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


async def _appointment_letter_access(user, appointment_id: int, action: str) -> bool:
    if action != "read":
        return user.can("core.plh")  # attached while appointing, on the appointment page
    if user.can("core.plh"):
        return True
    from balai.workflow.tables import Delegation

    return await Delegation.exists().where((Delegation.id == appointment_id) & (Delegation.to_user == user.id))
