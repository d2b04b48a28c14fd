"""The workflow's JSON API under /api/core/."""

from __future__ import annotations

import asyncio

from tests.workflow_support import new_unit, person


async def test_open_act_and_read_through_the_api(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit))
    c = await login(pemohon.username)
    opened = await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Lewat API", "unit_id": unit})
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert case["reference"].startswith("UJI/") and case["state"] == "berjalan"
    listing = (await c.get("/api/core/inbox")).json()
    assert listing["total"] == 1 and listing["tasks"][0]["reference"] == case["reference"]
    task_id = listing["tasks"][0]["id"]
    detail = (await c.get(f"/api/core/tasks/{task_id}")).json()
    assert detail["task"]["step"] == "ajukan" and [a["code"] for a in detail["actions"]] == ["kirim"]
    moved = await c.post(f"/api/core/tasks/{task_id}/act", json={"action": "kirim", "note": "Siap"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["id"] == case["id"]
    again = await c.post(f"/api/core/tasks/{task_id}/act", json={"action": "kirim"})
    assert again.status_code == 409
    assert "sudah ditindaklanjuti" in again.json()["detail"]

    cp = await login(pemeriksa.username)
    check = (await cp.get("/api/core/inbox")).json()["tasks"][0]
    refused = await cp.post(f"/api/core/tasks/{check['id']}/act", json={"action": "perbaiki"})
    assert refused.status_code == 400
    assert refused.json()["extra"]["messages"] == ["Catatan wajib diisi untuk aksi ini."]


async def test_two_clients_acting_at_once_only_one_wins(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    a = await login(pemohon.username)
    b = await login(pemohon.username)
    case = (await a.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Balapan", "unit_id": unit})).json()
    task_id = (await a.get("/api/core/inbox")).json()["tasks"][0]["id"]
    first, second = await asyncio.gather(
        a.post(f"/api/core/tasks/{task_id}/act", json={"action": "kirim"}),
        b.post(f"/api/core/tasks/{task_id}/act", json={"action": "kirim"}),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 409], (first.text, second.text)
    assert case["id"]


async def test_api_refuses_bad_input_and_strangers(app, demo, login, client):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    stranger = await person(app, ("staf", demo["koperasi"]))
    c = await login(pemohon.username)
    assert (await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "X"})).status_code == 400
    unknown = await c.post("/api/core/cases", json={"sop": "tidak.ada", "subject": "X", "unit_id": unit})
    assert unknown.status_code == 400 and "tidak dikenal" in unknown.json()["detail"]
    case = (await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Y", "unit_id": unit})).json()
    task_id = (await c.get("/api/core/inbox", params={"q": case["reference"]})).json()["tasks"][0]["id"]
    s = await login(stranger.username)
    assert (await s.get(f"/api/core/tasks/{task_id}")).status_code == 404
    assert (await s.post(f"/api/core/tasks/{task_id}/act", json={"action": "kirim"})).status_code == 404
    assert (await client.get("/api/core/inbox")).status_code == 401


async def test_disposisi_through_the_api_checks_recipients(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit))
    c = await login(pemohon.username)
    case = (await c.post("/api/core/cases", json={"sop": "ujisop.disposisi", "subject": "Lewat API",
                                                  "unit_id": unit, "data": {"segera": True}})).json()
    first = (await c.get("/api/core/inbox", params={"q": case["reference"]})).json()["tasks"][0]
    await c.post(f"/api/core/tasks/{first['id']}/act", json={"action": "kirim"})
    cp = await login(pemeriksa.username)
    task = (await cp.get("/api/core/inbox", params={"q": case["reference"]})).json()["tasks"][0]
    bad = await cp.post(f"/api/core/tasks/{task['id']}/act",
                        json={"action": "disposisi", "recipients": [{"unit_id": "bukan-angka"}]})
    assert bad.status_code == 400 and "unit_id: harus bilangan bulat" in bad.json()["detail"]
    late = await cp.post(f"/api/core/tasks/{task['id']}/act",
                         json={"action": "disposisi", "recipients": [{"unit_id": demo["industri"], "due": "2001-01-01"}]})
    assert late.status_code == 400 and "sebelum hari ini" in late.json()["detail"]
    ok = await cp.post(f"/api/core/tasks/{task['id']}/act", json={"action": "disposisi", "recipients": [
        {"unit_id": demo["industri"], "instruction": "Tindak lanjuti"}, {"unit_id": demo["industri"]},
        {"unit_id": demo["ukm"]}]})
    assert ok.status_code == 200, ok.text
    detail = (await cp.get(f"/api/core/tasks/{task['id']}")).json()
    assert detail["task"]["state"] == "selesai" and detail["actions"] == []
    from balai.workflow.tables import Task

    branches = await Task.select(Task.unit).where((Task.case == case["id"]) & (Task.step == "tindak"))
    assert sorted(b["unit"] for b in branches) == sorted([demo["industri"], demo["ukm"]])  # one task per unit


# --- who may open a case through the API (issue 12, item 6) ---------------------------------

async def test_only_a_holder_of_the_start_permission_opens_a_case_in_that_unit(app, demo, login):
    from balai.workflow.tables import Case, Task

    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    nobody = await person(app, ("staf", demo["koperasi"]))  # no permissions at all
    before = (await Case.count(), await Task.count())
    c = await login(nobody.username)
    refused = await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Tanpa hak", "unit_id": unit})
    assert refused.status_code == 403 and "tidak berwenang" in refused.json()["detail"]
    p = await login(pemohon.username)
    elsewhere = await p.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Unit lain",
                                                      "unit_id": demo["koperasi"]})
    assert elsewhere.status_code == 403
    # SOPs started by a public form or by the plugin's own code are not opened through the API,
    # not even by an administrator.
    admin = await login("admin")
    for code in ("ujisop.publik", "layanan.skm", "layanan.satu_pintu", "persuratan.surat_keluar"):
        if code not in app.state.sops:
            continue
        for client in (c, p, admin):
            answer = await client.post("/api/core/cases", json={"sop": code, "subject": "Lewat API", "unit_id": unit})
            assert answer.status_code == 403, (code, answer.text)
            assert "tidak dapat dibuka melalui API" in answer.json()["detail"]
    assert (await Case.count(), await Task.count()) == before  # nothing was opened, no inbox touched


