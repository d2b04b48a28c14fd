"""SOP 11, Kenaikan Gaji Berkala, as code: the approved sheet with the actions that run it.

Texts, inputs, times and outputs are the sheet's (``seeds/sop-sekretariat-dp2kukm-kaltim.txt``,
typing slips included: "Disiplis", "Surart", "pengulusan"). How Balai does each row:

- Row 1: the case is opened by the schedule (``jadwal``) early enough that rows 1-3 are done by the
  notice date, two months before the TMT; the Pengelola checks the reckoning (old and new gaji
  pokok, MKG) and the draft proposal letter.
- Row 2: the supporting file is checked against the personnel file: the rating of last year, no
  discipline sanction, the SK pangkat and last SK KGB in the archive.
- Row 3: the two statements are drafted, then initialled by the Kasubag Umum and the Sekretaris and
  signed by the Kepala Dinas (three steps numbered 3, as the catalogue names the signers); at the
  signature the three letters are numbered and issued.
- Rows 4-5: the outside step in e-KGB: the submission's reference and proof, then BKN's answer.
- Row 6: the SK is filed in the personnel archive, the KGB history gets its row, and the hand-over
  to the PNS, Subbag Keuangan and the archivist is recorded with a receipt for each.
"""

from __future__ import annotations

from datetime import date

from balai.api import SOP, SYSTEM, Action, SOPHeader, Step, ditolak, go, hasil_eksternal, lazy_gettext, perbaiki, selesai

KGB = "kepegawaian.kgb"
E_KGB = "e-KGB"

HEADER_11 = SOPHeader(
    nomor="067/2023/IDSEK.UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 4),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum",
    dasar_hukum=(
        "Undang –Undang Nomor 20 Tahun 2023 Tentang Aparatur Sipil Negara",
        "Peraturan Pemerintah Nomor 17 Tahun 2017 Tentang Manajemen Pegawai Negeri Sipil",
        "Peraturan Pemerintah (PP) Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil (PNS)",
        "Peraturran Gubernur Kaltim No 20 Tahun 2011 Tentang Pendelegasian Wewenang Pengangkatan, Pemindahan, "
        "Pemberhentian Pegawai Negeri Sipil di Lingkungan Pemprov Kaltim",
    ),
    kualifikasi=("Mampu menghitung dan memverifikasi masa kerja PNS", "Kemampuan mengetik dengan aplikasi e-Kgb"),
    keterkaitan=("SOP Surat Keluar-Masuk", "SOP SKP"),
    peralatan=("Komputer", "Printer", "ATK", "Jaringan Internet", "Telpon/Whataspp"),
    peringatan=("Jika SOP tidak dilaksanakan, PNS tidak mendapat Hak Kenaikan Gaji Berkala",),
    pencatatan=("Disimpan sebagai data elektronik dan manual",),
)

_BARIS_3 = ("Membuat Surat kelengkapan usulan KGB: Surat Keterangan, Tidak Pernah Dijatuhi Hukuman Disiplis, dan "
            "Tidak Dalam Proses Pidana")


def _aksi(code: str, label, to: str | None = None, **kw) -> Action:
    # The proposal's own panel form does every action (it carries uploads and figures the core's form
    # has no fields for); the API still offers them.
    return go(code, label, to=to, button=False, **kw)


def _perbaiki() -> Action:
    return perbaiki("usul", lazy_gettext("Kembalikan untuk diperbaiki"), button=False)


