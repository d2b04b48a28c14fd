"""JSON API under /api/pengumuman/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from litestar import Request, get, post
from litestar.exceptions import ValidationException
from litestar.params import JSONBody

from balai.api import LOGIN, query_int, text

from balai_pengumuman import store


@dataclass
class AnnouncementIn:
    title: text(200)
    body: text(10_000)
    pinned: bool = False


@dataclass
class AnnouncementOut:
    id: int
    title: str
    body: str
    pinned: bool
    author_name: str
    published_at: datetime


def _out(row: dict) -> AnnouncementOut:
    return AnnouncementOut(**{k: row[k] for k in AnnouncementOut.__dataclass_fields__})


@get("/", opt={"permission": LOGIN}, summary="Pengumuman terbaru")
async def list_announcements(limit: query_int(1, 200) = 50) -> list[AnnouncementOut]:
    return [_out(row) for row in await store.latest(limit)]


@post("/", opt={"permission": "pengumuman.publish"}, summary="Terbitkan pengumuman")
async def publish_announcement(request: Request, data: JSONBody[AnnouncementIn]) -> AnnouncementOut:
    title, body = data.title.strip(), data.body.strip()
    errors = store.check(title, body)
    if errors:
        raise ValidationException(detail=" ".join(errors.values()), extra=errors)
    user = request.scope["user"]
    return _out(await store.publish(title, body, data.pinned, user.id, user.full_name))


def routes() -> list:
    return [list_announcements, publish_announcement]
