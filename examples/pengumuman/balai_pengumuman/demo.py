"""Demonstration announcements for ``balai demo`` (added once)."""

from __future__ import annotations

from balai_pengumuman import store
from balai_pengumuman.tables import Announcement

DEMO = [
    ("Apel pagi hari Senin", "Seluruh pegawai mengikuti apel pagi pukul 07.30 WITA di halaman kantor.", True),
    ("Pemeliharaan jaringan", "Jaringan internet kantor dimatikan Sabtu pukul 08.00–12.00 WITA.", False),
]


async def seed() -> None:
    if await Announcement.count():
        return
    for title, body, pinned in DEMO:
        await store.publish(title, body, pinned, None, "Sub Bagian Umum")
