"""The term of an exclusion (uji konsekuensi) ends: the PPID is told in time to test it again.

An exclusion is not for ever (Pasal 19-20 UU 14/2008): when its term ends the information is open
unless a new consequence test keeps it closed. A scheduled job (the core's, run once across
workers) tells the data officer and the Atasan PPID a month before its last day, and again
the day after it; each reminder once per item and end date (the notification key), so a new term earns a
new reminder. An item whose term has ended cannot be the ground of a refusal any more.
"""

from __future__ import annotations

from datetime import date, timedelta

from balai.api import Job, _, format_date, notify, role_holders, today

from balai_ppid.tables import Informasi

SEBELUM = 30  # calendar days before the end the first reminder goes out
PENGELOLA, ATASAN = "pengelola_data_ppid", "atasan_ppid"


def berakhir(item: dict, on: date | None = None) -> bool:
    """Whether the exclusion's term has ended (an item without an end date runs until changed)."""
    end = item.get("uji_berakhir")
    return bool(end and end < (on or today()))


async def ingatkan(on: date | None = None) -> int:
    """Send the reminders that are due; returns how many items were reminded."""
    on = on or today()
    rows = await Informasi.select().where(
        (Informasi.kategori == "dikecualikan") & Informasi.uji_berakhir.is_not_null()
        & (Informasi.uji_berakhir <= on + timedelta(days=SEBELUM)))
    people = sorted(set(await role_holders(PENGELOLA, None)) | set(await role_holders(ATASAN, None)))
    count = 0
    for item in rows:
        end = item["uji_berakhir"]
        if end < on:
            key = f"ppid:pengecualian:{item['id']}:{end.isoformat()}:berakhir"
            text = _("Jangka waktu pengecualian %(judul)s (%(nomor)s) telah berakhir pada %(tanggal)s: lakukan uji "
                     "konsekuensi ulang atau buka informasinya.", judul=item["judul"], nomor=item["nomor"],
                     tanggal=format_date(end))
        else:
            key = f"ppid:pengecualian:{item['id']}:{end.isoformat()}:segera"
            text = _("Jangka waktu pengecualian %(judul)s (%(nomor)s) berakhir pada %(tanggal)s: siapkan uji "
                     "konsekuensi ulang.", judul=item["judul"], nomor=item["nomor"], tanggal=format_date(end))
        if await notify(people, text, f"/ppid/informasi/{item['id']}", key=key):
            count += 1
    return count


async def _run() -> None:
    await ingatkan()


def jobs() -> list[Job]:
    return [Job("pengingat_pengecualian", _run, every=6 * 3600)]
