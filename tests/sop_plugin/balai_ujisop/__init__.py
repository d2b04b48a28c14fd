"""Uji SOP: small SOPs for the workflow tests, declared only through balai.api."""

from __future__ import annotations

from pathlib import Path

from balai.api import (
    CASE_OPENED, PUBLIC, SOP, Clock, CountingRule, Extension, HandoverTarget, MenuItem, Permission, PersonalData, PluginMeta,
    Role, SOPHeader, Step, acted, disposisi, ditolak, go, hasil_eksternal, hookimpl, kirim_eksternal, lazy_gettext, perbaiki, selesai,
)

HERE = Path(__file__).parent
META = PluginMeta(name="ujisop", version="0.1.0", label="Uji SOP", core=">=0.1,<0.2")

# What the step hooks saw, so that tests can assert on it (reset by the tests).
SEEN: list[tuple] = []

HEADER = SOPHeader(nomor="UJI/001/2026", disahkan_oleh="Kepala Dinas (uji)")


def sederhana() -> SOP:
    return SOP(
        code="ujisop.sederhana", name="Permohonan Uji", header=HEADER, reference_prefix="UJI",
        start_permission="ujisop.ajukan",
        steps=[
            Step(1, "ajukan", "Menyusun permohonan", actor="ujisop_pemohon", time="1 hari kerja",
                 output="Permohonan", actions=[go("kirim", "Kirim ke pemeriksa", to="periksa")]),
            Step(2, "periksa", "Memeriksa permohonan", actor="ujisop_pemeriksa", time="2 jam",
                 output="Persetujuan", actions=[selesai("Setujui"), perbaiki(to="ajukan"), ditolak()]),
        ],
    )


def berjenjang() -> SOP:
    return SOP(
        code="ujisop.disposisi", name="Disposisi Uji", header=HEADER, reference_prefix="DSP",
        start_permission="ujisop.ajukan",
        steps=[
            Step(1, "terima", "Menerima surat", actor="ujisop_pemohon", time="5 menit",
                 actions=[go("kirim", "Kirim", to="verifikasi")]),
            Step(2, "verifikasi", "Paraf verifikasi", actor="ujisop_pemeriksa", time="3 menit",
                 skip_if=lambda case: bool(case["data"].get("segera")),
                 actions=[go("paraf", "Paraf", to="sebar")]),
            Step(3, "sebar", "Mendisposisikan surat", actor="ujisop_pemeriksa", time="5 menit",
                 actions=[disposisi(to="tindak")]),
            Step(4, "tindak", "Menindaklanjuti disposisi", actor="kepala_bidang", assign="recipient",
                 time="1 hari kerja",
                 actions=[disposisi(to="kerjakan", label="Disposisi ke staf"), go("lapor", "Laporkan", to="rekap")]),
            Step(5, "kerjakan", "Mengerjakan", actor="staf", assign="recipient", time="1 hari kerja",
                 actions=[go("lapor", "Laporkan", to="rekap")]),
            Step(6, "rekap", "Merekap hasil", actor="ujisop_pemohon", time="1 jam", actions=[selesai()]),
        ],
    )


def eksternal() -> SOP:
    return SOP(
        code="ujisop.eksternal", name="Pengajuan Uji ke Sistem Luar", header=HEADER, reference_prefix="EXT",
        start_permission="ujisop.ajukan",
        steps=[
            Step(1, "siapkan", "Menyiapkan berkas", actor="ujisop_pemohon", time="1 hari kerja",
                 actions=[go("kirim", "Siap diajukan", to="ajukan")]),
            Step(2, "ajukan", "Mengajukan ke si-Uji", actor="ujisop_pemohon", external="si-Uji", time="1 minggu",
                 actions=[kirim_eksternal("si-Uji"),
                          hasil_eksternal(to="serahkan", code="disetujui", label="Disetujui", outcome="disetujui"),
                          hasil_eksternal(to=None, code="ditolak_luar", label="Ditolak", outcome="ditolak")]),
            Step(3, "serahkan", "Menyerahkan SK", actor="ujisop_pemohon", time="30 menit", actions=[selesai()]),
        ],
    )


def publik() -> SOP:
    """Started by a citizen without an account: the first step is done outside, on a public page."""
    return SOP(
        code="ujisop.publik", name="Pengaduan Uji", header=HEADER, reference_prefix="ADU", started_by=PUBLIC,
        steps=[
            Step(1, "isi", "Mengisi formulir pengaduan", actor="Masyarakat", outside=True, time="15 menit",
                 actions=[go("kirim", "Kirim", to="tanggapi")]),
            Step(2, "tanggapi", "Menanggapi pengaduan", actor="ujisop_pemeriksa", time="2 hari kerja",
                 actions=[selesai("Tanggapi")]),
        ],
    )


