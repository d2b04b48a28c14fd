"""Database engines from a URL, and the migration command.

``sqlite:///var/balai.sqlite`` is the embedded default; ``postgres://user@host/db`` is the
reference database. Piccolo finds the engine through ``balai.piccolo_conf``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

os.environ.setdefault("PICCOLO_CONF", "balai.piccolo_conf")


def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # timeout: writers wait for each other instead of failing with "database is locked"
        return SQLiteEngine(path=str(path), timeout=30, isolation_level=None)
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql"):
        return PostgresEngine(config={"dsn": url.replace("postgres://", "postgresql://", 1)})
    raise ValueError(f"BALAI_DATABASE_URL tidak dikenal: {url!r} (pakai sqlite:/// atau postgres://)")


async def prepare_sqlite(engine: Engine) -> None:
    """WAL lets readers go on while one writer writes; kept in the file once set."""
    if isinstance(engine, SQLiteEngine):
        await engine._run_in_new_connection("PRAGMA journal_mode=WAL")


async def migrate() -> None:
    """Apply every pending migration of the core and the enabled plugins."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from balai.piccolo_conf import DB

    await prepare_sqlite(DB)
    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(result.message)
