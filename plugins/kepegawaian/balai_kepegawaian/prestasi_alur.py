"""SOP 10, ASN Berprestasi, as code, and its workflow hooks.

The sheet (``seeds/sop-sekretariat-dp2kukm-kaltim.txt``, 067/366-9/SEK.UM/DP2KUKM) has four rows; texts,
inputs, times and outputs are copied from it. Where Balai does what the sheet does on paper:

- Row 1: the month's case opens (the schedule, or the Kasubag Umum's page) in the Kasubag Umum's inbox;
  "Form siap" copies the criteria in force that day into the month (a later change of the criteria
  never alters a month already drafted).
- Row 2: the Pengelola Kepegawaian sends the form to each Eselon III unit as a disposisi (one task per
  unit, its head receiving it); the receipt is the task in each head's inbox.
- Row 3 is three things done by three people, so three steps numbered 3, each with the row's week: the
  heads score (each only their own unit's people, never themselves), the Pengelola's recap proposes the
  first of the ranking (or sends the form round the heads again), the Kepala Dinas approves or refuses
  (Ditolak: back to the recap, with the reason).
- Row 4: the Pengelola issues the SK (numbered, with the letterhead); the Kepala Dinas signs it (the
  signed version names whoever signed, a Plh included) and the month is settled.

The hooks keep the month's row (``PrestasiPeriode``) in step with the case inside the engine's
transaction: a refused action leaves both as they were.
"""

from __future__ import annotations

from datetime import date

from balai.api import (
    LOGIN, SOP, SYSTEM, ActionError, Grant, Job, MenuItem, Permission, RenderError, SOPHeader, Step, _, disposisi, go,
    lazy_gettext, may_work_on, perbaiki, render_fragment, selesai, today,
)

from balai_kepegawaian import pegawai as pg
from balai_kepegawaian import prestasi as ps
from balai_kepegawaian.tables import PrestasiPeriode

HEADER_10 = SOPHeader(
    nomor="067/366-9/SEK.UM/DP2KUKM",
    tanggal_pembuatan=date(2023, 11, 8),
    tanggal_revisi=date(2023, 12, 4),
    tanggal_efektif=date(2023, 12, 11),
    disahkan_oleh="Heni Purwaningsih, S. Si., M. Si",
    disahkan_nip="19730314 199803 2 009",
    disahkan_jabatan="Kepala Dinas",
    unit="Sub Bagian Umum",
    dasar_hukum=(
        "Undang –Undang Nomor 20 Tahun 2023 Tentang Aparatur Sipil Negara",
        "Pergub Kalimantan Timur No. 70 Tahun 2019 tentang Pedoman Pemberian Penghargaan kepada PNS Berprestasi",
    ),
    # The sheet numbers two qualification lines and leaves them empty; of Keterkaitan it fills two of five.
    keterkaitan=("SOP Surat Keluar-Masuk", "SOP SKP"),
    peralatan=("Komputer", "Printer", "ATK", "Jaringan Internet", "Telpon/Whataspp"),
    # As printed: the sheet repeats SOP 11's warning.
    peringatan=("Jika SOP tidak dilaksanakan, PNS tidak mendapat Hak Kenaikan Gaji Berkala",),
    pencatatan=("Disimpan sebagai data elektronik dan manual",),
)

_BARIS_3 = ("Pejabat Eselon III melakukan penilaian kinerja bawahannya, dan menyerahkan hasil penilaian kepada "
            "pengelola kepegawaian untuk direkap dan disetujui oleh kepala dinas")
_BARIS_4 = "Membuat SK penetapan pegawai berprestasi"

SOP_10 = SOP(
    code=ps.PRESTASI,
    name="ASN Berprestasi",
    header=HEADER_10,
    reference_prefix="PRESTASI",
    view_permission=ps.KELOLA,
    # Opened by the monthly schedule or by the Kasubag Umum's page (which checks its own permission),
    # never by the core's API: the month's row and its case are written together.
    started_by=SYSTEM,
    lanes=("pns", "pengelola_kepegawaian", "kasubag_umum", "kepala_bidang", "sekretaris", "kepala_dinas"),
    steps=[
        Step(1, "susun", "Membuat draft form penilaian ASN Berprestasi Bulanan", actor="kasubag_umum",
             inputs=["Komputer"], time="1 hari kerja", output="Data",
             actions=[go("siapkan", lazy_gettext("Form siap: serahkan ke Pengelola Kepegawaian"), to="edarkan")]),
        # The disposisi is done from the panel, which names the Eselon III units and their heads.
        Step(2, "edarkan", "Mengedarkan form penilaian kepada Pejabat Eselon III masing-masing Bidang/UPTD",
             actor="pengelola_kepegawaian", inputs=["Komputer"], time="1 Jam", output="Tanda Terima",
             actions=[disposisi("nilai", lazy_gettext("Edarkan ke Pejabat Eselon III"), code="edarkan",
                                button=False)]),
        Step(3, "nilai", _BARIS_3, actor=ps.PERAN_PENILAI, assign="recipient", inputs=["Komputer"], time="1 Minggu",
             output="Data", note="Penilaian oleh Pejabat Eselon III",
             actions=[go("kirim", lazy_gettext("Kirim hasil penilaian"), to="rekap", button=False)]),
        Step(3, "rekap", _BARIS_3, actor="pengelola_kepegawaian", inputs=["Komputer"], time="1 Minggu", output="Data",
             note="Rekap oleh Pengelola Kepegawaian",
             actions=[go("ajukan", lazy_gettext("Ajukan ke Kepala Dinas"), to="putusan", button=False),
                      # A score to be looked at again: the form goes round the heads once more.
                      perbaiki(to="edarkan", label=lazy_gettext("Kembalikan ke para penilai"))]),
        Step(3, "putusan", _BARIS_3, actor="kepala_dinas", inputs=["Komputer"], time="1 Minggu", output="Data",
             note="Disetujui / Ditolak",
             actions=[go("setujui", lazy_gettext("Setujui"), to="sk"),
                      perbaiki(to="rekap", label=lazy_gettext("Tolak: rekap diperbaiki"))]),
        Step(4, "sk", _BARIS_4, actor="pengelola_kepegawaian", inputs=["Komputer"], time="1 Minggu", output="SK",
             actions=[go("terbitkan", lazy_gettext("Terbitkan SK"), to="tandatangani")]),
        Step(4, "tandatangani", _BARIS_4, actor="kepala_dinas", inputs=["Komputer"], time="1 Minggu", output="SK",
             note="Penandatanganan SK",
             actions=[selesai(lazy_gettext("Tandatangani SK"), code="tandatangani")]),
    ],
)


