"""SOP 3, Pengaduan Masyarakat SP4N Lapor: a citizen's complaint from Balai's public form, or
entered by the Operator from the national SP4N-LAPOR! site with its tracking ID. Not sealed (a
citizen's complaint is not a whistle-blower's report), but *rahasia* and *anonim* default to the
safer setting: hidden from the public and the reporter's name hidden from the unit that answers."""

from __future__ import annotations

from datetime import date

from balai.api import (
    CASE_OPENED, PUBLIC, SOP, Clock, FormField, PublicForm, SOPHeader, Step, acted, disposisi, go, lazy_gettext,
    selesai,
)

# The reporter's silence that closes a complaint (PermenPANRB 62/2018 via SP4N-LAPOR!), in working days.
DIAM = 10

from balai_pengaduan.sop import TERIMA

SP4N = "pengaduan.sp4n"
TANGGAPI = "pengaduan.tanggapi"

KELAS = (("pengaduan", lazy_gettext("Pengaduan")), ("aspirasi", lazy_gettext("Aspirasi")),
         ("permintaan_informasi", lazy_gettext("Permintaan informasi")))
# Categories as data: the Dinas's fields of work, as LAPOR! lists them for a provincial agency.
KATEGORI = (("perindustrian", lazy_gettext("Perindustrian")), ("perdagangan", lazy_gettext("Perdagangan")),
            ("koperasi", lazy_gettext("Koperasi")), ("ukm", lazy_gettext("Usaha Kecil dan Menengah")),
            ("metrologi", lazy_gettext("Metrologi legal")), ("pelayanan", lazy_gettext("Pelayanan publik Dinas")),
            ("lain", lazy_gettext("Lainnya")))
YA_TIDAK = (("ya", lazy_gettext("Ya")), ("tidak", lazy_gettext("Tidak")))  # "ya" first: the safer default

HEADER_SP4N = SOPHeader(
    nomor="067/3076-2SEK.UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8), tanggal_revisi=date(2023, 12, 8), tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si", disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas", unit="Sekretariat — Sub Bagian Umum",
    dasar_hukum=(
        "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik",
        "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang Nomor 14 Tahun 2008 tentang "
        "Keterbukaan Informasi Publik",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 46 Tahun 2020 tentang Road Map "
        "Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional Tahun 2020-2024",
        "Peraturan Komisi Informasi Pusat Nomor 1 Tahun 2010 tentang Standar Pelayanan Informasi Publik",
        "Peraturan Gubernur Kalimantan Timur Nomor 18 Tahun 2013 tentang Pedoman Layanan Informasi Publik di "
        "Lingkungan Pemerintah Provinsi Kalimantan Timur",
    ),
    kualifikasi=("Kemampuan Public Speaking", "Kemampuan mengoperasikan Aplikasi",
                 "Kemampuan mengetik laporan dengan Aplikasi Office"),
    keterkaitan=("SOP Permohonan Informasi", "SOP Pelayanan Satu Pintu", "SOP Kegiatan Bidang/UPTD yang terkait"),
    peralatan=("Komputer", "Flashdisk", "Server", "ATK", "Website SP4N Lapor", "Website Dinas Perindagkop & UKM"),
    peringatan=("Jika SOP ini tidak berjalan maka akan mengakibatkan Pelayanan Pengaduan dari masyarakat terganggu",),
    pencatatan=("Semua pengaduan masyarakat harus dicatat dan diarsipkan baik secara manual maupun elektronik",),
)

_BAWAAN = lazy_gettext("Bila tidak dipilih, dianggap Ya (pilihan yang lebih aman).")
_TERJAWAB = (acted("jawab_langsung"), acted("diteruskan_ppid"), acted("jawab"))


