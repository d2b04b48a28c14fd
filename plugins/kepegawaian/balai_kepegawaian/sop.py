"""SOP 13, Cuti PNS, as code: the approved sheet, step by step, with the actions that run it.

Texts, inputs, times and outputs are copied from the sheet (``seeds/sop-sekretariat-dp2kukm-kaltim.txt``,
typing slips included). Where Balai does what the sheet does on paper, the comment says how:

- Row 2 has the request signed by the direct superior *and* the superior's superior: two steps
  numbered 2, each going to the requester's superior chain by position (``assign="superior"`` and
  ``"superior:2"``), with the core's stand-ins; above the Kepala Dinas the step is done outside.
  Each superior approves, approves other dates (perubahan), defers (ditangguhkan) or refuses, the
  four answers of the leave form of Peraturan BKN 24/2017.
- Row 3 is the wait on the BKD verifier in si-Pecut: the submission's number, then its outcome.
- Row 4 prints the Surat Izin Cuti: Balai issues it with the letterhead and a number.
- Row 5 uploads the signed permit; the case closes.
"""

from __future__ import annotations

from datetime import date

from balai.api import SOP, SYSTEM, Action, SOPHeader, Step, ditolak, go, hasil_eksternal, kirim_eksternal, lazy_gettext, selesai

CUTI = "kepegawaian.cuti"
SI_PECUT = "si-Pecut"

# The swimlanes of the two superiors: not roles, the chain of the requester decides who they are.
ATASAN_1 = "Atasan langsung"
ATASAN_2 = "Atasan dari atasan langsung"

HEADER_13 = SOPHeader(
    nomor="067/3323/SEK.UM/DP2KUKM",
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
        "Peraturan BKN No.7 Tahun 2021 tentang perubahan atas Peraturan BKN No. 24 Tahun 2017 Tentang Tata Cara "
        "Pemberian Cuti Pegawai Negeri Sipil",
        "Pergub No. 4 Tahun 2006 Tentang Pendelegasian Wewenang Pemberian Cuti PNS di Lingkungan Pemerintah "
        "Provinsi Kaltim",
        "Peraturan Gubernur (PERGUB) Provinsi Kalimantan Timur Nomor 32 Tahun 2020 tentang Tata Cara Pemberian, "
        "Pematangan, Penghentian Tambahan Penghasilan Pegawai Aparatur Sipil Negara Di Lingkungan Pemerintah "
        "Provinsi Kalimantan Timur",
    ),
    kualifikasi=(
        "Memahami prosedur dan mekanisme permohonan cuti",
        "Memahami perundang-undangan yang mengatur tata cara pemberian cuti",
    ),
    # The sheet numbers three more lines, left empty.
    keterkaitan=("SOP Surat Keluar-Masuk", "SOP Absen"),
    peralatan=("Komputer", "Scanner", "Printer", "ATK", "Jaringan Internet", "Telpon/Whataspp"),
    peringatan=("SOP ini berpengaruh terhadap pelaksanaan SOP lainnya",),
    pencatatan=("Disimpan sebagai data elektronik dan manual",),
)

_BARIS_2 = ("Mencetak Surat Pengantar dan Permohonan Cuti yang disetujui dari aplikasi dan ditandatangani oleh "
            "atasan langsung dan atasan dari atasan langsung sebagai persetujuan cuti")


def _putusan(next_step: str) -> list[Action]:
    """What a superior answers (Peraturan BKN 24/2017, the leave form's sections VII and VIII)."""
    return [
        go("setujui", lazy_gettext("Setujui"), to=next_step),
        # Other dates: given on the request's own form in the task panel (kait.ubah_tanggal), which
        # changes the request and approves it in one action.
        go("ubah", lazy_gettext("Setujui dengan perubahan tanggal"), to=next_step, style="secondary", button=False),
        selesai(lazy_gettext("Tangguhkan"), code="tangguhkan", note_required=True, style="warning"),
        ditolak(lazy_gettext("Tidak disetujui"), code="tolak"),
    ]


def atasan_di_luar(case: dict) -> bool:
    """The Kepala Dinas's superior is outside the Dinas: one outside approval, recorded once."""
    return bool((case.get("data") or {}).get("atasan_luar"))


SOP_13 = SOP(
    code=CUTI,
    name="Cuti PNS",
    header=HEADER_13,
    reference_prefix="CUTI",
    view_permission="kepegawaian.kelola",
    # Opened by the leave pages for the employee (or by the Pengelola for them), never by the
    # core's API: the request row, its balance and the case are written together.
    started_by=SYSTEM,
    lanes=("pns", "pengelola_kepegawaian", ATASAN_1, ATASAN_2),
    steps=[
        Step(1, "ajukan", "Mengajukan permohonan cuti melalui aplikasi si-Pecut BKD Kaltim", actor="pns",
             assign="opener", inputs=["Aplikasi Komputer", "Komputer"], time="30 Menit", output="Surat",
             actions=[go("ajukan", lazy_gettext("Ajukan permohonan cuti"), to="atasan_langsung")]),
        Step(2, "atasan_langsung", _BARIS_2, actor=ATASAN_1, assign="superior", inputs=["Berkas Permohonan Cuti"],
             time="1 hari kerja", output="Surat", note="Tanda tangan atasan langsung",
             actions=_putusan("atasan_kedua")),
        Step(2, "atasan_kedua", _BARIS_2, actor=ATASAN_2, assign="superior:2", inputs=["Berkas Permohonan Cuti"],
             time="1 hari kerja", output="Surat", note="Tanda tangan atasan dari atasan langsung",
             skip_if=atasan_di_luar, actions=_putusan("verifikasi")),
        # The sheet puts the monitoring in the PNS's lane: the requester records the submission to
        # si-Pecut and the verifier's answer (or whoever applied for them).
        Step(3, "verifikasi", "Monitoring persetujuan dari verifikator cuti BKD Kaltim di aplikasi si-Pecut",
             actor="pns", assign="opener", inputs=["Aplikasi Komputer"], time="1 hari kerja",
             output="Pemberitahuan", external=SI_PECUT,
             actions=[kirim_eksternal(SI_PECUT),
                      hasil_eksternal("cetak", lazy_gettext("Disetujui verifikator BKD"), code="disetujui"),
                      hasil_eksternal(None, lazy_gettext("Ditolak verifikator BKD"), code="ditolak_bkd",
                                      outcome="ditolak", note_required=True, style="danger")]),
        Step(4, "cetak", "Mencetak Surat Izin Cuti sesuai format di aplikasi si-Pecut BKD Kaltim",
             actor="pengelola_kepegawaian", inputs=["Surat keluar", "Komputer dan Printer"], time="1 hari kerja",
             output="Surat",
             actions=[go("terbitkan", lazy_gettext("Terbitkan Surat Izin Cuti"), to="unggah")]),
        Step(5, "unggah", "Mengupload surat izin cuti pada aplikasi si-Pecut BKD Kaltim",
             actor="pengelola_kepegawaian", inputs=["Aplikasi Komputer"], time="30 Menit", output="",
             actions=[selesai(lazy_gettext("Selesai: surat izin bertanda tangan telah diunggah"), code="unggah")]),
    ],
)

SOPS = [SOP_13]
