"""SOP 1 (Survei Kepuasan Masyarakat) and SOP 9 (Layanan Satu Pintu) as code.

Header fields, activities, requirements, times and outputs are copied from the official sheets
(seed: sop-sekretariat-dp2kukm-kaltim.txt). Where the seed lost a flowchart column the actor
is inferred (SOP 1 step 6: the Sekretaris).

SOP 1 runs in two parts. Steps 1–5 happen in this plugin's own pages (a service issues survey
links, citizens answer on the public page, Kehumasan receives the answers, collects them per
semester and writes the report), so a case opened for a suggestion's follow-up skips them and
starts at step 6: the Sekretaris decides the follow-up, the Bidang/UPTD carries it out, each task
with the sheet's time standard as its deadline. SOP 9 is run by the e-tamu, kiosk and queue
pages; its definition prints the sheet.
"""

from __future__ import annotations

from datetime import date

from balai.api import PUBLIC, SOP, SYSTEM, SOPHeader, Step, go, lazy_gettext, selesai

DISAHKAN_OLEH = "Heni Purwaningsih, S. Si., M. Si"
DISAHKAN_NIP = "19730314 199803 2 009"
SKM = "layanan.skm"
SATU_PINTU = "layanan.satu_pintu"


def _tindak_lanjut(case: dict) -> bool:
    return bool((case.get("data") or {}).get("tindak_lanjut"))


