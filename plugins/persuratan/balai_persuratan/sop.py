"""SOP 15 and 16 as code: the sheets of the seed, step by step, with the actions that run them.

Texts, actors, inputs, times and outputs are copied from the approved sheets
(``seeds/sop-sekretariat-dp2kukm-kaltim.txt``), typing slips included; where the sheet
cannot be read literally the comment says what was done.
"""

from __future__ import annotations

from datetime import date

from balai.api import SOP, SYSTEM, SOPHeader, Step, disposisi, go, lazy_gettext, perbaiki, selesai

SURAT_MASUK = "persuratan.surat_masuk"
SURAT_KELUAR = "persuratan.surat_keluar"

# SOP 15's sheet prints the approver's NIP as 19780314 199803 2 009; the fifteen other sheets
# approved by the same Kepala Dinas print 19730314 199803 2 009, which is used here.
_DISAHKAN = dict(
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 4),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum",
)

# SOP 15's sheet lost its line breaks in the legal basis; its text is the same three regulations
# that SOP 16's sheet lists cleanly.
_DASAR_HUKUM = (
    "Peraturan Menteri Dalam Negeri Nomor 54 Tahun 2009 tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah",
    "Peraturan Gubernur Kalimantan Timur Nomor 40 Tahun 2010 tentang Ketentuan Naskah Dinas di Lingkungan "
    "Pemerintahan Provinsi Kalimantan Timur",
    "Peraturan Gubernur Kalimantan Timur Nomor 71 Tahun 2016 tentang Susunan Organisasi, Tugas, Fungsi dan Tata "
    "Kerja Dinas",
)


def mendesak(case: dict) -> bool:
    """Urgent letters go straight to the Sekretaris (SOP 15 step 2, Keterangan)."""
    return bool((case.get("data") or {}).get("urgent"))


HEADER_15 = SOPHeader(
    nomor="067/3325/Sek.Um/SOP/DP2KUKM/2022",
    dasar_hukum=_DASAR_HUKUM,
    kualifikasi=(
        "Mengetahui peraturan tata naskah dinas",
        "Mengetahui peraturan kearsipan",
        "Menguasai komputer",
        "Mampu mengoperasikan komputer, printer, dan scanner",
    ),
    keterkaitan=(
        "SOP Pengendalian Surat Keluar Konvensional",
        "SOP Pengelolaan Arsip Aktif",
        "SOP Pengelolaan Arsip Inaktif",
    ),
    peralatan=("Komputer dan Printer", "ATK", "Filing Cabinet", "Lembar Disposisi", "Bantex", "Scanner"),
    peringatan=(
        "Ketidaktepatan pelaksanaan akan berakibat pada sulitnya surat ditemukan kembali",
        "Penanganan surat urgent yang kurang optimal dapat mengganggu kelancaran aktivitas kedinasan",
    ),
    pencatatan=("Sistem Informasi Persuratan", "Lembar Disposisi"),
    **_DISAHKAN,
)

_SURAT_BERDISPOSISI = "Surat dan lembar disposisi yang sudah mendapat disposisi/arahan dari Kepala Dinas/Sekretaris"

