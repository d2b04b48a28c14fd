"""SOP 12, Pemberhentian PNS (pensiun BUP), as code: the approved sheet with the actions that run it.

Texts are the sheet's (``seeds/sop-sekretariat-dp2kukm-kaltim.txt``, "Uralan Kegiatan" and all). How
Balai does each row:

- The case opens a year before the BUP (``jadwal``), so that a pension is never late because nobody
  noticed: the PNS is told to write the permohonan.
- Row 1: the sheet puts the PNS in the first lane. The permohonan carries a meterai, so it is written
  and signed on paper; its scan goes into the personnel archive (kind ``permohonan_pensiun``, which
  the PNS may upload themselves), and the Pengelola records that the berkas is ready. The step
  cannot be done while the scan is missing.
- Row 2: the pengantar and the two statements (no discipline sanction, no criminal proceedings) are
  drafted, and the Kepala Dinas signs: they are numbered and issued at the signature.
- Rows 3-4: the outside step in si-Purgas: the submission's reference and proof, then BKN's answer.
- Row 5: the SK pensiun is filed in the archive, the personnel file gets its end date (TMT pensiun)
  and the hand-over to the PNS, Subbag Keuangan and the archivist is recorded. On the TMT the
  schedule marks the file inactive and asks the unit's head to reassign the person's roles and open
  tasks (named in the notice: ``open_work_of``).
"""

from __future__ import annotations

from datetime import date

from balai.api import SOP, SYSTEM, SOPHeader, Step, _, format_date, go, hasil_eksternal, lazy_gettext, notify, \
    open_work_of, perbaiki, selesai, today, unit_heads

PENSIUN = "kepegawaian.pensiun"
SISTEM = "si-Purgas"

HEADER_12 = SOPHeader(
    nomor="067/3322/SEK.UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 4),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum",
    dasar_hukum=(
        "Undang –Undang Nomor 5 Tahun 2014 Tentang Aparatur Sipil Negara",
        "Peraturan Pemerintah Nomor 17 Tahun 2017 Tentang Manajemen Pegawai Negeri Sipil",
        "Peraturan Kepala BKN No 3 Tahun 2020 Tentang Petunjuk Teknis Pemberhentian PNS",
    ),
    kualifikasi=("Memahami juknis pemberhentian PNS", "Regulasi Disiplin PNS"),
    keterkaitan=("SOP Surat Keluar-Masuk", "SOP SKP"),
    peralatan=("Komputer", "Printer", "ATK", "Jaringan Internet", "Telpn/Whataspp"),
    peringatan=("SOP ini berpengaruh terhadap pelaksanaan SOP lainnya",),
    pencatatan=("Disimpan sebagai data elektronik dan manual",),
)


def _aksi(code: str, label, to: str, **kw):
    return go(code, label, to=to, button=False, **kw)


