"""Core notifications and the scheduler as a plugin: the /notifications pages, the reminder and
escalation jobs, and the background loops started with the app."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.identity.access import LOGIN
from balai.api import hookimpl
from balai.db import page_number
from balai.i18n import _, lazy_gettext
from balai.registry import Job, MenuItem
from balai.web.moved import moved
from balai.web.render import redirect, render, safe_next
from balai.workflow import deadlines
from balai.notifications import service as notify
from balai.web.inputs import Form, Page, PathId

PER_PAGE = 50


@hookimpl
def menu_items(user):
    return [MenuItem(lazy_gettext("Notifikasi"), "/notifications", permission=LOGIN, order=90,
                     badge_url="/notifications/count")]


@get("/notifications", opt={"permission": LOGIN})
async def notifications(request: Request, page: Page = 1) -> object:
    user = request.scope["user"]
    page = page_number(page)
    rows = await notify.latest(user.id, PER_PAGE + 1, (page - 1) * PER_PAGE)
    return render(request, "notifications/list.html", rows=rows[:PER_PAGE], page=page, more=len(rows) > PER_PAGE,
                  unread=await notify.unread_count(user.id))


@get("/notifications/count", opt={"permission": LOGIN})
async def unread_badge(request: Request) -> Response:
    count = await notify.unread_count(request.scope["user"].id)
    return Response(content=str(count) if count else "", media_type="text/plain")


@post("/notifications/{notification_id:int}/read", opt={"permission": LOGIN})
async def mark_one(request: Request, notification_id: PathId, data: Form) -> object:
    user = request.scope["user"]
    if not await notify.mark_read(user.id, notification_id):
        row = await notify.Notification.select(notify.Notification.id).where(
            (notify.Notification.id == notification_id) & (notify.Notification.user == user.id)
        ).first()
        if row is None:  # someone else's notification looks the same as a missing one
            raise NotFoundException()
    return redirect(request, safe_next(data.get("next"), "/notifications"))


@post("/notifications/read-all", opt={"permission": LOGIN})
async def mark_all(request: Request) -> object:
    count = await notify.mark_read(request.scope["user"].id)
    return redirect(request, "/notifications", _("%(n)s notifikasi ditandai sudah dibaca.", n=count))


@hookimpl
def page_routes():
    return [notifications, unread_badge, mark_one, mark_all,
            moved("/notifikasi", "/notifications"), moved("/notifikasi/jumlah", "/notifications/count"),
            moved("/notifikasi/{notification_id:int}/baca", "/notifications/{notification_id}/read"),
            moved("/notifikasi/baca-semua", "/notifications/read-all")]


# --- JSON API (/api/core/notifications) ------------------------------------------------------------


class NotificationOut(msgspec.Struct):
    id: int
    message: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationList(msgspec.Struct):
    items: list[NotificationOut]
    unread: int
    page: int
    per_page: int


@get("/notifications", opt={"permission": LOGIN})
async def list_api(request: Request, page: Page = 1) -> NotificationList:
    """The signed-in user's notifications, newest first, and how many are unread."""
    user = request.scope["user"]
    page = max(page, 1)
    rows = await notify.latest(user.id, PER_PAGE, (page - 1) * PER_PAGE)
    items = [NotificationOut(id=r["id"], message=r["message"], link=r["link"], created_at=r["created_at"],
                             read_at=r["read_at"]) for r in rows]
    return NotificationList(items=items, unread=await notify.unread_count(user.id), page=page, per_page=PER_PAGE)


@post("/notifications/{notification_id:int}/read", opt={"permission": LOGIN}, status_code=200)
async def mark_read_api(request: Request, notification_id: PathId) -> dict:
    """Mark one notification read; answers how many are still unread. 404 for another user's."""
    user = request.scope["user"]
    if not await notify.mark_read(user.id, notification_id):
        row = await notify.Notification.select(notify.Notification.id).where(
            (notify.Notification.id == notification_id) & (notify.Notification.user == user.id)
        ).first()
        if row is None:
            raise NotFoundException(_("Notifikasi tidak ditemukan."))
    return {"unread": await notify.unread_count(user.id)}


@hookimpl
def api_routes():
    return [list_api, mark_read_api]


@hookimpl
def scheduled_jobs():
    return [
        Job("pengingat_tenggat", deadlines.remind, every=60),
        Job("eskalasi_terlambat", deadlines.escalate, every=300),
    ]


@hookimpl
def startup(app):
    """Deliveries still under way finish at shutdown (the calendar and the scheduler start their
    own background work: calendar/plugin.py, jobs/plugin.py)."""

    async def stop(_app) -> None:
        await notify.wait_for_deliveries()

    app.state.on_stop.append(stop)


@hookimpl
def piccolo_apps():
    return ["balai.notifications.piccolo_app"]
