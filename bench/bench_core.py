"""Core figures: cold start of ``balai serve``, and dashboard throughput next to a bare Litestar page.

    .venv/bin/python bench/bench_core.py [--requests 2000] [--concurrency 16] [--rounds 3]

(a) Cold start: a fresh SQLite var dir is migrated and seeded (``balai migrate``, ``balai demo``), then
    ``balai serve`` is spawned five times; each run is timed from spawn to the first 200 on /login.
(b) Throughput: the dashboard (/) for a signed-in admin, served by ``balai serve`` (one uvicorn worker),
    next to a bare Litestar app (one uvicorn worker) rendering a Jinja template from fixed data to the
    same number of bytes. Both get the same load: ``--concurrency`` httpx clients sharing a fixed number
    of requests, in alternating rounds; the table shows the median round.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jinja2 import DictLoader, Environment
from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

HERE = Path(__file__).resolve().parent
ROW = "<tr><td>{{ r.nomor }}</td><td>{{ r.perihal }}</td><td>{{ r.pengirim }}</td><td>{{ r.tanggal }}</td></tr>\n"
PAGE = "<!doctype html><html lang=\"id\"><body><table>{% for r in rows %}" + ROW + "{% endfor %}</table></body></html>"


def bare_app():
    """The comparison: a Litestar app that renders a template from fixed data (``BENCH_BYTES`` long)."""
    env = Environment(loader=DictLoader({"page.html": PAGE}), autoescape=True)
    row = {"nomor": "000.1/123/Sekr", "perihal": "Undangan rapat koordinasi", "pengirim": "Biro Umum",
           "tanggal": "Senin, 8 Desember 2023"}
    template = env.get_template("page.html")
    empty, one = len(template.render(rows=[]).encode()), len(template.render(rows=[row]).encode())
    count = max(0, (int(os.environ.get("BENCH_BYTES", "8000")) - empty) // (one - empty))
    rows = [dict(row, nomor=f"{i:03d}.1/123/Sekr") for i in range(count)]

    @get("/", opt={"public": True}, sync_to_thread=False)
    def page() -> Template:
        return Template(template_name="page.html", context={"rows": rows})

    return Litestar([page], template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(env)))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ok(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"no 200 from {url} within {timeout}s")


def serve_balai(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "balai.cli", "serve", "--no-migrate", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def serve_bare(port: int, size: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bench_core:bare_app", "--app-dir", str(HERE),
         "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "BENCH_BYTES": str(size)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def cold_starts(env: dict, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        port = free_port()
        start = time.perf_counter()
        proc = serve_balai(env, port)
        try:
            wait_ok(f"http://127.0.0.1:{port}/login", proc)
            times.append(time.perf_counter() - start)
        finally:
            stop(proc)
    return times


def sign_in(base: str, username: str, password: str) -> dict:
    import httpx

    with httpx.Client(base_url=base) as c:
        page = c.get("/login")
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/login", data={"username": username, "password": password, "next": "/", "_csrf_token": token})
        assert r.status_code == 303, f"login failed: {r.status_code}"
        return dict(c.cookies)


async def load(url: str, cookies: dict, total: int, concurrency: int) -> tuple[float, list[float]]:
    """``total`` GETs of ``url`` by ``concurrency`` clients; returns (seconds, latencies)."""
    import httpx

    remaining = total
    latencies: list[float] = []

    async def client() -> None:
        nonlocal remaining
        async with httpx.AsyncClient(cookies=cookies, timeout=30) as c:
            while remaining > 0:
                remaining -= 1
                t0 = time.perf_counter()
                r = await c.get(url)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    raise RuntimeError(f"{url}: {r.status_code}")

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return time.perf_counter() - start, latencies


def cpu_seconds(pids) -> float:
    """User + system CPU time the processes ``pids`` have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(url: str, cookies: dict, total: int, concurrency: int, cpu: dict | None = None) -> dict:
    """Throughput and latency of ``total`` GETs; ``cpu`` maps names to callables giving CPU seconds
    used so far, reported per request (ms) over the measured GETs."""
    asyncio.run(load(url, cookies, min(200, total), concurrency))  # warm-up
    before = {name: read() for name, read in (cpu or {}).items()}
    seconds, latencies = asyncio.run(load(url, cookies, total, concurrency))
    used = {name: (read() - before[name]) / total * 1000 for name, read in (cpu or {}).items()}
    latencies.sort()
    return {"rps": total / seconds, "p50": latencies[len(latencies) // 2] * 1000,
            "p95": latencies[int(len(latencies) * 0.95)] * 1000, "cpu_ms": used}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="balai-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("BALAI_CONFIG", "BALAI_DATABASE_URL")}
    env.update(BALAI_VAR_DIR=str(var), BALAI_DATABASE_URL=f"sqlite:///{var / 'balai.sqlite'}")
    for command in (["migrate"], ["demo", "--password", "bench-pass"]):
        subprocess.run([sys.executable, "-m", "balai.cli", *command], env=env, check=True,
                       stdout=subprocess.DEVNULL)

    starts = cold_starts(env)
    print(f"cold start of `balai serve` (spawn -> first 200 on /login), fresh SQLite var dir, {len(starts)} runs "
          f"(load average {os.getloadavg()[0]:.1f}, cpus={os.cpu_count()}):")
    print("  " + "  ".join(f"{s:.2f}s" for s in starts) + f"   median {statistics.median(starts):.2f}s\n")

    balai_port, bare_port = free_port(), free_port()
    balai = serve_balai(env, balai_port)
    bare = None
    try:
        balai_url = f"http://127.0.0.1:{balai_port}"
        wait_ok(balai_url + "/login", balai)
        cookies = sign_in(balai_url, "admin", "bench-pass")
        import httpx

        size = len(httpx.get(balai_url + "/", cookies=cookies).content)
        bare = serve_bare(bare_port, size)
        bare_url = f"http://127.0.0.1:{bare_port}"
        wait_ok(bare_url + "/", bare)
        bare_size = len(httpx.get(bare_url + "/").content)
        results: dict[str, list[dict]] = {"balai": [], "bare": []}
        for _ in range(args.rounds):
            results["balai"].append(measure(balai_url + "/", cookies, args.requests, args.concurrency))
            results["bare"].append(measure(bare_url + "/", {}, args.requests, args.concurrency))
    finally:
        stop(balai)
        if bare:
            stop(bare)

    print(f"throughput: {args.requests} GETs x {args.rounds} rounds, {args.concurrency} concurrent httpx clients, "
          f"one uvicorn worker each, cpus={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    print(f"{'endpoint':<44} {'bytes':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for name, label, nbytes in (("balai", "balai dashboard / (signed-in admin)", size),
                                ("bare", "bare Litestar + Jinja, fixed data", bare_size)):
        best = sorted(results[name], key=lambda r: r["rps"])[len(results[name]) // 2]
        print(f"{label:<44} {nbytes:>7} {best['rps']:>8.0f} {best['p50']:>8.1f} {best['p95']:>8.1f}")


if __name__ == "__main__":
    main()
