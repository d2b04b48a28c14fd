"""Migration guards: no schema change without a migration, and old databases upgrade keeping their rows.

``unmigrated_changes(app_config)`` compares an app's tables with what its migrations build (the
differ of Piccolo's ``--auto``): an added, dropped or altered column without a migration shows up.

``python -m balai.testing.migrations`` (run on a fresh, empty database named by
``BALAI_DATABASE_URL``) applies every app's migrations but its newest, puts a row in each table,
applies the newest and checks the rows are still there. It runs in a process of its own because
Piccolo binds each table class to one engine per process.
"""

from __future__ import annotations

import asyncio
import datetime
import decimal
import sys
import uuid


async def unmigrated_changes(app_config) -> list[str]:
    """The statements ``makemigrations`` would write for ``app_config`` (empty: schema and migrations agree)."""
    from piccolo.apps.migrations.commands.new import AutoMigrationManager

    import dataclasses
    import tempfile
    from pathlib import Path

    saved_path = list(sys.path)  # Piccolo puts the migrations folder on sys.path to import it
    with tempfile.TemporaryDirectory() as empty:
        if not Path(app_config.resolved_migrations_folder_path).is_dir():  # no migration written yet
            app_config = dataclasses.replace(app_config, migrations_folder_path=empty)
        try:
            alter = await AutoMigrationManager(auto_input="n").get_alter_statements(app_config=app_config)
        finally:
            sys.path[:] = saved_path
    return [statement for group in alter for statement in group.statements]


# --- the upgrade check ---------------------------------------------------------------------


def _value(column, parents: dict[str, int]):
    """A value the column accepts, for a row the migration must keep."""
    from piccolo.columns import (
        JSON, JSONB, UUID, BigInt, Boolean, Date, Decimal, DoublePrecision, ForeignKey, Integer, Interval,
        Numeric, Real, SmallInt, Time, Timestamp, Timestamptz,
    )

    if isinstance(column, ForeignKey):
        target = column._meta.params.get("references")
        name = target if isinstance(target, str) else getattr(getattr(target, "_meta", None), "tablename", "")
        return parents.get(name)
    if isinstance(column, Boolean):
        return False
    if isinstance(column, (Integer, BigInt, SmallInt)):
        return 1
    if isinstance(column, (Numeric, Decimal)):
        return decimal.Decimal("1")
    if isinstance(column, (Real, DoublePrecision)):
        return 1.0
    if isinstance(column, Timestamptz):
        return datetime.datetime(2025, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)
    if isinstance(column, Timestamp):
        return datetime.datetime(2025, 1, 2, 3, 4)
    if isinstance(column, Date):
        return datetime.date(2025, 1, 2)
    if isinstance(column, Time):
        return datetime.time(3, 4)
    if isinstance(column, Interval):
        return datetime.timedelta(days=1)
    if isinstance(column, (JSON, JSONB)):
        return "{}"
    if isinstance(column, UUID):
        return uuid.uuid4()
    length = getattr(column, "length", None) or 40
    return "upgrade-check"[:length]


def _fk_order(tables: list) -> list:
    """Tables with the tables they refer to first."""
    from piccolo.columns import ForeignKey

    by_name = {t.tablename: t for t in tables}
    done, ordered = set(), []

    def visit(table, seen=()):
        if table.tablename in done or table.tablename in seen:
            return
        for column in table.columns:
            if isinstance(column, ForeignKey):
                target = column._meta.params.get("references")
                name = target if isinstance(target, str) else getattr(getattr(target, "_meta", None), "tablename", "")
                if name in by_name:
                    visit(by_name[name], seen + (table.tablename,))
        done.add(table.tablename)
        ordered.append(table)

    for table in tables:
        visit(table)
    return ordered


async def _insert_rows(engine, tables: list, parents: dict[str, int]) -> None:
    from piccolo.columns import Serial
    from piccolo.querystring import QueryString

    for table in _fk_order(tables):
        columns = [c for c in table.columns if not isinstance(c, Serial) and not c._meta.primary_key]
        names = [c._meta.db_column_name for c in columns]
        values = [_value(c, parents) for c in columns]
        sql = (f'INSERT INTO "{table.tablename}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
               f'VALUES ({", ".join("{}" for _ in names)}) RETURNING "id"')
        rows = await engine.run_querystring(QueryString(sql, *values))
        parents[table.tablename] = rows[0]["id"]


async def _count(engine, tablename: str) -> int:
    from piccolo.querystring import QueryString

    rows = await engine.run_querystring(QueryString(f'SELECT COUNT(*) AS n FROM "{tablename}"'))
    return rows[0]["n"]


async def upgrade_check() -> list[str]:
    """Apply all but each app's newest migration, add rows, apply the rest; the tables that lost them."""
    from piccolo.apps.migrations.auto.schema_snapshot import SchemaSnapshot
    from piccolo.apps.migrations.commands.base import BaseMigrationManager
    from piccolo.apps.migrations.commands.forwards import run_forwards
    from piccolo.conf.apps import Finder

    finder = Finder()
    engine = finder.get_engine()
    manager = BaseMigrationManager()
    apps = manager.get_app_names()  # in the order of their migration dependencies
    previous: dict[str, str] = {}
    for app_name in apps:
        config = finder.get_app_config(app_name)
        ids = manager.get_migration_ids(manager.get_migration_modules(config.resolved_migrations_folder_path))
        if len(ids) >= 2:
            previous[app_name] = ids[-2]
        result = await run_forwards(app_name=app_name, migration_id=previous.get(app_name, "all"))
        if not result.success:
            raise RuntimeError(f"{app_name}: {result.message}")
    # The schema as the previous migrations left it, from the migrations themselves.
    tables = []
    for app_name in apps:
        config = finder.get_app_config(app_name)
        managers = await manager.get_migration_managers(config, max_migration_id=previous.get(app_name))
        tables += SchemaSnapshot(managers).get_snapshot()
    parents: dict[str, int] = {}
    await _insert_rows(engine, tables, parents)
    for app_name in previous:
        result = await run_forwards(app_name=app_name, migration_id="all")
        if not result.success:
            raise RuntimeError(f"{app_name}: {result.message}")
    # A table the newest migrations dropped on purpose (its rows moved elsewhere) is not lost.
    kept_tables = {t._meta.tablename for app_name in apps for t in finder.get_app_config(app_name).table_classes}
    tables = [t for t in tables if t.tablename in kept_tables]
    lost = [t.tablename for t in tables if await _count(engine, t.tablename) < 1]
    print(f"upgraded: {', '.join(f'{a} from {m}' for a, m in previous.items()) or '-'}; "
          f"rows kept in {len(tables) - len(lost)} of {len(tables)} tables")
    return lost


def main() -> None:
    import contextlib
    import io

    output = io.StringIO()
    with contextlib.redirect_stdout(output):  # Piccolo's banners
        try:
            lost = asyncio.run(upgrade_check())
        except Exception:
            sys.stdout = sys.__stdout__
            print(output.getvalue())
            raise
    print(output.getvalue().splitlines()[-1])
    if lost:
        raise SystemExit("rows lost in: " + ", ".join(lost))


if __name__ == "__main__":
    main()
