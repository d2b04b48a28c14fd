"""SOP 6 (Penanganan Pengajuan Keberatan Informasi Publik): the objection, its filing window and
the Atasan PPID's written answer within 30 working days (Pasal 35-36 UU 14/2008).

Filing is checked when the form is sent (validate_action of the citizen's step): within 30
working days of the cause, counted by the core's calendar under the rule ppid.informasi: the
decision (the day the request was answered or refused) or, for a request never answered (c) or
answered late (g), its deadline. A later objection is refused with that reason and nothing is kept.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from balai.api import (
    CASE_OPENED, PUBLIC, SOP, Clock, FormDocument, FormField, PublicForm, SOPHeader, Step, _, act, acted, calendar,
    case_clocks, ditolak, go, lazy_gettext, local, selesai, today, write_transaction,
)

from balai_ppid.sop import HEADER_7, HITUNG, LOKET, PENGELOLA, PETUGAS
from balai_ppid.tables import Keberatan, Permohonan

KEBERATAN = "ppid.keberatan"
ATASAN = "atasan_ppid"
TANGGAPAN = "tanggapan"
JENDELA = 30  # working days to file (Pasal 36(1))

ALASAN = [
    ("a", lazy_gettext("a. Permohonan informasi ditolak atas alasan pengecualian Pasal 17")),
    ("b", lazy_gettext("b. Informasi berkala tidak disediakan")),
    ("c", lazy_gettext("c. Permohonan informasi tidak ditanggapi")),
    ("d", lazy_gettext("d. Permohonan informasi ditanggapi tidak sebagaimana yang diminta")),
    ("e", lazy_gettext("e. Permohonan informasi tidak dipenuhi")),
    ("f", lazy_gettext("f. Pengenaan biaya yang tidak wajar")),
    ("g", lazy_gettext("g. Penyampaian informasi melebihi waktu yang diatur")),
]

# The Atasan PPID's answer as the annual report counts it.
PUTUSAN = [("dikabulkan", lazy_gettext("Keberatan diterima (dikabulkan)")),
           ("sebagian", lazy_gettext("Keberatan diterima sebagian")),
           ("ditolak", lazy_gettext("Keberatan ditolak (putusan PPID dikuatkan)"))]


def status_label(status: str) -> str:
    return {"diperiksa": _("Diperiksa kelengkapannya"), "terdaftar": _("Terdaftar, dibahas Tim PPID"),
            "ditanggapi_atasan": _("Ditanggapi Atasan PPID"), "ditanggapi": _("Ditanggapi"),
            "ditolak": _("Tidak dapat diproses")}.get(status, status)


HEADER_6 = SOPHeader(
    nomor="067/306-5/SEK.UM/DP2KUKM", tanggal_pembuatan=HEADER_7.tanggal_pembuatan,
    tanggal_revisi=HEADER_7.tanggal_revisi, tanggal_efektif=HEADER_7.tanggal_efektif,
    disahkan_oleh=HEADER_7.disahkan_oleh, disahkan_nip=HEADER_7.disahkan_nip, disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum", dasar_hukum=HEADER_7.dasar_hukum,
    pencatatan=("Formulir keberatan informasi publik", "Bukti tanda terima keberatan informasi",
                "Buku register keberatan informasi", "Bukti penyerahan tanggapan atas keberatan"),
)


def sop() -> SOP:
    return SOP(
        code=KEBERATAN, name=lazy_gettext("Penanganan Pengajuan Keberatan Informasi Publik"), header=HEADER_6,
        reference_prefix="KBR", started_by=PUBLIC,
        clocks=[Clock(TANGGAPAN, lazy_gettext("Tanggapan tertulis Atasan PPID atas keberatan"), 30,
                      starts_on=CASE_OPENED, stops_on=(acted(TANGGAPAN), acted("ditolak")), rule=HITUNG)],
        steps=[
            Step(1, "ajukan", lazy_gettext("Pemohon informasi mengajukan keberatan atas pelayanan informasi publik "
                                            "langsung ke Meja Pelayanan atau melalui surat, website atau email"),
                 actor="Pemohon", outside=True, time="5 menit",
                 inputs=("Formulir keberatan Informasi Publik", "Fotocopy KTP/SIM (Perorangan) / Fotocopy KTP/SIM "
                         "Pimpinan Organisasi", "Akta Notaris / SK Organisasi (Lembaga/Organisasi)"),
                 output="Formulir keberatan yang telah diisi beserta data pemohon",
                 actions=[go("kirim", lazy_gettext("Kirim"), to="periksa")]),
            Step(2, "periksa", lazy_gettext("Menerima dan memverifikasi kelengkapan berkas keberatan: tidak lengkap "
                                             "dikembalikan, lengkap diregistrasi dan dibuatkan tanda terima"),
                 actor=PETUGAS, time="5 menit", output="Buku Register keberatan Informasi; Bukti Tanda terima",
                 actions=[go("lengkap", lazy_gettext("Lengkap, registrasi"), to="koordinasi"),
                          ditolak(lazy_gettext("Tidak dapat diproses"))]),
            Step(3, "koordinasi", lazy_gettext("Tim PPID mengadakan koordinasi dan rapat dengan melibatkan Bidang/UPTD "
                                                "terkait yang diajukan keberatan informasi"),
                 actor=PENGELOLA, output="Bukti penyerahan Informasi/Dokumen",
                 actions=[go("ajukan_tanggapan", lazy_gettext("Ajukan bahan tanggapan ke Atasan PPID"), to="tanggapi")]),
            Step(4, "tanggapi", lazy_gettext("Memberikan tanggapan tertulis perihal keberatan informasi publik"),
                 actor=ATASAN, time="30 hari kerja", output="Informasi/Dokumen",
                 actions=[selesai(lazy_gettext("Kirim tanggapan tertulis"), code=TANGGAPAN, button=False)]),
        ],
    )


def formulir() -> PublicForm:
    return PublicForm(
        code=KEBERATAN, sop=KEBERATAN, title=lazy_gettext("Pengajuan Keberatan Informasi Publik"),
        intro=lazy_gettext("Keberatan diajukan paling lambat 30 hari kerja sejak permohonan ditolak, dijawab, atau "
                           "batas waktu jawabannya lewat. Atasan PPID menanggapi secara tertulis dalam 30 hari kerja."),
        fields=[
            FormField("nomor_permohonan", lazy_gettext("Nomor registrasi permohonan informasi"), max_length=60,
                      help=lazy_gettext("Seperti pada tanda terima, mis. PPID/2026/000001. Kosongkan bila keberatan "
                                        "tidak terkait permohonan.")),
            FormField("nama", lazy_gettext("Nama pemohon"), required=True, max_length=200),
            FormField("nik", lazy_gettext("NIK (perorangan) atau nomor akta/SK badan hukum"), required=True,
                      max_length=60),
            FormField("alamat", lazy_gettext("Alamat"), kind="textarea", required=True, max_length=500),
            FormField("telepon", lazy_gettext("Nomor telepon"), kind="tel", required=True, max_length=30),
            FormField("alasan", lazy_gettext("Alasan keberatan (Pasal 35 ayat 1 UU 14/2008)"), kind="select",
                      choices=ALASAN, required=True),
            FormField("uraian", lazy_gettext("Uraian keberatan"), kind="textarea", required=True, max_length=3000),
        ],
        documents=[FormDocument("ktp", lazy_gettext("Pindaian KTP/SIM (atau akta/SK badan hukum)"), required=False,
                                kind="ppid.ktp", accept=("image/", "application/pdf"),
                                accept_label=lazy_gettext("gambar (JPG/PNG) atau PDF"))],
        subject_field="uraian", unit="umum", complete_first="kirim", deadline="30 hari kerja", desk_permission=LOKET,
        step_labels=[("periksa", lazy_gettext("Keberatan Anda sedang diperiksa kelengkapannya")),
                     ("koordinasi", lazy_gettext("Keberatan Anda terdaftar dan sedang dibahas Tim PPID")),
                     ("tanggapi", lazy_gettext("Keberatan Anda sedang ditanggapi Atasan PPID"))],
    )


async def sebab(row: dict, alasan: str) -> date | None:
    """The day the 30 working days to object start from, for the request ``row``: its deadline for a
    request never answered (c) or answered late (g), else the day it was answered or refused (None
    while it is still running: then only (c) and (g) have a cause once the deadline passed)."""
    if alasan in ("c", "g"):
        jam = next((c for c in await case_clocks(row["case_id"]) if c["code"] == "jawab"), None)
        if jam and jam.get("due_on"):
            return jam["due_on"]
        if row["selesai_pada"]:
            return local(row["selesai_pada"]).date()
        return None
    return local(row["selesai_pada"]).date() if row["selesai_pada"] else None


async def periksa_pengajuan(data: dict) -> list[str]:
    """Messages refusing an objection (empty when it may be filed)."""
    nomor = (data.get("nomor_permohonan") or "").strip().upper()
    if not nomor:
        return []
    row = await Permohonan.select().where(Permohonan.nomor == nomor).first()
    if row is None:
        return [_("Nomor registrasi permohonan %(nomor)s tidak dikenal.", nomor=nomor)]
    mulai = await sebab(row, data.get("alasan", ""))
    if mulai is None:
        return [_("Permohonan %(nomor)s masih diproses dan belum melewati batas waktunya: keberatan dengan alasan "
                  "ini belum dapat diajukan.", nomor=nomor)]
    batas = calendar.add_working_days(mulai, JENDELA, rule=HITUNG).due_on
    if today() > batas:
        return [_("Keberatan atas permohonan %(nomor)s diajukan lewat waktu: batasnya 30 hari kerja sejak %(mulai)s, "
                  "yaitu %(batas)s (Pasal 36 ayat 1 UU 14/2008).", nomor=nomor, mulai=mulai.strftime("%d-%m-%Y"),
                  batas=batas.strftime("%d-%m-%Y"))]
    return []


async def langkah_masuk(case: dict, step, task: dict) -> None:
    """Keep the buku register keberatan in step with the case."""
    row = await Keberatan.select(Keberatan.id).where(Keberatan.case_id == case["id"]).first()
    if row is None:
        data = case.get("data") or {}
        nomor = (data.get("nomor_permohonan") or "").strip().upper()
        await Keberatan.insert(Keberatan(
            case_id=case["id"], nomor=case["reference"], diterima_pada=case["opened_at"],
            nama=(data.get("nama") or "")[:200], nomor_permohonan=nomor[:60], alasan=(data.get("alasan") or "")[:2],
            uraian=data.get("uraian") or ""))
    status = {"periksa": "diperiksa", "koordinasi": "terdaftar", "tanggapi": "ditanggapi_atasan"}.get(step.code)
    if status:
        await Keberatan.update({Keberatan.status: status}).where(Keberatan.case_id == case["id"])


async def langkah_selesai(case: dict, step, action) -> None:
    if action.code == "ditolak":
        await Keberatan.update({Keberatan.status: "ditolak", Keberatan.selesai_pada: datetime.now(timezone.utc)}) \
            .where(Keberatan.case_id == case["id"])


async def tanggapi(task: dict, isi: str, user, putusan: str = "") -> None:
    """The Atasan PPID's written answer, to the tracking page, with the way to the Komisi Informasi."""
    from balai_ppid.permohonan import kabari

    text = isi + "\n\n" + _("Apabila Anda tidak puas dengan tanggapan ini, Anda dapat mengajukan penyelesaian "
                            "sengketa informasi kepada Komisi Informasi Provinsi Kalimantan Timur paling lambat 14 "
                            "hari kerja sejak tanggapan ini diterima (Pasal 37 UU 14/2008).")
    async with write_transaction():
        await act(task["id"], TANGGAPAN, user=user, note=isi, data={"putusan": putusan})
        await kabari(task["case"], text, user, answer=True)
        await Keberatan.update({Keberatan.status: "ditanggapi", Keberatan.putusan: putusan, Keberatan.tanggapan: isi,
                                Keberatan.selesai_pada: datetime.now(timezone.utc)}) \
            .where(Keberatan.case_id == task["case"])
