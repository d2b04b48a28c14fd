"""Persuratan: incoming letters with their disposition (SOP 15) and outgoing letters (SOP 16).

Written as an outside package would be: it imports from ``balai.api`` only (plus Litestar,
Piccolo, fpdf2 and xlsxwriter) and is found through the ``balai`` entry-point group.
"""

from __future__ import annotations

from balai.api import LOGIN, MenuItem, Permission, PluginMeta, Role, Widget, hookimpl, lazy_gettext

META = PluginMeta(
    name="persuratan",
    label=lazy_gettext("Persuratan"),
    description=lazy_gettext("Surat masuk, disposisi, surat keluar dan penomoran (SOP 15 dan 16)"),
    core=">=0.1,<0.2",
    author="Tim Balai",
)

CATAT = "persuratan.catat_masuk"
LIHAT = "persuratan.lihat"
PENOMORAN = "persuratan.penomoran"
KIRIM = "persuratan.kirim"
ARSIP = "persuratan.arsip"
ATUR = "persuratan.atur"


@hookimpl
def piccolo_apps():
    return ["balai_persuratan.piccolo_app"]


@hookimpl
def permissions():
    return [
        Permission(CATAT, lazy_gettext("Mencatat surat masuk")),
        Permission(LIHAT, lazy_gettext("Melihat surat dan buku agenda unit")),
        Permission(PENOMORAN, lazy_gettext("Memberi nomor surat keluar")),
        Permission(KIRIM, lazy_gettext("Mengantar surat keluar dan mencatat tanda terima")),
        Permission(ARSIP, lazy_gettext("Mengarsipkan surat")),
        Permission(ATUR, lazy_gettext("Mengatur kode klasifikasi dan format nomor surat")),
    ]


@hookimpl
def roles():
    # The Pengelola Surat Bagian Umum handles the mail of the whole Dinas and distributes it to every
    # unit, so the role is held at the Dinas (its scope covers every unit below).
    return [
        Role("pengelola_surat_umum", lazy_gettext("Pengelola Surat Bagian Umum"), [CATAT, LIHAT, PENOMORAN],
             description=lazy_gettext("Mencatat surat masuk, mendistribusikan, memberi nomor surat keluar"),
             demo_unit="dinas"),
        Role("pengelola_surat_bidang", lazy_gettext("Pengelola Surat dan Arsip Bidang/UPTD"), [LIHAT, ARSIP],
             description=lazy_gettext("Mencatat surat di agenda unit dan mengarsipkan"), demo_unit="industri"),
        Role("caraka", lazy_gettext("Caraka"), [KIRIM],
             description=lazy_gettext("Mengantar surat keluar"), demo_unit="umum"),
        # The Arsiparis keeps the archive of the whole Dinas: held at the Dinas, every filed letter is theirs.
        Role("arsiparis", lazy_gettext("Arsiparis"), [LIHAT, ARSIP, ATUR],
             description=lazy_gettext("Mengelola arsip dan kode klasifikasi"), demo_unit="dinas"),
    ]


@hookimpl
def menu_items(user):
    return [
        MenuItem(lazy_gettext("Surat Masuk"), "/persuratan/agenda/masuk", permission=LOGIN, order=30),
        MenuItem(lazy_gettext("Surat Keluar"), "/persuratan/agenda/keluar", permission=LOGIN, order=31),
        MenuItem(lazy_gettext("Pengaturan Surat"), "/persuratan/atur", permission=ATUR, order=85),
    ]


@hookimpl
def dashboard_widgets(user):
    from balai_persuratan import widget

    return [Widget(lazy_gettext("Persuratan"), "persuratan/widget.html", context=lambda: widget.isi(user),
                   order=15)]


@hookimpl
def page_routes():
    from balai_persuratan import pages

    return pages.routes()


@hookimpl
def api_routes():
    from balai_persuratan import api

    return api.routes()


@hookimpl
def sop_definitions():
    from balai_persuratan.sop import SOPS

    return SOPS


@hookimpl
def validate_action(case, task, action, data):
    from balai_persuratan import kait

    return kait.periksa_aksi(case, task, action, data)


@hookimpl
def step_completed(case, step, task, action, data):
    from balai_persuratan import kait

    return kait.selesai_langkah(case, step, task, action, data)


@hookimpl
def task_panel(case, task, request):
    from balai_persuratan import kait

    return kait.panel(case, task, request)


@hookimpl
def can_access_document(user, owner_type, owner_id, action):
    from balai_persuratan import akses

    return akses.dokumen(user, owner_type, owner_id, action)


@hookimpl
def allocate_number(request):
    from balai_persuratan import penomoran

    return penomoran.untuk_inti(request)


@hookimpl
def demo_data(units):
    from balai_persuratan import demo

    return demo.seed(units)