SOP_15 = SOP(
    code=SURAT_MASUK,
    name="Pengendalian Surat Masuk Konvensional",
    header=HEADER_15,
    reference_prefix="SM",
    view_permission="persuratan.lihat",
    start_permission="persuratan.catat_masuk",
    started_by=SYSTEM,  # the demo enters letters without a clerk; they wait at step 1
    steps=[
        Step(1, "catat", "Menerima, meneliti, mencatat (mengagendakan), scan, memberi lembar disposisi",
             actor="pengelola_surat_umum", assign="opener", inputs=["Surat Masuk / Naskah Dinas Masuk"],
             time="5 Menit per surat", output="Lembar disposisi",
             actions=[go("teruskan", lazy_gettext("Teruskan untuk verifikasi"), to="verifikasi")]),
        Step(2, "verifikasi", "Meneliti kembali dan memberi paraf verifikasi", actor="kasubag_umum",
             inputs=["Surat Masuk / Naskah Dinas Masuk yang sudah diberi lembar disposisi"],
             time="2 - 3 Menit per surat", output="Paraf verifikasi", skip_if=mendesak,
             note="*Dalam keadaan urgent, tahap ini dapat diwati dan surat langsung dibawa ke sekretaris",
             actions=[go("paraf", lazy_gettext("Beri paraf verifikasi"), to="disposisi_sekretaris")]),
        # The Sekretaris (or the Kepala Dinas) names the receiving units: one distribution task per unit,
        # with the instruction written on the sheet; the deadline is the Bidang's follow-up (step 7),
        # not the clerk's five-minute distribution.
        Step(3, "disposisi_sekretaris", "Meneliti dan mendisposisi surat sesuai dengan tujuan (Kepala Dinas atau Bidang)",
             actor="sekretaris", inputs=["Lembar disposisi"], time="3 - 5 Menit per surat", output="Disposisi",
             actions=[go("ke_kepala_dinas", lazy_gettext("Teruskan ke Kepala Dinas"), to="arahan_kepala_dinas"),
                      disposisi("distribusi", label=lazy_gettext("Disposisi ke Bidang"), deadline_for="tindak_lanjut_kabid")]),
        Step(4, "arahan_kepala_dinas", "Memberi arahan lebih lanjut", actor="kepala_dinas",
             inputs=["Disposisi sekretaris di lembar disposisi"], time="3 - 5 Menit per surat",
             output="Disposisi/arahan",
             actions=[disposisi("distribusi", label=lazy_gettext("Beri arahan dan disposisi"), code="arahan",
                                deadline_for="tindak_lanjut_kabid")]),
        Step(5, "distribusi",
             "Mendistribusikan surat kepada unit kerja sesuai disposisi/arahan Kepala Dinas/Sekretaris, mengambil "
             "lembar pink disposisi kemudian mencatat dalam buku agenda dan sistem informasi",
             actor="pengelola_surat_umum", assign="recipient", inputs=["Lembar disposisi"], time="5 Menit per surat",
             output="Tanda terima",
             actions=[go("serahkan", lazy_gettext("Serahkan ke unit (tanda terima)"), to="catat_bidang")]),
        Step(6, "catat_bidang",
             "Mencatat surat masuk yang diterima di buku agenda dan menyerahkan ke atasan untuk tindaklanjut",
             actor="pengelola_surat_bidang", assign="recipient",
             inputs=[_SURAT_BERDISPOSISI], time="3 Menit per surat", output="Surat",
             note="*Untuk menghindari hilangnya arsip, surat yang sudah didisposisi atasan dicopy kemudian "
                  "diserahkan ke staf yang diberi disposisi, surat asli disimpan pengelola arsip",
             actions=[go("serahkan", lazy_gettext("Catat dan serahkan ke atasan"), to="tindak_lanjut_kabid")]),
        Step(7, "tindak_lanjut_kabid", "Menindaklanjuti surat", actor="kepala_bidang", assign="recipient",
             inputs=[_SURAT_BERDISPOSISI], time="3 - 20 Menit per surat", output="Disposisi dan hasil tindaklanjut",
             actions=[disposisi("tindak_lanjut_staf", label=lazy_gettext("Disposisi ke Kasi/Staf"), units="below"),
                      go("lapor", lazy_gettext("Laporkan hasil tindak lanjut"), to="arsip", button=False)]),
        # The report form in the letter's panel does "lapor": the report, its files and the action in
        # one press (a separate "save" and "report" button left staff unsure which one finished).
        Step(8, "tindak_lanjut_staf", "Menindaklanjuti surat", actor="staf", assign="recipient",
             inputs=["Disposisi"], time="3 - 20 Menit per surat", output="Disposisi dan hasil tindaklanjut",
             actions=[go("lapor", lazy_gettext("Laporkan hasil tindak lanjut"), to="arsip", button=False),
                      disposisi("tindak_lanjut_staf", label=lazy_gettext("Disposisi lanjutan"), units="below")]),
        # Printed as row "5." on the sheet; it is the ninth row.
        Step(9, "arsip", "Menyerahkan surat beserta arsip hasil tindaklanjut ke pengelola arsip untuk diarsipkan",
             actor="pengelola_surat_bidang", assign="recipient", inputs=["Surat dan balasannya"],
             time="3 Menit per surat", output="Surat dan hasil tindaklanjut",
             actions=[selesai(lazy_gettext("Arsipkan"), code="arsipkan")]),
    ],
)

