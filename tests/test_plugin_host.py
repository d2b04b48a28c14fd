"""The plugin host refuses an inconsistent set of plugins at start-up, naming the plugin at fault."""

from __future__ import annotations

import sys
import types

import pytest
from piccolo.columns import Varchar
from piccolo.conf.apps import AppConfig
from piccolo.table import Table

from balai.api import Permission, Role
from balai.config import load_config
from balai.plugins import PluginError, load_host
from balai.web.app import build_catalogue, create_app
from balai.testing import make_client
from balai.testing import fake_plugin, install
from balai.testing import sign_in


def test_required_plugin_missing(monkeypatch):
    install(monkeypatch, fake_plugin("surat", requires=("arsip",)))
    with pytest.raises(PluginError, match="Plugin 'surat' membutuhkan plugin 'arsip', yang tidak terpasang"):
        load_host(None)


def test_required_plugin_disabled(monkeypatch):
    install(monkeypatch, fake_plugin("surat", requires=("arsip",)), fake_plugin("arsip"))
    with pytest.raises(PluginError, match="Plugin 'surat' membutuhkan plugin 'arsip', yang tidak diaktifkan"):
        load_host(("surat",))
    assert [p.meta.name for p in load_host(("surat", "arsip")).enabled] == ["arsip", "surat"]


def test_a_disabled_plugin_may_lack_its_requirements(monkeypatch):
    install(monkeypatch, fake_plugin("surat", requires=("arsip",)), fake_plugin("kalender"))
    assert [p.meta.name for p in load_host(("kalender",)).enabled] == ["kalender"]


def test_enabling_a_plugin_that_is_not_installed(monkeypatch):
    install(monkeypatch, fake_plugin("surat"))
    with pytest.raises(PluginError, match="tidak terpasang: arsip"):
        load_host(("surat", "arsip"))


def test_incompatible_core_version(monkeypatch):
    install(monkeypatch, fake_plugin("lama", core=">=2,<3"))
    with pytest.raises(PluginError, match=r"Plugin 'lama' 1.0 membutuhkan core >=2,<3, terpasang core 0\.1"):
        load_host(None)


def test_invalid_core_specifier(monkeypatch):
    install(monkeypatch, fake_plugin("aneh", core="versi satu"))
    with pytest.raises(PluginError, match="Plugin 'aneh': versi core 'versi satu' tidak sah"):
        load_host(None)


def test_unknown_hook(monkeypatch):
    install(monkeypatch, fake_plugin("typo", menu_itemz=lambda user: []))
    with pytest.raises(PluginError, match="Plugin 'typo' mengimplementasikan hook yang tidak dikenal.*menu_itemz"):
        load_host(None)


def test_hook_with_wrong_arguments(monkeypatch):
    install(monkeypatch, fake_plugin("salah", menu_items=lambda pengguna: []))
    with pytest.raises(PluginError, match="Plugin 'salah' tidak sesuai kontrak hook.*'menu_items'"):
        load_host(None)


def test_two_plugins_claim_the_same_name(monkeypatch):
    install(monkeypatch, fake_plugin("surat"), fake_plugin("surat"), dists=("balai-surat", "surat-lain"))
    with pytest.raises(PluginError, match=r"Dua plugin memakai nama yang sama: 'surat' \(paket balai-surat dan surat-lain\)"):
        load_host(None)


def test_entry_point_name_must_match_meta(monkeypatch):
    plugin = fake_plugin("surat")
    install(monkeypatch, plugin)
    monkeypatch.setattr(plugin, "META", plugin.META.__class__(name="arsip", version="1", label="x"))
    with pytest.raises(PluginError, match="Plugin 'surat': entry point dan META.name"):
        load_host(None)


def test_permission_without_the_plugins_prefix(monkeypatch):
    install(monkeypatch, fake_plugin("surat", permissions=lambda: [Permission("arsip.hapus", "Hapus")]))
    with pytest.raises(PluginError, match="Plugin 'surat': izin 'arsip.hapus' harus diawali 'surat.'"):
        build_catalogue(load_host(None))


def test_role_granting_an_unknown_permission(monkeypatch):
    install(monkeypatch, fake_plugin("surat", roles=lambda: [Role("penyurat", "Penyurat", ["surat.tidak_ada"])]))
    with pytest.raises(ValueError, match="Peran 'penyurat' memberi izin yang tidak dikenal: 'surat.tidak_ada'"):
        build_catalogue(load_host(None))


