"""SOP 8 (Pengelolaan Barang Milik Daerah) as code.

Header, activities, times and outputs from the approved sheet (``seeds/sop-sekretariat-dp2kukm-kaltim.txt``,
nomor 06/150314-75SEK/UM/DP2KUKM). A case is one delivery and its distribution: the Pengurus Barang
records what arrived (the BAST penerimaan is drafted), the Kepala Dinas as Pengguna Barang hands it
over (step 1), the Pengurus books it and tells the unit heads (step 2, a disposisi to the units), each
unit head asks for supplies (step 3, stock reserved at once), and when every unit has answered the
Kepala Dinas approves (step 4); the surat permintaan barang (5), the surat perintah penyaluran (6),
the distribution with a BAST penyerahan per unit (7, a disposisi back to the requesting units) and
each unit head's confirmation of receipt (8) follow.
"""

from __future__ import annotations

from datetime import date

from balai.api import SOP, SYSTEM, SOPHeader, Step, disposisi, ditolak, go, lazy_gettext, selesai

from balai_bmd import KELOLA, PENATAUSAHAAN, PENGURUS

BMD = "bmd.pengelolaan"

HEADER_8 = SOPHeader(
    nomor="06/150314-75SEK/UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 4),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum",
    dasar_hukum=(
        "Peraturan Menteri Dalam Negeri Republik Indonesia Nomor 19 Tahun 2016 Tentang Pedoman Pengelolaan Barang "
        "Milik",
        "Peraturan Menteri Dalam Negeri Republik Indonesia Nomor 47 Tahun 2021 Tentang Tata Cara Pelaksanaan "
        "Pembukuan, Inventarisasi, dan Pelaporan Barang Milik Daerah",
        "Peraturan Gubernur Kalimantan Timur Nomor 69 Tahun 2020 Tentang Pedoman Pengelolaan Barang Persediaan di "
        "Lingkungan Pemerintah Provinsi Kalimantan Timur",
    ),
    kualifikasi=("Rajin", "Ulet", "Terampil", "Berdedikasi"),
    keterkaitan=(),
    peralatan=("Meja Pelayanan", "Komputer", "Printer", "ATK", "Barang Milik Daerah"),
    peringatan=("SOP ini merupakan prosedur baku yang wajib dilaksanakan dalam Pengelolaan Barang Milik Daerah dan "
                "apabila tidak dilaksanakan akan mengakibatkan ketidaksesuaian, ketidakjelasan, ketidakepatan dan "
                "kelambatan dalam Pengelolaan Barang Milik Daerah",),
    pencatatan=("Buku Pengelolaan/Asip Barang", "BMD yang dikelola harus diperiksa kuantitas dan kualitasnya"),
)


def pengelolaan() -> SOP:
    return SOP(
        code=BMD, name=lazy_gettext("Pengelolaan Barang Milik Daerah"), header=HEADER_8, reference_prefix="BMD",
        start_permission=KELOLA, started_by=SYSTEM,
        steps=[
            Step(1, "serahkan", lazy_gettext("Pengguna Barang menyerahkan barang milik daerah/barang persediaan ke "
                                             "pengurus barang dibuktikan dengan Berita Acara Serah Terima Barang dari "
                                             "Pengguna Barang ke Pengurus Barang"),
                 actor="kepala_dinas", time="30 menit", inputs=("Komputer dan Printer",), output="BAST",
                 actions=[go("serahkan", lazy_gettext("Serahkan dan tandatangani BAST"), to="bukukan")]),
            Step(2, "bukukan", lazy_gettext("Barang Milik Daerah/Barang Persediaan yang diterima dibukukan ke dalam "
                                            "Laporan Barang Milik Daerah dan Laporan Barang Persediaan, menyampaikan "
                                            "pemberitahuan kepada Kepala Bidang/unit kerja untuk dapat memasukan "
                                            "usulan penggunaan barang dan permintaan barang persediaan"),
                 actor=PENGURUS, time="30 menit",
                 output="Laporan Barang Milik Daerah/Laporan Barang Persediaan",
                 actions=[disposisi(to="usulkan", label=lazy_gettext("Beritahu unit kerja"))]),
            Step(3, "usulkan", lazy_gettext("Mengajukan usulan penggunaan barang dan permintaan barang persediaan "
                                            "kepada Pengurus Barang"),
                 actor="kepala_bidang", assign="recipient", time="15 menit", inputs=("Komputer dan Printer",),
                 output="Surat Usulan Penggunaan Barang dan Permintaan Barang Persediaan",
                 actions=[go("ajukan", lazy_gettext("Ajukan permintaan"), to="setujui", button=False),
                          go("tidak_perlu", lazy_gettext("Tidak ada permintaan"), to="setujui")]),
            Step(4, "setujui", lazy_gettext("Menerima usulan penggunaan barang dan permintaan barang serta "
                                            "memerintahkan Pengurus barang melakukan proses lebih lanjut"),
                 actor="kepala_dinas", time="15 menit",
                 output="Persetujuan atas Usulan Penggunaan Barang dan Permintaan Barang Persediaan",
                 actions=[go("setujui", lazy_gettext("Setujui"), to="minta"), ditolak(lazy_gettext("Tolak"))]),
            Step(5, "minta", lazy_gettext("Mengajukan surat permintaan barang kepada Pejabat Pengurus Barang"),
                 actor=PENGURUS, time="30 menit", inputs=("Komputer dan Printer",), output="Surat Permintaan Barang",
                 actions=[go("kirim_spb", lazy_gettext("Terbitkan dan kirim surat permintaan barang"), to="perintah")]),
            Step(6, "perintah", lazy_gettext("Mengeluarkan surat perintah penyaluran barang kepada pengurus barang"),
                 actor=PENATAUSAHAAN, time="15 menit", output="Surat Perintah Penyaluran Barang",
                 actions=[go("perintahkan", lazy_gettext("Terbitkan surat perintah penyaluran"), to="salurkan")]),
            Step(7, "salurkan", lazy_gettext("Mendistribusikan barang dan membuat berita acara penyerahan barang "
                                             "serta dilakukan pencatatan ulang di Laporan distribusi barang "
                                             "Persediaan, KIR da KIB"),
                 actor=PENGURUS, time="1 jam", output="BAST Penyerahan Barang",
                 actions=[disposisi(to="terima", label=lazy_gettext("Salurkan dengan BAST penyerahan"),
                                    button=False)]),
            Step(8, "terima", lazy_gettext("Menerima barang dan menandatangani Berita Acara Serah Terima barang "
                                           "beserta dokumentasinya"),
                 actor="kepala_bidang", assign="recipient", time="15 menit", output="BMD/Barang Persediaan",
                 actions=[selesai(lazy_gettext("Barang diterima, BAST ditandatangani"), code="terima")]),
        ],
    )
