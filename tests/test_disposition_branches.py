"""No disposisi branch lands in nobody's inbox (issue 22, item 3): a unit where nobody holds the
next step's role gets the branch through its head; a unit with neither is refused, with the reason,
and the task page says beforehand who each unit's branch would reach."""

from __future__ import annotations

import secrets

import pytest

from balai.api import ActionError, act, open_case
from balai.demo import assign
from balai.identity.tables import Unit
from balai.testing import csrf_from
from balai.workflow.tables import Task
from tests.workflow_support import open_task, open_tasks, person


async def _unit(parent: int, name: str) -> int:
    rows = await Unit.insert(Unit(code=f"u-{secrets.token_hex(3)}", name=name, kind="bidang", parent=parent)) \
        .returning(Unit.id)
    return rows[0]["id"]


async def _at_spread(app, demo):
    pemohon = await person(app, ("ujisop_pemohon", demo["umum"]))
    pemeriksa = await person(app, ("ujisop_pemeriksa", demo["sekretariat"]))
    case = await open_case("ujisop.disposisi", "Undangan rapat", user=pemohon, unit_id=demo["umum"])
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    await act((await open_task(case["id"]))["id"], "paraf", user=pemeriksa)
    return case, await open_task(case["id"]), pemeriksa


async def test_a_branch_to_a_unit_without_role_holders_goes_to_its_head(app, demo):
    headed = await _unit(demo["dinas"], "Bidang Tanpa Kabid Uji")
    head = await person(app, ("kepala_seksi", headed))
    case, spread, pemeriksa = await _at_spread(app, demo)
    await act(spread["id"], "disposisi", user=pemeriksa, recipients=[
        {"unit_id": headed, "instruction": "Hadiri"}, {"unit_id": demo["industri"], "instruction": "Siapkan bahan"}])
    branches = {b["unit"]: b for b in await open_tasks(case["id"])}
    assert set(branches) == {headed, demo["industri"]}
    assert branches[headed]["assignee"] == head.id and branches[headed]["instruction"] == "Hadiri"
    # The head can act on it (it is in their reach as its assignee) and passes it on.
    from balai.api import may_work_on

    assert [t["id"] for t in await may_work_on(head, [branches[headed]])] == [branches[headed]["id"]]


async def test_a_branch_to_a_unit_with_nobody_is_refused_and_nothing_moves(app, demo):
    empty = await _unit(demo["dinas"], "Bidang Kosong Uji")
    case, spread, pemeriksa = await _at_spread(app, demo)
    before = await Task.count().where(Task.case == case["id"])
    with pytest.raises(ActionError) as err:
        await act(spread["id"], "disposisi", user=pemeriksa, recipients=[
            {"unit_id": empty}, {"unit_id": demo["industri"]}])
    assert "Bidang Kosong Uji" in " ".join(err.value.messages)
    assert await Task.count().where(Task.case == case["id"]) == before
    assert (await open_task(case["id"]))["id"] == spread["id"]


async def test_the_task_page_names_who_each_branch_reaches(app, demo, login):
    empty = await _unit(demo["dinas"], "Bidang Kosong Uji")
    headed = await _unit(demo["dinas"], "Bidang Berkepala Uji")
    head = await person(app, ("kepala_seksi", headed))
    case, spread, pemeriksa = await _at_spread(app, demo)
    c = await login(pemeriksa)
    page = await c.get(f"/tasks/{spread['id']}")
    assert page.status_code == 200
    text = page.text
    assert f'data-testid="receivers-{empty}"' in text and "tidak ada penerima" in text
    block = text.split(f'data-testid="receivers-{headed}"', 1)[1].split("</span>", 1)[0]
    assert "kepala unit" in block and head.full_name in block
    # demo.kepala-bidang holds kepala_bidang in Bidang Perindustrian: named beside it
    industri = text.split(f'data-testid="receivers-{demo["industri"]}"', 1)[1].split("</span>", 1)[0]
    from balai.identity.tables import User

    kabid = (await User.select(User.full_name).where(User.username == "demo.kepala-bidang").first())["full_name"]
    assert kabid in industri  # by the account's name: the demo gives it a person's, not "Kepala Bidang (demo)"
    # and the refusal through the page keeps the form
    r = await c.post(f"/tasks/{spread['id']}/act", data={"_csrf_token": csrf_from(text), "action": "disposisi",
                                                        "unit_ids": [str(empty)], "instruksi": "Segera"})
    assert r.status_code in (200, 400, 422) and "Bidang Kosong Uji" in r.text and 'value="Segera"' in r.text


async def test_units_offered_and_accepted_are_the_actions_scope(app, demo, login):
    """Issue 22 item 8: never the Dinas itself; a disposisi with units="below" (a Kepala Bidang's)
    offers and accepts only the units under the task's unit."""
    from balai.workflow.definition import disposisi
    from balai.workflow.engine import disposable_units
    from balai.identity.directory import unit_tree

    t = await unit_tree()
    everywhere = disposable_units(disposisi("x"), {"unit": demo["sekretariat"]}, t)
    assert demo["dinas"] not in everywhere and {demo["industri"], demo["koperasi"], demo["umum"]} <= everywhere
    within = disposable_units(disposisi("x", units="below"), {"unit": demo["industri"]}, t)
    assert demo["industri-agro"] in within and within == t.below[demo["industri"]] - {demo["industri"]}
    assert demo["perdagangan"] not in within
    case, spread, pemeriksa = await _at_spread(app, demo)
    c = await login(pemeriksa)
    page = (await c.get(f"/tasks/{spread['id']}")).text
    assert f'id="unit-{demo["dinas"]}"' not in page and f'id="unit-{demo["koperasi"]}"' in page
    with pytest.raises(ActionError) as err:
        await act(spread["id"], "disposisi", user=pemeriksa, recipients=[{"unit_id": demo["dinas"]}])
    assert "tidak dapat menerima disposisi" in " ".join(err.value.messages)
