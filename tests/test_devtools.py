"""The plugin author's kit: balai makemigrations, balai i18n, balai check-plugin and the fixtures
of balai.testing, tried on small plugins written into temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from balai import devtools
from balai.testing import fake_plugin, install

ROOT = Path(__file__).resolve().parent.parent


def write_plugin(folder: Path, *, permission: bool = True, translated: bool = True, bad_import: bool = False) -> Path:
    """A plugin project ``ujikit`` (package balai_ujikit): one table, one page with one string."""
    package = folder / "balai_ujikit"
    (package / "templates" / "ujikit").mkdir(parents=True)
    (folder / "pyproject.toml").write_text(textwrap.dedent('''\
        [project]
        name = "balai-ujikit"
        version = "0.1.0"
        [project.entry-points.balai]
        ujikit = "balai_ujikit"
    '''))
    opt = '{"permission": "ujikit.lihat"}' if permission else "{}"
    (package / "__init__.py").write_text(textwrap.dedent(f'''\
        from litestar import get
        from balai.api import Permission, PluginMeta, _, hookimpl
        {"from balai.workflow import engine  # noqa: F401" if bad_import else ""}

        META = PluginMeta(name="ujikit", label="Uji kit", core=">=0.1,<1")


        @hookimpl
        def piccolo_apps():
            return ["balai_ujikit.piccolo_app"]


        @hookimpl
        def permissions():
            return [Permission("ujikit.lihat", "Lihat ruang")]


        @get("/", opt={opt}, sync_to_thread=False)
        def ruang() -> str:
            return _("Ruang rapat")


        @hookimpl
        def page_routes():
            return [ruang]
    '''))
    (package / "tables.py").write_text(textwrap.dedent('''\
        from piccolo.columns import Varchar
        from piccolo.table import Table


        class Ruang(Table, tablename="ujikit_ruang"):
            nama = Varchar(length=80)
    '''))
    (package / "piccolo_app.py").write_text(textwrap.dedent('''\
        from pathlib import Path

        from piccolo.conf.apps import AppConfig

        from balai_ujikit.tables import Ruang

        APP_CONFIG = AppConfig(app_name="ujikit", migrations_folder_path=str(Path(__file__).parent / "migrations"),
                               table_classes=[Ruang])
    '''))
    if translated:
        for lang, text in (("en", "Meeting room"), ("id", "")):
            po = package / "locale" / lang / "LC_MESSAGES" / "ujikit.po"
            po.parent.mkdir(parents=True)
            po.write_text(f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n\nmsgid "Ruang rapat"\nmsgstr "{text}"\n')
    return folder


@pytest.fixture
def ujikit(tmp_path, monkeypatch):
    """The plugin imported in this process and made the only installed one."""
    folder = write_plugin(tmp_path / "ujikit")
    monkeypatch.syspath_prepend(str(folder))
    for name in [m for m in sys.modules if m.startswith("balai_ujikit")]:
        monkeypatch.delitem(sys.modules, name)
    import balai_ujikit

    install(monkeypatch, balai_ujikit, dists=("balai-ujikit",))
    yield folder
    for name in [m for m in sys.modules if m.startswith("balai_ujikit")]:
        del sys.modules[name]


def installed_copy(tmp_path: Path, **defects) -> dict:
    """The environment of a process in which ``ujikit`` is installed (a dist-info on PYTHONPATH)."""
    site = tmp_path / "site"
    write_plugin(site, **defects)
    info = site / "balai_ujikit-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: balai-ujikit\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[balai]\nujikit = balai_ujikit\n")
    return dict(os.environ, PYTHONPATH=str(site))


# --- balai makemigrations ------------------------------------------------------------------


async def test_makemigrations_writes_into_an_editable_plugin(ujikit, capsys):
    from balai.testing.migrations import unmigrated_changes
    from balai_ujikit.piccolo_app import APP_CONFIG

    assert await unmigrated_changes(APP_CONFIG)  # a table and no migration yet
    written = await _in_thread(devtools.makemigrations, "ujikit", "ruang")
    assert len(written) == 1 and written[0].parent == ujikit / "balai_ujikit" / "migrations"
    assert "ujikit_ruang" in written[0].read_text()
    assert await unmigrated_changes(APP_CONFIG) == []
    assert await _in_thread(devtools.makemigrations, "ujikit") == []  # nothing changed since
    assert "tidak ada perubahan skema" in capsys.readouterr().out


async def _in_thread(fn, *args):
    # makemigrations runs its own event loop (it is a command), so not inside the test's loop.
    import asyncio

    return await asyncio.to_thread(fn, *args)


def test_makemigrations_refuses_a_plugin_in_site_packages(ujikit, monkeypatch):
    monkeypatch.setattr(devtools, "site_packages", lambda: [ujikit.resolve()])
    with pytest.raises(devtools.ToolError) as refused:
        devtools.makemigrations("ujikit")
    message = str(refused.value)
    assert "site-packages" in message and "pip install -e" in message
    assert not (ujikit / "balai_ujikit" / "migrations").exists()


def test_makemigrations_names_an_unknown_plugin(monkeypatch):
    install(monkeypatch, fake_plugin("lain"))
    with pytest.raises(devtools.ToolError, match="'tidakada' tidak terpasang"):
        devtools.makemigrations("tidakada")


# --- balai i18n ----------------------------------------------------------------------------


def test_i18n_makes_the_catalogues_of_a_new_plugin(tmp_path, capsys):
    folder = write_plugin(tmp_path / "ujikit", translated=False)
    (folder / "balai_ujikit" / "templates" / "ujikit" / "daftar.html").write_text("<h1>{{ _('Daftar ruang') }}</h1>")
    lacking = devtools.update_translations([str(folder)])
    locale = folder / "balai_ujikit" / "locale"
    assert (locale / "ujikit.pot").exists()
    for lang in ("en", "id"):
        text = (locale / lang / "LC_MESSAGES" / "ujikit.po").read_text()
        assert 'msgid "Ruang rapat"' in text and 'msgid "Daftar ruang"' in text
    assert lacking == 2 and "2 pesan belum diterjemahkan ke en" in capsys.readouterr().out
    # Once translated, a second run keeps the translation and finds nothing lacking.
    po = locale / "en" / "LC_MESSAGES" / "ujikit.po"
    po.write_text(po.read_text().replace('msgid "Ruang rapat"\nmsgstr ""', 'msgid "Ruang rapat"\nmsgstr "Meeting room"')
                  .replace('msgid "Daftar ruang"\nmsgstr ""', 'msgid "Daftar ruang"\nmsgstr "Rooms"'))
    assert devtools.update_translations([str(folder)]) == 0
    assert 'msgstr "Meeting room"' in po.read_text()


def test_the_babel_mapping_ships_in_the_package():
    assert devtools.BABEL_CFG.is_relative_to(Path(devtools.__file__).parent) and devtools.BABEL_CFG.exists()


# --- balai check-plugin --------------------------------------------------------------------


def test_check_plugin_finds_each_broken_rule(tmp_path):
    env = installed_copy(tmp_path, permission=False, translated=False, bad_import=True)
    done = subprocess.run([sys.executable, "-m", "balai.cli", "check-plugin", "ujikit", "--no-forms"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert "mengimpor balai.workflow" in out  # imports beyond balai.api
    assert "'Ruang rapat'" in out and "belum diterjemahkan" in out  # no English translation
    assert "rute /ujikit" in out and "tidak menyatakan izin" in out  # a route without a permission
    assert "ujikit_ruang" in out and "balai makemigrations ujikit" in out  # a table without its migration


def test_check_plugin_passes_a_plugin_that_keeps_the_rules(tmp_path):
    env = installed_copy(tmp_path)
    made = subprocess.run([sys.executable, "-m", "balai.cli", "makemigrations", "ujikit"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0 and "ujikit_" in made.stdout, made.stdout + made.stderr
    done = subprocess.run([sys.executable, "-m", "balai.cli", "check-plugin", "ujikit", "--no-forms"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout, done.stdout


def test_check_plugin_passes_on_persuratan(tmp_path):
    """With the hostile forms: a fresh test database, the demo agency, every persuratan page's forms."""
    done = subprocess.run([sys.executable, "-m", "balai.cli", "check-plugin", "persuratan"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 passed" in done.stdout, done.stdout


# --- the fixtures --------------------------------------------------------------------------


async def test_make_user_gives_a_user_who_can_sign_in_with_the_roles_asked(make_user, login, demo):
    from balai.identity.tables import Position, RoleAssignment

    user = await make_user(roles=[("kasubag_umum", "umum"), "admin_sistem"], unit="sekretariat")
    held = {(r["role"], r["unit"]) for r in await RoleAssignment.select().where(RoleAssignment.user == user.id)}
    assert held == {("kasubag_umum", demo["umum"]), ("admin_sistem", demo["sekretariat"])}
    assert await Position.exists().where((Position.holder == user.id) & (Position.unit == demo["sekretariat"]))
    c = await login(user)
    assert (await c.get("/admin/users", follow_redirects=False)).status_code == 200
    assert (await make_user()).username != user.username


async def test_plugin_registered_answers_for_one_block_only(app, login, plugin_registered):
    from balai.api import MenuItem, hookimpl

    class Extra:
        @hookimpl
        def menu_items(self, user):
            return [MenuItem(label="Menu Sementara", href="/sementara")]

    c = await login("admin")
    with plugin_registered(Extra(), name="sementara"):
        assert "Menu Sementara" in (await c.get("/")).text
    assert "Menu Sementara" not in (await c.get("/")).text
    assert app.state.host.pm.get_plugin("sementara") is None


def test_a_plugins_tests_run_with_pytest_alone_in_a_folder_of_their_own(tmp_path):
    """No conftest, no options, no environment: balai.testing comes with the installed package."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_uji.py").write_text(textwrap.dedent('''\
        from balai.testing import csrf_from


        async def test_login_page(client):
            assert csrf_from((await client.get("/login")).text)


        async def test_a_user_of_mine(make_user, login):
            c = await login(await make_user(roles=[("admin_sistem", "dinas")]))
            assert (await c.get("/", follow_redirects=False)).status_code == 200
    '''))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALAI_", "PYTEST"))}
    env["BALAI_TEST_DB"] = os.environ.get("BALAI_TEST_DB", "sqlite")
    done = subprocess.run([str(Path(sys.executable).parent / "pytest"), "-q", "-p", "no:cacheprovider"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_i18n_takes_a_folder_relative_to_where_it_runs(tmp_path, monkeypatch, capsys):
    """`balai i18n plugins/arsip` from the checkout's root, as the guide says to run it."""
    folder = write_plugin(tmp_path / "ujikit", translated=False)
    monkeypatch.chdir(tmp_path)
    devtools.update_translations([folder.name])
    assert (folder / "balai_ujikit" / "locale" / "ujikit.pot").exists()
