"""The sealing keys of a running app: made once on the embedded default, checked at start-up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from balai.plugins import load_host
from balai.sealed import keys
from balai.sealed import service as sealing
from balai.sealed.keys import SealingKeyError
from balai.sealed.tables import SealingKeyUse
from balai.web.app import create_app
from balai.workflow import engine
from balai.workflow.tables import Case
from tests.workflow_support import new_unit


async def _start(config):
    """Start (and stop again) an app of ``config`` on the session's database."""
    application = create_app(config, load_host(None))
    try:
        for handler in application.on_startup:
            await handler(application)
    finally:
        for handler in application.on_shutdown:
            await handler(application)


async def test_the_embedded_default_makes_a_private_key_file_and_records_its_id(app):
    path = keys.key_file(app.state.config)
    assert path.parent == app.state.config.var_dir and oct(path.stat().st_mode & 0o777) == "0o600"
    ring = keys.parse(path.read_text(), str(path))
    used = await SealingKeyUse.select(SealingKeyUse.key_id).where(SealingKeyUse.retired_at.is_null())
    assert ring.newest[0] in {r["key_id"] for r in used}
    assert path.read_text() not in str(await SealingKeyUse.select())  # the id only, never the key


async def test_a_lost_key_stops_start_up_instead_of_making_a_new_one(app, tmp_path):
    kid = sealing.keyring().newest[0]
    config = replace(app.state.config, var_dir=tmp_path, sealing_key="", sealing_key_file="")
    with pytest.raises(SealingKeyError, match="BALAI_SEALING_KEY") as refused:
        await _start(config)
    assert kid in str(refused.value)
    assert not (tmp_path / keys.FILE_NAME).exists()


async def test_a_wrong_or_malformed_key_stops_start_up(app):
    with pytest.raises(SealingKeyError, match=sealing.keyring().newest[0]):
        await _start(replace(app.state.config, sealing_key=keys.new_key()))
    with pytest.raises(SealingKeyError, match="bukan kunci penyegelan"):
        await _start(replace(app.state.config, sealing_key="rahasia-sekali"))


async def test_the_keys_may_come_from_the_variable_alone(app, tmp_path):
    written = [line for line in keys.key_file(app.state.config).read_text().splitlines() if not line.startswith("#")]
    await _start(replace(app.state.config, var_dir=tmp_path, sealing_key=", ".join(written)))
    assert not (tmp_path / keys.FILE_NAME).exists()


async def test_without_its_key_a_sealed_case_is_refused_never_stored_in_plaintext(app, demo, monkeypatch, tmp_path):
    ctx = app.state.balai
    monkeypatch.delitem(ctx.extra, sealing.EXTRA)
    monkeypatch.setattr(ctx, "config", replace(ctx.config, var_dir=tmp_path))
    before = await Case.count()
    with pytest.raises(SealingKeyError):
        await engine.open_case("ujisop.rahasia", "Laporan tanpa kunci", user=None,
                               unit_id=await new_unit(demo["sekretariat"]), data={"isi": "rahasia"})
    assert await Case.count() == before