def sop_sp4n() -> SOP:
    return SOP(
        code=SP4N, name=lazy_gettext("Pengaduan Masyarakat SP4N Lapor"), header=HEADER_SP4N, reference_prefix="ADU",
        started_by=PUBLIC, view_permission=TERIMA,
        # Perpres 76/2013 via SP4N-LAPOR!: verified and forwarded within 3 working days, followed up within 5.
        clocks=[Clock("verifikasi", lazy_gettext("Verifikasi dan penerusan"), 3, starts_on=CASE_OPENED,
                      stops_on=(acted("ke_unit"), *_TERJAWAB)),
                Clock("tindak_lanjut", lazy_gettext("Tindak lanjut"), 5, starts_on=CASE_OPENED, stops_on=_TERJAWAB)],
        steps=[
            Step(1, "isi", lazy_gettext("Pelapor memilih kategori dan sub kategori dan menuliskan pengaduan"),
                 actor="Pelapor", outside=True, time="15 menit", inputs=(lazy_gettext("Form Pengaduan"),),
                 output=lazy_gettext("Data pemberi aduan"), actions=[go("kirim", lazy_gettext("Kirim"), to="terima")]),
            Step(2, "terima", lazy_gettext("Menerima input pengaduan"), actor="pengaduan_operator", time="10 menit",
                 inputs=(lazy_gettext("Data pemberi aduan"),), output=lazy_gettext("Data pengaduan"),
                 actions=[go("terima", lazy_gettext("Terima"), to="klasifikasi")]),
            Step(3, "klasifikasi", lazy_gettext("Mengklasifikasi: permintaan informasi dijawab langsung oleh operator "
                                                "(atau diteruskan ke PPID), pengaduan diteruskan ke PPID Pelaksana unit"),
                 actor="pengaduan_operator", time="120 menit", inputs=(lazy_gettext("Data pengaduan"),),
                 output=lazy_gettext("Laporan pengaduan"),
                 actions=[disposisi("tanggapi", lazy_gettext("Teruskan ke PPID Pelaksana unit"), code="ke_unit"),
                          go("jawab_langsung", lazy_gettext("Jawab langsung"), to="konfirmasi", note_required=True,
                             button=False),
                          selesai(lazy_gettext("Diteruskan sebagai permohonan informasi (PPID)"),
                                  code="diteruskan_ppid", button=False)]),
            Step(4, "tanggapi", lazy_gettext("PPID Pelaksana unit menerima pengaduan dan menyiapkan tanggapan"),
                 actor="ppid_pelaksana_pengaduan", assign="recipient", time="2 hari kerja",
                 inputs=(lazy_gettext("Laporan pengaduan"),), output=lazy_gettext("Laporan tanggapan pengaduan"),
                 actions=[go("kirim_tanggapan", lazy_gettext("Kirim tanggapan"), to="input", fields=("tanggapan",),
                             button=False)]),
            Step(5, "input", lazy_gettext("Operator menerima tanggapan dan menginputnya untuk pelapor"),
                 actor="pengaduan_operator", time="30 menit", inputs=(lazy_gettext("Laporan tanggapan pengaduan"),),
                 output=lazy_gettext("Laporan tanggapan pengaduan"),
                 actions=[go("jawab", lazy_gettext("Masukkan tanggapan untuk pelapor"), to="konfirmasi",
                             button=False)]),
            # Done by the plugin's scheduled job (jadwal.tutup_atau_buka): a reply from the reporter
            # sends the complaint back to the Operator, silence for 10 working days closes it.
            Step(6, "konfirmasi", lazy_gettext("Pengaduan atau informasi telah dijawab: pelapor membaca tanggapan; "
                                               "bila pelapor tidak menanggapi dalam 10 hari kerja, laporan ditutup"),
                 actor="Pelapor", outside=True, time=f"{DIAM} hari kerja",
                 inputs=(lazy_gettext("Laporan tanggapan pengaduan"),), output=lazy_gettext("Laporan tanggapan"),
                 actions=[selesai(lazy_gettext("Ditutup: pelapor tidak menanggapi dalam 10 hari kerja"),
                                  code="tutup_diam", button=False),
                          go("dibalas", lazy_gettext("Pelapor menanggapi: diklasifikasi kembali"), to="klasifikasi",
                             button=False)]),
        ],
    )


def form_sp4n() -> PublicForm:
    return PublicForm(
        code=SP4N, sop=SP4N, title=lazy_gettext("Pengaduan Masyarakat (SP4N-LAPOR!)"),
        intro=lazy_gettext("Sampaikan pengaduan, aspirasi atau permintaan informasi kepada Dinas. Simpan kode "
                           "pelacakan yang diberikan untuk mengikuti tanggapannya."),
        fields=[
            FormField("kelas", lazy_gettext("Jenis laporan"), kind="select", choices=KELAS),
            FormField("kategori", lazy_gettext("Kategori"), kind="select", choices=KATEGORI),
            FormField("subkategori", lazy_gettext("Sub kategori"), max_length=100),
            FormField("judul", lazy_gettext("Judul laporan"), required=True),
            FormField("uraian", lazy_gettext("Isi laporan"), kind="textarea", required=True),
            FormField("nama", lazy_gettext("Nama (tidak wajib)"), max_length=100),
            FormField("rahasia", lazy_gettext("Rahasia (tidak ditampilkan kepada publik)"), kind="select",
                      choices=YA_TIDAK, help=_BAWAAN),
            FormField("anonim", lazy_gettext("Anonim (nama Anda tidak ditampilkan kepada unit yang menanggapi)"),
                      kind="select", choices=YA_TIDAK, help=_BAWAAN),
            FormField("id_lapor", lazy_gettext("ID pelacakan SP4N-LAPOR! (diisi operator bila dari LAPOR!)"),
                      max_length=40),
        ],
        subject_field="judul", unit="umum", complete_first="kirim", deadline="5 hari kerja", desk_permission=TERIMA,
        step_labels=[("terima", lazy_gettext("Laporan Anda sudah diterima")),
                     ("klasifikasi", lazy_gettext("Laporan Anda sedang diklasifikasi")),
                     ("tanggapi", lazy_gettext("Unit terkait sedang menyiapkan tanggapan")),
                     ("input", lazy_gettext("Tanggapan sedang disiapkan untuk Anda")),
                     ("konfirmasi", lazy_gettext("Laporan Anda sudah dijawab. Bila belum puas, balas lewat pesan di "
                                                 "bawah dalam 10 hari kerja; bila tidak ada balasan, laporan ditutup."))],
    )
