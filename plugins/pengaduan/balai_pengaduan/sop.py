"""SOP 2, Pelaksanaan Pengelolaan Whistle Blowing System, as the seed's sheet has it, and its
public form. The report is sealed (``Sealed(may_unseal=...)``): see ``akses.boleh_membaca``."""

from __future__ import annotations

from datetime import date

from balai.api import (
    PUBLIC, SOP, FormDocument, FormField, PublicForm, Sealed, SOPHeader, Step, ditolak, go, lazy_gettext, selesai,
)

WBS = "pengaduan.wbs"
TELAAH = "pengaduan.telaah"
TERIMA = "pengaduan.terima"
KUSTODIAN = "pengaduan.kustodian"

HEADER_WBS = SOPHeader(
    nomor="0678036-1/SEK.UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 8),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sekretariat — Sub Bagian Umum",
    dasar_hukum=(
        "Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan Pemerintahan yang Bersih dan Bebas dari "
        "Korupsi, Kolusi, dan Nepotisme",
        "Undang-Undang Nomor 20 Tahun 2001 tentang Pemberantasan Tindak Pidana Korupsi",
        "Undang-Undang Nomor 13 Tahun 2006 tentang Perlindungan Saksi dan Korban",
        "Peraturan Pemerintah Nomor 60 Tahun 2008 tentang Sistem Pengawasan Internal Pemerintah",
        "Peraturan Pemerintah Nomor 71 Tahun 2000 tentang Tata Cara Pelaksanaan Peran Serta Masyarakat dan "
        "Pemberian Penghargaan dalam Pencegahan dan Pemberantasan Tindak Pidana Korupsi",
        "Peraturan Pemerintah Nomor 53 Tahun 2010 tentang Disiplin Pegawai Negeri Sipil",
        "Peraturan Pemerintah Nomor 60 Tahun 2008 tentang Sistem Pengendalian Intern Pemerintah",
    ),
    kualifikasi=(
        "Kemampuan mengoperasikan Aplikasi",
        "Kemampuan mengetik laporan dengan Aplikasi Office",
        "Memahami peraturan perundangan yang berlaku",
    ),
    keterkaitan=("Renstra Indagkop", "Dokumen Perjanjian Kinerja", "Dokumen Program"),
    peralatan=("Komputer", "Flashdisk", "Server", "ATK", "Website SP4N Lapor", "Website Dinas Perindagkop & UKM"),
    peringatan=("Jika SOP ini tidak berjalan maka akan mengakibatkan Pelayanan Pengaduan dari Internal terganggu",),
    pencatatan=("Semua pengaduan WBS harus dicatat dan diarsipkan baik secara manual maupun elektronik",),
)

# Who the report is about, as the reporter says: it decides who must not read it and who decides.
TERLAPOR = (
    ("lain", lazy_gettext("Pegawai lain / pihak lain")),
    ("tim_telaah", lazy_gettext("Anggota Tim Telaah")),
    ("kepala_dinas", lazy_gettext("Kepala Dinas")),
    ("sekretaris_kepala_dinas", lazy_gettext("Sekretaris dan Kepala Dinas bersama-sama")),
)
CARA = (("anonim", lazy_gettext("Anonim (tanpa nama)")), ("nama", lazy_gettext("Dengan nama saya")))

_TERUSKAN = dict(fields=("hasil_telaah",), button=False)