def test_templates_must_be_namespaced(monkeypatch, tmp_path):
    (tmp_path / "arsip").mkdir()
    (tmp_path / "arsip" / "index.html").write_text("{% extends layout %}")
    install(monkeypatch, fake_plugin("surat", template_dirs=lambda: [tmp_path]))
    with pytest.raises(PluginError, match="Plugin 'surat': templat harus berada di folder 'surat/', ditemukan 'arsip'"):
        create_app(load_config(), load_host(None))


def _piccolo_app(monkeypatch, tmp_path, app_name: str, tablename: str) -> str:
    table = type("Catatan", (Table,), {"judul": Varchar()}, tablename=tablename)
    module = types.ModuleType("fake_surat_piccolo_app")
    module.APP_CONFIG = AppConfig(app_name=app_name, migrations_folder_path=str(tmp_path), table_classes=[table])
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module.__name__


def test_table_name_must_start_with_the_plugins_name(monkeypatch, tmp_path):
    dotted = _piccolo_app(monkeypatch, tmp_path, "surat", "catatan")
    install(monkeypatch, fake_plugin("surat", piccolo_apps=lambda: [dotted]))
    with pytest.raises(PluginError, match=r"Plugin 'surat': nama tabel 'catatan' \(Catatan\) harus diawali 'surat_'"):
        load_host(None)


def test_table_in_the_cores_namespace_is_refused(monkeypatch, tmp_path):
    dotted = _piccolo_app(monkeypatch, tmp_path, "surat", "core_user")
    install(monkeypatch, fake_plugin("surat", piccolo_apps=lambda: [dotted]))
    with pytest.raises(PluginError, match="nama tabel 'core_user'"):
        load_host(None)


def test_piccolo_app_must_carry_the_plugins_name(monkeypatch, tmp_path):
    dotted = _piccolo_app(monkeypatch, tmp_path, "arsip", "surat_catatan")
    install(monkeypatch, fake_plugin("surat", piccolo_apps=lambda: [dotted]))
    with pytest.raises(PluginError, match="harus bernama 'surat', bukan 'arsip'"):
        load_host(None)


def test_well_formed_plugin_with_prefixed_tables_starts(monkeypatch, tmp_path):
    dotted = _piccolo_app(monkeypatch, tmp_path, "surat", "surat_catatan")
    install(monkeypatch, fake_plugin("surat", piccolo_apps=lambda: [dotted]))
    assert [p.meta.name for p in load_host(None).enabled] == ["surat"]


def test_command_line_refuses_to_start_and_names_the_plugin(monkeypatch, capsys):
    from balai import cli

    install(monkeypatch, fake_plugin("surat", requires=("arsip",)))
    monkeypatch.setenv("BALAI_PLUGINS", "*")
    with pytest.raises(SystemExit) as stopped:
        cli.main(["migrate"])
    assert stopped.value.code == 2
    assert "Balai tidak dapat dimulai: Plugin 'surat' membutuhkan plugin 'arsip'" in capsys.readouterr().err


async def test_disabling_a_plugin_hides_it_and_keeps_its_data(app, demo, monkeypatch):
    from balai_pengumuman.tables import Announcement

    others = [p.meta.name for p in app.state.host.enabled if p.meta.name != "pengumuman"]
    monkeypatch.setenv("BALAI_PLUGINS", ",".join(others))
    config = load_config()
    assert config.plugins == tuple(others)
    host = load_host(config.plugins)
    assert "pengumuman" not in [p.meta.name for p in host.enabled]
    assert not any("balai_pengumuman" in str(paths) for _, paths in host.per_plugin("piccolo_apps"))

    kept = await Announcement.count()
    assert kept >= 2  # the demo announcements

    off = create_app(config, host)
    assert "pengumuman.publish" not in off.state.catalogue.permissions
    assert "humas_pengumuman" not in off.state.catalogue.roles
    async with make_client(off) as c:
        await sign_in(c, "admin", "demo-pass")
        assert (await c.get("/pengumuman/")).status_code == 404
        assert (await c.get("/api/pengumuman/")).status_code == 404
        assert (await c.get("/static/pengumuman/pengumuman.css")).status_code == 404
        dashboard = (await c.get("/")).text
        assert 'href="/pengumuman/"' not in dashboard
        assert "Pengumuman terbaru" not in dashboard

    assert await Announcement.count() == kept
    # Enabled again (the session's app has every plugin), the same announcements are there.
    async with make_client(app) as c:
        await sign_in(c, "admin", "demo-pass")
        page = await c.get("/pengumuman/")
        assert page.status_code == 200 and "Apel pagi hari Senin" in page.text


