"""Inbox throughput of a busy role on a large PostgreSQL database, next to a bare Litestar page.

    .venv/bin/python bench/gen_data.py --scale 1        # once: 100 000 cases, 1 000 000 tasks
    .venv/bin/python bench/bench_inbox.py [--requests 2000] [--concurrency 16] [--rounds 3]

``bench.sibuk`` holds the role of a step whose pool in Subbag Umum has 2 000 open tasks. Measured:
GET /inbox (the first page of 25, sorted by deadline) served by ``balai serve`` (one uvicorn worker,
the real session lookup with its roles, then the page and its count in one query), next to a bare
Litestar app (one uvicorn worker) rendering the very same template (workflow/inbox.html in the Balai layout) from data fetched
once at its start-up. Same run, same load: ``--concurrency`` httpx clients sharing ``--requests``
GETs, alternating rounds; the median round is shown with the ratio balai / bare, and where the
CPU went per request: the server process, PostgreSQL's processes, and the load-generating clients
(all on the same machine, so a busy PostgreSQL or client also slows the server).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from litestar import Litestar, Request, get  # noqa: E402
from litestar.config.csrf import CSRFConfig  # noqa: E402
from litestar.plugins.jinja import JinjaTemplateEngine  # noqa: E402
from litestar.response import Template  # noqa: E402
from litestar.template.config import TemplateConfig  # noqa: E402

from bench_core import cpu_seconds, free_port, measure, sign_in, stop, wait_ok  # noqa: E402
from gen_data import BUSY_USER, DEFAULT_URL, PASSWORD, balai_env  # noqa: E402


def bare_app():
    """Litestar + Balai's Jinja environment; the inbox context is computed once, at start-up."""
    from balai import context
    from balai.identity.auth import user_for_session
    from balai.web.app import _jinja

    ctx = context.build()  # configuration, plugins, SOPs, engine: current for the whole benchmark
    context.activate(ctx)
    config, host, catalogue, DB = ctx.config, ctx.host, ctx.catalogue, ctx.engine
    state: dict = {}

    async def startup(app) -> None:
        from balai.workflow.pages import inbox_context

        await DB.start_connection_pool(min_size=1, max_size=2)
        try:
            user = await user_for_session(os.environ["BENCH_SESSION"], catalogue)
            state.update(user=user, context=await inbox_context(user, {}))
        finally:
            await DB.close_connection_pool()

    @get("/inbox", opt={"public": True})
    async def page(request: Request) -> Template:
        request.scope["user"] = state["user"]
        return Template(template_name="workflow/inbox.html", media_type="text/html",
                        context={**state["context"], "layout": "base.html", "flashes": []})

    return Litestar(
        [page], on_startup=[startup],
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(_jinja(config, host))),
        csrf_config=CSRFConfig(secret=config.secret_key, cookie_name="balai_csrf"),
    )


def postgres_pids() -> list[str]:
    found = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    return found or subprocess.run(["pgrep", "postgres"], capture_output=True, text=True).stdout.split()


def serve(env: dict, argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    env = balai_env(args.database_url)
    env["BALAI_SCHEDULER"] = "off"
    balai_port, bare_port = free_port(), free_port()
    balai = serve(env, ["-m", "balai.cli", "serve", "--no-migrate", "--port", str(balai_port)])
    bare = None
    try:
        balai_url = f"http://127.0.0.1:{balai_port}"
        wait_ok(balai_url + "/login", balai)
        cookies = sign_in(balai_url, BUSY_USER, PASSWORD)
        import httpx

        first = httpx.get(balai_url + "/inbox", cookies=cookies)
        assert first.status_code == 200 and first.text.count("<tr class=") == 25, "the busy inbox is not full"
        total = first.text.split('data-testid="inbox-total">', 1)[1].split("<", 1)[0]
        bare = serve({**env, "BENCH_SESSION": cookies["balai_session"]},
                     ["-m", "uvicorn", "--factory", "bench_inbox:bare_app", "--app-dir", str(HERE),
                      "--port", str(bare_port), "--log-level", "warning"])
        bare_url = f"http://127.0.0.1:{bare_port}"
        wait_ok(bare_url + "/inbox", bare)
        sizes = {"balai": len(first.content), "bare": len(httpx.get(bare_url + "/inbox").content)}
        results: dict[str, list[dict]] = {"balai": [], "bare": []}
        def cpu(server: subprocess.Popen) -> dict:
            return {"server": lambda: cpu_seconds([server.pid]), "postgres": lambda: cpu_seconds(postgres_pids()),
                    "clients": lambda: os.times().user + os.times().system}

        for _ in range(args.rounds):
            results["balai"].append(measure(balai_url + "/inbox", cookies, args.requests, args.concurrency,
                                            cpu(balai)))
            results["bare"].append(measure(bare_url + "/inbox", {}, args.requests, args.concurrency, cpu(bare)))
    finally:
        stop(balai)
        if bare:
            stop(bare)

    print(f"inbox of {BUSY_USER}: {total} open in the pool, first page of 25; database {args.database_url}")
    print(f"{args.requests} GETs x {args.rounds} rounds, {args.concurrency} concurrent httpx clients, one uvicorn "
          f"worker each, cpus={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    print(f"{'endpoint':<46} {'bytes':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}   CPU ms per request: "
          "server / postgres / clients")
    median = {name: sorted(rs, key=lambda r: r["rps"])[len(rs) // 2] for name, rs in results.items()}
    for name, label in (("balai", "balai GET /inbox (session + 1 query)"),
                        ("bare", "bare Litestar, same template, fixed data")):
        m = median[name]
        used = m["cpu_ms"]
        print(f"{label:<46} {sizes[name]:>7} {m['rps']:>8.0f} {m['p50']:>8.1f} {m['p95']:>8.1f}   "
              f"{used['server']:.2f} / {used['postgres']:.2f} / {used['clients']:.2f}")
    print(f"ratio balai / bare: {median['balai']['rps'] / median['bare']['rps']:.0%} (target >= 50 %)")


if __name__ == "__main__":
    main()