SOP_11 = SOP(
    code=KGB,
    name="Kenaikan Gaji Berkala",
    header=HEADER_11,
    reference_prefix="KGB",
    view_permission="kepegawaian.kelola",
    started_by=SYSTEM,  # the schedule, or the Pengelola from the forecast page
    lanes=("pns", "pengelola_kepegawaian", "kasubag_umum", "sekretaris", "kepala_dinas"),
    steps=[
        Step(1, "usul", "Membuat Surat Usulan Kenaikan Gaji Berkala Bagi PNS yang memasuki periode nya",
             actor="pengelola_kepegawaian", inputs=["Aplikasi Komputer", "Komputer"], time="1 hari kerja", output="Data",
             actions=[_aksi("usul", lazy_gettext("Simpan usulan dan lanjutkan"), to="lengkapi")]),
        Step(2, "lengkapi", "Melengkapi berkas dokumen pendukung dengan mengupdate data simpeg",
             actor="pengelola_kepegawaian", inputs=["Konsep Surat Dinas"], time="1 Jam",
             actions=[_aksi("lengkap", lazy_gettext("Berkas pendukung lengkap"), to="keterangan")]),
        Step(3, "keterangan", _BARIS_3, actor="pengelola_kepegawaian", inputs=["Aplikasi Komputer"], time="1 hari kerja",
             actions=[_aksi("ajukan", lazy_gettext("Ajukan untuk paraf dan tanda tangan"), to="paraf_kasubag")]),
        Step(3, "paraf_kasubag", _BARIS_3, actor="kasubag_umum", inputs=["Aplikasi Komputer"], time="1 hari kerja",
             note="Paraf Kasubag Umum",
             actions=[_aksi("paraf", lazy_gettext("Paraf"), to="paraf_sekretaris"), _perbaiki()]),
        Step(3, "paraf_sekretaris", _BARIS_3, actor="sekretaris", inputs=["Aplikasi Komputer"], time="1 hari kerja",
             note="Paraf Sekretaris",
             actions=[_aksi("paraf", lazy_gettext("Paraf"), to="ttd_kadis"), _perbaiki()]),
        Step(3, "ttd_kadis", _BARIS_3, actor="kepala_dinas", inputs=["Aplikasi Komputer"], time="1 hari kerja",
             note="Tanda tangan Kepala Dinas",
             actions=[_aksi("tandatangani", lazy_gettext("Tanda tangani dan terbitkan surat"), to="ekgb"), _perbaiki()]),
        Step(4, "ekgb", "Mengupload semua dokumen persyaratan diaplikasi e-KGB BKD Kaltim, dan membuat usulan ke BKN",
             actor="pengelola_kepegawaian", inputs=["Aplikasi Komputer"], time="1 Minggu", output="Pemberitahuan",
             external=E_KGB,
             actions=[_aksi("kirim", lazy_gettext("Catat pengajuan ke e-KGB"), to="pantau")]),
        Step(5, "pantau", "Monitoring persetujuan dan BKN melalui E-KGB", actor="pengelola_kepegawaian",
             inputs=["Aplikasi Surat Masuk", "Tanda Terima"], time="1 Jam", output="Surart", external=E_KGB,
             actions=[hasil_eksternal("serahkan", lazy_gettext("Disetujui BKN"), code="disetujui", button=False),
                      hasil_eksternal(None, lazy_gettext("Ditolak BKN"), code="ditolak_bkn", outcome="ditolak",
                                      note_required=True, style="danger", button=False)]),
        Step(6, "serahkan", "Setelah pengulusan KGB disetujui, dan SK diterbitkan. Menyerahkan SK kepada PNS yang "
             "bersangkutan, Subbag Keuangan, dan Arsiparis", actor="pengelola_kepegawaian",
             actions=[selesai(lazy_gettext("SK diarsipkan dan diserahkan"), code="serahkan", button=False)]),
    ],
)

# Who signs and initials: the steps above, and what each letter is.
NASKAH = (
    ("usulan", "kepegawaian/naskah/usulan_kgb.html", lazy_gettext("Surat usulan KGB")),
    ("hukdis", "kepegawaian/naskah/keterangan_hukdis.html", lazy_gettext("Surat keterangan tidak pernah dijatuhi hukuman disiplin")),
    ("pidana", "kepegawaian/naskah/keterangan_pidana.html", lazy_gettext("Surat keterangan tidak dalam proses pidana")),
)
PENERIMA_SK = (("pns", lazy_gettext("PNS yang bersangkutan")), ("keuangan", lazy_gettext("Subbag Keuangan")),
               ("arsiparis", lazy_gettext("Arsiparis")))
