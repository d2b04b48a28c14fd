"""What people and API clients read when something is wrong: their language, a reason, never a crash."""

from __future__ import annotations

from balai.api import act, open_case
from tests.workflow_support import new_unit, open_task, person

HUGE = "9" * 20  # a path number no database row can have


async def test_an_unknown_page_says_so_in_the_readers_language(login):
    c = await login("demo.staf")
    missing = await c.get("/tidak-ada-di-sini")
    assert missing.status_code == 404
    assert "Halaman yang Anda cari tidak ditemukan." in missing.text and "Not Found" not in missing.text
    c.cookies.set("balai_locale", "en")
    english = await c.get("/tidak-ada-di-sini")
    assert english.status_code == 404 and "The page you are looking for was not found." in english.text


async def test_a_form_sent_without_its_token_is_explained(client):
    refused = await client.post("/login", data={"username": "admin", "password": "x"})
    assert refused.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in refused.text and "CSRF token" not in refused.text


async def test_numbers_beyond_any_row_are_not_found_not_a_crash(app, demo, login):
    c = await login("admin")
    for path in (f"/tasks/{HUGE}", f"/cases/{HUGE}", f"/api/core/tasks/{HUGE}", f"/api/core/users/{HUGE}",
                 f"/persuratan/masuk/{HUGE}", f"/admin/users/{HUGE}"):
        assert (await c.get(path)).status_code == 404, path
    posted = await c.post(f"/api/core/tasks/{HUGE}/act", json={"action": "kirim"})
    assert posted.status_code == 404


async def test_the_api_gives_a_reason_for_a_bad_body(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    case = await open_case("ujisop.sederhana", "Isi rusak", user=pemohon, unit_id=unit)
    task = await open_task(case["id"])
    c = await login(pemohon.username)
    malformed = await c.post(f"/api/core/tasks/{task['id']}/act", content=b"{bukan json",
                             headers={"content-type": "application/json"})
    assert malformed.status_code == 400 and malformed.json()["detail"] == "Isi permintaan bukan JSON yang sah."
    not_an_object = await c.post(f"/api/core/tasks/{task['id']}/act", json={"action": "kirim", "data": "x"})
    assert not_an_object.status_code == 400
    assert not_an_object.json()["detail"] == "Isi permintaan tidak sah — data: harus berupa objek JSON."
    opened = await c.post("/api/core/cases", json={"sop": "ujisop.sederhana", "subject": "x", "unit_id": unit,
                                                   "data": [1, 2]})
    assert opened.status_code == 400
    # Nothing moved: the task is still open at its first step.
    assert (await open_task(case["id"]))["id"] == task["id"]


async def test_disposisi_to_a_unit_that_cannot_exist_is_refused(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit))
    case = await open_case("ujisop.disposisi", "Penerima ganjil", user=pemohon, unit_id=unit, data={"segera": True})
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    c = await login(pemeriksa.username)
    for recipient, said in (({"unit_id": int(HUGE)}, "recipients[0].unit_id: paling besar 2147483647"),
                            ({"unit_id": demo["industri"], "instruction": 7}, "recipients[0].instruction: harus teks")):
        response = await c.post(f"/api/core/tasks/{task['id']}/act",
                                json={"action": "disposisi", "recipients": [recipient]})
        assert response.status_code == 400
        assert said in response.json()["detail"]
