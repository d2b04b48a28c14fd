"""Kepegawaian: the personnel file, the personal document archive and leave (SOP 13).

Written as an outside package would be: it imports from ``balai.api`` only (plus Litestar, Piccolo,
openpyxl and xlsxwriter) and is found through the ``balai`` entry-point group. Each hook hands over
to the module of its area: ``pegawai`` (the personnel file), ``arsip`` (documents), ``impor``
(roster import and export), ``cuti`` (leave and its ledger).
"""

from __future__ import annotations

from balai.api import LOGIN, MenuItem, Permission, PluginMeta, Role, hookimpl, lazy_gettext

META = PluginMeta(
    name="kepegawaian",
    label=lazy_gettext("Kepegawaian"),
    description=lazy_gettext("Data pegawai, arsip dokumen pribadi dan cuti PNS (SOP 13)"),
    core=">=0.1,<0.2",
    author="Tim Balai",
)

KELOLA = "kepegawaian.kelola"  # the Pengelola Kepegawaian: edits files, applies for others, prints permits
REKAP_CUTI = "kepegawaian.rekap_cuti"  # Subbag Keuangan: leave per month, for the TPP allowance
ATURAN = "kepegawaian.aturan"  # changes the leave rules' numbers (versioned by date)


@hookimpl
def piccolo_apps():
    return ["balai_kepegawaian.piccolo_app"]


@hookimpl
def demo_data(units):
    from balai_kepegawaian import demo

    return demo.seed(units)


@hookimpl
def counting_rules():
    from balai_kepegawaian.aturan import HITUNG_CUTI

    return [HITUNG_CUTI]


@hookimpl
def permissions():
    return [
        Permission(KELOLA, lazy_gettext("Mengelola data pegawai dan cuti")),
        Permission(REKAP_CUTI, lazy_gettext("Melihat dan mengunduh rekap cuti untuk TPP")),
        Permission(ATURAN, lazy_gettext("Mengatur ketentuan cuti")),
        *_prestasi().PERMISSIONS,  # SOP 10
    ]


@hookimpl
def roles():
    # The Pengelola Kepegawaian keeps the files of the whole Dinas, so the role is held at the Dinas
    # (its scope covers every unit below).
    return [
        Role("pengelola_kepegawaian", lazy_gettext("Pengelola Kepegawaian"), [KELOLA, REKAP_CUTI, ATURAN],
             description=lazy_gettext("Mengelola data pegawai, arsip dokumen dan cuti"), demo_unit="dinas"),
        Role("pengelola_keuangan", lazy_gettext("Pengelola Keuangan"), [REKAP_CUTI],
             description=lazy_gettext("Menghitung TPP dari rekap cuti"), demo_unit="dinas"),
        # SOP 13's swimlane of the applicant: its steps go to the requester in person, so nobody needs
        # to hold it; it grants nothing.
        Role("pns", lazy_gettext("PNS"), [], description=lazy_gettext("Pegawai yang mengajukan cuti (SOP 13)"),
             demo_unit="industri"),
        *_prestasi().GRANTS,  # SOP 10
    ]


@hookimpl
def menu_items(user):
    items = [
        MenuItem(lazy_gettext("Data Saya"), "/kepegawaian/saya", permission=LOGIN, order=50),
        MenuItem(lazy_gettext("Cuti"), "/kepegawaian/cuti", permission=LOGIN, order=51),
    ]
    # The list is the Pengelola's and the unit heads' (by a kepala_* role or a head position).
    if user.can(KELOLA) or user.head_of or any(role.startswith("kepala_") for role, _unit in user.roles):
        items.append(MenuItem(lazy_gettext("Pegawai"), "/kepegawaian/pegawai", permission=LOGIN, order=52))
    items.append(MenuItem(lazy_gettext("Ketentuan Cuti"), "/kepegawaian/cuti/aturan", permission=ATURAN, order=86))
    items.append(MenuItem(lazy_gettext("Jadwal Kepegawaian"), "/kepegawaian/jadwal", permission=KELOLA, order=53))
    items.append(_prestasi().MENU)  # SOP 10
    return items


@hookimpl
def page_routes():
    from balai_kepegawaian import aturan_pages, cuti_pages, pegawai_pages, usulan_pages

    return pegawai_pages.routes() + cuti_pages.routes() + aturan_pages.routes() + usulan_pages.routes() + _prestasi().routes()  # SOP 10


@hookimpl
def api_routes():
    from balai_kepegawaian import api_cuti, api_pegawai, api_usulan

    return api_pegawai.routes() + api_cuti.routes() + api_usulan.routes()


@hookimpl
def cli_commands(subparsers):
    from balai_kepegawaian import gaji, impor

    impor.add_commands(subparsers)
    gaji.add_commands(subparsers)


@hookimpl
def can_access_document(user, owner_type, owner_id, action):
    from balai_kepegawaian import arsip

    return arsip.akses_dokumen(user, owner_type, owner_id, action)


@hookimpl
def personal_data():
    from balai_kepegawaian import pegawai

    return pegawai.data_pribadi()


@hookimpl
def sop_definitions():
    from balai_kepegawaian import kgb, koreksi, kp, pensiun, sop

    return [koreksi.SOP_KOREKSI, *sop.SOPS, kgb.SOP_11, kp.SOP_14, pensiun.SOP_12, *_prestasi().SOPS]  # SOP 10


@hookimpl
def validate_action(case, task, action, data):
    from balai_kepegawaian import kait, usulan_alur

    if usulan_alur.milik(case):  # SOP 11, 14, 12
        return usulan_alur.periksa_aksi(case, task, action, data)
    if _prestasi().milik(case):  # SOP 10
        return _prestasi().periksa_aksi(case, task, action, data)
    return kait.periksa_aksi(case, task, action, data)


@hookimpl
def step_completed(case, step, task, action, data):
    from balai_kepegawaian import kait, koreksi, usulan_alur

    if case["sop"] == koreksi.KOREKSI:
        return koreksi.selesai_langkah(case, step, task, action)
    if usulan_alur.milik(case):  # SOP 11, 14, 12
        return usulan_alur.selesai_langkah(case, step, task, action, data)
    if _prestasi().milik(case):  # SOP 10
        return _prestasi().selesai_langkah(case, step, task, action, data)
    return kait.selesai_langkah(case, step, task, action, data)


@hookimpl
def task_panel(case, task, request):
    from balai_kepegawaian import kait, koreksi, usulan_alur

    if case["sop"] == koreksi.KOREKSI:
        return koreksi.panel(case, task, request)
    if usulan_alur.milik(case):  # SOP 11, 14, 12
        return usulan_alur.panel(case, task, request)
    if _prestasi().milik(case):  # SOP 10
        return _prestasi().panel(case, task, request)
    return kait.panel(case, task, request)


@hookimpl
def scheduled_jobs():
    from balai_kepegawaian import jadwal

    # SOP 10: each month opened once; SOP 11, 14, 12: each raise, promotion and pension on time
    return [_prestasi().JOB, jadwal.JOB]


def _prestasi():
    """SOP 10, ASN berprestasi (its declarations and hooks), imported when a hook first asks."""
    from balai_kepegawaian import prestasi_alur

    return prestasi_alur
