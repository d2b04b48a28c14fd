"""WBS reports: what the plugin keeps beside the core's sealed case (the conflict of interest,
the identity kept apart, the custodian's requests), and the steps done from its own forms."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from balai.api import (
    ActionError, _, act, audit_record, case_tasks, get_case, reply_to_submitter, seal_text, submission_of, unseal_case,
    unseal_task, unseal_text,
)

from balai_pengaduan.akses import PEMUTUS, dikecualikan, isi
from balai_pengaduan.sop import KUSTODIAN, TELAAH, WBS
from balai_pengaduan.tables import Identitas, Laporan, PermintaanIdentitas

ALASAN_KONFLIK = {
    "kepala_dinas": "Konflik kepentingan: terlapor Kepala Dinas, diputuskan oleh Sekretaris.",
    "sekretaris_kepala_dinas": "Konflik kepentingan: terlapor Sekretaris dan Kepala Dinas bersama-sama, "
                               "dirujuk ke Inspektorat Provinsi.",
    "tim_telaah": "Konflik kepentingan: terlapor anggota Tim Telaah, laporan tertutup bagi anggota yang disebut.",
}
# The action of the review step that each decider takes.
AKSI_TELAAH = {"kepala_dinas": "ke_kepala_dinas", "sekretaris": "ke_sekretaris", "inspektorat": "rujuk_inspektorat"}


def now() -> datetime:
    return datetime.now(timezone.utc)


def cek_kiriman(data: dict) -> list[str]:
    """The reporter's choice between anonymous and named, checked before anything is kept."""
    identitas = str(data.get("identitas") or "").strip()
    if data.get("cara") == "nama" and not identitas:
        return [_("Tuliskan identitas Anda bila memilih melapor dengan nama, atau pilih anonim.")]
    if data.get("cara", "anonim") != "nama" and identitas:
        return [_("Anda memilih melapor secara anonim: kosongkan isian identitas, atau pilih melapor dengan nama.")]
    return []


async def catat(case: dict) -> None:
    """At the report's arrival (inside the submission's transaction): who decides (conflict of interest)."""
    data = isi(case)
    terlapor = data.get("terlapor") or "lain"
    rahasia = {"terlapor": terlapor, "pemutus": PEMUTUS.get(terlapor, "kepala_dinas"),
               "alasan": ALASAN_KONFLIK.get(terlapor, "")}
    await Laporan.insert(Laporan(case=case["id"], rahasia=seal_text(json.dumps(rahasia), case["id"]), dibuat=now()))


async def simpan_identitas(case: dict, kept: dict) -> None:
    """The form's ``keep_apart``: the identity never enters the case (whose readers are the Tim
    Telaah); it is sealed here, apart, for the custodian's process. Refuses a choice that does not
    match what was typed, inside the submission's transaction: nothing is kept then."""
    data = isi(case)
    errors = cek_kiriman({"cara": data.get("cara"), "identitas": kept.get("identitas")})
    if errors:
        raise ActionError(errors)
    identitas = str(kept.get("identitas") or "").strip()
    if data.get("cara") == "nama" and identitas:
        await Identitas.insert(Identitas(case=case["id"], isi=seal_text(identitas, case["id"]), dibuat=now()))


async def rahasia_of(case_id: int) -> dict:
    row = await Laporan.select(Laporan.rahasia).where(Laporan.case == case_id).first()
    return json.loads(unseal_text(row["rahasia"], case_id)) if row and row["rahasia"] else {}


async def cek_aksi(case: dict, task: dict, action) -> list[str]:
    """The review step's way on follows the conflict of interest, whoever asks (the API too)."""
    if task["step"] != "telaah" or action.code not in AKSI_TELAAH.values() and action.code != "tidak_sesuai":
        return []
    info = await rahasia_of(case["id"])
    wanted = AKSI_TELAAH.get(info.get("pemutus", "kepala_dinas"))
    if action.code != "tidak_sesuai" and action.code != wanted:
        if wanted == "ke_sekretaris":
            return [_("Terlapor Kepala Dinas: laporan diputuskan oleh Sekretaris (konflik kepentingan).")]
        if wanted == "rujuk_inspektorat":
            return [_("Terlapor Sekretaris dan Kepala Dinas: laporan dirujuk ke Inspektorat Provinsi "
                      "(konflik kepentingan).")]
        return [_("Laporan ini diputuskan oleh Kepala Dinas.")]
    return []


