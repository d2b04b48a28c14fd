"""A correction the employee asks of their own file: a small case, checked by the Pengelola Kepegawaian.

The employee says which part of the file is wrong and what it should say (:func:`ajukan`); the case
``kepegawaian.koreksi`` puts a task in the Pengelola's inbox, who corrects the file through its edit
forms and accepts the request, or refuses it — both with a note (:func:`putus`, or the core's task
page). The request's row follows the case (the ``step_completed`` hook, :func:`selesai_langkah`) and the
employee is told either way. The file itself is only ever changed by the Pengelola.
"""

from __future__ import annotations

from balai.api import (
    SOP, SYSTEM, ActionError, SOPHeader, Step, TaskState, _, act, audit_record, case_tasks, ditolak, go, lazy_gettext,
    notify, open_case, render_fragment, selesai, task_url,
)

from balai_kepegawaian import pegawai as data
from balai_kepegawaian.tables import Koreksi

KOREKSI = "kepegawaian.koreksi"
JENIS_REKAM = "kepegawaian_koreksi"
TERIMA, TOLAK = "terima", "ditolak"
STATUS = {"diajukan": lazy_gettext("Diajukan"), "diterima": lazy_gettext("Diterima"), "ditolak": lazy_gettext("Ditolak")}

# Not one of the 16 sheets of the seed: the Dinas has no SOP sheet for corrections yet, so the number
# stays empty until it adopts one; the steps are what SOP 11's qualification asks of the Pengelola.
SOP_KOREKSI = SOP(
    code=KOREKSI,
    name=lazy_gettext("Koreksi Data Pegawai"),
    header=SOPHeader(
        nomor="",
        dasar_hukum=("Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
                     "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi"),
        kualifikasi=("Memahami administrasi kepegawaian dan dokumen kepegawaian",),
        keterkaitan=("SOP Kenaikan Gaji Berkala", "SOP Kenaikan Pangkat", "SOP Cuti PNS"),
        peralatan=("Komputer", "Arsip dokumen kepegawaian"),
        peringatan=("Data pegawai yang salah menyebabkan usul cuti, KGB, KP dan pensiun keliru",),
        pencatatan=("Data pegawai", "Riwayat koreksi"),
    ),
    reference_prefix="KDP",
    view_permission=data.KELOLA,
    started_by=SYSTEM,  # the employee's own page opens it, for their own file only (ajukan)
    steps=[
        Step(1, "ajukan", lazy_gettext("Mengajukan koreksi data kepegawaian dirinya"), actor="pns", assign="opener",
             inputs=[lazy_gettext("Uraian data yang salah dan yang benar")], time="15 menit",
             output=lazy_gettext("Permohonan koreksi"),
             actions=[go("ajukan", lazy_gettext("Ajukan"), to="periksa")]),
        Step(2, "periksa", lazy_gettext("Memeriksa permohonan terhadap dokumen, memperbaiki data pegawai dan menanggapi"),
             actor="pengelola_kepegawaian", inputs=[lazy_gettext("Permohonan koreksi"), lazy_gettext("Arsip dokumen pegawai")],
             time="3 hari kerja", output=lazy_gettext("Data pegawai yang benar; tanggapan"),
             actions=[selesai(lazy_gettext("Terima (data sudah diperbaiki)"), code=TERIMA, note_required=True),
                      ditolak(lazy_gettext("Tolak"))]),
    ],
)


async def ajukan(user, p: dict | None, bagian: str, uraian: str, *, ip: str = "") -> dict:
    """The employee asks for a correction of their own file; returns the Koreksi row. Raises ``Ditolak``."""
    if p is None or p["user_id"] != user.id:
        raise data.Ditolak(_("Koreksi hanya dapat diajukan untuk data Anda sendiri."), 403)
    bagian, uraian = (bagian or "").strip(), (uraian or "").strip()
    errors = {}
    if bagian not in data.BAGIAN:
        errors["bagian"] = _("Pilih bagian data yang perlu dikoreksi.")
    if not uraian:
        errors["uraian"] = _("Tuliskan data yang salah dan yang seharusnya.")
    elif len(uraian) > 4000:
        errors["uraian"] = _("Paling banyak %(n)s karakter.", n=4000)
    if errors:
        raise data.Ditolak(errors)
    subject = _("Koreksi %(bagian)s: %(nama)s", bagian=str(data.BAGIAN[bagian]).lower(), nama=data.nama_lengkap(p))
    async with data.transaksi():
        rows = await Koreksi.insert(Koreksi(pegawai=p["id"], bagian=bagian, uraian=uraian,
                                            diajukan_oleh=user.id)).returning(Koreksi.id)
        koreksi_id = rows[0]["id"]
        try:
            case = await open_case(KOREKSI, subject, user=user, unit_id=p["unit_id"], record=(JENIS_REKAM, koreksi_id),
                                   data={"pegawai_id": p["id"], "bagian": bagian, "uraian": uraian},
                                   complete_first="ajukan")
        except ActionError as exc:
            raise data.Ditolak(" ".join(str(m) for m in exc.messages)) from None
        await Koreksi.update({Koreksi.case_id: case["id"]}).where(Koreksi.id == koreksi_id)
        await audit_record(user, "kepegawaian.koreksi.ajukan", data.JENIS_PEMILIK, p["id"],
                           {"koreksi": koreksi_id, "bagian": bagian}, ip)
    return await satu(koreksi_id)


