"""SP4N-LAPOR! complaints beyond their steps: the row the recap counts, the scheduled jobs that
close a complaint on the reporter's silence (or send it back on their reply) and tell the head of
the unit concerned when a legal clock has run out."""

from __future__ import annotations

from datetime import datetime, timezone

from balai.api import (
    ActionError, _, act, case_clocks, case_tasks, case_url, get_case, notify, submission_thread, unit_heads,
)

from balai_pengaduan.sp4n import DIAM, KATEGORI, KELAS
from balai_pengaduan.tables import Aduan

KELAS_SAH, KATEGORI_SAH = dict(KELAS), dict(KATEGORI)


def now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


async def catat(case: dict) -> None:
    """At the complaint's arrival (the form or the desk, in the submission's transaction)."""
    data = case.get("data") or {}
    kelas = data.get("kelas") if data.get("kelas") in KELAS_SAH else "pengaduan"
    kategori = data.get("kategori") if data.get("kategori") in KATEGORI_SAH else "lain"
    await Aduan.insert(Aduan(case=case["id"], kelas=kelas, kategori=kategori,
                             subkategori=str(data.get("subkategori") or "")[:100],
                             lapor=bool(str(data.get("id_lapor") or "").strip()),
                             diterima=_aware(case.get("opened_at")) or now()))


async def ke_unit(case_id: int, unit_id: int) -> None:
    """A task of the unit's PPID Pelaksana opened: the recap counts the complaint for that unit."""
    row = await Aduan.select(Aduan.unit_tujuan).where(Aduan.case == case_id).first()
    if row is None:
        return
    units = [u for u in row["unit_tujuan"].split(",") if u]
    if str(unit_id) not in units:
        await Aduan.update({Aduan.unit_tujuan: ",".join([*units, str(unit_id)])}).where(Aduan.case == case_id)


async def selesai(case_id: int, action_code: str) -> None:
    await Aduan.update({Aduan.ditutup: now(), Aduan.cara_tutup: action_code}).where(
        (Aduan.case == case_id) & Aduan.ditutup.is_null())


async def _terbuka() -> list[int]:
    return [r["case"] for r in await Aduan.select(Aduan.case).where(Aduan.ditutup.is_null()).order_by(Aduan.id)]


async def tutup_atau_buka(at: datetime | None = None) -> dict[str, list[int]]:
    """The scheduled job: each answered complaint whose reporter wrote back since the answer goes
    back to the Operator's classification; one whose reporter stayed silent for 10 working days
    (the step's deadline) is closed. Acting on the task is what makes it happen once: a second
    run, or a second worker, finds the task done (ActionError) and leaves it."""
    at = at or now()
    done = {"ditutup": [], "dibalas": []}
    for case_id in await _terbuka():
        task = next((t for t in await case_tasks(case_id) if t["step"] == "konfirmasi"
                     and t["state"] in ("terbuka", "menunggu")), None)
        if task is None:
            continue
        since = _aware(task["opened_at"])
        replied = any(not m["from_staff"] and _aware(m["at"]) > since for m in await submission_thread(case_id))
        try:
            if replied:
                await act(task["id"], "dibalas", user=None, note=_("Pelapor menanggapi jawaban."))
                done["dibalas"].append(case_id)
            elif task["due_at"] is not None and _aware(task["due_at"]) < at:
                await act(task["id"], "tutup_diam", user=None,
                          note=_("Pelapor tidak menanggapi dalam %(n)s hari kerja: laporan ditutup.", n=DIAM))
                done["ditutup"].append(case_id)
        except ActionError:
            continue  # closed meanwhile (another worker, or the task moved on)
    return done


async def eskalasi(at: datetime | None = None) -> int:
    """The scheduled job: a legal clock of a complaint past its deadline while the complaint waits
    for a unit's response is told to the head of that unit (the core tells the head of the case's
    own unit, the Sub Bagian Umum). Once per clock, extension and unit: the notification's key."""
    at = at or now()
    told = 0
    for case_id in await _terbuka():
        waiting = {t["unit"] for t in await case_tasks(case_id)
                   if t["step"] == "tanggapi" and t["state"] in ("terbuka", "menunggu")}
        if not waiting:
            continue
        case = await get_case(case_id)
        for clock in await case_clocks(case_id):
            if clock["state"] != "berjalan" or clock["due_at"] is None or _aware(clock["due_at"]) >= at:
                continue
            for unit in sorted(waiting):
                message = _("%(jam)s pengaduan %(ref)s melewati tenggat dan menunggu tanggapan unit Anda.",
                            jam=clock["label"], ref=case["reference"])
                key = f"pengaduan.eskalasi:{case_id}:{clock['code']}:{clock['extensions']}:{unit}"
                if await notify(await unit_heads(unit), message, case_url(case_id), key=key):
                    told += 1
    return told