def informasi() -> SOP:
    """Shaped like a public-information request (UU 14/2008): answered within 10 working days,
    extendable once by 7 with written reasons, the clock paused while the request is back with
    the requester to complete; its completeness checked within 3 working days."""
    return SOP(
        code="ujisop.informasi", name="Permintaan Informasi Uji", header=HEADER, reference_prefix="INF",
        start_permission="ujisop.ajukan",
        clocks=[
            Clock("jawab", "Jawaban permintaan informasi", 10, starts_on=CASE_OPENED, stops_on=acted("jawab"),
                  extension=Extension(times=1, length=7), pauses_on=acted("kembalikan"), resumes_on=acted("lengkapi"),
                  rule="ujisop.informasi"),
            Clock("periksa", "Pemeriksaan kelengkapan", 3, starts_on=CASE_OPENED,
                  stops_on=(acted("lengkap"), acted("kembalikan")), rule="ujisop.informasi"),
        ],
        steps=[
            Step(1, "periksa", "Memeriksa kelengkapan permintaan", actor="ujisop_pemeriksa", time="1 hari kerja",
                 actions=[go("lengkap", "Lengkap", to="jawab"),
                          go("kembalikan", "Kembalikan ke pemohon", to="lengkapi")]),
            Step(2, "lengkapi", "Melengkapi permintaan", actor="ujisop_pemohon", time="5 hari kerja",
                 actions=[go("lengkapi", "Permintaan dilengkapi", to="periksa")]),
            Step(3, "jawab", "Menjawab permintaan informasi", actor="ujisop_pemeriksa", time="10 hari kerja",
                 actions=[selesai("Jawab", code="jawab"), ditolak()]),
        ],
    )


@hookimpl
def sop_definitions():
    from balai_ujisop.rahasia import rahasia

    from balai_ujisop.aduan import aduan

    from balai_ujisop.atasan import atasan, dua_atasan

    return [sederhana(), berjenjang(), eksternal(), publik(), informasi(), rahasia(), aduan(), atasan(), dua_atasan()]


@hookimpl
def public_forms():
    from balai_ujisop.aduan import form, lapor, saran

    return [form(), saran(), lapor()]


@hookimpl
def handover_targets():
    # A complaint that is really a request for information becomes one, with its own legal clock.
    return [HandoverTarget("ujisop.informasi", accepts=("ujisop.aduan", "ujisop.sederhana"),
                           label="Teruskan sebagai permintaan informasi uji")]


@hookimpl
def personal_data():
    # A complainant's identity: their NIK in the case's data, the scan of their KTP kept 30 days after
    # the complaint is closed.
    return [PersonalData("ujisop.pengadu", "Identitas pengadu uji", fields=("nama", "nik", "telepon", "alamat"),
                         document_kinds=("ujisop.ktp",), retention_days=30, sops=("ujisop.aduan",), nik_field="nik")]


@hookimpl
def counting_rules():
    # Like a public-information deadline: cuti bersama is not a working day unless the agency says so.
    return [CountingRule("ujisop.informasi", "Permintaan informasi uji", cuti_bersama_libur=True)]


@hookimpl
def permissions():
    return [Permission("ujisop.ajukan", lazy_gettext("Mengajukan permohonan uji")),
            Permission("ujisop.telaah", lazy_gettext("Membaca laporan rahasia uji")),
            Permission("ujisop.loket", lazy_gettext("Mencatat aduan uji di loket"))]


@hookimpl
def roles():
    return [
        Role("ujisop_pemohon", "Pemohon Uji", permissions=["ujisop.ajukan"], demo_unit="umum"),
        Role("ujisop_pemeriksa", "Pemeriksa Uji", permissions=["ujisop.loket"], demo_unit="sekretariat"),
        Role("ujisop_telaah", "Tim Telaah Uji", permissions=["ujisop.telaah"], demo_unit="sekretariat"),
    ]


@hookimpl
def menu_items(user):
    return [MenuItem("Permohonan Uji", "/ujisop/baru", permission="ujisop.ajukan", order=70)]


@hookimpl
def template_dirs():
    return [HERE / "templates"]


@hookimpl
def page_routes():
    from balai_ujisop.pages import routes

    return routes()


@hookimpl
def validate_action(case, task, action, data):
    SEEN.append(("validate_action", case["reference"], task["step"], action.code))
    if case["sop"] == "ujisop.sederhana" and action.code == "kirim" and case["data"].get("wajib_lampiran") \
            and not data.get("lampiran"):
        return ["Lampiran wajib diunggah sebelum dikirim."]
    return []


@hookimpl
def step_entered(case, step, task):
    SEEN.append(("step_entered", case["reference"], step.code, task["id"]))


@hookimpl
def step_completed(case, step, task, action, data):
    SEEN.append(("step_completed", case["reference"], step.code, action.code, task["state"]))


@hookimpl
def task_panel(case, task):
    if not case["sop"].startswith("ujisop."):
        return None
    from markupsafe import Markup, escape

    return Markup('<div data-testid="ujisop-panel">Panel uji untuk {}</div>').format(escape(case["subject"]))
