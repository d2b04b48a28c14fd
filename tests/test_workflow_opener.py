"""The workflow API a plugin author needs (issue 9): the requester's own step, the user's unit,
typed rows and their pages, the task panel in the same response, a disabled plugin's cases.

Uses the bundled persuratan plugin as installed: SOP 15 (registering is the clerk's own step 1)
and SOP 16 (the drafter's own konsep step).
"""

from __future__ import annotations

import pytest

from balai.api import (
    ActionError, CaseState, TaskState, case_tasks, case_url, open_case, task_url, unit_of, units_below, user_units,
)
from balai.config import load_config
from balai.plugins import load_host
from balai.testing import make_client, sign_in
from balai.web.app import create_app


async def _open(case_id: int) -> list[dict]:
    return [t for t in await case_tasks(case_id) if t["state"] in TaskState.OPEN]


async def test_assign_opener_puts_step_one_in_a_kepala_seksis_own_inbox(make_user, login, demo):
    # demo.staf holds "staf" in Subbag Umum too: with assign="case" the draft went to them.
    kasi = await make_user(roles=[("kepala_seksi", "umum")], unit="umum")
    user = await kasi.current()
    case = await open_case("persuratan.surat_keluar", "Konsep surat dari Kasi", user=user,
                           unit_id=unit_of(user, "staf"))
    assert case["state"] == CaseState.BERJALAN
    [task] = await _open(case["id"])
    assert task["step"] == "konsep" and task["assignee"] == kasi.id and task["unit"] == demo["umum"]
    mine = await login(kasi)
    assert case["reference"] in (await mine.get("/inbox")).text
    staf = await login("demo.staf")
    assert case["reference"] not in (await staf.get("/inbox")).text


async def test_open_case_complete_first_does_the_openers_step_at_once(make_user, demo):
    clerk = await make_user(roles=[("pengelola_surat_umum", "dinas")])
    user = await clerk.current()
    case = await open_case("persuratan.surat_masuk", "Surat uji langsung diteruskan", user=user,
                           unit_id=unit_of(user, "pengelola_surat_umum"), data={"urgent": False},
                           complete_first="teruskan")
    tasks = await case_tasks(case["id"])
    assert [(t["step"], t["state"], t["closed_by"]) for t in tasks][0] == ("catat", TaskState.SELESAI, clerk.id)
    assert [t["step"] for t in tasks if t["state"] in TaskState.OPEN] == ["verifikasi"]


async def test_a_refused_first_action_opens_no_case(make_user):
    from balai.workflow.tables import Case

    clerk = await make_user(roles=[("pengelola_surat_umum", "dinas")])
    user = await clerk.current()
    before = await Case.count()
    with pytest.raises(ActionError):
        await open_case("persuratan.surat_masuk", "Aksi yang tidak ada", user=user, unit_id=unit_of(user),
                        complete_first="tidak_ada")
    assert await Case.count() == before


async def test_the_users_units_and_the_unit_tree(make_user, demo):
    both = await make_user(roles=[("staf", "umum"), ("kepala_bidang", "industri"), ("caraka", "umum")])
    user = await both.current()
    assert user_units(user) == [demo["umum"], demo["industri"]]
    assert unit_of(user) == demo["umum"] and unit_of(user, "kepala_bidang") == demo["industri"]
    assert unit_of(user, "arsiparis") == demo["umum"]  # not held: the first role's unit
    below = await units_below(demo["sekretariat"])
    assert {demo["sekretariat"], demo["umum"]} <= below and demo["industri"] not in below


def test_case_and_task_urls():
    assert case_url(12) == "/cases/12" and task_url("7") == "/tasks/7"


async def test_the_task_panel_renders_in_the_same_response(login, demo):
    from balai_persuratan.tables import SuratMasuk

    clerk = await login("demo.pengelola-surat-umum")
    surat = await SuratMasuk.select().where(SuratMasuk.case_id.is_not_null()).first()
    [task] = [t for t in await _open(surat["case_id"])][:1]
    page = await clerk.get(task_url(task["id"]))
    assert page.status_code == 200
    assert 'data-testid="panel-persuratan"' in page.text and surat["perihal"] in page.text
    assert 'hx-get="/persuratan/panel' not in page.text  # no placeholder costing a second request


async def test_a_disabled_plugins_case_answers_404(app, demo, monkeypatch):
    from balai_persuratan.tables import SuratMasuk

    surat = await SuratMasuk.select().where(SuratMasuk.case_id.is_not_null()).first()
    case_id = surat["case_id"]
    [task] = [t for t in await case_tasks(case_id)][:1]
    async with make_client(app) as c:
        await sign_in(c, "admin", "demo-pass")
        assert (await c.get(case_url(case_id))).status_code == 200

    others = tuple(p.meta.name for p in app.state.host.enabled if p.meta.name != "persuratan")
    monkeypatch.setenv("BALAI_PLUGINS", ",".join(others))
    config = load_config()
    off = create_app(config, load_host(config.plugins))
    async with make_client(off) as c:
        await sign_in(c, "admin", "demo-pass")
        assert (await c.get(case_url(case_id))).status_code == 404
        assert (await c.get(task_url(task["id"]))).status_code == 404
        assert (await c.get(f"/api/core/tasks/{task['id']}")).status_code == 404
