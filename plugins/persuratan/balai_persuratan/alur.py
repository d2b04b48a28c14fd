"""Where letters meet the workflow: opening cases, who may see a letter, the disposition chain."""

from __future__ import annotations

from balai.api import (
    ActionError, TaskState, act, can_view_case, case_tasks, get_case, list_documents, may_work_on, open_case,
    org_units, timeline,
)

from balai_persuratan import sop
from balai_persuratan.kamus import DOK_KELUAR, DOK_MASUK, DOK_TINDAK_LANJUT, MENDESAK
from balai_persuratan.tables import Distribusi, SuratKeluar, SuratMasuk, TindakLanjut

__all__ = ["ActionError"]

REKAM_MASUK = "persuratan.surat_masuk"
REKAM_KELUAR = "persuratan.surat_keluar"
LANGKAH_DISPOSISI = ("disposisi_sekretaris", "arahan_kepala_dinas", "distribusi", "catat_bidang",
                     "tindak_lanjut_kabid", "tindak_lanjut_staf", "arsip")


async def buka_surat_masuk(surat: dict, user, opened_as: str = "") -> dict:
    """Registering is SOP 15 step 1: the clerk who saves the letter has done it (forwarded for
    verification in the same step); a letter entered without a clerk (the demo) waits at step 1."""
    case = await open_case(
        sop.SURAT_MASUK, surat["perihal"], user=user, unit_id=surat["unit_id"],
        data={"urgent": surat["urgensi"] in MENDESAK, "surat_id": surat["id"]}, record=(REKAM_MASUK, surat["id"]),
        opened_as=opened_as, complete_first="teruskan" if user is not None else None,
    )
    await SuratMasuk.update({SuratMasuk.case_id: case["id"]}).where(SuratMasuk.id == surat["id"])
    surat["case_id"] = case["id"]
    return case


async def buka_surat_keluar(surat: dict, user) -> dict:
    case = await open_case(sop.SURAT_KELUAR, surat["perihal"], user=user, unit_id=surat["unit_id"],
                           data={"surat_id": surat["id"]}, record=(REKAM_KELUAR, surat["id"]))
    await SuratKeluar.update({SuratKeluar.case_id: case["id"]}).where(SuratKeluar.id == surat["id"])
    surat["case_id"] = case["id"]
    return case


async def tugas_terbuka(case_id: int | None, step: str | None = None) -> list[dict]:
    if not case_id:
        return []
    return [t for t in await case_tasks(case_id)
            if t["state"] in TaskState.OPEN and (step is None or t["step"] == step)]


async def ajukan_konsep(surat: dict, user) -> list[str]:
    for task in await tugas_terbuka(surat["case_id"], "konsep"):
        try:
            await act(task["id"], "ajukan", user=user)
        except ActionError as exc:
            return exc.messages
    return []


async def tugas_saya(user, case_id: int | None, steps: tuple[str, ...] | None = None) -> list[dict]:
    """Open tasks of the case that ``user`` may work on: the core's reach, so a delegate sees the
    tasks handed to them and the pages offer exactly what the engine will accept."""
    return await may_work_on(user, [t for t in await tugas_terbuka(case_id) if steps is None or t["step"] in steps])


async def memegang_tugas(user, case_id: int | None, task_id: int, steps: tuple[str, ...]) -> bool:
    return any(t["id"] == task_id for t in await tugas_saya(user, case_id, steps))


async def boleh_lihat_masuk(user, surat: dict) -> bool:
    if user.can("persuratan.lihat", surat["unit_id"]):
        return True
    units = user.units_for("persuratan.lihat")
    if units and await Distribusi.exists().where(
        (Distribusi.surat_masuk == surat["id"]) & Distribusi.unit_id.is_in(list(units))
    ):
        return True
    return bool(surat["case_id"]) and await can_view_case(user, surat["case_id"])


async def boleh_lihat_keluar(user, surat: dict) -> bool:
    if user.can("persuratan.lihat", surat["unit_id"]) or surat["dibuat_oleh"] == user.id:
        return True
    return bool(surat["case_id"]) and await can_view_case(user, surat["case_id"])


# --- the disposition chain ---------------------------------------------------------------------


async def nama_unit() -> dict[int, str]:
    return {u["id"]: u["name"] for u in await org_units()}