def test_route_that_declares_no_permission_stops_start_up(monkeypatch):
    from litestar import get

    @get("/rahasia")
    async def lupa_izin() -> str:
        return "terbuka?"

    install(monkeypatch, fake_plugin("surat", page_routes=lambda: [lupa_izin]))
    with pytest.raises(PluginError, match=r"Plugin 'surat': rute /surat/rahasia tidak menyatakan izin"):
        create_app(load_config(), load_host(None))


# --- one hook-calling path, conventions, versions, grants (issue 9) ---------------------------------

def test_a_failing_menu_is_logged_with_its_plugin_and_the_others_still_show(monkeypatch, caplog):
    from balai.api import MenuItem
    from balai.web.app import navigation

    def broken(user):
        raise RuntimeError("menu rusak")

    install(monkeypatch, fake_plugin("arsip", menu_items=lambda user: [MenuItem("Arsip", "/arsip/")]),
            fake_plugin("rusak", menu_items=broken))
    user = types.SimpleNamespace(can=lambda permission: True)
    with caplog.at_level("ERROR"):
        hrefs = [i.href for i in navigation(load_host(None), types.SimpleNamespace(scope={"user": user}))]
    assert "/arsip/" in hrefs and "/" in hrefs  # the other plugin's entry and the core's
    assert any("Plugin 'rusak': hook menu_items gagal" in r.getMessage() for r in caplog.records)


async def test_a_plugin_that_fails_leaves_no_other_plugins_coroutine_unawaited(monkeypatch):
    import gc
    import warnings

    ran = []

    async def records(case, step, task):
        ran.append(case["id"])

    def breaks(case, step, task):
        raise RuntimeError("langkah rusak")

    # pluggy calls the plugin registered last first: the failing one is reached after the async one.
    install(monkeypatch, fake_plugin("rusak", step_entered=breaks), fake_plugin("catat", step_entered=records))
    host = load_host(None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError, match="langkah rusak"):
            await host.call("step_entered", case={"id": 7}, step=None, task=None)
        gc.collect()
    assert ran == [7]  # awaited before the next plugin was called
    assert not [w for w in caught if "never awaited" in str(w.message)]


async def test_a_failing_widget_is_logged_with_its_plugin_and_the_dashboard_still_shows(
        app, login, plugin_registered, caplog):
    from balai.api import Widget, hookimpl

    class Rusak:
        @hookimpl
        def dashboard_widgets(user):
            raise RuntimeError("widget rusak")

    class KontekRusak:
        @hookimpl
        def dashboard_widgets(user):
            async def context():
                raise RuntimeError("kueri gagal")
            return [Widget("Rusak juga", "pengumuman/widget.html", context=context)]

    c = await login("demo.staf")
    with plugin_registered(Rusak(), name="rusak"), plugin_registered(KontekRusak(), name="rusak_juga"), \
            caplog.at_level("ERROR"):
        page = await c.get("/")
    assert page.status_code == 200 and "Pengumuman terbaru" in page.text and "Rusak juga" not in page.text
    messages = [r.getMessage() for r in caplog.records]
    assert any("Plugin 'rusak': hook dashboard_widgets gagal" in m for m in messages)
    assert any("Plugin 'rusak_juga': widget pengumuman/widget.html gagal" in m for m in messages)


async def test_a_failing_notifier_is_logged_with_its_plugin_and_the_others_still_deliver(monkeypatch, caplog):
    from balai.notifications import service

    got = []

    class Rusak:
        async def send(self, user, message):
            raise ConnectionError("server mati")

    class Catat:
        async def send(self, user, message):
            got.append((user["username"], message))

    def broken():
        raise RuntimeError("notifiers rusak")

    install(monkeypatch, fake_plugin("rusak", notifiers=lambda: [Rusak()]), fake_plugin("mati", notifiers=broken),
            fake_plugin("catat", notifiers=lambda: [Catat()]))
    host = load_host(None)
    with caplog.at_level("WARNING"):
        channels = [(owner, c) for owner, group in host.per_plugin("notifiers", robust=True) for c in group or []]
        await service._deliver([{"username": "budi"}], "Tugas baru", "/tasks/1", channels)
    assert got == [("budi", "Tugas baru")]
    messages = [r.getMessage() for r in caplog.records]
    assert any("Plugin 'mati': hook notifiers gagal" in m for m in messages)
    assert any("Plugin 'rusak': notifikasi lewat Rusak gagal untuk budi" in m for m in messages)


