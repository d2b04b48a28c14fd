"""SOP 7 (Pelayanan Permohonan Informasi dan Dokumentasi Publik) as code.

Header, activities, times and outputs from the approved sheet
(``seeds/sop-sekretariat-dp2kukm-kaltim.txt``, nomor 067/3076/SEK.UM/DP2KUKM). The sheet's
sixth row (the requester receives the information) happens on the tracking page, where the
released documents are downloaded: an open task nobody in the office may close would keep the
case running for ever, so step 5's hand-over ends the case.
"""

from __future__ import annotations

from datetime import date

from balai.api import (
    CASE_OPENED, PUBLIC, SOP, Clock, CountingRule, Extension, FormDocument, FormField, PublicForm, SOPHeader, Step,
    acted, disposisi, ditolak, go, lazy_gettext, selesai,
)

PERMOHONAN = "ppid.permohonan"
HITUNG = "ppid.informasi"  # counting rule: cuti bersama is not a working day for the requester's clock
LOKET = "ppid.loket"
PETUGAS = "petugas_ppid"  # Petugas Pelayanan Informasi dan Dokumentasi
PENGELOLA = "pengelola_data_ppid"  # Petugas Pengelolaan Data dan Kualifikasi Informasi

HEADER_7 = SOPHeader(
    nomor="067/3076/SEK.UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 4),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum",
    dasar_hukum=(
        "Undang –Undang Nomor 14 Tahun 2008 Tentang Keterbukaan Informasi Publik",
        "Undang-Undang Nomor 25 Tahun 2009 Tentang Pelayanan Publik",
        "Undang-Undang Nomor 23 Tahun 2014 Tentang Pemerintahan Daerah",
        "Peraturan Pemerintah Nomor 61 Tahun 2010 Tentang Pelaksanaan Undang-Undang Nomor 14 Tahun 2008 Tentang "
        "Keterbukaan Informasi Publik",
        "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2017 Tentang Pedoman Pengelolaan Pelayanan Informasi Dan "
        "Dokumentasi Kementerian Dalam Negeri Dan Pemerintahan Daerah",
        "Peraturan Komisi Informasi Pusat Nomor 1 Tahun 2010 Tentang Standar Pelayanan Informasi Publik",
        "Peraturan Gubernur Kalimantan Timur Nomor 18 Tahun 2013 Tentang Pedoman Layanan Informasi Publik Di "
        "Lingkungan Pemerintah Provinsi Kalimantan Timur",
    ),
    kualifikasi=(
        "Memahami Pergub Kaltim No. 18Th 2013 Tentang Layanan Informasi Publik",
        "Memiliki kemampuan pendokumentasian, keraspian dan pengelolaan informasi",
        "Memiliki pemahaman dan penguasaan teknologi informasi",
        "Memiliki keterampilan komunikasi yang baik dan pengendalian emosi",
        "Memiliki latar belakang pendidikan yang mendukung kegiatan pengelolaan informasi publik",
        "Mengikuti pelatihan terkait pemahaman wawasan mengenai pelayanan, IT, pemroses data, verifikasi data, "
        "pengklafisasi data/katalogisasi/indeksing",
    ),
    keterkaitan=(
        "SOP Penetapan dan Pemutakhiran daftar Informasi Publik",
        "SOP pendokumentasian Informasi Publik",
        "SOP Keberatan Informasi Publik",
        "SOP Fasilitasi sengketa Informasi Publik",
        "SOP Pendokumentasian Informasi yang di kecualikan",
    ),
    peralatan=("Meja Pelayanan", "Komputer", "Printer", "Daftar Informasi Publik", "ATK", "Telpon/Fax",
               "Website Dinas Perindagkop & UKM"),
    peringatan=("SOP ini berpengaruh terhadap pelaksanaan SOP lainnya",),
    pencatatan=(
        "Formulir permohonan data dan informasi publik",
        "Formulir bukti tanda terima data dan informasi publik",
        "Formulir bukti penyerahan data dan informasi publik",
        "Surat keterangan PPID terhadap penolakan permohonan informasi",
    ),
)

