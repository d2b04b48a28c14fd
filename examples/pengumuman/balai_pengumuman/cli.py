"""``balai pengumuman-list``: the latest announcements on the command line."""

from __future__ import annotations

from balai.api import _, format_datetime

from balai_pengumuman import store


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser("pengumuman-list", help=_("tampilkan pengumuman terbaru"))
    parser.add_argument("--limit", type=int, default=10)
    parser.set_defaults(func=list_command)


async def list_command(args) -> None:
    rows = await store.latest(limit=args.limit)
    if not rows:
        print(_("Belum ada pengumuman."))
        return
    for row in rows:
        mark = "*" if row["pinned"] else " "
        print(f"{mark} {format_datetime(row['published_at'])}  {row['title']}  ({row['author_name']})")