HEADER_16 = SOPHeader(
    nomor="067/3326/Sek.Um/SOP/DP2KUKM/2022",
    dasar_hukum=_DASAR_HUKUM,
    kualifikasi=(
        "Mengetahui dan memahami peraturan tata naskah dinas",
        "Mengetahui peraturan kearsipan",
        "Menguasai komputer",
        "Mampu mengoperasikan komputer, printer, dan scanner",
        "Memahami Bahasa Indonesia yang baik dan benar",
    ),
    keterkaitan=(
        "SOP Pengendalian Surat Masuk Konvensional",
        "SOP Pengelolaan Arsip Aktif",
        "SOP Pengelolaan Arsip Inaktif",
    ),
    peralatan=("Komputer dan Printer", "ATK", "Scanner"),
    peringatan=("Ketidaktelitian dalam pengendalian surat keluar (scan surat keluar) berakibat hilangnya arsip",),
    pencatatan=("Sistem Informasi Persuratan",),
    **_DISAHKAN,
)

_MENELITI = ("Menerima dan meneliti konsep naskah dinas (kesesuaian tata naskah, kesesuaian tata bahasa, "
             "kelengkapan konteks surat)")

SOP_16 = SOP(
    code=SURAT_KELUAR,
    name="Pengendalian Surat Keluar Konvensional",
    header=HEADER_16,
    reference_prefix="SK",
    view_permission="persuratan.lihat",
    # Anyone drafting in their own unit starts it, through the letter page (not the core's API).
    started_by=SYSTEM,
    steps=[
        Step(1, "konsep", "Membuat konsep surat keluar", actor="staf", assign="opener", inputs=["Disposisi"],
             time="15 Menit", output="Konsep surat",
             actions=[go("ajukan", lazy_gettext("Ajukan ke Kepala Bidang"), to="periksa_kabid")]),
        Step(2, "periksa_kabid", _MENELITI, actor="kepala_bidang", inputs=["Konsep surat"], time="5 Menit",
             output="Paraf / Koreksi",
             actions=[go("setuju", lazy_gettext("Setuju"), to="periksa_sekretaris"), perbaiki(to="konsep")]),
        Step(3, "periksa_sekretaris", _MENELITI, actor="sekretaris", inputs=["Konsep surat"], time="5 Menit",
             output="Paraf / Koreksi",
             actions=[go("setuju", lazy_gettext("Setuju"), to="tanda_tangan"), perbaiki(to="konsep")]),
        Step(4, "tanda_tangan", "Memeriksa dan menandatangani surat keluar", actor="kepala_dinas",
             inputs=["Konsep surat"], time="5 Menit", output="Tanda tangan / koreksi",
             actions=[go("tanda_tangan", lazy_gettext("Tanda tangan"), to="terima_ttd"), perbaiki(to="konsep")]),
        Step(5, "terima_ttd", "Menerima surat keluar yang telah ditandatangani", actor="staf",
             inputs=["Surat yang telah ditandatangani"], time="2 Menit",
             output="Surat diserahkan ke pengelola surat",
             actions=[go("serahkan", lazy_gettext("Serahkan ke Pengelola Surat"), to="penomoran")]),
        Step(6, "penomoran",
             "Mencatat di sistem informasi, memberi nomor urut dan kode klasifikasi surat, memscan surat keluar "
             "(harus memberi surat beserta lampiran, tidak hanya lembar depan)",
             actor="pengelola_surat_umum", inputs=["Surat keluar"], time="5 Menit", output="Surat telah dinomori",
             actions=[go("nomori", lazy_gettext("Beri nomor"), to="serahkan_surat")]),
        Step(7, "serahkan_surat",
             "Menerima surat keluar yang telah diberi nomor, meneyahkan surat ke caraka dan arsip surat ke "
             "pengelola arsip",
             actor="staf", inputs=[_SURAT_BERDISPOSISI], time="2 Menit", output="Tanda terima, Arsip",
             actions=[go("serahkan", lazy_gettext("Serahkan ke Caraka dan Pengelola Arsip"), to="kirim")]),
        # Row 8 has two actors on the sheet (Caraka sends, Pengelola Arsip files): two steps numbered 8.
        # The sheet's "5 - 1 Jam" is five minutes to one hour.
        Step(8, "kirim", "Mengirimkan surat", actor="caraka", inputs=[_SURAT_BERDISPOSISI], time="5 Menit - 1 Jam",
             output="Tanda terima",
             actions=[go("terkirim", lazy_gettext("Catat tanda terima"), to="arsip")]),
        Step(8, "arsip", "mengarsipkan surat", actor="pengelola_surat_bidang", inputs=[_SURAT_BERDISPOSISI],
             time="5 Menit - 1 Jam", output="Daftar Arsip",
             actions=[selesai(lazy_gettext("Arsipkan"), code="arsipkan")]),
    ],
)

SOPS = [SOP_15, SOP_16]
