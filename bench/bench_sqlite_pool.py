"""Per-query cost on the embedded SQLite database: Balai's pooled engine against Piccolo's stock one.

    .venv/bin/python bench/bench_sqlite_pool.py [--queries 300]

The same indexed single-row SELECT, run one after another and then all at once, through each
engine on one fresh database file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time


async def measure(n: int) -> None:
    from piccolo.engine.sqlite import SQLiteEngine

    from balai.db import migrate
    from balai.identity.tables import User
    from balai.piccolo_conf import DB

    await migrate()
    await User.insert(User(username="bench", full_name="Bench"))
    stock = SQLiteEngine(path=DB.path, timeout=30)
    print(f"{n} SELECTs by username, {os.cpu_count()} cpus")
    print(f"{'engine':<28}{'sequential ms/query':>22}{'concurrent ms/query':>22}")
    for name, engine in (("piccolo SQLiteEngine", stock), ("balai PooledSQLiteEngine", DB)):
        User._meta.db = engine
        query = lambda: User.select().where(User.username == "bench").first()  # noqa: E731
        start = time.perf_counter()
        for _ in range(n):
            await query()
        sequential = (time.perf_counter() - start) / n * 1000
        start = time.perf_counter()
        await asyncio.gather(*(query() for _ in range(n)))
        concurrent = (time.perf_counter() - start) / n * 1000
        print(f"{name:<28}{sequential:>22.2f}{concurrent:>22.2f}")
    User._meta.db = DB
    await DB.close_connection_pool()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="balai-bench-")
    os.environ["BALAI_VAR_DIR"] = folder
    os.environ["BALAI_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite"
    asyncio.run(measure(args.queries))


if __name__ == "__main__":
    main()