# The actions whose end answers the requester: the 10 (+7) working-day clock stops on any of them.
JAWAB_DIP, TOLAK, SERAHKAN = "jawab_dip", "tolak", "serahkan"


def permohonan() -> SOP:
    return SOP(
        code=PERMOHONAN, name=lazy_gettext("Pelayanan Permohonan Informasi dan Dokumentasi Publik"), header=HEADER_7,
        reference_prefix="PPID", started_by=PUBLIC,
        clocks=[
            # Pasal 22(7) UU 14/2008: answered within 10 working days, extendable once by 7 with
            # written reasons (Pasal 22(8)); paused while the request is back with the requester.
            Clock("jawab", lazy_gettext("Pemberitahuan tertulis atas permohonan informasi"), 10, starts_on=CASE_OPENED,
                  stops_on=(acted(JAWAB_DIP), acted(TOLAK), acted(SERAHKAN)),
                  extension=Extension(times=1, length=7, reason_required=True),
                  pauses_on=acted("kembalikan"), resumes_on=acted("lengkapi"), rule=HITUNG),
        ],
        steps=[
            Step(1, "ajukan", lazy_gettext("Pemohon informasi mengajukan permohonan informasi publik langsung ke Meja "
                                            "Pelayanan atau tidak langsung melalui surat, website atau email"),
                 actor="Pemohon", outside=True, time="5 menit",
                 inputs=("Formulir Permohonan Informasi Publik", "Fotocopy KTP/SIM (Perorangan) / Fotocopy KTP/SIM "
                         "Pimpinan Organisasi", "Akta Notaris / SK Organisasi (Lembaga/Organisasi)"),
                 output="Formulir Permohonan yang telah diisi beserta data pemohon",
                 actions=[go("kirim", lazy_gettext("Kirim"), to="periksa")]),
            Step(2, "periksa", lazy_gettext("Menerima dan memverifikasi kelengkapan berkas permohonan informasi "
                                             "publik: tidak lengkap dikembalikan kepada pemohon, lengkap diregistrasi"),
                 actor=PETUGAS, time="5 menit",
                 output="Buku Register Penerimaan Permohonan Informasi; Bukti Tanda terima Permohonan Informasi",
                 actions=[go("lengkap", lazy_gettext("Lengkap, registrasi"), to="putus"),
                          go("kembalikan", lazy_gettext("Kembalikan ke pemohon"), to="lengkapi", button=False)]),
            Step(3, "lengkapi", lazy_gettext("Menerima kelengkapan berkas dari pemohon"), actor=PETUGAS,
                 time="5 menit", output="Berkas permohonan yang lengkap",
                 actions=[go("lengkapi", lazy_gettext("Kelengkapan diterima"), to="periksa")]),
            Step(4, "putus", lazy_gettext("Memeriksa jenis informasi: tersedia di DIP diberikan; tidak tersedia "
                                           "disampaikan ke Bidang/UPTD; dikecualikan disiapkan jawaban penolakan"),
                 actor=PENGELOLA, time="5 menit", output="Bukti penyerahan Informasi/Dokumen",
                 actions=[selesai(lazy_gettext("Berikan dari DIP"), code=JAWAB_DIP, button=False),
                          disposisi(to="olah", label=lazy_gettext("Sampaikan ke Bidang/UPTD")),
                          ditolak(lazy_gettext("Tolak (dikecualikan)"), code=TOLAK, button=False)]),
            Step(5, "olah", lazy_gettext("Memeriksa berkas permohonan, mengkoordinasikan jawaban dan memproses "
                                          "informasi/dokumen yang diperlukan"),
                 actor="kepala_bidang", assign="recipient", time="5 menit", output="Informasi/Dokumen",
                 actions=[go("kirim_bahan", lazy_gettext("Kirim informasi ke PPID"), to="serahkan", button=False)]),
            Step(6, "serahkan", lazy_gettext("Memeriksa informasi/dokumen dari Bidang/UPTD untuk didokumentasikan, "
                                              "diarsipkan dan diserahkan kepada pemohon"),
                 actor=PENGELOLA, time="5 menit", output="Bukti penyerahan Informasi/Dokumen",
                 actions=[selesai(lazy_gettext("Serahkan kepada pemohon"), code=SERAHKAN, button=False)]),
        ],
    )


