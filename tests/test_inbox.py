"""The inbox, task, case and delegation pages, as staff use them."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from balai.api import act, open_case, take
from balai.i18n import local
from balai.workflow.tables import Task
from tests.workflow_support import hx, new_unit, open_task, person


async def test_inbox_shows_my_tasks_and_my_units_untaken_tasks(app, demo, login):
    unit = await new_unit(demo["sekretariat"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit))
    elsewhere = await person(app, ("ujisop_pemeriksa", demo["industri"]))
    case = await open_case("ujisop.sederhana", "Surat undangan", user=pemohon, unit_id=unit)
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    mine = await login(pemeriksa.username)
    page = await mine.get("/inbox")
    assert page.status_code == 200
    assert case["reference"] in page.text and "Surat undangan" in page.text
    assert "Belum diambil" in page.text
    other = await login(elsewhere.username)
    assert case["reference"] not in (await other.get("/inbox")).text
    assert case["reference"] not in (await (await login(pemohon.username)).get("/inbox")).text


async def test_inbox_filters_search_sort_and_pages_of_25(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    cases = [await open_case("ujisop.sederhana", f"Permohonan nomor {i:02d}", user=pemohon, unit_id=unit)
             for i in range(27)]
    ext = await open_case("ujisop.eksternal", "Pengajuan ke luar", user=pemohon, unit_id=unit)
    await act((await open_task(ext["id"]))["id"], "kirim", user=pemohon)
    await act((await open_task(ext["id"]))["id"], "kirim", user=pemohon, data={"nomor_pengajuan": "P-1"})
    late = await open_task(cases[3]["id"])
    await Task.update({Task.due_at: datetime.now(late["opened_at"].tzinfo) - timedelta(hours=3)}).where(
        Task.id == late["id"])
    today = await open_task(cases[5]["id"])
    noon = datetime.combine(local(datetime.now().astimezone()).date(), time(12), local(late["opened_at"]).tzinfo)
    await Task.update({Task.due_at: noon}).where(Task.id == today["id"])

    c = await login(pemohon.username)
    first = await c.get("/inbox")
    assert "28 tugas" in first.text
    assert first.text.count('<tr class="') == 25
    second = await c.get("/inbox", params={"page": 2})
    assert second.text.count('<tr class="') == 3
    for beyond in ("3", "9" * 30, "-1", "dua"):  # past the end, absurd or not a number: a page, not an error
        assert (await c.get("/inbox", params={"page": beyond})).status_code == 200
    found = await c.get("/inbox", params={"q": cases[7]["reference"]})
    assert "1 tugas" in found.text and "Permohonan nomor 07" in found.text
    by_subject = await c.get("/inbox", params={"q": "nomor 1"})
    assert "10 tugas" in by_subject.text
    only_ext = await c.get("/inbox", params={"sop": "ujisop.eksternal"})
    assert "1 tugas" in only_ext.text and "Menunggu sistem luar" in only_ext.text
    waiting = await c.get("/inbox", params={"state": "menunggu"})
    assert "1 tugas" in waiting.text and ext["reference"] in waiting.text
    overdue = await c.get("/inbox", params={"overdue": "1"}, headers=hx("inbox-list"))
    assert "<html" not in overdue.text  # only the list, for the filter form's swap
    assert cases[3]["reference"] in overdue.text and 'class="overdue"' in overdue.text
    due_today = await c.get("/inbox", params={"due_today": "1"})
    assert cases[5]["reference"] in due_today.text
    newest = await c.get("/inbox", params={"sort": "terbaru"})
    assert newest.text.index(ext["reference"]) < newest.text.index(cases[20]["reference"])
    by_number = await c.get("/inbox", params={"sort": "nomor", "sop": "ujisop.sederhana"})
    assert by_number.text.index(cases[0]["reference"]) < by_number.text.index(cases[20]["reference"])


async def test_badge_counts_the_inbox(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    c = await login(pemohon.username)
    assert (await c.get("/inbox/count")).text.strip() == ""
    for i in range(3):
        await open_case("ujisop.sederhana", f"Hitung {i}", user=pemohon, unit_id=unit)
    badge = await c.get("/inbox/count")
    assert badge.text.startswith("3")
    nav = await c.get("/")
    assert 'hx-get="/inbox/count"' in nav.text


async def test_inbox_queries_do_not_grow_with_the_number_of_tasks(app, demo, login, monkeypatch):
    from balai.piccolo_conf import DB

    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    c = await login(pemohon.username)
    calls = []
    engine_class = type(DB)  # engines use __slots__: count at the class, every query passes there
    original = engine_class.run_querystring

    async def counting(self, querystring, *args, **kwargs):
        calls.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    async def queries_for_inbox() -> int:
        calls.clear()
        monkeypatch.setattr(engine_class, "run_querystring", counting)
        response = await c.get("/inbox")
        monkeypatch.setattr(engine_class, "run_querystring", original)
        assert response.status_code == 200
        assert response.text.count('<tr class="') == 25 or "10 tugas" in response.text
        return len(calls)

    for i in range(10):
        await open_case("ujisop.sederhana", f"Sedikit {i}", user=pemohon, unit_id=unit)
    few = await queries_for_inbox()
    for i in range(190):
        await open_case("ujisop.sederhana", f"Banyak {i}", user=pemohon, unit_id=unit)
    many = await queries_for_inbox()
    # The session lookup (which brings the user's roles, the units they cover and any delegation)
    # and the page with its count: two round trips, however many tasks there are.
    assert few == many == 2, (few, many)


async def test_acting_through_htmx_returns_the_updated_task(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    case = await open_case("ujisop.sederhana", "Lewat halaman", user=pemohon, unit_id=unit)
    task = await open_task(case["id"])
    c = await login(pemohon.username)
    page = await c.get(f"/tasks/{task['id']}")
    assert 'value="kirim"' in page.text and "Kirim ke pemeriksa" in page.text
    response = await c.post(f"/tasks/{task['id']}/act", data={"action": "kirim", "note": "Mohon diperiksa"},
                            headers=hx("task-main"))
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="task-main"') and "<html" not in response.text
    assert response.headers["hx-trigger"] == "balai:refresh"
    assert 'data-state="selesai"' in response.text and "Mohon diperiksa" in response.text
    assert (await open_task(case["id"]))["step"] == "periksa"


async def test_action_errors_are_shown_in_indonesian_with_the_input_kept(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit))
    case = await open_case("ujisop.disposisi", "Disposisi tanpa penerima", user=pemohon, unit_id=unit,
                           data={"segera": True})
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    c = await login(pemeriksa.username)
    page = await c.get(f"/tasks/{task['id']}")
    assert 'name="unit_ids"' in page.text and "Penerima disposisi" in page.text
    response = await c.post(f"/tasks/{task['id']}/act",
                            data={"action": "disposisi", "instruksi": "Segera hadir", "note": "Penting"},
                            headers=hx("task-main"))
    assert response.status_code == 400
    assert "Pilih minimal satu penerima disposisi." in response.text
    assert 'value="Segera hadir"' in response.text and ">Penting</textarea>" in response.text
    await person(app, ("kepala_bidang", demo["koperasi"]))  # someone there to receive it
    ok = await c.post(f"/tasks/{task['id']}/act",
                      data={"action": "disposisi", "unit_ids": [str(demo["industri"]), str(demo["koperasi"])],
                            "instruksi": "Segera hadir", "batas": "2099-12-31"}, headers=hx("task-main"))
    assert ok.status_code == 200
    units = sorted(t["unit"] for t in await Task.select(Task.unit).where(
        (Task.case == case["id"]) & (Task.step == "tindak")))
    assert units == sorted([demo["industri"], demo["koperasi"]])


async def test_acting_without_javascript_redirects_back(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    case = await open_case("ujisop.sederhana", "Tanpa JS", user=pemohon, unit_id=unit)
    task = await open_task(case["id"])
    c = await login(pemohon.username)
    page = await c.get(f"/tasks/{task['id']}")
    from balai.testing import csrf_from

    response = await c.post(f"/tasks/{task['id']}/act", data={"action": "kirim", "_csrf_token": csrf_from(page.text)},
                            follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/tasks/{task['id']}"


async def test_case_page_and_who_may_see_it(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    stranger = await person(app, ("ujisop_pemohon", demo["industri"]))
    case = await open_case("ujisop.sederhana", "Kasus rahasia", user=pemohon, unit_id=unit)
    task = await open_task(case["id"])
    mine = await login(pemohon.username)
    page = await mine.get(f"/cases/{case['id']}")
    assert page.status_code == 200 and "Kasus rahasia" in page.text and 'data-testid="timeline"' in page.text
    assert 'data-testid="documents-panel"' in page.text
    other = await login(stranger.username)
    assert (await other.get(f"/cases/{case['id']}")).status_code == 404
    assert (await other.get(f"/tasks/{task['id']}")).status_code == 404
    forbidden = await other.post(f"/tasks/{task['id']}/act", data={"action": "kirim"}, headers=hx("task-main"))
    assert forbidden.status_code in (400, 404)
    assert (await open_task(case["id"]))["state"] == "terbuka"


async def test_take_and_reassign_by_the_unit_head(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    a = await person(app, ("ujisop_pemeriksa", unit), name="Pemeriksa Ani")
    b = await person(app, ("ujisop_pemeriksa", unit), name="Pemeriksa Budi")
    head = await person(app, ("kepala_subbag", unit))
    case = await open_case("ujisop.sederhana", "Dialihkan", user=pemohon, unit_id=unit)
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    ca = await login(a.username)
    taken = await ca.post(f"/tasks/{task['id']}/take", headers=hx("task-main"))
    assert taken.status_code == 200 and "Pemeriksa Ani" in taken.text
    cb = await login(b.username)
    assert case["reference"] not in (await cb.get("/inbox")).text
    refused = await cb.post(f"/tasks/{task['id']}/reassign", data={"to_user": str(b.id)}, headers=hx("task-main"))
    assert refused.status_code in (400, 404)
    ch = await login(head.username)
    page = await ch.get(f"/tasks/{task['id']}")
    assert "Alihkan tugas" in page.text
    moved = await ch.post(f"/tasks/{task['id']}/reassign", data={"to_user": str(b.id), "note": "Ani cuti"},
                          headers=hx("task-main"))
    assert moved.status_code == 200 and "Pemeriksa Budi" in moved.text
    assert case["reference"] in (await cb.get("/inbox")).text
    assert case["reference"] not in (await ca.get("/inbox")).text


async def test_delegation_hands_my_tasks_to_a_colleague_while_away(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    away = await person(app, ("ujisop_pemeriksa", unit), name="Pemeriksa Cuti")
    stand_in = await person(app, ("ujisop_pemeriksa", unit), name="Pemeriksa Pengganti")
    case = await open_case("ujisop.sederhana", "Saat cuti", user=pemohon, unit_id=unit)
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    task = await open_task(case["id"])
    await take(task["id"], user=away)
    cs = await login(stand_in.username)
    assert case["reference"] not in (await cs.get("/inbox")).text
    c = await login(away.username)
    assert "Pemeriksa Pengganti" in (await c.get("/delegations")).text
    today = local(datetime.now().astimezone()).date()
    bad = await c.post("/delegations", data={"role": "ujisop_pemeriksa", "to_user": str(away.id),
                                          "starts_on": today.isoformat(), "ends_on": today.isoformat(),
                                          "note": "Cuti tahunan"})
    assert bad.status_code == 400
    assert "Tugas tidak dapat didelegasikan kepada diri sendiri." in bad.text and 'value="Cuti tahunan"' in bad.text
    ok = await c.post("/delegations", data={"role": "ujisop_pemeriksa", "to_user": str(stand_in.id),
                                         "starts_on": today.isoformat(),
                                         "ends_on": (today + timedelta(days=5)).isoformat()},
                      follow_redirects=False)
    assert ok.status_code == 303
    assert case["reference"] in (await cs.get("/inbox")).text
    done = await cs.post(f"/tasks/{task['id']}/act", data={"action": "selesai"}, headers=hx("task-main"))
    assert done.status_code == 200 and 'data-state="selesai"' in done.text
    page = await c.get("/delegations")
    assert "Pemeriksa Pengganti" in page.text and "Batalkan" in page.text


async def test_a_kabid_disposes_to_a_person_of_his_bidang_from_the_task_page(app, demo, login):
    bidang = await new_unit(demo["dinas"], name="Bidang Uji Disposisi")
    seksi = await new_unit(bidang, name="Seksi Uji Disposisi")
    pemohon = await person(app, ("ujisop_pemohon", bidang))
    pemeriksa = await person(app, ("ujisop_pemeriksa", bidang))
    kabid = await person(app, ("kepala_bidang", bidang))
    staf = await person(app, ("staf", seksi), name="Staf Seksi Uji")
    outsider = await person(app, ("staf", demo["koperasi"]), name="Staf Koperasi Uji")
    case = await open_case("ujisop.disposisi", "Disposisi berjenjang", user=pemohon, unit_id=bidang,
                           data={"segera": True})
    await act((await open_task(case["id"]))["id"], "kirim", user=pemohon)
    await act((await open_task(case["id"]))["id"], "disposisi", user=pemeriksa, recipients=[{"unit_id": bidang}])
    task = await open_task(case["id"])
    c = await login(kabid.username)
    page = await c.get(f"/tasks/{task['id']}")
    # The people he may dispose to are those of his Bidang (the units' list names who each unit's branch reaches).
    picker = page.text.split('data-testid="recipient-people"', 1)[1].split("</fieldset>", 1)[0]
    assert "Staf Seksi Uji" in picker and "Staf Koperasi Uji" not in picker
    done = await c.post(f"/tasks/{task['id']}/act", data={"action": "disposisi", "user_ids": [str(staf.id)],
                                                        "instruksi": "Siapkan telaah"}, headers=hx("task-main"))
    assert done.status_code == 200
    nested = await open_task(case["id"])
    assert nested["assignee"] == staf.id and nested["instruction"] == "Siapkan telaah"
    mine = await login(staf.username)
    assert case["reference"] in (await mine.get("/inbox")).text


async def test_tasks_without_a_deadline_come_last_when_sorted_by_deadline(app, demo, login):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit))
    cases = [await open_case("ujisop.sederhana", f"Urut {i}", user=pemohon, unit_id=unit) for i in range(3)]
    undated = await open_task(cases[0]["id"])
    await Task.update({Task.due_at: None}).where(Task.id == undated["id"])
    c = await login(pemohon.username)
    page = (await c.get("/inbox")).text
    assert page.index(cases[1]["reference"]) < page.index(cases[2]["reference"]) < page.index(cases[0]["reference"])
