"""Every schema change ships a migration, and a database made by the previous migrations upgrades
to the new ones with its rows (balai.testing.migrations)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from balai.testing.migrations import unmigrated_changes


def _app_configs():
    from balai import devtools
    from balai.plugins import discover

    configs = devtools.app_configs("core")
    for plugin in discover():
        configs += devtools.app_configs(plugin.meta.name)
    return configs


@pytest.mark.parametrize("config", _app_configs(), ids=lambda c: c.app_name)
async def test_tables_match_their_migrations(config):
    changes = await unmigrated_changes(config)
    assert changes == [], f"{config.app_name}: schema changed without a migration (balai makemigrations " \
                          f"{config.app_name}):\n" + "\n".join(changes)


async def test_a_column_without_its_migration_is_noticed():
    from piccolo.columns import Varchar
    from piccolo.conf.apps import AppConfig

    from balai.identity.piccolo_app import APP_CONFIG as identity

    user = next(t for t in identity.table_classes if t._meta.tablename == "core_user")
    # The same table with one more column, as if someone added it to the class and stopped there.
    grown = type("User", (user,), {"julukan": Varchar(length=40, default="")}, tablename=user._meta.tablename)
    tables = [grown if t is user else t for t in identity.table_classes]
    changed = AppConfig(app_name=identity.app_name, migrations_folder_path=identity.migrations_folder_path,
                        table_classes=tables)
    changes = await unmigrated_changes(changed)
    assert any("julukan" in c for c in changes), changes


def _fresh_database(kind: str, tmp_path):
    if kind != "postgres":
        return f"sqlite:///{tmp_path / 'upgrade.sqlite'}", None
    import asyncio

    import asyncpg

    from balai.testing.support import pg_admin_url

    name = f"balai_upgrade_{secrets.token_hex(4)}"

    async def run(sql):
        conn = await asyncpg.connect(pg_admin_url())
        await conn.execute(sql)
        await conn.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    return f"postgres://postgres@127.0.0.1:5432/{name}", lambda: asyncio.run(
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_a_database_of_the_previous_migrations_upgrades_keeping_its_rows(tmp_path):
    """On this run's kind of database (SQLite, or PostgreSQL with BALAI_TEST_DB=postgres)."""
    url, drop = _fresh_database(os.environ.get("BALAI_TEST_DB", "sqlite"), tmp_path)
    try:
        env = dict(os.environ, BALAI_DATABASE_URL=url, BALAI_VAR_DIR=str(tmp_path / "var"))
        done = subprocess.run([sys.executable, "-m", "balai.testing.migrations"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
    finally:
        if drop:
            drop()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "upgraded: " in done.stdout and "workflow from" in done.stdout, done.stdout
    kept = done.stdout.split("rows kept in ")[1].split()
    assert kept[0] == kept[2] and int(kept[0]) >= 30, done.stdout  # every table, and there are many
