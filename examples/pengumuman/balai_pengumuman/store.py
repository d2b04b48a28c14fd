"""Reading and writing announcements, shared by the pages, the API, the CLI and the widget."""

from __future__ import annotations

from balai.api import _

from balai_pengumuman.tables import Announcement

TITLE_MAX = 200


def check(title: str, body: str) -> dict[str, str]:
    """Problems with a submitted announcement, by field name (empty when fine)."""
    errors = {}
    if not title:
        errors["title"] = _("Judul wajib diisi.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Judul paling banyak %(max)d karakter.", max=TITLE_MAX)
    if not body:
        errors["body"] = _("Isi pengumuman wajib diisi.")
    return errors


async def latest(limit: int = 50) -> list[dict]:
    return await (
        Announcement.select()
        .order_by(Announcement.pinned, ascending=False)
        .order_by(Announcement.published_at, ascending=False)
        .order_by(Announcement.id, ascending=False)
        .limit(limit)
    )


async def publish(title: str, body: str, pinned: bool, author_id: int | None, author_name: str) -> dict:
    rows = await Announcement.insert(
        Announcement(title=title, body=body, pinned=pinned, author_id=author_id, author_name=author_name)
    ).returning(*Announcement.all_columns())
    return rows[0]
