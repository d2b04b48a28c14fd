"""Pengumuman: office announcements, an example of a third-party Balai plugin.

Everything Balai needs to know about the plugin is declared here, through hooks; the plugin
imports from ``balai.api`` only (plus Piccolo and Litestar).
"""

from __future__ import annotations

from balai.api import LOGIN, MenuItem, Permission, PluginMeta, Role, Widget, hookimpl, lazy_gettext

META = PluginMeta(
    name="pengumuman",
    label=lazy_gettext("Pengumuman"),
    description=lazy_gettext("Pengumuman kantor untuk seluruh pegawai"),
    core=">=0.1,<0.2",
    author="Tim Balai",
)


@hookimpl
def piccolo_apps():
    return ["balai_pengumuman.piccolo_app"]


@hookimpl
def page_routes():
    from balai_pengumuman import pages

    return pages.routes()


@hookimpl
def api_routes():
    from balai_pengumuman import api

    return api.routes()


@hookimpl
def permissions():
    return [Permission("pengumuman.publish", lazy_gettext("Menerbitkan pengumuman"))]


@hookimpl
def roles():
    return [
        Role(
            "humas_pengumuman",
            lazy_gettext("Pengelola Pengumuman (Humas)"),
            permissions=["pengumuman.publish"],
            description=lazy_gettext("Menulis dan menerbitkan pengumuman kantor"),
            demo_unit="umum",
        )
    ]


@hookimpl
def menu_items(user):
    return [MenuItem(lazy_gettext("Pengumuman"), "/pengumuman/", permission=LOGIN, order=80)]


@hookimpl
def dashboard_widgets(user):
    from balai_pengumuman import store

    async def context():
        return {"announcements": await store.latest(limit=3)}

    return [Widget(lazy_gettext("Pengumuman terbaru"), "pengumuman/widget.html", context=context, order=20)]


@hookimpl
def cli_commands(subparsers):
    from balai_pengumuman import cli

    cli.add_commands(subparsers)


@hookimpl
def demo_data(units):
    from balai_pengumuman import demo

    return demo.seed()