def _plugin_in(folder, name: str, **hooks):
    """A fake plugin whose module file sits in ``folder`` (so its resources are found beside it)."""
    module = fake_plugin(name, **hooks)
    module.__file__ = str(folder / f"fake_{name}.py")
    return module


def test_templates_static_and_locale_are_found_beside_the_plugin(monkeypatch, tmp_path):
    for kind in ("templates/arsip", "static", "locale/en/LC_MESSAGES"):
        (tmp_path / kind).mkdir(parents=True)
    install(monkeypatch, _plugin_in(tmp_path, "arsip"))
    host = load_host(None)
    assert ("arsip", tmp_path / "templates") in host.folders("templates")
    assert ("arsip", tmp_path / "static") in host.folders("static")
    assert ("arsip", tmp_path / "locale") in host.folders("locale")


def test_hook_static_dirs_overrides_the_convention(monkeypatch, tmp_path):
    other = tmp_path / "aset"
    other.mkdir()
    (tmp_path / "static").mkdir()
    install(monkeypatch, _plugin_in(tmp_path, "arsip", static_dirs=lambda: other))
    assert [f for o, f in load_host(None).folders("static") if o == "arsip"] == [other]


def test_hook_locale_dirs_overrides_the_convention(monkeypatch, tmp_path):
    other = tmp_path / "terjemahan"
    other.mkdir()
    (tmp_path / "locale").mkdir()
    install(monkeypatch, _plugin_in(tmp_path, "arsip", locale_dirs=lambda: other))
    assert [f for o, f in load_host(None).folders("locale") if o == "arsip"] == [other]


async def test_page_routes_are_left_out_of_the_openapi_schema(login):
    c = await login("demo.staf")
    paths = (await c.get("/api/schema/openapi.json")).json()["paths"]
    assert "/api/pengumuman" in paths and "/api/core/inbox" in paths
    assert [p for p in paths if not p.startswith("/api/")] == []  # no /pengumuman, /inbox, /persuratan/...


def test_the_version_comes_from_the_distribution(monkeypatch):
    from dataclasses import replace

    from balai.testing.fakes import FakeEntryPoint

    module = fake_plugin("arsip")
    module.META = replace(module.META, version="")
    ep = FakeEntryPoint(module)
    ep.dist.version = "2.3.4"
    monkeypatch.setattr("balai.plugins.entry_points", lambda group: [ep] if group == "balai" else [])
    [arsip] = load_host(None).enabled
    assert arsip.meta.version == "2.3.4"


def test_an_untested_core_version_is_a_warning_not_an_error(monkeypatch, caplog):
    from dataclasses import replace

    module = fake_plugin("arsip")
    module.META = replace(module.META, core_warn=">=0.9")
    install(monkeypatch, module)
    with caplog.at_level("WARNING"):
        [arsip] = load_host(None).enabled  # starts
    from balai import __version__

    assert arsip.warnings == [f"Plugin 'arsip' 1.0 diuji dengan core >=0.9, terpasang core {__version__}"]
    assert any("diuji dengan core >=0.9" in r.getMessage() for r in caplog.records)


def test_a_grant_gives_a_plugins_permission_to_a_core_role(monkeypatch):
    from balai.api import Grant

    install(monkeypatch, fake_plugin("ruang", permissions=lambda: [Permission("ruang.setujui", "Menyetujui")],
                                     roles=lambda: [Grant("kasubag_umum", ["ruang.setujui"])]))
    catalogue = build_catalogue(load_host(None))
    assert "ruang.setujui" in catalogue.roles["kasubag_umum"].permissions
    assert str(catalogue.roles["kasubag_umum"].label) == "Kepala Sub Bagian Umum"  # still the core's role


def test_a_grant_to_an_unknown_role_stops_start_up(monkeypatch):
    from balai.api import Grant

    install(monkeypatch, fake_plugin("ruang", permissions=lambda: [Permission("ruang.setujui", "Menyetujui")],
                                     roles=lambda: [Grant("kasubag_ruang", ["ruang.setujui"])]))
    with pytest.raises(PluginError, match="Plugin 'ruang': izin diberikan kepada peran 'kasubag_ruang', yang tidak dikenal"):
        build_catalogue(load_host(None))


def test_a_grant_of_another_plugins_permission_is_refused(monkeypatch):
    from balai.api import Grant

    install(monkeypatch, fake_plugin("ruang", roles=lambda: [Grant("kasubag_umum", ["core.admin"])]))
    with pytest.raises(PluginError, match="Plugin 'ruang': izin 'core.admin' harus diawali 'ruang.'"):
        build_catalogue(load_host(None))