async def tugas_terbuka(case_id: int, step: str) -> dict | None:
    return next((t for t in await case_tasks(case_id) if t["step"] == step and t["state"] in ("terbuka", "menunggu")),
                None)


async def keputusan(case_id: int) -> str:
    """The decider's follow-up, as written at the decision step (for the reporter's answer)."""
    for task in await case_tasks(case_id):
        if task["step"] in ("putuskan", "putuskan_sekretaris") and task["state"] == "selesai":
            return str((unseal_task(task)["data"] or {}).get("keputusan", ""))
    return ""


async def kerjakan(user, case_id: int, task_id: int, aksi: str, values: dict) -> dict:
    """A step done from the plugin's panel: the Tim Telaah's classification and review, the
    decision. Refuses a reader the report names (conflict of interest)."""
    from balai_pengaduan.akses import boleh_membaca

    case = await get_case(case_id)
    if case is None or case["sop"] != WBS or not await boleh_membaca(user, case):
        raise ActionError(_("Anda tidak berwenang menindaklanjuti tugas ini."))
    if not any(t["id"] == task_id for t in await case_tasks(case_id)):
        raise ActionError(_("Tugas tidak ditemukan."))
    note, data, errors = "", {}, []
    if aksi in ("ke_kepala_dinas", "ke_sekretaris"):
        data["hasil_telaah"] = values.get("hasil_telaah", "").strip()
        if not data["hasil_telaah"]:
            errors.append(_("Hasil telaah wajib diisi."))
        info = await rahasia_of(case["id"])
        note = info.get("alasan", "") if aksi == "ke_sekretaris" else ""
    elif aksi in ("tidak_sesuai", "rujuk_inspektorat"):
        note = values.get("alasan", "").strip()
        if not note:
            errors.append(_("Alasan wajib diisi: pelapor membacanya di halaman pelacakan."))
    elif aksi == "putuskan":
        data["keputusan"] = values.get("keputusan", "").strip()
        if not data["keputusan"]:
            errors.append(_("Keputusan tindak lanjut wajib diisi."))
    else:
        errors.append(_("Aksi tidak dikenal."))
    if errors:
        raise ActionError(errors)
    async with Laporan._meta.db.transaction():
        # The reporter reads why first: the message goes before the case closes.
        if aksi in ("tidak_sesuai", "rujuk_inspektorat") and await submission_of(case_id):
            await reply_to_submitter(case_id, note, user=user, answer=True)
        return await act(task_id, aksi, user=user, data=data, note=note)



async def arsipkan(user, case_id: int, task_id: int, pesan: str, berkas: list) -> dict:
    """The Operator's last step: the follow-up uploaded and the reporter told, through the code's
    thread. The Operator writes their own message; the decider's words go to the reporter with it
    without being shown to the Operator."""
    case = await get_case(case_id)
    if case is None or case["sop"] != WBS:
        raise ActionError(_("Laporan tidak ditemukan."))
    task = next((t for t in await case_tasks(case_id) if t["id"] == task_id and t["step"] == "arsip"), None)
    if task is None:
        raise ActionError(_("Tugas tidak ditemukan."))
    pesan = (pesan or "").strip()
    if not pesan:
        raise ActionError(_("Pesan kepada pelapor wajib diisi."))
    hasil = await keputusan(case_id)
    judul = _("Tindak lanjut yang diputuskan")
    jawaban = f"{judul}: {hasil}\n\n{pesan}" if hasil else pesan
    async with Laporan._meta.db.transaction():
        if await submission_of(case_id):
            await reply_to_submitter(case_id, jawaban, user=user, answer=True, files=berkas)
        return await act(task_id, "arsipkan", user=user, note="")