def sop_skm() -> SOP:
    header = SOPHeader(
        # The seed prints the year of this number struck through: 067/<del>2016</del>/SEK.UM/DP2KUKM.
        nomor="067/2016/SEK.UM/DP2KUKM",
        tanggal_pembuatan=date(2023, 11, 8),
        tanggal_revisi=date(2023, 12, 8),
        tanggal_efektif=date(2023, 12, 11),
        disahkan_oleh=DISAHKAN_OLEH,
        disahkan_nip=DISAHKAN_NIP,
        dasar_hukum=(
            "Undang-Undang Republik Indonesia Nomor 25 Tahun 2009 tentang Pelayanan Publik",
            "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 "
            "tentang Pelayanan Publik",
            # As printed: the beginning of this item is missing on the sheet.
            "Masyarakat Terhadap Penyelenggaraan Pelayanan Publik",
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi, Nomor 52 Tahun 2014 tentang "
            "Pedoman Pembangunan Zona Integritas Menuju Wilayah Bebas Korupsi Dan Wilayah Birokrasi Bersih Dan "
            "Melayani",
        ),
        kualifikasi=(
            "Kemampuan mengoperasikan Aplikasi",
            "Kemampuan mengetik laporan dengan Aplikasi Office",
            "Memahami peraturan perundangan yang berlaku",
        ),
        keterkaitan=(
            "SOP Permohonan Informasi",
            "SOP Pelayanan Satu Pintu",
            "SOP Kegiatan Bidang/UPTD yang terkait",
        ),
        peralatan=("Komputer", "Flashdisk", "Server", "ATK", "Website SP4N Lapor", "Website Dinas Perindagkop & UKM"),
        peringatan=(
            "Jika SOP ini tidak berjalan maka akan mengakibatkan : "
            "1. Dinas tidak memahami sepenuhnya kebutuhan, keinginan, atau masalah yang dihadapi oleh masyarakat. "
            "Ini dapat mengarah pada pelayanan yang tidak sesuai atau tidak efektif. "
            "2. Survei kepuasan membantu dalam mendapatkan umpan balik langsung dari masyarakat. "
            "3. Survei kepuasan masyarakat membantu mengukur seberapa baik atau buruk pelayanan yang diberikan guna "
            "mengevaluasi kinerja "
            "4. Tidak ada kesempatan kepada masyarakat untuk terlibat dalam proses peningkatan layanan publik",
        ),
        pencatatan=(
            "Disimpan sebagai data elektronik / softcopy (sistem) dan manual/hardcopy dalam arsip antara lain dalam "
            "bentuk :",
            "Semua hasil survey kepuasan masyarakat harus dicatat secara elektronik dan dibuatkan laporan",
        ),
    )
    laporan = "Laporan Survey Kepuasan Masyarakat"
    steps = [
        Step(1, "layanan",
             "Bidang/UPTD Memberikan layanan (Kegiatan/Acara, Rapat, Audiensi, Desk, Permintaan Data dan kegiatan "
             "lainnya). Menjelaskan pengisian Survey Kepuasan Masyarakat",
             actor="kepala_bidang", inputs=["Layanan"], time="30 menit s/d 5 Hari", output="Layanan",
             skip_if=_tindak_lanjut, actions=[go("dilayani", lazy_gettext("Layanan diberikan"), to="isi_survei")]),
        Step(2, "isi_survei", "Masyarakat mengakses website pengisian Survey Kepuasan Masyarakat",
             actor="Masyarakat", outside=True, inputs=["Data Survey"], time="10 menit", output="Data Survey",
             skip_if=_tindak_lanjut, actions=[go("diisi", lazy_gettext("Survei diisi"), to="terima")]),
        Step(3, "terima", "Staf Humas menerima hasil pengisian Survey Kepuasan Masyarakat",
             actor="kehumasan", inputs=["Data Survey"], time="10 menit", output="Data Survey",
             skip_if=_tindak_lanjut, actions=[go("diterima", lazy_gettext("Hasil diterima"), to="kolektif")]),
        Step(4, "kolektif", "Survey Kepuasan Masyarakat dikolektif selama 6 bulan sekali",
             actor="kehumasan", inputs=["Data Survey"], time="6 Bulan", output="Data Survey",
             skip_if=_tindak_lanjut, actions=[go("dikolektif", lazy_gettext("Data dikolektif"), to="laporan")]),
        Step(5, "laporan", "Pembuatan Laporan Survey Kepuasan Masyarakat",
             actor="kehumasan", inputs=[laporan], time="1 hari", output=laporan,
             skip_if=_tindak_lanjut, actions=[go("dilaporkan", lazy_gettext("Laporan dibuat"), to="tindak_lanjut")]),
        Step(6, "tindak_lanjut", "Tindak lanjut hasil masukan Survey Kepuasan Masyarakat",
             actor="sekretaris", assign="sekretariat", inputs=[laporan], time="2 hari", output=laporan,
             note="Pelaksana disimpulkan (kolom bagan hilang pada sumber)",
             actions=[
                 go("tetapkan", lazy_gettext("Tetapkan tindak lanjut"), to="laksanakan", note_required=True),
                 selesai(lazy_gettext("Tidak perlu ditindaklanjuti"), code="tidak_perlu", note_required=True,
                         style="secondary"),
             ]),
        Step(7, "laksanakan", "Bidang/UPTD Melaksanakan hasil masukan",
             actor="kepala_bidang", inputs=[laporan], time="1 hari", output=laporan,
             actions=[selesai(lazy_gettext("Tindak lanjut dilaksanakan"), note_required=True)]),
    ]
    return SOP(code=SKM, name="Pelaksanaan Survey Kepuasan Masyarakat", header=header, steps=steps,
               reference_prefix="SKM", view_permission="layanan.ikm",
               started_by=SYSTEM,  # opened by the IKM page's follow-up form (layanan.ikm), for a bidang
               lanes=("kepala_bidang", "Masyarakat", "kehumasan", "sekretaris"))


