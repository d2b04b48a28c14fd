"""SOP 14, Kenaikan Pangkat, as code: the approved sheet with the actions that run it.

Texts are the sheet's, typing slips included (row 4's output "Informasi publik yang sesuai dengan
daftar informasi publik" was copied from another SOP on the approved sheet; "Kompter"). How Balai
does each row:

- Row 1: the case opens for the period (``jadwal``: three months before it); the Pengelola records
  the kind of promotion (reguler, pilihan/struktural, fungsional).
- Row 2: the Kasubag Umum verifies (or sends it back).
- Row 3: the Pengelola assembles the file: a checklist per kind, filled from the personnel archive;
  it cannot go on while a required document or the "baik" rating of the last two years is missing.
- Row 4: the Sekretaris corrects, then the Kepala Dinas approves (the proposal letter is numbered
  and issued) or refuses.
- Rows 5-6: the outside step (the system's name is data: KEBA on the approved sheet, SIASN at BKN
  today): submission with reference and proof; BKN approves, or marks documents TMS (tidak
  memenuhi syarat): they are recorded, completed in the archive and the file is resubmitted.
- Row 7: the SK is archived, the new pangkat entered into the history, the hand-over recorded.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from balai.api import SOP, SYSTEM, SOPHeader, Step, _, ditolak, go, hasil_eksternal, lazy_gettext, perbaiki, selesai

KP = "kepegawaian.kp"
SISTEM = "KEBA"  # the outside system of rows 5-6, as the approved sheet names it

JENIS_KP = {"reguler": lazy_gettext("Reguler"), "pilihan": lazy_gettext("Pilihan (jabatan struktural)"),
            "fungsional": lazy_gettext("Jabatan fungsional")}

HEADER_14 = SOPHeader(
    nomor="067/3324/SEK.UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 4),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum",
    dasar_hukum=(
        "Undang –Undang Nomor 20 Tahun 2023 Tentang Aparatur Sipil Negara",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 Tentang Manajemen Pegawai Negeri Sipil",
        "Peraturan BKN RI Nomor 4Tahun 2023 Tentang Periodisasi Kenaikan Pangkat PNS",
        "PP No. 9 Tahun 2003 tentang wewenang pengangkatan, pemindahan dan pemberhentian PNS",
        "Perka BKN No. 13 tahun 2003 tanggal 21 april 2003 tentang petunjuk teknis pelaksanaan PP No. 9 Tahun 2003 "
        "tentang wewenang pengangkatan, pemindahan dan pemberhentian PNS",
    ),
    kualifikasi=(
        "Memahami prosedur dan mekanisme kenaikan pangkat",
        "Memahami persyaratan dokumen kenaikan pangkat",
        "Memahami jenjang pangkat dan Golongan PNS sesuai dengan jenjang",
        "Memahami ketentuan Jabatan Fungsional, Struktural dan Pelaksana",
        "Memahami Periodisasi Usulan Kenaikan Pangkat",
        "Memahami Aplikasi KAPE BKD Kaltim",
    ),
    keterkaitan=("SOP SKP", "SOP Surat Keluar-Masuk"),
    peralatan=("Komputer", "Printer", "ATK", "Jaringan Internet", "Telpon/Whatsapp"),
    peringatan=("Apabila proses pengusulan kenaikan pangkat terlambat, maka PNS yang seharusnya mendapatkan kenaikan "
                "pangkat akan tertunda pada periode berikutnya",),
    pencatatan=("Semua dokumen pendukung usulan kenaikan pangkat, di scan, dan upload",
                "Mengarsipkan SK KP setelah disetujui Oleh BKN"),
)

_BARIS_4 = "Mengoreksi, memverifikasi dan menyetujui atau menolak draft surat usulan"
_OUTPUT_4 = "Informasi publik yang sesuai dengan daftar informasi publik"


def _aksi(code: str, label, to: str, **kw):
    return go(code, label, to=to, button=False, **kw)


SOP_14 = SOP(
    code=KP,
    name="Kenaikan Pangkat",
    header=HEADER_14,
    reference_prefix="KP",
    view_permission="kepegawaian.kelola",
    started_by=SYSTEM,
    lanes=("pengelola_kepegawaian", "kasubag_umum", "sekretaris", "kepala_dinas"),
    steps=[
        Step(1, "terima", "Menerima, mencatat, dan mengagendakan usul KP", actor="pengelola_kepegawaian",
             inputs=["Agenda Kendali KP", "Komputer"], time="2 Jam", output="Laporan",
             actions=[_aksi("catat", lazy_gettext("Catat usul dan teruskan untuk verifikasi"), to="verifikasi")]),
        Step(2, "verifikasi", "Melakukan verifikasi dan validasi terkait usulan kenaikan pangkat", actor="kasubag_umum",
             inputs=["Per UU"], time="3 Jam", output="Disposisi",
             actions=[_aksi("valid", lazy_gettext("Usul valid: susun berkas"), to="berkas"),
                      perbaiki("terima", lazy_gettext("Kembalikan untuk diperbaiki"), button=False)]),
        Step(3, "berkas", "Membuat draft surat usulan kenaikan pangkat dan menyusun kelengkapan berkas kenaikan pangkat",
             actor="pengelola_kepegawaian", inputs=["Matriks daftar Usulan KP"], time="30 Menit", output="Laporan",
             actions=[_aksi("lengkap", lazy_gettext("Berkas lengkap: ajukan draft"), to="koreksi_sekretaris")]),
        Step(4, "koreksi_sekretaris", _BARIS_4, actor="sekretaris", inputs=["Surat keluar", "Komputer dan Printer"],
             time="1 hari kerja", output=_OUTPUT_4, note="Sekretaris",
             actions=[_aksi("setuju", lazy_gettext("Teruskan ke Kepala Dinas"), to="setuju_kadis"),
                      perbaiki("berkas", lazy_gettext("Perbaiki"), button=False)]),
        Step(4, "setuju_kadis", _BARIS_4, actor="kepala_dinas", inputs=["Surat keluar", "Komputer dan Printer"],
             time="1 hari kerja", output=_OUTPUT_4, note="Kepala Dinas",
             actions=[_aksi("setuju", lazy_gettext("Setujui dan tanda tangani"), to="kirim"),
                      perbaiki("berkas", lazy_gettext("Perbaiki"), button=False),
                      ditolak(lazy_gettext("Tolak usulan"), code="tolak", button=False)]),
        Step(5, "kirim", "Mengupload dokumen kelengkapan di Aplikasi Keba, dan mengajukan Usulan ke BKN",
             actor="pengelola_kepegawaian", inputs=["Aplikasi Komputer"], time="1 hari kerja", output="Pemberitahuan",
             external=SISTEM, actions=[_aksi("kirim", lazy_gettext("Catat pengajuan ke KEBA"), to="pantau")]),
        Step(6, "pantau", "Monitoring persetujuan BKN di Aplikasi Keba, dan melengkapi berkas yang TMS",
             actor="pengelola_kepegawaian", inputs=["Aplikasi Kompter"], time="1 hari kerja", output="Pemberitahuan",
             external=SISTEM,
             actions=[hasil_eksternal("serahkan", lazy_gettext("Disetujui BKN"), code="disetujui", button=False),
                      # TMS: the documents BKN marked are recorded and the file goes back to row 5.
                      go("tms", lazy_gettext("TMS: catat dokumen yang harus dilengkapi"), to="kirim", note_required=True,
                         style="warning", button=False),
                      hasil_eksternal(None, lazy_gettext("Ditolak BKN"), code="ditolak_bkn", outcome="ditolak",
                                      note_required=True, style="danger", button=False)]),
        Step(7, "serahkan", "Setelah disetujui oleh BKN dan diterbitkan SK Kenaikan pangkat, menyerahkan SK kenaikan "
             "Pangkat kepada PNS yang bersangkutan, Bagian Keuangan, dan Arsiparis", actor="pengelola_kepegawaian",
             inputs=["Tanda Terima"], time="30 Menit", output="Surat",
             actions=[selesai(lazy_gettext("SK diarsipkan dan diserahkan"), code="serahkan", button=False)]),
    ],
)

NASKAH = (("usulan", "kepegawaian/naskah/usulan_kp.html", lazy_gettext("Surat usulan kenaikan pangkat")),)


def checklist(jenis_kp: str, periode: date) -> list[dict]:
    """The documents a promotion of this kind needs, as archive kinds (and the SKP's years)."""
    items = [
        {"kode": "sk_pangkat", "label": _("SK pangkat terakhir"), "jenis": ("sk_pangkat", "sk_pns", "sk_cpns")},
        {"kode": f"skp_{periode.year - 1}", "label": _("SKP tahun %(t)s", t=periode.year - 1), "jenis": ("skp",),
         "tahun": periode.year - 1},
        {"kode": f"skp_{periode.year - 2}", "label": _("SKP tahun %(t)s", t=periode.year - 2), "jenis": ("skp",),
         "tahun": periode.year - 2},
    ]
    if jenis_kp in ("pilihan", "fungsional"):
        items.append({"kode": "sk_jabatan", "label": _("SK jabatan terakhir"), "jenis": ("sk_jabatan",)})
    if jenis_kp == "fungsional":
        items.append({"kode": "pak", "label": _("Penetapan Angka Kredit (PAK)"), "jenis": ("pak",)})
    return items


async def isi_checklist(u: dict) -> list[dict]:
    """The checklist with what the archive holds for each item (newest upload first)."""
    from balai_kepegawaian import arsip

    docs = await arsip.dokumen_pegawai(u["pegawai"])
    tms = set((u["data"].get("tms_terakhir") or {}).get("dokumen", []))
    since = (u["data"].get("tms_terakhir") or {}).get("at")
    since = _waktu(since) if since else None
    out = []
    for item in checklist(u["data"].get("jenis_kp") or "reguler", u["tmt"]):
        found = [d for d in docs if d["jenis"] in item["jenis"] and (item.get("tahun") is None or d["tahun"] == item["tahun"])]
        latest = max(found, key=lambda d: _waktu(d.get("diunggah_at")), default=None)
        ok = latest is not None
        if item["kode"] in tms and since:
            # marked TMS: only a document uploaded after BKN's answer counts
            ok = latest is not None and _waktu(latest.get("diunggah_at")) > since
        out.append({**item, "dokumen": latest, "ada": ok, "tms": item["kode"] in tms})
    return out


async def periksa(u: dict, step: str, code: str, data: dict) -> list[str]:
    from balai_kepegawaian import usulan_alur

    errors: list[str] = []
    if step == "terima" and str(data.get("jenis_kp") or u["data"].get("jenis_kp") or "") not in JENIS_KP:
        errors.append(_("Pilih jenis kenaikan pangkat."))
    if step == "berkas":
        errors += await usulan_alur.syarat_kinerja(u["pegawai"], (u["tmt"].year - 2, u["tmt"].year - 1))
        missing = [str(i["label"]) for i in await isi_checklist(u) if not i["ada"]]
        if missing:
            errors.append(_("Berkas belum lengkap: %(daftar)s.", daftar=", ".join(missing)))
    if step == "kirim":
        if not str(data.get("nomor_pengajuan") or "").strip():
            errors.append(_("Nomor pengajuan di %(sistem)s wajib diisi.", sistem=SISTEM))
        if await usulan_alur.bukti(u["case_id"]) is None:
            errors.append(_("Unggah bukti pengajuan dari %(sistem)s.", sistem=SISTEM))
        missing = [str(i["label"]) for i in await isi_checklist(u) if i["tms"] and not i["ada"]]
        if missing:
            errors.append(_("Dokumen TMS belum dilengkapi (unggah versi baru di arsip): %(daftar)s.",
                            daftar=", ".join(missing)))
    if step == "pantau" and code == "tms":
        chosen = [str(v) for v in (data.get("tms_dokumen") or [])]
        known = {i["kode"] for i in checklist(u["data"].get("jenis_kp") or "reguler", u["tmt"])}
        if not chosen or not set(chosen) <= known:
            errors.append(_("Centang dokumen yang dinyatakan TMS oleh BKN."))
    if step == "serahkan":
        errors += await usulan_alur.periksa_serah(u, data)
    return errors


async def selesai(case: dict, u: dict, step: str, task: dict, code: str, data: dict) -> None:
    from balai_kepegawaian import pegawai, usulan, usulan_alur
    from balai_kepegawaian.tables import RiwayatPangkat

    oleh = task["closed_by"]
    if step == "terima":
        await usulan.ubah(u["id"], jenis_kp=str(data.get("jenis_kp") or u["data"].get("jenis_kp")),
                          unit_pengolah=await usulan_alur.unit_pengolah(oleh, case["unit"]))
    elif step == "setuju_kadis" and code == "setuju":
        await usulan_alur.terbitkan_semua(case, u, NASKAH, await konteks(u), user=oleh)
    elif step == "setuju_kadis" and code == "tolak":
        await usulan.ubah(u["id"], status="ditolak", alasan=task.get("note") or "")
    elif step == "kirim":
        await usulan.catat_pengajuan(u, data.get("nomor_pengajuan"), _sekarang())
    elif step == "pantau" and code == "tms":
        tms = {"dokumen": [str(v) for v in data.get("tms_dokumen") or []], "catatan": task.get("note") or "",
               "at": _sekarang()}
        await usulan.ubah(u["id"], status="tms", tms_terakhir=tms,
                          riwayat_tms=list(u["data"].get("riwayat_tms") or []) + [tms])
    elif step == "pantau" and code == "disetujui":
        await usulan.ubah(u["id"], status="disetujui", nomor_hasil=str(data.get("nomor_hasil") or "").strip())
    elif step == "pantau":
        await usulan.ubah(u["id"], status="ditolak", alasan=task.get("note") or "")
        await usulan_alur.kabari(u, _("Usulan kenaikan pangkat Anda ditolak BKN: %(alasan)s", alasan=task.get("note") or ""))
    elif step == "serahkan":
        last = await usulan_alur.pangkat_terakhir(u["pegawai"])
        from balai_kepegawaian import jam

        mkg = jam.mkg_pada(last, u["tmt"]) if last else (0, 0)
        await RiwayatPangkat.insert(RiwayatPangkat(
            pegawai=u["pegawai"], golongan=u["data"].get("golongan_ke", ""), tmt=u["tmt"],
            nomor_sk=str(data.get("nomor_sk") or "")[:100], tanggal_sk=date.today(), mkg_tahun=mkg[0], mkg_bulan=mkg[1],
            jenis="pilihan" if u["data"].get("jenis_kp") == "pilihan" else "reguler"))
        await pegawai.selaraskan(u["pegawai"])
        await usulan_alur.serahkan_sk(u, data, oleh, _("SK kenaikan pangkat Anda ke %(golongan)s telah terbit dan diarsipkan.",
                                                       golongan=u["data"].get("golongan_ke", "")))


def _waktu(value) -> datetime:
    """An upload time or a stored ISO text as an aware datetime (the two databases give either)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return datetime.min.replace(tzinfo=timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _sekarang() -> str:
    return datetime.now(timezone.utc).isoformat()


async def konteks(u: dict) -> dict:
    from balai_kepegawaian import naskah_usulan, pegawai

    d = u["data"]
    p = await naskah_usulan.isi_pegawai(u["pegawai"])
    return {
        "title": _("Usul kenaikan pangkat %(nama)s", nama=p["nama"]), "pegawai": p,
        "tujuan": _("Kepala Badan Kepegawaian Daerah Provinsi Kalimantan Timur"),
        "jenis_kp": str(JENIS_KP.get(d.get("jenis_kp") or "reguler", "")),
        "pangkat_lama": pegawai.label_pangkat(d.get("golongan", "")),
        "pangkat_baru": pegawai.label_pangkat(d.get("golongan_ke", "")), "periode": u["tmt"],
        "lampiran": [str(i["label"]) for i in await isi_checklist(u)],
        "tembusan": [_("Yang bersangkutan"), _("Arsip")],
    }
