"""Memory of ``balai serve`` under anonymous posts far beyond a public form's size.

    .venv/bin/python bench/bench_public_post.py [--clients 20] [--mb 10]

A fresh SQLite var dir is migrated, then ``balai serve`` (one worker) is started. ``--clients``
anonymous clients post ``--mb`` MB each to /login at the same time, twice: once announcing the
size (Content-Length) and once streaming it without announcing it (chunked). The server's
resident memory (VmRSS) is read before and after each round, with the answers' status codes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_start import free_port, prepared_env  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def round_of(url: str, clients: int, size: int, announced: bool) -> Counter:
    body = b"password=" + b"x" * size

    async def chunks():
        for at in range(0, len(body), 64 * 1024):
            yield body[at:at + 64 * 1024]

    async def one(client: httpx.AsyncClient):
        content = body if announced else chunks()
        try:
            r = await client.post(url + "/login", content=content,
                                  headers={"content-type": "application/x-www-form-urlencoded"})
            return r.status_code
        except httpx.HTTPError as exc:  # the server may close the connection on a refused stream
            return type(exc).__name__

    async with httpx.AsyncClient(timeout=60) as client:
        return Counter(await asyncio.gather(*(one(client) for _ in range(clients))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--mb", type=int, default=10)
    args = parser.parse_args()
    balai = str(Path(sys.executable).with_name("balai"))
    with tempfile.TemporaryDirectory(prefix="balai-bench-post-") as tmp:
        env = prepared_env(Path(tmp) / "var")
        subprocess.run([balai, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        proc = subprocess.Popen([balai, "serve", "--no-migrate", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx.get(url + "/login", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            httpx.get(url + "/login")  # warm: templates compiled, pool open
            print(f"{args.clients} anonymous clients, {args.mb} MB each, POST /login (load average "
                  f"{os.getloadavg()[0]:.1f})")
            print(f"{'round':<22} {'RSS before MB':>14} {'RSS after MB':>13} {'growth MB':>10}  answers")
            for announced in (True, False):
                before = rss_mb(proc.pid)
                answers = asyncio.run(round_of(url, args.clients, args.mb * 1024 * 1024, announced))
                after = rss_mb(proc.pid)
                label = "Content-Length" if announced else "chunked, unannounced"
                print(f"{label:<22} {before:>14.1f} {after:>13.1f} {after - before:>10.1f}  {dict(answers)}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