SOP_12 = SOP(
    code=PENSIUN,
    name="Pemberhentian PNS (Pensiun)",
    header=HEADER_12,
    reference_prefix="PENSIUN",
    view_permission="kepegawaian.kelola",
    started_by=SYSTEM,
    lanes=("pns", "pengelola_kepegawaian", "kasubag_umum", "kepala_bidang", "sekretaris", "kepala_dinas"),
    steps=[
        Step(1, "permohonan", "Membuat Surat Permohonan Pensiun yang ditempel materai, dan Menyiapkan Berkas "
             "Persyaratan Pensiun", actor="pengelola_kepegawaian", inputs=["Aplikasi Komputer", "Komputer"],
             time="1 hari kerja", output="Surat",
             note="Surat permohonan ditandatangani PNS di atas materai; pindaiannya di arsip pegawai",
             actions=[_aksi("siap", lazy_gettext("Permohonan dan berkas siap"), to="surat")]),
        Step(2, "surat", "Membuat Surat Pengantar Pensiun, Surat Keterangan Pemberhentian PNS, Tidak Pernah Dijatuhi "
             "Hukuman Disiplin, dan Tidak Dalam Proses Pidana", actor="pengelola_kepegawaian",
             inputs=["Konsep Surat Dinas"], time="1 hari kerja", output="Surat",
             actions=[_aksi("ajukan", lazy_gettext("Ajukan untuk tanda tangan"), to="ttd_kadis")]),
        Step(2, "ttd_kadis", "Membuat Surat Pengantar Pensiun, Surat Keterangan Pemberhentian PNS, Tidak Pernah "
             "Dijatuhi Hukuman Disiplin, dan Tidak Dalam Proses Pidana", actor="kepala_dinas",
             inputs=["Konsep Surat Dinas"], time="1 hari kerja", output="Surat", note="Tanda tangan Kepala Dinas",
             actions=[_aksi("tandatangani", lazy_gettext("Tanda tangani dan terbitkan surat"), to="purgas"),
                      perbaiki("surat", lazy_gettext("Kembalikan untuk diperbaiki"), button=False)]),
        Step(3, "purgas", "Mengupload semua dokumen persyaratan diaplikasi si-Purgas BKD Kaltim, dan membuat usulan ke "
             "BKN", actor="pengelola_kepegawaian", inputs=["Aplikasi Komputer"], time="30 Menit", external=SISTEM,
             actions=[_aksi("kirim", lazy_gettext("Catat pengajuan ke si-Purgas"), to="pantau")]),
        Step(4, "pantau", "Monitoring persetujuan dan BKN melalui si Purgas", actor="pengelola_kepegawaian",
             inputs=["Aplikasi Komputer"], time="1 Minggu", output="Pemberitahuan", external=SISTEM,
             actions=[hasil_eksternal("serahkan", lazy_gettext("Disetujui BKN"), code="disetujui", button=False),
                      go("kembali", lazy_gettext("BKN meminta perbaikan berkas"), to="purgas", note_required=True,
                         style="warning", button=False)]),
        Step(5, "serahkan", "Setelah permohonan pensiun disetujui, dan SK diterbitkan. Menyerahkan SK kepada PNS yang "
             "bersangkutan, Subbag Keuangan, dan Arsiparis", actor="pengelola_kepegawaian",
             inputs=["Aplikasi Surat Masuk", "Tanda Terima"], time="1 Jam", output="Surat",
             actions=[selesai(lazy_gettext("SK diarsipkan dan diserahkan"), code="serahkan", button=False)]),
    ],
)

NASKAH = (
    ("pengantar", "kepegawaian/naskah/pengantar_pensiun.html", lazy_gettext("Surat pengantar usul pensiun")),
    ("hukdis", "kepegawaian/naskah/keterangan_hukdis.html",
     lazy_gettext("Surat keterangan tidak pernah dijatuhi hukuman disiplin")),
    ("pidana", "kepegawaian/naskah/keterangan_pidana.html", lazy_gettext("Surat keterangan tidak dalam proses pidana")),
)


async def periksa(u: dict, step: str, code: str, data: dict) -> list[str]:
    from balai_kepegawaian import usulan_alur

    errors: list[str] = []
    if step == "permohonan" and not await usulan_alur.arsip_ada(u["pegawai"], ("permohonan_pensiun",)):
        errors.append(_("Pindaian surat permohonan pensiun yang bermaterai belum ada di arsip dokumen pegawai."))
    if step == "surat":
        errors += await usulan_alur.syarat_disiplin(u["pegawai"])
        if not data.get("pidana_diperiksa"):
            errors.append(_("Centang pernyataan bahwa yang bersangkutan tidak sedang dalam proses pidana."))
    if step == "purgas":
        if not str(data.get("nomor_pengajuan") or "").strip():
            errors.append(_("Nomor pengajuan di %(sistem)s wajib diisi.", sistem=SISTEM))
        if await usulan_alur.bukti(u["case_id"]) is None:
            errors.append(_("Unggah bukti pengajuan dari %(sistem)s.", sistem=SISTEM))
    if step == "serahkan":
        errors += await usulan_alur.periksa_serah(u, data)
    return errors


