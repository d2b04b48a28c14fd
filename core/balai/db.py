"""Database engines from a URL, their binding to an app's tables, and the migration command.

``sqlite:///var/balai.sqlite`` is the embedded default; ``postgres://user@host/db`` is the
reference database. Each app's context (balai.context) holds its engine and binds it to every
table of its Piccolo apps; ``balai.piccolo_conf`` hands the same engine to Piccolo's own tools.
This module knows nothing of piccolo_conf (piccolo_conf imports it, never the reverse).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from urllib.parse import urlparse

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory


ROW_ID_LIMIT = 2**31  # ids are PostgreSQL `serial`: a larger number names no row, and the database refuses it


def row_id(value) -> int:
    """An id from a form, a URL or JSON, as an int; ValueError when it is not one or cannot name a row."""
    number = int(value)
    if not 0 < number < ROW_ID_LIMIT:
        raise ValueError(f"not a row id: {value!r}")
    return number


LAST_PAGE = 100_000  # a page number from a URL beyond this is read as this: OFFSET stays in range


def page_number(value) -> int:
    """A page number from a URL: 1 when missing or unreadable, at most LAST_PAGE."""
    try:
        return min(max(int(value or 1), 1), LAST_PAGE)
    except (TypeError, ValueError):
        return 1


def write_transaction():
    """One write transaction on the app's database, joining the caller's if one is open. On SQLite it
    takes the write lock at once (BEGIN IMMEDIATE): a deferred transaction that reads first and
    writes later fails when another writer committed in between, instead of waiting its turn."""
    from balai.context import current

    engine = current().engine
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))  # its folder is made with the first connection
        # timeout: writers wait for each other instead of failing with "database is locked"
        engine = PooledSQLiteEngine(path=str(path), timeout=30, isolation_level=None)
    elif urlparse(url).scheme in ("postgres", "postgresql"):
        engine = BalaiPostgresEngine(config={"dsn": url.replace("postgres://", "postgresql://", 1)})
    else:
        raise ValueError(f"BALAI_DATABASE_URL tidak dikenal: {url!r} (pakai sqlite:/// atau postgres://)")
    engine.balai_url = url
    engine.balai_users = 0  # apps running on it (see open_pool)
    return engine


def app_registry(host) -> AppRegistry:
    """Piccolo's registry of the core's apps and the enabled plugins' apps: the piccolo_apps hook."""
    return AppRegistry(apps=[path for _owner, paths in host.per_plugin("piccolo_apps") for path in paths or []])


def _tables(apps: AppRegistry) -> list:
    from piccolo.apps.migrations.tables import Migration

    return [Migration] + [table for config in apps.app_configs.values() for table in config.table_classes]


def engine_for_tables(url: str, apps: AppRegistry) -> Engine:
    """The engine for ``url``: the one already bound to these tables when it has the same URL.

    Piccolo keeps one engine per table class, for the whole process; a second app on the same
    database (tests run several) shares the first one's engine and pool instead of replacing it.
    """
    for table in _tables(apps):
        bound = table._meta._db
        if bound is not None and getattr(bound, "balai_url", None) == url:
            return bound
    return engine_for(url)


def bind(engine: Engine, apps: AppRegistry) -> None:
    """Make ``engine`` the one every table of ``apps`` (and Piccolo's migration table) runs on."""
    for table in _tables(apps):
        table._meta.db = engine


async def open_pool(engine: Engine) -> None:
    """An app starts on ``engine``: the first one opens PostgreSQL's pool (SQLite opens on use)."""
    engine.balai_users = getattr(engine, "balai_users", 0) + 1
    if engine.balai_users == 1 and isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=2, max_size=20)


async def close_pool(engine: Engine) -> None:
    """An app stops: the last one on ``engine`` closes its pool."""
    engine.balai_users = max(getattr(engine, "balai_users", 1) - 1, 0)
    if engine.balai_users == 0:
        await engine.close_connection_pool()


async def _keep_session(connection) -> None:
    """Nothing to undo: Balai keeps no session state on a connection (see below)."""


class BalaiPostgresEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine, without asyncpg's reset round trip on every release.

    asyncpg's default pool reset sends ``pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL`` each time a connection goes back to the pool: one more round trip per query,
    which was a quarter of a busy inbox's database time. Balai and its plugins hold no
    session state (settings are ``SET LOCAL`` inside a transaction; no LISTEN, no advisory
    locks); an open transaction is still rolled back by asyncpg before our reset is called.
    """

    async def start_connection_pool(self, **kwargs) -> None:
        kwargs.setdefault("reset", _keep_session)
        await super().start_connection_pool(**kwargs)


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, keeping a few connections open between queries.

    The stock engine opens a new connection (and aiosqlite a new thread) for every query
    outside a transaction, which made a page of nine small queries cost ~35 ms. Statements
    run in autocommit mode, so a pooled connection never carries an open transaction.
    Transactions still get a connection of their own from Piccolo.
    """

    POOL_SIZE = 4

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pools: dict[int, asyncio.Queue] = {}
        self._opened: dict[int, int] = {}

    async def _acquire(self):
        import aiosqlite

        loop = id(asyncio.get_running_loop())  # connections' futures belong to one loop
        pool = self._pools.setdefault(loop, asyncio.Queue())
        if pool.empty() and self._opened.get(loop, 0) < self.POOL_SIZE:
            self._opened[loop] = self._opened.get(loop, 0) + 1
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                connection = aiosqlite.connect(**self.connection_kwargs)
                # An idle pooled connection must not keep the process alive at exit
                # (aiosqlite's worker thread is not a daemon by default).
                connection._thread.daemon = True
                await connection
            except BaseException:
                self._opened[loop] -= 1
                raise
            await connection.execute("PRAGMA foreign_keys = 1")
            connection.row_factory = dict_factory
            return loop, connection
        return loop, await pool.get()

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        loop, connection = await self._acquire()
        try:
            result = await self._run_in_existing_connection(connection, query, args, query_type, table)
        except sqlite3.Error:
            # A broken connection is not handed to the next query.
            self._opened[loop] -= 1
            await connection.close()
            raise
        except BaseException:
            # Refused parameters (an int beyond 64 bits) or a cancelled request: the connection is
            # sound and goes back; kept, it would be lost, and the pool would run dry and hang.
            self._pools[loop].put_nowait(connection)
            raise
        self._pools[loop].put_nowait(connection)
        return result

    async def start_connection_pool(self, **kwargs) -> None:
        """Connections open on first use; nothing to do (Piccolo's interface)."""

    async def close_connection_pool(self) -> None:
        loop = id(asyncio.get_running_loop())
        pool = self._pools.pop(loop, None)
        self._opened.pop(loop, None)
        while pool is not None and not pool.empty():
            await pool.get_nowait().close()


async def prepare_sqlite(engine: Engine) -> None:
    """WAL lets readers go on while one writer writes; kept in the file once set."""
    if isinstance(engine, SQLiteEngine):
        await engine._run_in_new_connection("PRAGMA journal_mode=WAL")


async def migrate(ctx=None, verbose: bool = False) -> int:
    """Apply every pending migration of the core and the enabled plugins; return how many ran.

    ``ctx`` is the app's context (default: the current one, else one built from the
    configuration); Piccolo's runner finds its engine and apps through balai.piccolo_conf, which
    answers from the context made current here. Piccolo prints a banner per app; that is kept
    for ``verbose`` and for failures only.
    """
    import contextlib
    import io

    from piccolo.apps.migrations.commands.forwards import run_forwards

    from balai import context

    ctx = ctx or context.get() or context.build()
    await prepare_sqlite(ctx.engine)
    output = io.StringIO()
    with context.active(ctx), contextlib.redirect_stdout(output):
        result = await run_forwards(app_name="all")
    if verbose or not result.success:
        print(output.getvalue())
    if not result.success:
        raise RuntimeError(result.message)
    return output.getvalue().count("[forwards]... ok")
