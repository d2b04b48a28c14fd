"""A Balai server of its own for tests that change what they touch at random (the route fuzz,
Schemathesis): `balai serve` on a database made for it (the run's kind) with the demo agency,
dropped afterwards, so nothing they create, change or delete reaches another test."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from balai.testing.support import DEMO_PASSWORD, free_port


@contextlib.contextmanager
def own_server():
    """Yields (url, log file path); the log holds the server's warnings."""
    tmp = Path(tempfile.mkdtemp(prefix="balai-own-"))
    env = dict(os.environ, BALAI_VAR_DIR=str(tmp / "var"), BALAI_SCHEDULER="off")
    pg_name = ""
    if env["BALAI_DATABASE_URL"].startswith("postgres"):
        pg_name = f"balai_own_{secrets.token_hex(4)}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {pg_name}"], check=True)
        env["BALAI_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
    else:
        env["BALAI_DATABASE_URL"] = f"sqlite:///{tmp / 'var' / 'own.sqlite'}"
    for command in (["migrate"], ["demo", "--password", DEMO_PASSWORD]):
        subprocess.run([sys.executable, "-m", "balai.cli", *command], env=env, check=True, capture_output=True)
    port = free_port()
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "balai.cli", "serve", "--no-migrate", "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/login", timeout=1)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("balai serve did not start:\n" + log.read_text(errors="replace")) from None
                time.sleep(0.2)
        yield url, log
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if pg_name:
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                            f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)"])
