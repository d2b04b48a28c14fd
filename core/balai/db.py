"""Database engines from a URL, and the migration command.

``sqlite:///var/balai.sqlite`` is the embedded default; ``postgres://user@host/db`` is the
reference database. Piccolo finds the engine through ``balai.piccolo_conf``.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

os.environ.setdefault("PICCOLO_CONF", "balai.piccolo_conf")


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


def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # timeout: writers wait for each other instead of failing with "database is locked"
        return PooledSQLiteEngine(path=str(path), timeout=30, isolation_level=None)
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql"):
        return BalaiPostgresEngine(config={"dsn": url.replace("postgres://", "postgresql://", 1)})
    raise ValueError(f"BALAI_DATABASE_URL tidak dikenal: {url!r} (pakai sqlite:/// atau postgres://)")


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


async def migrate(verbose: bool = False) -> int:
    """Apply every pending migration of the core and the enabled plugins; return how many ran.

    Piccolo prints a banner per app; that is kept for ``verbose`` and for failures only.
    """
    import contextlib
    import io

    from piccolo.apps.migrations.commands.forwards import run_forwards

    from balai.piccolo_conf import DB

    await prepare_sqlite(DB)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        result = await run_forwards(app_name="all")
    if verbose or not result.success:
        print(output.getvalue())
    if not result.success:
        raise RuntimeError(result.message)
    return output.getvalue().count("[forwards]... ok")
