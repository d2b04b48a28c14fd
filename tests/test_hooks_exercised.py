"""One test per hook of the plugin contract (the meta-test in test_hook_docs.py looks for them).

Most use the example plugin ``balai-pengumuman`` exactly as installed; a few use small fake
plugins where a hook's rule is the core's (menu entries filtered by permission, startup).
The workflow and documents hooks are tested next to their services.
"""

from __future__ import annotations

import types
from dataclasses import replace

from balai import i18n
from balai.api import CurrentUser, MenuItem, Widget
from balai.plugins import load_host
from balai.web.app import create_app, navigation
from balai.testing import fake_plugin, install


def _staf() -> CurrentUser:
    return CurrentUser(id=0, username="x", full_name="X", grants={"arsip.lihat": frozenset({1})})


async def test_hook_piccolo_apps(app, demo):
    from balai.piccolo_conf import APP_REGISTRY
    from piccolo.apps.migrations.tables import Migration

    config = APP_REGISTRY.get_app_config("pengumuman")
    assert [t._meta.tablename for t in config.table_classes] == ["pengumuman_announcement"]
    applied = await Migration.select(Migration.name).where(Migration.app_name == "pengumuman")
    assert applied and all(row["name"].startswith("20") for row in applied)
    assert await config.table_classes[0].count() >= 2


async def test_hook_page_routes(login):
    c = await login("demo.staf")
    page = await c.get("/pengumuman/")
    assert page.status_code == 200 and "<html" in page.text
    fragment = await c.get("/pengumuman/", headers={"hx-request": "true"})
    assert "<html" not in fragment.text and 'id="papan-pengumuman"' in fragment.text


async def test_hook_api_routes(login):
    c = await login("demo.staf")
    assert (await c.get("/api/pengumuman/")).headers["content-type"].startswith("application/json")
    schema = (await c.get("/api/schema/openapi.json")).json()
    assert "/api/pengumuman" in schema["paths"]


async def test_hook_permissions(app):
    catalogue = app.state.catalogue
    assert catalogue.owners["pengumuman.publish"] == "pengumuman"
    assert str(catalogue.permissions["pengumuman.publish"].label) == "Menerbitkan pengumuman"


async def test_hook_roles(app, login):
    role = app.state.catalogue.roles["humas_pengumuman"]
    assert role.permissions == ("pengumuman.publish",)
    c = await login("demo.humas-pengumuman")  # balai demo made a user for the role
    assert (await c.post("/api/pengumuman/", json={"title": "Uji peran", "body": "ok"})).status_code == 201


def test_hook_menu_items(monkeypatch):
    install(monkeypatch, fake_plugin("arsip", menu_items=lambda user: [
        MenuItem("Arsip", "/arsip/", permission="arsip.lihat", order=5),
        MenuItem("Pemusnahan", "/arsip/musnah/", permission="arsip.musnahkan"),
    ]))
    request = types.SimpleNamespace(scope={"user": _staf()})
    hrefs = [item.href for item in navigation(load_host(None), request)]
    assert "/arsip/" in hrefs and "/arsip/musnah/" not in hrefs
    assert navigation(load_host(None), types.SimpleNamespace(scope={"user": None})) == []


async def test_hook_menu_items_from_the_installed_plugin(login):
    c = await login("demo.staf")
    assert 'href="/pengumuman/"' in (await c.get("/")).text


async def test_hook_dashboard_widgets(app, login):
    c = await login("demo.staf")
    page = (await c.get("/")).text
    assert "Pengumuman terbaru" in page and "Apel pagi hari Senin" in page
    [widgets] = [w for name, w in app.state.host.per_plugin("dashboard_widgets", user=_staf()) if name == "pengumuman"]
    assert [type(w) for w in widgets] == [Widget]


def test_hook_template_dirs(app):
    template = app.state.jinja.get_template("pengumuman/widget.html")
    assert "balai_pengumuman" in template.filename


async def test_hook_static_dirs(client):
    r = await client.get("/static/pengumuman/pengumuman.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")


def test_hook_locale_dirs(app):
    token = i18n.set_locale("en")  # translated with the app's catalogues (its context is current)
    try:
        assert i18n.gettext("Pengumuman terbaru") == "Latest announcements"
        assert i18n.gettext("Judul paling banyak %(max)d karakter.", max=200) == "The title may be at most 200 characters."
    finally:
        i18n._current.reset(token)


async def test_hook_cli_commands(app, demo, capsys):
    from balai.cli import parser

    args = parser(app.state.host).parse_args(["pengumuman-list", "--limit", "1"])
    await args.func(args)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "Apel pagi hari Senin" in out[0]  # pinned first


async def test_hook_demo_data(app, demo):
    from balai.plugins import await_me_maybe
    from balai_pengumuman.tables import Announcement

    before = await Announcement.count().where(Announcement.title == "Apel pagi hari Senin")
    assert before == 1
    for _name, result in app.state.host.per_plugin("demo_data", units=demo):
        await await_me_maybe(result)
    assert await Announcement.count().where(Announcement.title == "Apel pagi hari Senin") == 1  # idempotent


async def test_hook_startup(app, monkeypatch):
    from balai import context

    seen = []

    async def startup(app):
        # The hook runs in its own app's context, which tasks it starts inherit.
        seen.append((app.state.config.agency_name, context.current().config.agency_name))

    install(monkeypatch, fake_plugin("jam", startup=startup))
    config = replace(app.state.config, agency_name="Dinas Uji")  # the same database: see balai.db.bind
    application = create_app(config, load_host(None))
    for handler in application.on_startup:
        await handler(application)
    for handler in application.on_shutdown:
        await handler(application)
    assert context.current() is app.state.balai  # the session's app is current again
    assert seen == [("Dinas Uji", "Dinas Uji")]
