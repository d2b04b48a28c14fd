"""Where letters meet the workflow: opening cases, who may see a letter, the disposition chain."""

from __future__ import annotations

import json
from datetime import date

from balai.api import (
    ActionError, TaskState, _, act, acted_as, can_view_case, case_tasks, get_case, lazy_gettext, list_documents, may_work_on,
    open_case, org_units, timeline, unit_heads,
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


# Who a step's holder is, as the lembar disposisi names them ("Diteruskan kepada ..."). Roles held in
# a Bidang or UPTD carry the unit's name.
JABATAN = {
    "pengelola_surat_umum": lazy_gettext("Pengelola Surat Bagian Umum"),
    "kasubag_umum": lazy_gettext("Kepala Sub Bagian Umum"),
    "sekretaris": lazy_gettext("Sekretaris"),
    "kepala_dinas": lazy_gettext("Kepala Dinas"),
}
JABATAN_UNIT = {"pengelola_surat_bidang": lazy_gettext("Pengelola Surat dan Arsip %(unit)s")}


def jabatan_unit(unit: dict) -> str:
    """The title of a unit's head as a disposition names it: "Sekretaris", "Kepala Bidang Perdagangan"."""
    if unit.get("kind") == "sekretariat":
        return str(JABATAN["sekretaris"])
    return _("Kepala %(unit)s", unit=unit["name"])


async def _pemegang(task: dict, units: dict[int, dict], names: dict[int, str]) -> str:
    """The holder of ``task`` in words: title (with the unit) and, when known, the person. A branch step
    handed to the unit's head (nobody there holds its role) names the head."""
    unit = units.get(task["unit"]) or {"name": "", "kind": ""}
    if task["assignee"] and task["role"] not in JABATAN and task["assignee"] in await unit_heads(task["unit"], climb=False):
        title = jabatan_unit(unit)
    elif task["role"] in JABATAN:
        title = str(JABATAN[task["role"]])
    elif task["role"] in JABATAN_UNIT:
        title = str(JABATAN_UNIT[task["role"]]) % {"unit": unit["name"]}
    elif task["role"] == "kepala_bidang":
        title = jabatan_unit(unit)
    else:
        title = unit["name"]
    return dengan_nama(title, names.get(task["closed_by"] or task["taken_by"] or task["assignee"] or 0, ""))


def dengan_nama(title: str, person: str) -> str:
    """"Kepala Dinas (Heni Purwaningsih)"; only the name when it carries the title already."""
    if not person:
        return title
    return person if title in person else f"{title} ({person})"


def _berikutnya(done: dict, ordered: list[dict]) -> list[dict]:
    """The tasks ``done`` handed the letter to: in a branch (and for a disposisi) the ones it opened;
    before the first disposisi, the next task of the case (a skipped step leaves none of its own)."""
    children = [t for t in ordered if t["parent_task"] == done["id"]]
    if children or done["fanout_root"]:
        return children
    return [t for t in ordered if t["id"] > done["id"] and not t["fanout_root"] and not t["parent_task"]][:1]


def _batas(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


async def rantai_disposisi(surat: dict) -> list[dict]:
    """Every step of the sheet's chain, oldest first: who, when, what they decided, to whom
    (``kepada``: the recipients of a disposisi, else whoever holds the step it went on to), the
    instruction, and the recipients a Sekretaris proposed when forwarding to the Kepala Dinas."""
    if not surat.get("case_id"):
        return []
    ordered = sorted(await case_tasks(surat["case_id"]), key=lambda t: t["id"])
    tasks = {t["id"]: t for t in ordered}
    units = {u["id"]: u for u in await org_units()}
    events = await timeline(surat["case_id"])
    names = {e["actor"]: e["actor_name"] for e in events if e.get("actor") and e.get("actor_name")}
    chain = []
    for event in events:
        if event.get("step") not in LANGKAH_DISPOSISI and event.get("step") not in ("verifikasi", "catat"):
            continue
        if event.get("action") in ("buka", "ambil", "lewati") or not event.get("task"):
            continue
        task = tasks.get(event["task"], {})
        data = event.get("data") or {}
        if isinstance(data, str):
            data = json.loads(data or "{}")
        penerima = [{**p, "batas": _batas(p.get("batas"))} for p in data.get("penerima") or []]
        nxt = _berikutnya(task, ordered) if task else []
        kepada = [p.get("nama", "") for p in penerima] if penerima else [await _pemegang(t, units, names) for t in nxt]
        chain.append({
            "pada": event["at"], "oleh": event.get("actor_name") or "", "jabatan": await acted_as(event),
            "langkah": event.get("step"),
            "aksi": str(event.get("label") or event.get("action") or ""), "catatan": event.get("note") or "",
            "unit": units.get(task.get("unit"), {}).get("name", ""), "instruksi": task.get("instruction") or "",
            "penerima": penerima, "kepada": kepada, "ke_unit": [t["unit"] for t in nxt],
            "ke_langkah": [t["step"] for t in nxt],
            "usulan": [{**p, "batas": _batas(p.get("batas"))} for p in data.get("usulan") or []],
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

