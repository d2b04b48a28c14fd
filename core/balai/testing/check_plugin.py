"""The contract checks of ``balai check-plugin <name>``, run by pytest on one installed plugin.

The plugin's name comes from ``BALAI_CHECK_PLUGIN``; the app and database are balai.testing's
fixtures (a fresh database of this run). Not collected in other runs: it is not named test_*.
"""

from __future__ import annotations

import os

import pytest

from balai.testing import contract
from balai.testing.forms import get_pages, hostile_form_failures

NAME = os.environ.get("BALAI_CHECK_PLUGIN", "")


@pytest.fixture(scope="module")
def plugin():
    from balai.devtools import find_plugin

    if not NAME:  # run by hand without a plugin: nothing was checked, so that is a failure, not a pass
        pytest.fail("Tidak ada plugin yang diperiksa: jalankan lewat `balai check-plugin <nama>` "
                    "(BALAI_CHECK_PLUGIN tidak diisi).", pytrace=False)
    return find_plugin(NAME)


def _fail(title: str, problems: list[str]) -> None:
    if problems:
        pytest.fail(f"{title} ({len(problems)}):\n" + "\n".join(problems[:60]), pytrace=False)


def test_imports_only_the_plugin_api(plugin):
    _fail(f"Plugin '{NAME}' mengimpor bagian dalam Balai", contract.plugin_import_problems(plugin))


def test_every_string_has_an_english_translation(plugin):
    _fail(f"String plugin '{NAME}' belum diterjemahkan (jalankan balai i18n <folder plugin>)",
          contract.translation_problems(plugin))


async def test_every_schema_change_has_a_migration(plugin):
    from balai.devtools import app_configs
    from balai.testing.migrations import unmigrated_changes

    problems = [f"{config.app_name}: {change}" for config in app_configs(NAME)
                for change in await unmigrated_changes(config)]
    _fail(f"Tabel plugin '{NAME}' berubah tanpa migrasi (jalankan balai makemigrations {NAME})", problems)


def test_every_route_declares_a_permission(plugin):
    # Start-up refuses a route without opt={"permission": ...} or opt={"public": True}.
    from balai.plugins import PluginError
    from balai.web.app import create_app

    try:
        create_app()
    except PluginError as exc:
        _fail("Aplikasi menolak mulai", [str(exc)])


@pytest.mark.skipif(os.environ.get("BALAI_CHECK_FORMS") == "0", reason="--no-forms")
async def test_every_form_refuses_hostile_input(plugin, app, login):
    from balai.devtools import package_dir

    pages = get_pages(app, package_dir(plugin.module).name)
    c = await login("admin")
    _sent, failures = await hostile_form_failures(c, pages)
    _fail(f"Formulir plugin '{NAME}' menjawab masukan asing dengan galat", failures)