def sop_satu_pintu() -> SOP:
    header = SOPHeader(
        nomor="067/2016/SEK.UM/DP2KUKM",
        tanggal_pembuatan=date(2023, 11, 8),
        tanggal_revisi=date(2023, 12, 4),
        tanggal_efektif=date(2023, 12, 11),
        disahkan_oleh=DISAHKAN_OLEH,
        disahkan_nip=DISAHKAN_NIP,
        dasar_hukum=(
            "Undang-Undang Nomor 25 Tahun 2009 Tentang Pelayanan Publik",
            "Undang-Undang Nomor 23 Tahun 2014 Tentang Pemerintahan Daerah Peraturan Menteri Pendayagunaan Aparatur "
            "Negara dan Reformasi Birokrasi Nomor 10 Tahun 2019 tentang perubahan Peraturan",
            "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 52 Tahun 2014 tentang Pedoman "
            "Pembangunan Zona Integritas Menuju Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani "
            "di Lingkungan Instansi Pemerintah",
        ),
        kualifikasi=(
            "Memiliki pemahaman dan penguasaan teknologi informasi",
            "Memiliki latar belakang pendidikan yang mendukung kegiatan pengelolaan layanan publik",
            "Memiliki keterampilan komunikasi yang baik dan pengendalian emosi",
            "Mengikuti pelatihan terkait pemahaman wawasan mengenai pelayanan, IT, pemroses data, verifikasi data, "
            "pengklafisasi data/katalogisasi/indeksing",
        ),
        keterkaitan=("SOP Pelayanan",),
        peralatan=("Meja Pelayanan", "Komputer", "Printer", "Anjungan Tamu", "ATK", "Telpon/Fax",
                   "Website Dinas Perindagkop & UKM"),
        peringatan=("SOP ini berpengaruh terhadap pelaksanaan SOP lainnya",),
        pencatatan=(
            "Disimpan sebagai data elektronik / softcopy (sistem) dan manual/hardcopy dalam arsip antara lain dalam "
            "bentuk :",
            "Semua dokumen dan data yang tercantum dalam informasi publik",
            "Semua berkas kerja layanan informasi publik",
            "Desk layanan wajib menyerahkan informasi publik dalam bentuk elektronik dan non elektronik",
        ),
    )
    steps = [
        Step(1, "registrasi_online", "Tamu mengisi registrasi di e-tamu secara online h-1 kedatangan",
             actor="E-Tamu", outside=True, inputs=["Kartu Identitas"], time="2 Menit",
             output="Nomor Registrasi Layanan",
             actions=[go("terdaftar", lazy_gettext("Terdaftar"), to="registrasi_kedatangan")]),
        Step(2, "registrasi_kedatangan", "Tamu datang, mengisi registrasi kedatangan di Anjungan Tamu",
             actor="Anjungan Tamu", outside=True, inputs=["Kartu Identitas", "Anjungan Tamu"], time="2 Menit",
             output="Registrasi Layanan",
             actions=[go("datang", lazy_gettext("Kedatangan tercatat"), to="menuju_layanan")]),
        Step(3, "menuju_layanan", "Tamu mendatangi pelayanan yang dituju",
             actor="Tamu", outside=True, time="2 Menit", output="Pelayanan Tamu",
             actions=[go("tiba", lazy_gettext("Tiba di layanan"), to="pelayanan")]),
        Step(4, "pelayanan", "Proses pelayanan",
             actor="petugas_layanan", time="10 Menit", output="Pelayanan Tamu",
             actions=[go("dilayani", lazy_gettext("Selesai dilayani"), to="isi_skm")]),
        Step(5, "isi_skm",
             "Setelah mendapatkan pelayanan, tamu mengisi Survei Kepuasan Masyarakat melalui barcode via smartphone "
             "masing-masing tamu",
             actor="Tamu", outside=True, inputs=["Barcode SKM"], time="2 Menit", output="Nilai SKM",
             actions=[go("diisi", lazy_gettext("SKM diisi"), to="pulang")]),
        Step(6, "pulang", "Tamu pulang", actor="Tamu", outside=True,
             actions=[selesai(lazy_gettext("Tamu pulang"))]),
    ]
    return SOP(code=SATU_PINTU, name="Layanan Satu Pintu Dinas Perindagkop UKM Kaltim", header=header, steps=steps,
               reference_prefix="LSP", view_permission="layanan.serve",
               started_by=PUBLIC,  # the visitor's e-tamu registration
               lanes=("Tamu", "E-Tamu", "Anjungan Tamu", "petugas_layanan"))
