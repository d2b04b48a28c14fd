"""Layanan: the one-stop front desk (SOP 9) and the satisfaction survey (SOP 1).

Everything Balai needs to know about the plugin is declared here through hooks; the plugin
imports from ``balai.api`` only (plus Litestar, Piccolo, segno, fpdf2 and xlsxwriter).
"""

from __future__ import annotations

from balai.api import MenuItem, Permission, PluginMeta, Role, hookimpl, lazy_gettext

META = PluginMeta(
    name="layanan",
    label=lazy_gettext("Layanan Satu Pintu dan SKM"),
    description=lazy_gettext("E-tamu, anjungan tamu, buku tamu, dan Survei Kepuasan Masyarakat (IKM)"),
    core=">=0.1,<0.2",
    author="Tim Balai",
)

SERVE = "layanan.serve"
KIOSK = "layanan.kiosk"
SURVEY = "layanan.survey"
IKM = "layanan.ikm"
PUBLISH = "layanan.publish"


@hookimpl
def piccolo_apps():
    return ["balai_layanan.piccolo_app"]


@hookimpl
def page_routes():
    from balai_layanan.pages import routes

    return routes()


@hookimpl
def api_routes():
    from balai_layanan import api

    return api.routes()


@hookimpl
def permissions():
    return [
        Permission(SERVE, lazy_gettext("Melayani tamu: antrian, pelayanan, buku tamu")),
        Permission(KIOSK, lazy_gettext("Membuka (masuk-kan) anjungan tamu")),
        Permission(SURVEY, lazy_gettext("Menerbitkan tautan Survei Kepuasan Masyarakat untuk suatu layanan")),
        Permission(IKM, lazy_gettext("Melihat hasil SKM, menyusun laporan IKM dan tindak lanjut saran")),
        Permission(PUBLISH, lazy_gettext("Menerbitkan IKM per periode ke halaman publik")),
    ]


@hookimpl
def roles():
    return [
        Role("petugas_layanan", lazy_gettext("Petugas Layanan"), permissions=[SERVE, KIOSK, SURVEY],
             description=lazy_gettext("Melayani tamu di unitnya dan menerbitkan tautan SKM"), demo_unit="umum"),
        Role("kehumasan", lazy_gettext("Kehumasan (Staf Humas)"), permissions=[IKM, PUBLISH, SURVEY],
             description=lazy_gettext("Menerima hasil SKM, menyusun laporan IKM per semester"), demo_unit="umum"),
    ]


@hookimpl
def menu_items(user):
    return [
        MenuItem(lazy_gettext("Antrian Tamu"), "/layanan/antrian", permission=SERVE, order=40),
        MenuItem(lazy_gettext("Buku Tamu"), "/layanan/bukutamu", permission=SERVE, order=41),
        MenuItem(lazy_gettext("Survei Layanan"), "/layanan/survei-layanan", permission=SURVEY, order=42),
        MenuItem(lazy_gettext("IKM"), "/layanan/ikm", permission=IKM, order=43),
    ]


@hookimpl
def dashboard_widgets(user):
    from balai_layanan import widgets

    return widgets.for_user(user)


@hookimpl
def sop_definitions():
    from balai_layanan.sop import sop_satu_pintu, sop_skm

    return [sop_skm(), sop_satu_pintu()]


@hookimpl
def task_panel(case, task):
    from balai_layanan.tindak_lanjut import panel

    return panel(case, task)


@hookimpl
def demo_data(units):
    from balai_layanan import demo

    return demo.seed(units)

