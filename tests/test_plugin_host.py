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