def milik(case: dict) -> bool:
    return case.get("sop") == ps.PRESTASI


async def _periode(case: dict) -> dict | None:
    return await ps.periode(case.get("record_id")) if case.get("record_id") else None


# --- hooks ------------------------------------------------------------------------------------------------

async def periksa_aksi(case: dict, task: dict, action, data: dict) -> list[str]:
    """validate_action: what must hold before each step is done (the API goes through here too)."""
    if not milik(case):
        return []
    row = await _periode(case)
    if row is None:
        return [_("Periode ASN berprestasi untuk kasus ini tidak ditemukan.")]
    if task["step"] == "nilai" and action.code == "kirim":
        missing = await ps.belum_dinilai(row, task["unit"])
        if missing:
            # No closing full stop: a name may end with a degree's ("S.E.").
            return [_("Belum dinilai lengkap: %(nama)s", nama="; ".join(missing))]
    if task["step"] == "rekap" and action.code == "ajukan":
        return await ps.periksa_usulan(row, str(data.get("terpilih") or ""), str(data.get("catatan") or ""))
    if task["step"] == "putusan" and action.code == "setujui" and not row["terpilih"]:
        return [_("Rekap belum mengusulkan pegawai.")]
    if task["step"] == "tandatangani" and await ps.sk_terbit(case["id"]) is None:
        return [_("SK belum diterbitkan.")]
    return []


async def selesai_langkah(case: dict, step, task: dict, action, data: dict) -> None:
    """step_completed: the month's row follows its case; the SK is issued and signed here."""
    if not milik(case):
        return
    row = await _periode(case)
    if row is None:
        return
    where = PrestasiPeriode.id == row["id"]
    try:
        if step.code == "susun":
            berlaku = await ps.kriteria_berlaku(today())
            await PrestasiPeriode.update({PrestasiPeriode.kriteria: berlaku["kriteria"]}).where(where)
        elif step.code == "rekap" and action.code != "ajukan":  # round the heads again
            await PrestasiPeriode.update({PrestasiPeriode.status: ps.PENILAIAN}).where(where)
        elif step.code == "rekap":
            await PrestasiPeriode.update({PrestasiPeriode.terpilih: int(data["terpilih"]),
                                          PrestasiPeriode.catatan: str(data.get("catatan") or "")[:2000],
                                          PrestasiPeriode.status: ps.REKAP}).where(where)
        elif step.code == "putusan":
            status = ps.DISETUJUI if action.code == "setujui" else ps.DITOLAK
            await PrestasiPeriode.update({PrestasiPeriode.status: status}).where(where)
        elif step.code == "sk":
            await ps.terbitkan_sk(await ps.periode(row["id"]), case, user=task["closed_by"],
                                  unit_id=await _unit_pengelola(task))
        elif step.code == "tandatangani":
            await ps.tandatangani_sk(await ps.periode(row["id"]), case, user=task["closed_by"],
                                     unit_id=await _unit_pengelola(task))
    except RenderError as exc:  # the agency's template is broken: refused, and the number given back
        raise ActionError(exc.message) from None


async def _unit_pengelola(task: dict) -> int:
    """The SK is numbered for the unit of the officer who prepares it (Sub Bagian Umum), not the Dinas
    where the Pengelola's role is held."""
    officer = await pg.milik(task["closed_by"]) if task.get("closed_by") else None
    return officer["unit_id"] if officer and officer["unit_id"] else task["unit"]


async def panel(case: dict, task: dict, request):
    """task_panel: the month on its task page, with the form of the step."""
    if not milik(case):
        return None
    row = await _periode(case)
    if row is None:
        return None
    from balai_kepegawaian import prestasi_pages

    return render_fragment(request, "kepegawaian/prestasi/_panel.html",
                           **await prestasi_pages.isi_panel(request, row, case, task))


async def tugas_saya(user, row: dict, step: str) -> dict | None:
    """The open task of ``step`` of the month that ``user`` may work on, or None."""
    mine = await may_work_on(user, await ps.tugas_terbuka(row, step))
    return mine[0] if mine else None


# What the plugin's hooks declare for SOP 10 (balai_kepegawaian/__init__.py hands them over).
SOPS = [SOP_10]
PERMISSIONS = [Permission(ps.BUKA, lazy_gettext("Membuka penilaian ASN berprestasi bulanan"))]
GRANTS = [Grant("kasubag_umum", [ps.BUKA])]  # row 1 is the Kasubag Umum's
MENU = MenuItem(lazy_gettext("ASN Berprestasi"), "/kepegawaian/prestasi", permission=LOGIN, order=54)
# Hourly: the month is opened on its first working day (a holiday on the 1st waits for the next one).
JOB = Job("prestasi_buka_bulanan", run=ps.jalankan_jadwal, every=3600)


def routes() -> list:
    from balai_kepegawaian import prestasi_pages

    return prestasi_pages.routes()
