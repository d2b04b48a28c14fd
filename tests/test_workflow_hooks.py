"""The step hooks the engine calls, and SOP definitions loaded (and refused) at start-up."""

from __future__ import annotations

import types

import pytest

from balai.api import ActionError, act, hookimpl, open_case
from balai.workflow import engine
from balai.workflow.definition import SOP, SYSTEM, DefinitionError, SOPHeader, Step, go, selesai
from balai.testing import fake_plugin, install
from tests.workflow_support import open_task, person


@pytest.fixture
def seen():
    import balai_ujisop

    balai_ujisop.SEEN.clear()
    return balai_ujisop.SEEN


@pytest.fixture
async def pemohon(app, demo):
    return await person(app, ("ujisop_pemohon", demo["umum"]))


async def test_hook_sop_definitions(app):
    loaded = engine.sops()
    assert {"ujisop.sederhana", "ujisop.disposisi", "ujisop.eksternal"} <= set(loaded)
    assert app.state.sops.keys() == loaded.keys()
    step = engine.get_sop("ujisop.sederhana").step("ajukan")
    assert step.time_standard is not None and step.time_standard.high.unit == "hari_kerja"


async def test_hook_validate_action(app, demo, pemohon, seen):
    case = await open_case("ujisop.sederhana", "Butuh lampiran", user=pemohon, unit_id=demo["umum"],
                           data={"wajib_lampiran": True})
    task = await open_task(case["id"])
    with pytest.raises(ActionError) as err:
        await act(task["id"], "kirim", user=pemohon)
    assert err.value.messages == ["Lampiran wajib diunggah sebelum dikirim."]
    assert (await open_task(case["id"]))["state"] == "terbuka"  # nothing happened
    await act(task["id"], "kirim", user=pemohon, data={"lampiran": "ada"})
    assert ("validate_action", case["reference"], "ajukan", "kirim") in seen


async def test_hook_step_entered(app, demo, pemohon, seen):
    case = await open_case("ujisop.sederhana", "Masuk langkah", user=pemohon, unit_id=demo["umum"])
    task = await open_task(case["id"])
    assert ("step_entered", case["reference"], "ajukan", task["id"]) in seen
    await act(task["id"], "kirim", user=pemohon)
    nxt = await open_task(case["id"])
    assert ("step_entered", case["reference"], "periksa", nxt["id"]) in seen


async def test_hook_step_completed(app, demo, pemohon, seen):
    case = await open_case("ujisop.sederhana", "Langkah selesai", user=pemohon, unit_id=demo["umum"])
    task = await open_task(case["id"])
    await act(task["id"], "kirim", user=pemohon)
    assert ("step_completed", case["reference"], "ajukan", "kirim", "selesai") in seen


async def test_a_failing_step_completed_hook_leaves_nothing_half_written(app, demo, pemohon):
    class Broken(RuntimeError):
        pass

    module = types.ModuleType("fake_rusak_langkah")

    @hookimpl
    def step_completed(case, step, task, action, data):
        if case["subject"] == "Gagal di tengah":
            raise Broken("nomor surat tidak dapat diberikan")

    module.step_completed = step_completed
    host = app.state.host  # the app's plugins: the engine calls the hooks through them
    host.pm.register(module, name="rusak_langkah")
    try:
        case = await open_case("ujisop.sederhana", "Gagal di tengah", user=pemohon, unit_id=demo["umum"])
        task = await open_task(case["id"])
        with pytest.raises(Broken):
            await act(task["id"], "kirim", user=pemohon)
    finally:
        host.pm.unregister(name="rusak_langkah")
    still = await open_task(case["id"])
    assert still["id"] == task["id"] and still["state"] == "terbuka"
    assert [e["action"] for e in await engine.timeline(case["id"])] == ["buka"]


async def test_hook_task_panel(app, demo, pemohon, login):
    case = await open_case("ujisop.sederhana", "Panel <uji>", user=pemohon, unit_id=demo["umum"])
    task = await open_task(case["id"])
    c = await login(pemohon.username)
    page = await c.get(f"/tasks/{task['id']}")
    assert page.status_code == 200
    assert 'data-testid="ujisop-panel"' in page.text
    assert "Panel uji untuk Panel &lt;uji&gt;" in page.text


# --- broken definitions stop start-up ----------------------------------------------------

HEADER = SOPHeader(nomor="RUSAK/1")


def _sop(*steps, started_by=SYSTEM, **kw) -> SOP:
    return SOP(code="rusak.sop", name="SOP Rusak", header=HEADER, steps=list(steps), started_by=started_by, **kw)


BROKEN = {
    "unknown role": (
        _sop(Step(1, "a", "A", actor="peran_fiktif", actions=[selesai()])),
        "SOP 'rusak.sop' langkah 1 (a): peran pelaksana tidak dikenal: 'peran_fiktif'",
    ),
    "unreachable step": (
        _sop(Step(1, "a", "A", actor="staf", actions=[selesai()]),
             Step(2, "b", "B", actor="staf", actions=[selesai()])),
        "SOP 'rusak.sop' langkah 2 (b): tidak dapat dicapai dari langkah pertama",
    ),
    "action to a missing step": (
        _sop(Step(1, "a", "A", actor="staf", actions=[go("kirim", "Kirim", to="hilang"), selesai()])),
        "SOP 'rusak.sop' langkah 1 (a): aksi 'kirim' menuju langkah yang tidak ada: 'hilang'",
    ),
    "nobody may start it": (
        _sop(Step(1, "a", "A", actor="staf", actions=[selesai()]), started_by=None),
        "SOP 'rusak.sop': tidak menyebut siapa yang membuka kasus (start_permission, atau started_by=PUBLIC/SYSTEM)",
    ),
    "an unknown starter": (
        _sop(Step(1, "a", "A", actor="staf", actions=[selesai()]), started_by="semua"),
        "SOP 'rusak.sop': started_by harus PUBLIC atau SYSTEM, bukan 'semua'",
    ),
    "no way to end": (
        _sop(Step(1, "a", "A", actor="staf", actions=[go("kirim", "Kirim", to="b")]),
             Step(2, "b", "B", actor="staf", actions=[go("balik", "Balik", to="a")])),
        "SOP 'rusak.sop': tidak ada aksi yang mengakhiri kasus (selesai/ditolak)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
async def test_a_broken_sop_stops_start_up_naming_sop_and_step(app, monkeypatch, case):
    from balai.plugins import load_host
    from balai.web.app import create_app

    definition, message = BROKEN[case]
    install(monkeypatch, fake_plugin("rusak", sop_definitions=lambda: [definition]))
    before = dict(engine.sops())
    with pytest.raises(DefinitionError) as err:
        create_app(app.state.config, load_host(None))  # the app is never made
    assert str(err.value) == message
    assert engine.sops().keys() == before.keys()  # the running app's SOPs were not touched