def sop_wbs() -> SOP:
    from balai_pengaduan.akses import boleh_membaca

    return SOP(
        code=WBS,
        name=lazy_gettext("Pelaksanaan Pengelolaan Whistle Blowing System"),
        header=HEADER_WBS,
        reference_prefix="WBS",
        started_by=PUBLIC,
        view_permission=TELAAH,
        sealed=Sealed(may_unseal=boleh_membaca),
        steps=[
            Step(1, "lapor", lazy_gettext("Pelapor menyampaikan laporan lewat formulir rahasia (tanpa akun, anonim bila mau)"),
                 actor="Pelapor", outside=True, time="15 menit", inputs=(lazy_gettext("Form Pengaduan"),),
                 output=lazy_gettext("Data pemberi aduan"), actions=[go("kirim", lazy_gettext("Kirim"), to="terima")]),
            Step(2, "terima", lazy_gettext("Operator menerima laporan dan meneruskan ke Tim Telaah (tanpa membaca isinya)"),
                 actor="pengaduan_operator", time="10 menit", inputs=(lazy_gettext("Data pemberi aduan"),),
                 output=lazy_gettext("Data pengaduan"),
                 actions=[go("teruskan", lazy_gettext("Teruskan ke Tim Telaah"), to="telaah")]),
            Step(3, "telaah", lazy_gettext("Tim Telaah menentukan kategori sesuai kriteria WBS: bila tidak sesuai dikembalikan "
                                 "kepada pelapor dengan alasan, bila sesuai ditelaah"),
                 actor="tim_telaah", time="2 hari kerja", inputs=(lazy_gettext("Data pengaduan"),), output=lazy_gettext("Laporan pengaduan"),
                 actions=[
                     go("ke_kepala_dinas", lazy_gettext("Sesuai kriteria: ajukan ke Kepala Dinas"), to="putuskan", **_TERUSKAN),
                     go("ke_sekretaris", lazy_gettext("Sesuai kriteria, terlapor Kepala Dinas: ajukan ke Sekretaris"),
                        to="putuskan_sekretaris", **_TERUSKAN),
                     selesai(lazy_gettext("Terlapor Sekretaris dan Kepala Dinas: rujuk ke Inspektorat Provinsi"),
                             code="rujuk_inspektorat", note_required=True, button=False),
                     ditolak(lazy_gettext("Tidak sesuai kriteria WBS: kembalikan dengan alasan"), code="tidak_sesuai",
                             button=False),
                 ]),
            Step(4, "putuskan", lazy_gettext("Kepala Dinas berdasarkan hasil telaah memutuskan tindak lanjut"),
                 actor="kepala_dinas", time="7 hari kerja", inputs=(lazy_gettext("Laporan pengaduan"),),
                 output=lazy_gettext("Laporan pengaduan"),
                 actions=[go("putuskan", lazy_gettext("Tetapkan tindak lanjut"), to="arsip", fields=("keputusan",),
                             button=False)]),
            Step(5, "putuskan_sekretaris", lazy_gettext("Sekretaris memutuskan tindak lanjut bila terlapor Kepala Dinas "
                                              "(konflik kepentingan)"),
                 actor="sekretaris", time="7 hari kerja", inputs=(lazy_gettext("Laporan pengaduan"),),
                 output=lazy_gettext("Laporan pengaduan"),
                 actions=[go("putuskan", lazy_gettext("Tetapkan tindak lanjut"), to="arsip", fields=("keputusan",),
                             button=False)]),
            Step(6, "arsip", lazy_gettext("Operator mengarsipkan hasil, mengunggah hasil tindak lanjut dan menginformasikan "
                                "kepada pelapor, yang membacanya dengan kode laporan"),
                 actor="pengaduan_operator", time="30 menit", inputs=(lazy_gettext("Laporan pengaduan"),),
                 output=lazy_gettext("Laporan tanggapan pengaduan"),
                 actions=[selesai(lazy_gettext("Arsipkan dan informasikan pelapor"), code="arsipkan", button=False)]),
        ],
    )


async def _simpan_identitas(case, kept):
    from balai_pengaduan.laporan import simpan_identitas
    await simpan_identitas(case, kept)


def form_wbs() -> PublicForm:
    return PublicForm(
        code=WBS, sop=WBS, title=lazy_gettext("Whistle-Blowing System: laporan rahasia"),
        intro=lazy_gettext("Laporkan dugaan pelanggaran di lingkungan Dinas. Anda tidak perlu akun dan tidak perlu menyebut "
                 "nama. Simpan kode laporan yang diberikan: hanya dengan kode itu Anda dapat mengikuti laporan dan "
                 "berbicara dengan Tim Telaah. Kode yang hilang tidak dapat dipulihkan."),
        fields=[
            FormField("apa", lazy_gettext("Apa yang terjadi"), kind="textarea", required=True),
            FormField("siapa", lazy_gettext("Siapa yang terlibat (nama, jabatan)"), required=True),
            FormField("terlapor", lazy_gettext("Terlapor termasuk"), kind="select", choices=TERLAPOR),
            FormField("kapan", lazy_gettext("Kapan terjadi"), required=True, max_length=100),
            FormField("dimana", lazy_gettext("Di mana terjadi"), required=True),
            FormField("bagaimana", lazy_gettext("Bagaimana terjadinya"), kind="textarea", required=True),
            FormField("cara", lazy_gettext("Cara melapor"), kind="select", choices=CARA),
            FormField("identitas", lazy_gettext("Identitas Anda (nama, NIP, unit), hanya bila melapor dengan nama"),
                      max_length=300, help=lazy_gettext("Disimpan terpisah dan hanya dibuka atas persetujuan kustodian "
                                              "identitas. Kosongkan bila melapor secara anonim.")),
        ],
        documents=[FormDocument("bukti", lazy_gettext("Bukti pendukung"), required=False),
                   FormDocument("lain", lazy_gettext("Lampiran lain"), required=False)],
        subject_field="apa", unit="umum", complete_first="kirim", deadline="2 hari kerja",
        apart=("identitas",), keep_apart=_simpan_identitas,
        opened_as=lazy_gettext("Pelapor"),
        step_labels=[("terima", lazy_gettext("Laporan Anda sudah diterima dan sedang diteruskan ke Tim Telaah")),
                     ("telaah", lazy_gettext("Laporan Anda sedang ditelaah Tim Telaah")),
                     ("putuskan", lazy_gettext("Hasil telaah sedang diputuskan tindak lanjutnya")),
                     ("putuskan_sekretaris", lazy_gettext("Hasil telaah sedang diputuskan tindak lanjutnya")),
                     ("arsip", lazy_gettext("Tindak lanjut sudah diputuskan dan sedang disiapkan untuk Anda"))],
    )
