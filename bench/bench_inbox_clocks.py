"""What the legal clocks cost the inbox: the same inbox page with and without them, same data, same run.

    .venv/bin/python bench/bench_inbox_clocks.py [--database-url postgres://postgres@127.0.0.1:5432/balai_bench_clocks]
                                                 [--cases 2000] [--requests 300] [--rounds 7]

A fresh database (dropped and made again; SQLite with ``sqlite:///path``) gets the demo organisation
and ``--cases`` requests of the test SOP ``ujisop.informasi`` (tests/sop_plugin: two clocks per case,
10 and 3 working days), opened through the engine, in the pool of one ``ujisop_pemeriksa``, plus as
many cases of ``ujisop.sederhana`` (no clocks) elsewhere. The app runs in this process and is
called through httpx's ASGI transport (no network): ``GET /inbox``, the whole page as a signed-in
user gets it (session lookup, the inbox statement and its count, the nearest clock of each of the
25 rows with its days left on the working calendar, the layout). Alternating rounds of
``--requests`` GETs with the clocks and without (``inbox_context(clocks=False)``: the statement
without the clock column, the page without the clock column). Prints the median round of each
and what the clocks add, in per cent (target: at most 10 %); and, for information, the page sorted
by the nearest clock (``?sort=jam``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_data import fresh_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/balai_bench_clocks"


async def fill(n_cases: int) -> object:
    """The org, the pemeriksa whose pool gets every request, and the cases. Returns the CurrentUser."""
    from balai.demo import assign, ensure_user, seed_org
    from balai.identity.auth import start_session, user_for_session
    from balai.workflow.engine import open_case

    from balai import context

    ctx = context.current()
    units = await seed_org()
    pemohon = await ensure_user("bench.pemohon", "Pemohon (bench)", "bench-pass")
    pemeriksa = await ensure_user("bench.pemeriksa", "Pemeriksa (bench)", "bench-pass")
    await assign(pemohon, "ujisop_pemohon", units["umum"])
    await assign(pemohon, "ujisop_pemohon", units["industri"])
    await assign(pemeriksa, "ujisop_pemeriksa", units["umum"])
    opener = await user_for_session(await start_session(pemohon), ctx.catalogue)
    began = time.perf_counter()
    for i in range(n_cases):
        await open_case("ujisop.informasi", f"Permintaan informasi #{i}", user=opener, unit_id=units["umum"])
        await open_case("ujisop.sederhana", f"Permohonan #{i}", user=opener, unit_id=units["industri"])
    print(f"filled: {2 * n_cases} cases ({n_cases} with 2 clocks each) in {time.perf_counter() - began:.0f} s")
    return await user_for_session(await start_session(pemeriksa), ctx.catalogue)


async def rounds(client, requests: int, n: int, query: str) -> dict[str, list[float]]:
    from balai.workflow import pages

    with_clocks = pages.inbox_context

    async def without_clocks(user, params):
        return await with_clocks(user, params, clocks=False)

    async def page(clocks: bool) -> str:
        pages.inbox_context = with_clocks if clocks else without_clocks  # the page's own lookup, per round
        response = await client.get(f"/inbox{query}")
        assert response.status_code == 200, response.status_code
        return response.text

    try:
        assert (await page(True)).count('data-testid="inbox-clock"') == 25, "the first page should show 25 clocks"
        assert 'data-testid="inbox-clock"' not in await page(False)
        times: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(n):
            for name, clocks in (("without", False), ("with", True)):
                pages.inbox_context = with_clocks if clocks else without_clocks
                began = time.perf_counter()
                for _ in range(requests):
                    await client.get(f"/inbox{query}")
                times[name].append((time.perf_counter() - began) / requests * 1000)
    finally:
        pages.inbox_context = with_clocks
    return times


async def main_async(args) -> None:
    from balai import context, db
    from balai.testing.support import make_client, sign_in
    from balai.web.app import create_app

    ctx = context.build()
    context.activate(ctx)
    await db.migrate(ctx)
    app = create_app(ctx=ctx)
    context.activate(app.state.balai)
    for handler in app.on_startup:
        await handler(app)
    try:
        await fill(args.cases)
        async with make_client(app) as client:
            await sign_in(client, "bench.pemeriksa", "bench-pass")
            deadline = await rounds(client, args.requests, args.rounds, "")
            nearest = await rounds(client, max(args.requests // 3, 10), max(args.rounds // 2, 1), "?sort=jam")
    finally:
        for handler in app.on_shutdown:
            await handler(app)
    median = {k: statistics.median(v) for k, v in deadline.items()}
    print(f"database {args.database_url}; first page of 25 of {args.cases} open tasks, each case with 2 clocks")
    print(f"{args.rounds} alternating rounds x {args.requests} GET /inbox, one process (ASGI, no network), "
          f"cpus={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    print(f"GET /inbox without clocks (sort=tenggat)  {median['without']:7.2f} ms per page (median round)")
    print(f"GET /inbox with clocks    (sort=tenggat)  {median['with']:7.2f} ms per page (median round)")
    print(f"clocks add {100 * (median['with'] / median['without'] - 1):+.1f} % (target: at most +10 %)")
    print(f"for information, ?sort=jam (nearest clock first): {statistics.median(nearest['with']):.2f} ms per page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if args.database_url.startswith("postgres"):
        fresh_database(args.database_url)
    else:
        path = Path(args.database_url.removeprefix("sqlite:///"))
        path.unlink(missing_ok=True)
    os.environ.update(BALAI_DATABASE_URL=args.database_url, BALAI_SCHEDULER="off", BALAI_PLUGINS="*",
                      BALAI_VAR_DIR=os.environ.get("BALAI_VAR_DIR", tempfile.mkdtemp(prefix="bench-clocks-")))
    os.environ.setdefault("BALAI_SECRET_KEY", "bench-" + "x" * 40)
    os.environ.pop("BALAI_CONFIG", None)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
