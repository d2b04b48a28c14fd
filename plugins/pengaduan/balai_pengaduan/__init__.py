"""Pengaduan: the Whistle-Blowing System (SOP 2), confidential by construction on the core's
sealed content and citizens' submissions.

Written as an outside package would be: it imports from ``balai.api`` only (plus Litestar and
Piccolo) and is found through the ``balai`` entry-point group.
"""

from __future__ import annotations

from balai.api import LOGIN, Grant, Job, MenuItem, Permission, PluginMeta, Role, hookimpl, lazy_gettext

from balai_pengaduan.sop import KUSTODIAN, TELAAH, TERIMA, WBS
from balai_pengaduan.rekap_pages import REKAP
from balai_pengaduan.sp4n import SP4N, TANGGAPI

META = PluginMeta(
    name="pengaduan",
    label=lazy_gettext("Pengaduan"),
    description=lazy_gettext("Whistle-Blowing System (SOP 2) dan pengaduan masyarakat SP4N-LAPOR! (SOP 3)"),
    core=">=0.1,<0.2",
    author="Tim Balai",
)


@hookimpl
def piccolo_apps():
    return ["balai_pengaduan.piccolo_app"]


@hookimpl
def permissions():
    return [
        Permission(TERIMA, lazy_gettext("Menerima dan meneruskan laporan WBS (tanpa membaca isinya)")),
        Permission(TELAAH, lazy_gettext("Menelaah laporan WBS")),
        Permission(KUSTODIAN, lazy_gettext("Memutus permintaan membuka identitas pelapor WBS")),
        Permission(TANGGAPI, lazy_gettext("Menyiapkan tanggapan unit atas pengaduan SP4N-LAPOR!")),
        Permission(REKAP, lazy_gettext("Melihat dan mengunduh rekap bulanan pengaduan SP4N-LAPOR!")),
    ]


@hookimpl
def roles():
    return [
        Role("pengaduan_operator", lazy_gettext("Operator Pengaduan"), [TERIMA, REKAP],
             description=lazy_gettext("Menerima, meneruskan dan mengarsipkan laporan WBS"), demo_unit="umum"),
        Role("tim_telaah", lazy_gettext("Tim Telaah WBS"), [TELAAH],
             description=lazy_gettext("Menelaah laporan WBS dan berbicara dengan pelapor"), demo_unit="umum"),
        # Never a member of the Tim Telaah: the one who opens an identity is not the one who reads reports.
        Role("ppid_pelaksana_pengaduan", lazy_gettext("PPID Pelaksana Pengaduan"), [TANGGAPI],
             description=lazy_gettext("Menyiapkan tanggapan unit atas pengaduan SP4N-LAPOR!"), demo_unit="industri"),
        Role("kustodian_identitas", lazy_gettext("Kustodian Identitas"), [KUSTODIAN],
             description=lazy_gettext("Menyetujui atau menolak permintaan membuka identitas pelapor"),
             demo_unit="dinas"),
        # The monthly recap is the Sekretaris's (SOP 3's records); the Operator reads it too.
        Grant("sekretaris", [REKAP]),
    ]


@hookimpl
def menu_items(user):
    return [
        MenuItem(lazy_gettext("Laporan WBS"), "/pengaduan/wbs/", permission=TERIMA),
        MenuItem(lazy_gettext("Permintaan identitas"), "/pengaduan/identitas", permission=KUSTODIAN),
        MenuItem(lazy_gettext("Rekap pengaduan"), "/pengaduan/rekap", permission=REKAP),
    ]


@hookimpl
def page_routes():
    from balai_pengaduan.pages import ROUTES
    from balai_pengaduan.rekap_pages import ROUTES as REKAP_ROUTES
    from balai_pengaduan.sp4n_pages import tugas_sp4n
    return [*ROUTES, *REKAP_ROUTES, tugas_sp4n]


@hookimpl
def sop_definitions():
    from balai_pengaduan.sop import sop_wbs
    from balai_pengaduan.sp4n import sop_sp4n
    return [sop_wbs(), sop_sp4n()]


@hookimpl
def public_forms():
    from balai_pengaduan.sop import form_wbs
    from balai_pengaduan.sp4n import form_sp4n
    return [form_wbs(), form_sp4n()]


@hookimpl
async def validate_action(case, task, action, data):
    if case["sop"] != WBS:
        return None
    from balai_pengaduan import laporan
    return await laporan.cek_aksi(case, task, action)


@hookimpl
async def step_completed(case, step, task, action, data):
    if case["sop"] == WBS and step.code == "lapor":
        from balai_pengaduan import laporan
        await laporan.catat(case)
    elif case["sop"] == SP4N:
        from balai_pengaduan import aduan
        if step.code == "isi":
            await aduan.catat(case)
        elif action.outcome:  # an ending action: the complaint is closed
            await aduan.selesai(case["id"], action.code)


@hookimpl
async def step_entered(case, step, task):
    if case["sop"] == SP4N and step.code == "tanggapi":
        from balai_pengaduan import aduan
        await aduan.ke_unit(case["id"], task["unit"])


@hookimpl
def scheduled_jobs():
    from balai_pengaduan import aduan
    # Every 15 minutes: the 10-working-day silence ends at the office's closing time, and a reply
    # from the reporter should reach the Operator the same morning.
    return [Job("sp4n_tutup_atau_buka", aduan.tutup_atau_buka, every=900),
            Job("sp4n_eskalasi_unit", aduan.eskalasi, every=900)]


@hookimpl
async def task_panel(case, task, request):
    if case["sop"] == SP4N:
        from balai_pengaduan.sp4n_pages import panel as panel_sp4n
        return await panel_sp4n(case, task, request)
    if case["sop"] != WBS:
        return None
    from balai_pengaduan.pages import panel
    return await panel(case, task, request)


@hookimpl
def sealed_columns():
    from balai_pengaduan.tables import Identitas, Laporan, PermintaanIdentitas
    return [Laporan.rahasia, Identitas.isi, PermintaanIdentitas.alasan, PermintaanIdentitas.catatan]


@hookimpl
async def demo_data(units):
    from balai_pengaduan.demo import isi_demo
    await isi_demo(units)