async def rantai_disposisi(surat: dict) -> list[dict]:
    """Every step of the sheet's chain, oldest first: who, when, what they decided, to whom, the instruction."""
    if not surat.get("case_id"):
        return []
    tasks = {t["id"]: t for t in await case_tasks(surat["case_id"])}
    units = await nama_unit()
    chain = []
    for event in await timeline(surat["case_id"]):
        if event.get("step") not in LANGKAH_DISPOSISI and event.get("step") not in ("verifikasi", "catat"):
            continue
        if event.get("action") in ("buka", "ambil", "lewati") or not event.get("task"):
            continue
        task = tasks.get(event["task"], {})
        data = event.get("data") or {}
        if isinstance(data, str):
            import json

            data = json.loads(data or "{}")
        chain.append({
            "pada": event["at"], "oleh": event.get("actor_name") or "", "langkah": event.get("step"),
            "aksi": str(event.get("label") or event.get("action") or ""), "catatan": event.get("note") or "",
            "unit": units.get(task.get("unit"), ""), "instruksi": task.get("instruction") or "",
            "penerima": data.get("penerima") or [],
        })
    return chain


def pohon(tasks: list[dict], units: dict[int, str], names: dict[int, str]) -> list[dict]:
    """Tasks as a tree by ``parent_task`` (disposisi and the steps that follow it in each branch)."""
    # By SOP and code: SOP 15 and 16 share step codes ("arsip") with different numbers.
    steps = {(d.code, s.code): f"{s.no}. {s.activity}" for d in (sop.SOP_15, sop.SOP_16) for s in d.steps}
    by_parent: dict[int | None, list[dict]] = {}
    ids = {t["id"] for t in tasks}
    for t in tasks:
        parent = t["parent_task"] if t["parent_task"] in ids else None
        by_parent.setdefault(parent, []).append(t)

    def build(parent):
        return [{**t, "unit_name": units.get(t["unit"], ""), "step_label": steps.get((t["sop"], t["step"]), t["step"]), "holder": names.get(t["closed_by"] or t["taken_by"]
                 or t["assignee"] or 0, ""), "anak": build(t["id"])} for t in by_parent.get(parent, [])]

    return build(None)


async def isi_halaman_masuk(user, surat: dict, path: str) -> dict:
    tasks = await case_tasks(surat["case_id"]) if surat["case_id"] else []
    events = await timeline(surat["case_id"]) if surat["case_id"] else []
    names = {e["actor"]: e["actor_name"] for e in events if e.get("actor") and e.get("actor_name")}
    units = await nama_unit()
    follow = await TindakLanjut.select().where(TindakLanjut.surat_masuk == surat["id"]).order_by(TindakLanjut.id)
    for f in follow:
        f["dokumen"] = await list_documents(DOK_TINDAK_LANJUT, f["id"])
    replies = await SuratKeluar.select(
        SuratKeluar.id, SuratKeluar.perihal, SuratKeluar.nomor, SuratKeluar.status, SuratKeluar.tanggal_surat
    ).where(SuratKeluar.membalas == surat["id"]).order_by(SuratKeluar.id)
    mine = await tugas_saya(user, surat["case_id"], ("tindak_lanjut_kabid", "tindak_lanjut_staf"))
    return {
        "surat": surat, "case": await get_case(surat["case_id"]) if surat["case_id"] else None,
        "scans": await list_documents(DOK_MASUK, surat["id"]), "pohon": pohon(tasks, units, names),
        "tindak_lanjut": follow, "balasan": replies, "timeline": events, "tugas_saya": mine,
        "unit_name": units.get(surat["unit_id"], ""), "next": path,
    }


async def isi_halaman_keluar(user, surat: dict) -> dict:
    from balai_persuratan import keluar

    events = await timeline(surat["case_id"]) if surat["case_id"] else []
    versions = await keluar.versi(surat["id"])
    asal = None
    if surat["membalas"]:
        asal = await SuratMasuk.select(SuratMasuk.id, SuratMasuk.nomor_surat, SuratMasuk.pengirim,
                                       SuratMasuk.perihal).where(SuratMasuk.id == surat["membalas"]).first()
    labels = {s.code: f"{s.no}. {s.activity}" for s in sop.SOP_16.steps}
    open_tasks = [{**t, "step_label": labels.get(t["step"], t["step"])} for t in await tugas_terbuka(surat["case_id"])]
    mine = await tugas_saya(user, surat["case_id"])
    return {
        "surat": surat, "case": await get_case(surat["case_id"]) if surat["case_id"] else None,
        "versi": versions, "dokumen": await list_documents(DOK_KELUAR, surat["id"]), "timeline": events,
        "asal": asal, "tugas": open_tasks, "tugas_saya": mine, "jenis": keluar.JENIS.get(surat["jenis"]),
        "unit_name": (await nama_unit()).get(surat["unit_id"], ""),
        "boleh_ubah": any(t["step"] == "konsep" for t in mine) or (not surat["case_id"] and surat["dibuat_oleh"] == user.id),
        "catatan_perbaikan": [e for e in events if e.get("action") == "perbaiki"],
    }

