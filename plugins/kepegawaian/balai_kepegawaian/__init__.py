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
    return items


@hookimpl
def page_routes():
    from balai_kepegawaian import aturan_pages, cuti_pages, pegawai_pages

    return pegawai_pages.routes() + cuti_pages.routes() + aturan_pages.routes()


@hookimpl
def api_routes():
    from balai_kepegawaian import api_cuti, api_pegawai

    return api_pegawai.routes() + api_cuti.routes()


@hookimpl
def cli_commands(subparsers):
    from balai_kepegawaian import impor

    impor.add_commands(subparsers)


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
    from balai_kepegawaian import koreksi, sop

    return [koreksi.SOP_KOREKSI, *sop.SOPS]


@hookimpl
def validate_action(case, task, action, data):
    from balai_kepegawaian import kait

    return kait.periksa_aksi(case, task, action, data)


@hookimpl
def step_completed(case, step, task, action, data):
    from balai_kepegawaian import kait, koreksi

    if case["sop"] == koreksi.KOREKSI:
        return koreksi.selesai_langkah(case, step, task, action)
    return kait.selesai_langkah(case, step, task, action, data)


@hookimpl
def task_panel(case, task, request):
    from balai_kepegawaian import kait, koreksi

    if case["sop"] == koreksi.KOREKSI:
        return koreksi.panel(case, task, request)
    return kait.panel(case, task, request)