async def satu(koreksi_id: int) -> dict | None:
    return await Koreksi.select().where(Koreksi.id == koreksi_id).first()


async def daftar(pegawai_id: int) -> list[dict]:
    """A person's corrections, newest first, each with its open task (for the Pengelola's buttons)."""
    rows = await Koreksi.select().where(Koreksi.pegawai == pegawai_id).order_by(Koreksi.id, ascending=False)
    for row in rows:
        row["bagian_label"] = str(data.BAGIAN.get(row["bagian"], row["bagian"]))
        row["status_label"] = str(STATUS.get(row["status"], row["status"]))
        row["tugas"] = await tugas_terbuka(row)
    return rows


async def tugas_terbuka(row: dict) -> dict | None:
    if row["status"] != "diajukan" or not row["case_id"]:
        return None
    return next((t for t in await case_tasks(row["case_id"])
                 if t["step"] == "periksa" and t["state"] in TaskState.OPEN), None)


async def putus(user, koreksi_id: int, aksi: str, catatan: str) -> dict:
    """The Pengelola accepts (``terima``) or refuses (``ditolak``) a request, with a note. Raises ``Ditolak``."""
    row = await satu(koreksi_id)
    if row is None:
        raise data.Ditolak(_("Permohonan koreksi tidak ditemukan."), 404)
    data._bisa_diedit(user, await data.ambil(row["pegawai"]))
    if aksi not in (TERIMA, TOLAK):
        raise data.Ditolak({"aksi": _("Pilih terima atau tolak.")})
    if not (catatan or "").strip():
        raise data.Ditolak({"catatan": _("Tuliskan tanggapan untuk pegawai.")})
    task = await tugas_terbuka(row)
    if task is None:
        raise data.Ditolak(_("Permohonan ini sudah diputus."), 409)
    try:
        await act(task["id"], aksi, user=user, note=catatan.strip()[:4000])
    except ActionError as exc:
        raise data.Ditolak(" ".join(str(m) for m in exc.messages), 409 if exc.conflict else 400) from None
    return await satu(koreksi_id)


async def selesai_langkah(case, step, task, action) -> None:
    """The request's row follows its case (inside the action's transaction); the employee is told."""
    if case["sop"] != KOREKSI or step.code != "periksa" or case["record_type"] != JENIS_REKAM:
        return
    status = "diterima" if action.code == TERIMA else "ditolak"
    note = task.get("note") or ""
    await Koreksi.update({Koreksi.status: status, Koreksi.tanggapan: note}).where(Koreksi.id == case["record_id"])
    row = await satu(case["record_id"])
    p = await data.ambil(row["pegawai"]) if row else None
    if p is None:
        return
    bagian = str(data.BAGIAN.get(row["bagian"], row["bagian"])).lower()
    message = (_("Koreksi %(bagian)s Anda diterima: %(catatan)s", bagian=bagian, catatan=note) if status == "diterima"
               else _("Koreksi %(bagian)s Anda ditolak: %(catatan)s", bagian=bagian, catatan=note))
    await notify([p["user_id"] or row["diajukan_oleh"]], message, "/kepegawaian/saya", key=f"kepegawaian.koreksi:{row['id']}")


async def panel(case, task, request):
    """The request inside the Pengelola's task page: what is asked, and the file to correct."""
    if case["sop"] != KOREKSI:
        return None
    row = await satu(case["record_id"]) if case["record_type"] == JENIS_REKAM else None
    if row is None:
        return None
    p = await data.ambil(row["pegawai"])
    return render_fragment(request, "kepegawaian/pegawai/_panel_koreksi.html", koreksi=row, pegawai=p,
                           nama=data.nama_lengkap(p) if p else "", bagian=data.BAGIAN.get(row["bagian"], row["bagian"]),
                           next=task_url(task["id"]))