async def test_unit_id_must_be_a_whole_number(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    c = await login(pemohon.username)
    # JSON has one kind of number: 22.0 is read as unit 22 (as "22" is, like a query string), 22.5 names none.
    for bad in (unit + 0.5, "bukan-angka", True, None, [unit], 2**31):
        answer = await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "X", "unit_id": bad})
        assert answer.status_code == 400, (bad, answer.text)
        assert "unit_id" in answer.json()["detail"]


async def test_an_oversized_data_field_is_refused(app, demo, login):
    from balai.workflow.tables import Case

    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    c = await login(pemohon.username)
    before = await Case.count()
    big = await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Besar", "unit_id": unit,
                                                "data": {"isi": "x" * (2 * 1024 * 1024)}})
    assert big.status_code == 413 and "64 KB" in big.json()["detail"]
    assert await Case.count() == before
    fits = await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Cukup", "unit_id": unit,
                                                 "data": {"isi": "x" * 60_000}})
    assert fits.status_code == 201, fits.text


# --- deeply nested JSON (issue 12, item 4) --------------------------------------------------

def _nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


async def test_deeply_nested_json_is_a_400_on_every_json_route(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    c = await login(pemohon.username)
    admin = await login("admin")
    headers = {"Content-Type": "application/json"}
    for depth in (5000, 40):
        for client, path in ((c, "/api/core/cases"), (admin, "/api/core/users")):
            answer = await client.post(path, content=_nested(depth), headers=headers)
            assert answer.status_code == 400, (path, depth, answer.status_code)
            assert "bersarang" in answer.json()["detail"]
    # Nesting within the bound reaches the handler as before.
    data = {"a": {"b": {"c": [1, [2, [3]]]}}}
    ok = await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "Sarang", "unit_id": unit,
                                               "data": data})
    assert ok.status_code == 201, ok.text
    assert ok.json()["data"] == data