def counting_rule() -> CountingRule:
    return CountingRule(HITUNG, lazy_gettext("Permohonan informasi publik"), cuti_bersama_libur=True)


CARA_MEMPEROLEH = [("melihat", lazy_gettext("Melihat/membaca/mendengarkan/mencatat")),
                   ("salinan", lazy_gettext("Mendapatkan salinan (hardcopy/softcopy)"))]
CARA_MENDAPAT = [("ambil", lazy_gettext("Mengambil langsung")), ("pos", lazy_gettext("Kurir/pos")),
                 ("email", lazy_gettext("Surat elektronik (email)")), ("unduh", lazy_gettext("Unduh di halaman lacak"))]
JENIS_PEMOHON = [("perorangan", lazy_gettext("Perorangan")), ("lembaga", lazy_gettext("Badan hukum/organisasi"))]


def formulir() -> PublicForm:
    """The written request of Perki 1/2021 (Formulir Permohonan Informasi)."""
    return PublicForm(
        code=PERMOHONAN, sop=PERMOHONAN, title=lazy_gettext("Permohonan Informasi Publik"),
        intro=lazy_gettext("Ajukan permohonan informasi kepada PPID Pembantu Dinas. Permohonan dijawab paling lambat "
                           "10 hari kerja (dapat diperpanjang 7 hari kerja). Periksa dahulu Daftar Informasi Publik "
                           "di /ppid/dip: informasi yang sudah terbit dapat langsung diunduh."),
        fields=[
            FormField("jenis_pemohon", lazy_gettext("Pemohon"), kind="select", choices=JENIS_PEMOHON, required=True),
            FormField("nama", lazy_gettext("Nama pemohon"), required=True, max_length=200),
            FormField("nik", lazy_gettext("NIK (perorangan) atau nomor akta/SK badan hukum"), required=True,
                      max_length=60),
            FormField("alamat", lazy_gettext("Alamat"), kind="textarea", required=True, max_length=500),
            FormField("telepon", lazy_gettext("Nomor telepon"), kind="tel", required=True, max_length=30),
            FormField("pekerjaan", lazy_gettext("Pekerjaan"), max_length=100),
            FormField("rincian", lazy_gettext("Rincian informasi yang dibutuhkan"), kind="textarea", required=True,
                      max_length=2000),
            FormField("tujuan", lazy_gettext("Tujuan penggunaan informasi"), kind="textarea", required=True,
                      max_length=1000),
            FormField("cara_memperoleh", lazy_gettext("Cara memperoleh informasi"), kind="select",
                      choices=CARA_MEMPEROLEH, required=True),
            FormField("cara_mendapat", lazy_gettext("Cara mendapatkan salinan informasi"), kind="select",
                      choices=CARA_MENDAPAT, required=True),
        ],
        documents=[FormDocument("ktp", lazy_gettext("Pindaian KTP/SIM (atau akta/SK badan hukum)"), kind="ppid.ktp",
                                accept=("image/", "application/pdf"),
                                accept_label=lazy_gettext("gambar (JPG/PNG) atau PDF"))],
        subject_field="rincian", unit="umum", complete_first="kirim", deadline="10 hari kerja",
        desk_permission=LOKET,
        step_labels=[
            ("periksa", lazy_gettext("Permohonan Anda sedang diperiksa kelengkapannya")),
            ("lengkapi", lazy_gettext("Permohonan Anda belum lengkap: lihat pesan petugas di bawah")),
            ("putus", lazy_gettext("Permohonan Anda terdaftar dan sedang diproses")),
            ("olah", lazy_gettext("Informasi sedang disiapkan oleh bidang yang menguasainya")),
            ("serahkan", lazy_gettext("Informasi sedang diperiksa sebelum diserahkan")),
        ],
    )
