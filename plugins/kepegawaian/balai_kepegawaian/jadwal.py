"""The schedule that opens the SOP 11, 14 and 12 cases on time: every few hours, each forecast item
whose opening day has come and that has no proposal yet gets one (``usulan.buka``, once per person
and date however many workers run it). Items more than a year overdue are left to the forecast
page: a case opened that late would only flood the inbox of a new installation. The same job marks
the files of those whose TMT pensiun has come inactive (``pensiun.berhentikan_jatuh_tempo``)."""

from __future__ import annotations

from datetime import date, timedelta

from balai.api import Job, today

from balai_kepegawaian import prakiraan, usulan

TERLAMBAT_MAKS = timedelta(days=365)


async def buka_jatuh_tempo(pada: date | None = None) -> list[int]:
    """Open every proposal that is due; returns the new proposals' ids."""
    pada = pada or today()
    opened = []
    for item in await prakiraan.daftar(bulan=0, pada=pada):
        if not item["jatuh_tempo"] or item["usulan"] is not None or item["tanggal"] < pada - TERLAMBAT_MAKS:
            continue
        if item["jenis"] == "pensiun" and item["tanggal"] <= pada:
            continue  # past the TMT pensiun the case is the Pengelola's call, not the schedule's
        row = await usulan.buka(item, pada=pada)
        if row is not None:
            opened.append(row["id"])
    return opened


async def _run() -> None:
    from balai_kepegawaian import pensiun

    await buka_jatuh_tempo()
    await pensiun.berhentikan_jatuh_tempo()


JOB = Job("jadwal_kepegawaian", run=_run, every=6 * 3600)
