"""Key rotation: a new sealing key on top, old data still readable, `balai reseal` moves it all.

The commands run as an operator runs them (``balai sealing-key --new``, ``balai reseal``), on this
run's database and key file.
"""

from __future__ import annotations

import os
import subprocess
import sys

from balai.api import hookimpl
from balai.sealed import crypto, keys
from balai.sealed import service as sealing
from balai.sealed.reseal import columns, count_keys, reseal
from balai.sealed.tables import SealingKeyUse
from balai.workflow import engine
from tests.documents_support import pdf_bytes
from tests.sealed_support import NOTE, SUBJECT, open_report


def balai(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "balai.cli", *args], env=dict(os.environ), capture_output=True,
                          text=True, timeout=120)


async def restart(app) -> keys.Keyring:
    """What an app restart does with the keys: read them again and check them (balai.sealed)."""
    return await sealing.ensure_keys(app.state.balai)


async def key_ids_in_use() -> set[str]:
    found = set()
    for column in columns():
        found |= set(await count_keys(column))
    return found


async def test_data_sealed_with_an_old_key_reads_after_rotation_and_reseal_moves_it(app, demo, login):
    old = sealing.keyring().newest[0]
    report = await open_report(app, demo)
    worker = await login(report["worker"])
    content = pdf_bytes("Bukti lama")
    uploaded = await worker.post("/api/core/documents", data={"owner_type": "case", "owner_id": str(report["case"]["id"])},
                                 files={"file": ("bukti.pdf", content, "application/pdf")})
    assert uploaded.status_code == 201
    download = f"/documents/{uploaded.json()['id']}/download"

    made = balai("sealing-key", "--new")
    assert made.returncode == 0, made.stderr
    ring = await restart(app)
    new = ring.newest[0]
    assert new != old and new in made.stdout and ring.ids == (new, old)

    # the old key still opens what it sealed; new data is sealed with the new key
    page = await worker.get(f"/tasks/{report['first']['id']}")
    assert SUBJECT in page.text and NOTE in page.text
    assert (await worker.get(download)).content == content
    await engine.act(report["second"]["id"], "selesai", user=report["worker"], note="Catatan sesudah rotasi")
    assert {old, new} <= await key_ids_in_use()

    done = balai("reseal")
    assert done.returncode == 0, done.stdout + done.stderr
    assert old in done.stdout  # named as no longer used
    assert await key_ids_in_use() == {new}
    retired = await SealingKeyUse.select().where(SealingKeyUse.key_id == old).first()
    assert retired["retired_at"] is not None

    # everything still reads, and the old key may now go: start-up no longer asks for it
    path = keys.key_file(app.state.config)
    kept = [line for line in path.read_text().splitlines()
            if not line.strip() or line.startswith("#") or keys.parse(line, "baris").newest[0] != old]
    path.write_text("\n".join(kept) + "\n")
    assert (await restart(app)).ids == (new,)
    page = await worker.get(f"/tasks/{report['first']['id']}")
    assert SUBJECT in page.text and NOTE in page.text
    assert (await worker.get(download)).content == content


class Laporan:
    """A plugin keeping sealed text in its own table (here the example plugin's announcements)."""

    @hookimpl
    def sealed_columns(self):
        from balai_pengumuman.tables import Announcement

        return [Announcement.body]


async def test_hook_sealed_columns(app, demo, plugin_registered):
    from balai_pengumuman.tables import Announcement

    report = await open_report(app, demo)
    token = sealing.seal_text("Isi laporan Hartono", report["case"]["id"])
    rows = await Announcement.insert(Announcement(title="Tertutup", body=token)).returning(Announcement.id)
    before = crypto.parse_token(token)[0]
    keys.add_key(keys.key_file(app.state.config))
    ring = await restart(app)
    with plugin_registered(Laporan(), name="laporan_uji"):
        result = await reseal()
    assert result.resealed["pengumuman_announcement.body"] == 1 and before in result.retired
    body = (await Announcement.select(Announcement.body).where(Announcement.id == rows[0]["id"]).first())["body"]
    assert crypto.parse_token(body)[0] == ring.newest[0] != before
    assert sealing.unseal_text(body, report["case"]["id"]) == "Isi laporan Hartono"
    await Announcement.delete().where(Announcement.id == rows[0]["id"])
