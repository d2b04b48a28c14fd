"""`bin/start` (balai serve --demo) run again keeps the passwords people use, and says whom to sign
in as (issue 22, item 13). SQLite in a folder of its own (in both runs): this is about the embedded default."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def _balai(tmp: Path, *args: str) -> str:
    env = dict(os.environ, BALAI_VAR_DIR=str(tmp / "var"), BALAI_SCHEDULER="off",
               BALAI_DATABASE_URL=f"sqlite:///{tmp / 'var' / 'balai.sqlite'}")
    done = subprocess.run([sys.executable, "-m", "balai.cli", *args], env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout


def _password(out: str) -> str:
    return re.search(r"Kata sandi semua pengguna di bawah: (\S+)", out).group(1)


async def _signs_in(tmp: Path, username: str, password: str) -> bool:
    import sqlite3

    from balai.identity.auth import verify_password

    row = sqlite3.connect(tmp / "var" / "balai.sqlite").execute(
        "select password_hash from core_user where username = ?", (username,)).fetchone()
    return bool(row) and verify_password(row[0], password)


async def test_a_second_start_keeps_the_passwords_and_lists_every_demo_login(tmp_path):
    _balai(tmp_path, "migrate")
    first = _balai(tmp_path, "demo")
    again = _balai(tmp_path, "demo")
    password = _password(first)
    assert _password(again) == password
    assert await _signs_in(tmp_path, "admin", password) and await _signs_in(tmp_path, "demo.kasubag-umum", password)
    # Every login is listed, by the name one types, with the role it plays and its unit.
    for line in ("admin ", "demo.kasubag-umum ", "demo.staf ", "demo.kepala-dinas "):
        assert line in again, line
    assert "Kepala Sub Bagian Umum — Sub Bagian Umum" in again
    assert "plugins --roles" not in again
    # Asked for a new one, it changes.
    changed = _balai(tmp_path, "demo", "--password", "sandi-baru-123")
    assert _password(changed) == "sandi-baru-123"
    assert await _signs_in(tmp_path, "admin", "sandi-baru-123") and not await _signs_in(tmp_path, "admin", password)
    assert _password(_balai(tmp_path, "demo")) == "sandi-baru-123"