async def selesai(case: dict, u: dict, step: str, task: dict, code: str, data: dict) -> None:
    from balai_kepegawaian import usulan, usulan_alur
    from balai_kepegawaian.tables import Pegawai

    oleh = task["closed_by"]
    if step == "permohonan":
        await usulan.ubah(u["id"], unit_pengolah=await usulan_alur.unit_pengolah(oleh, case["unit"]))
    elif step == "surat":
        await usulan.ubah(u["id"], pidana_diperiksa=True, pidana_diperiksa_oleh=oleh)
    elif step == "ttd_kadis":
        await usulan_alur.terbitkan_semua(case, u, NASKAH, await konteks(u), user=oleh)
    elif step == "purgas":
        await usulan.catat_pengajuan(u, data.get("nomor_pengajuan"), today().isoformat())
    elif step == "pantau" and code == "disetujui":
        await usulan.ubah(u["id"], status="disetujui", nomor_hasil=str(data.get("nomor_hasil") or "").strip())
    elif step == "pantau":
        await usulan.ubah(u["id"], status="proses", perbaikan=task.get("note") or "")
    elif step == "serahkan":
        await Pegawai.update({Pegawai.tmt_berhenti: u["tmt"], Pegawai.alasan_berhenti: "pensiun_bup"}).where(
            Pegawai.id == u["pegawai"])
        await usulan_alur.serahkan_sk(u, data, oleh, _("SK pensiun Anda TMT %(tmt)s telah terbit dan diarsipkan.",
                                                       tmt=format_date(u["tmt"], "long")))


async def konteks(u: dict) -> dict:
    from balai_kepegawaian import naskah_usulan

    d = u["data"]
    p = await naskah_usulan.isi_pegawai(u["pegawai"])
    return {
        "title": _("Usul pensiun %(nama)s", nama=p["nama"]), "pegawai": p,
        "tujuan": _("Kepala Badan Kepegawaian Daerah Provinsi Kalimantan Timur"),
        "tmt": u["tmt"], "bup": d.get("bup"), "keperluan": _("usul pemberhentian dengan hak pensiun"),
        "tembusan": [_("Yang bersangkutan"), _("Subbag Keuangan"), _("Arsip")],
    }


async def berhentikan_jatuh_tempo(pada: date | None = None) -> list[int]:
    """On the TMT pensiun the file becomes inactive and the unit's head is told, once (the row's
    ``aktif`` flag is the guard: a second run finds nobody)."""
    from balai_kepegawaian.tables import Pegawai

    pada = pada or today()
    rows = await Pegawai.select(Pegawai.id, Pegawai.nama, Pegawai.unit_id, Pegawai.tmt_berhenti, Pegawai.user_id).where(
        (Pegawai.aktif == True) & Pegawai.tmt_berhenti.is_not_null() & (Pegawai.tmt_berhenti <= pada))  # noqa: E712
    done = []
    for p in rows:
        changed = await Pegawai.update({Pegawai.aktif: False}).where(
            (Pegawai.id == p["id"]) & (Pegawai.aktif == True)).returning(Pegawai.id)  # noqa: E712
        if not changed:
            continue  # another worker got there first
        done.append(p["id"])
        heads = await unit_heads(p["unit_id"]) if p["unit_id"] else []
        work = await open_work_of(p["user_id"]) if p["user_id"] else {"roles": [], "tasks": []}
        if heads:
            await notify(heads, _("%(nama)s memasuki masa pensiun mulai %(tmt)s; data pegawainya kini tidak aktif. "
                                  "Alihkan perannya (%(peran)s) dan %(tugas)s tugasnya yang masih terbuka kepada "
                                  "pegawai lain.", nama=p["nama"], tmt=format_date(p["tmt_berhenti"], "long"),
                                  peran=", ".join(role for role, _unit in work["roles"]) or "–",
                                  tugas=len(work["tasks"])),
                         f"/kepegawaian/pegawai/{p['id']}")
    return done