# --- the reporter's identity: opened only by a recorded, approved request ---------------------

def kustodian_sah(user) -> bool:
    """A custodian who is not in the Tim Telaah anywhere: the two are never the same person."""
    return bool(user.grants.get(KUSTODIAN)) and not user.grants.get(TELAAH)


async def punya_identitas(case_id: int) -> bool:
    return await Identitas.exists().where(Identitas.case == case_id)


async def minta_identitas(user, case: dict, alasan: str) -> int:
    alasan = (alasan or "").strip()
    if not user.grants.get(TELAAH) or case["unit"] not in user.grants.get(TELAAH, ()):
        raise ActionError(_("Hanya Tim Telaah yang dapat meminta identitas pelapor."))
    if not alasan:
        raise ActionError(_("Alasan permintaan wajib diisi."))
    if not await punya_identitas(case["id"]):
        raise ActionError(_("Pelapor melapor secara anonim: tidak ada identitas yang disimpan."))
    rows = await PermintaanIdentitas.insert(PermintaanIdentitas(
        case=case["id"], diminta_oleh=user.id, diminta_pada=now(), alasan=seal_text(alasan, case["id"]))
    ).returning(PermintaanIdentitas.id)
    await audit_record(user, "pengaduan.identitas.minta", "pengaduan_permintaan_identitas", rows[0]["id"], {})
    return rows[0]["id"]


async def permintaan(status: str | None = None, case_id: int | None = None) -> list[dict]:
    query = PermintaanIdentitas.select().order_by(PermintaanIdentitas.id, ascending=False)
    if status:
        query = query.where(PermintaanIdentitas.status == status)
    if case_id is not None:
        query = query.where(PermintaanIdentitas.case == case_id)
    rows = await query
    for row in rows:
        row["alasan"] = unseal_text(row["alasan"], row["case"]) if row["alasan"] else ""
        row["catatan"] = unseal_text(row["catatan"], row["case"]) if row["catatan"] else ""
        row["reference"] = (await get_case(row["case"]) or {}).get("reference", "")
    return rows


async def putus_permintaan(user, request_id: int, setuju: bool, catatan: str) -> None:
    if not kustodian_sah(user):
        raise ActionError(_("Hanya kustodian identitas yang bukan anggota Tim Telaah yang dapat memutus permintaan."))
    row = await PermintaanIdentitas.select().where(PermintaanIdentitas.id == request_id).first()
    if row is None:
        raise ActionError(_("Permintaan tidak ditemukan."))
    if row["status"] != "menunggu":
        raise ActionError(_("Permintaan ini sudah diputus."))
    catatan = (catatan or "").strip()
    if not setuju and not catatan:
        raise ActionError(_("Tuliskan alasan penolakan."))
    await PermintaanIdentitas.update({
        PermintaanIdentitas.status: "disetujui" if setuju else "ditolak", PermintaanIdentitas.diputus_oleh: user.id,
        PermintaanIdentitas.diputus_pada: now(),
        PermintaanIdentitas.catatan: seal_text(catatan, row["case"]) if catatan else "",
    }).where((PermintaanIdentitas.id == request_id) & (PermintaanIdentitas.status == "menunggu"))
    await audit_record(user, "pengaduan.identitas." + ("setujui" if setuju else "tolak"),
                       "pengaduan_permintaan_identitas", request_id, {})


async def identitas_terbuka(user, case_id: int) -> str | None:
    """The identity, for the member whose request the custodian approved; None otherwise."""
    approved = await PermintaanIdentitas.exists().where(
        (PermintaanIdentitas.case == case_id) & (PermintaanIdentitas.diminta_oleh == user.id)
        & (PermintaanIdentitas.status == "disetujui"))
    if not approved:
        return None
    row = await Identitas.select(Identitas.isi).where(Identitas.case == case_id).first()
    return unseal_text(row["isi"], case_id) if row else None
