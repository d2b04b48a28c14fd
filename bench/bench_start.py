"""Cold start of ``balai serve``: spawn to the first 200 on /login, for one or more installations.

    .venv/bin/python bench/bench_start.py [--runs 7] [--compare /other/checkout/.venv/bin/balai ...]

Each installation gets its own fresh SQLite var dir, migrated and seeded once (``balai migrate``,
``balai demo``). Then the servers are started in turns (A, B, A, B, ...) so that both meet the same
machine load; the table shows the median and the spread of each. ``--compare`` takes the ``balai``
command of another checkout (for instance the previous commit's, installed in its own venv).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepared_env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALAI_")}
    env.update(BALAI_VAR_DIR=str(var_dir), BALAI_SECRET_KEY="bench-" + "x" * 40, BALAI_SCHEDULER="off")
    return env


def prepare(balai: str, var_dir: Path) -> dict:
    env = prepared_env(var_dir)
    for command in (["migrate"], ["demo", "--password", "bench-pass"]):
        subprocess.run([balai, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def one_start(balai: str, env: dict) -> float:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([balai, "serve", "--no-migrate", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - started
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"{balai} serve stopped with {proc.returncode}") from None
                if time.perf_counter() - started > 60:
                    raise RuntimeError(f"{balai} serve did not answer in 60 s") from None
                time.sleep(0.01)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", nargs="*", default=[], help="other installations' balai commands")
    args = parser.parse_args()
    installs = [str(Path(sys.executable).with_name("balai"))] + args.compare
    with tempfile.TemporaryDirectory(prefix="balai-bench-start-") as tmp:
        envs = [prepare(b, Path(tmp) / f"var{i}") for i, b in enumerate(installs)]
        times: list[list[float]] = [[] for _ in installs]
        for _ in range(args.runs):
            for i, balai in enumerate(installs):
                times[i].append(one_start(balai, envs[i]))
    load = os.getloadavg()[0]
    print(f"cold start of balai serve, {args.runs} runs each, alternating (load average {load:.1f})")
    print(f"{'installation':<60} {'median s':>9} {'min s':>7} {'max s':>7}")
    for balai, series in zip(installs, times):
        print(f"{balai:<60} {statistics.median(series):>9.2f} {min(series):>7.2f} {max(series):>7.2f}")


if __name__ == "__main__":
    main()
