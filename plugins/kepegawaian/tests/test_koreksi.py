"""A correction the employee asks of their own file: the case kepegawaian.koreksi, checked by the
Pengelola Kepegawaian, accepted or refused with a note, and the employee told."""

from __future__ import annotations

from datetime import date

import pytest

from balai_kepegawaian import koreksi, pegawai as pg






async def _notifications(client) -> list[str]:
    return [n["message"] for n in (await client.get("/api/core/notifications")).json()["items"]]


async def test_employee_asks_and_the_pengelola_refuses_with_a_note(login, pengelola, make_user, demo, orang):
    a = await orang("perdagangan-dn", "Sri Wahyuni")
    own = await login(a)
    r = await own.post("/kepegawaian/saya/koreksi", data={"bagian": "pendidikan", "uraian": ""})
    assert r.status_code == 400 and "Tuliskan data yang salah" in r.text and 'value="pendidikan" selected' in r.text
    r = await own.post("/kepegawaian/saya/koreksi", data={
        "bagian": "pendidikan", "uraian": "S1 saya lulus 2012, bukan 2013 (ijazah No. 123/UNMUL/2012)."},
        follow_redirects=False)
    assert r.status_code == 303
    [row] = await koreksi.daftar(a.pegawai_id)
    assert row["status"] == "diajukan" and row["case_id"]
    page = await own.get("/kepegawaian/saya")
    assert "S1 saya lulus 2012" in page.text and "Diajukan" in page.text

    # The Pengelola has the task; the page offers the decision.
    from balai.api import case_tasks

    tasks = [t for t in await case_tasks(row["case_id"]) if t["state"] == "terbuka"]
    assert [t["step"] for t in tasks] == ["periksa"]
    kelola = await login(pengelola)
    task_page = await kelola.get(f"/tasks/{tasks[0]['id']}")
    assert task_page.status_code == 200 and 'data-testid="panel-koreksi"' in task_page.text
    file_page = await kelola.get(f"/kepegawaian/pegawai/{a.pegawai_id}")
    assert 'data-testid="form-putus-koreksi"' in file_page.text

    # Neither the employee nor a colleague decides.
    assert (await own.post(f"/kepegawaian/koreksi/{row['id']}/putus", data={"aksi": "terima", "catatan": "ok"})
            ).status_code == 403
    colleague = await login(await orang("perdagangan-dn", "Rudi Hartono"))
    assert (await colleague.post(f"/kepegawaian/koreksi/{row['id']}/putus", data={"aksi": "ditolak", "catatan": "x"})
            ).status_code == 403

    r = await kelola.post(f"/kepegawaian/koreksi/{row['id']}/putus", data={"aksi": "ditolak", "catatan": ""},
                          follow_redirects=False)
    assert r.status_code == 303 and (await koreksi.satu(row["id"]))["status"] == "diajukan"  # a note is required
    r = await kelola.post(f"/kepegawaian/koreksi/{row['id']}/putus", data={
        "aksi": "ditolak", "catatan": "Ijazah di arsip bertanggal 14 Februari 2013."}, follow_redirects=False)
    assert r.status_code == 303
    done = await koreksi.satu(row["id"])
    assert done["status"] == "ditolak" and done["tanggapan"] == "Ijazah di arsip bertanggal 14 Februari 2013."
    assert any("ditolak" in m and "14 Februari 2013" in m for m in await _notifications(own))
    page = await own.get("/kepegawaian/saya")
    assert "Ijazah di arsip bertanggal 14 Februari 2013." in page.text
    # once decided, no second decision
    r = await kelola.post(f"/kepegawaian/koreksi/{row['id']}/putus", data={"aksi": "terima", "catatan": "ok"},
                          follow_redirects=False)
    assert (await koreksi.satu(row["id"]))["status"] == "ditolak"


async def test_the_pengelola_corrects_and_accepts_on_the_task_page(login, pengelola, make_user, demo, orang):
    a = await orang("ukm", "Andi Setiawan")
    own = await login(a)
    r = await own.post("/api/kepegawaian/pegawai/saya/koreksi", json={
        "bagian": "identitas", "uraian": "Tempat lahir saya Samarinda, bukan Sangatta."})
    assert r.status_code == 201, r.text
    case_id = r.json()["case_id"]
    user = await pengelola.current()
    p = await pg.ambil(a.pegawai_id)
    form = {k: (v.isoformat() if isinstance(v, date) else ("" if v is None else str(v)))
            for k, v in p.items() if k in pg.IDENTITAS}
    await pg.simpan_identitas(user, {**form, "tempat_lahir": "Samarinda"}, a.pegawai_id)

    from balai.api import case_tasks

    [task] = [t for t in await case_tasks(case_id) if t["state"] == "terbuka"]
    kelola = await login(pengelola)
    r = await kelola.post(f"/api/core/tasks/{task['id']}/act", json={"action": "terima",
                                                                     "note": "Tempat lahir diperbaiki sesuai akta."})
    assert r.status_code == 200, r.text
    rows = await koreksi.daftar(a.pegawai_id)
    assert [(k["status"], k["tanggapan"]) for k in rows] == [("diterima", "Tempat lahir diperbaiki sesuai akta.")]
    assert (await pg.ambil(a.pegawai_id))["tempat_lahir"] == "Samarinda"
    assert any("diterima" in m for m in await _notifications(own))


async def test_a_correction_is_only_for_ones_own_file(pengelola, make_user, demo, orang):
    a = await orang("program", "Eko Wibowo")
    b = await orang("program", "Fitri Handayani")
    with pytest.raises(pg.Ditolak) as refused:
        await koreksi.ajukan(await b.current(), await pg.ambil(a.pegawai_id), "identitas", "Nama salah")
    assert refused.value.status == 403
    assert await koreksi.daftar(a.pegawai_id) == []


async def test_the_correction_sop_sheet_renders(login):
    c = await login("admin")
    sheet = await c.get("/sop/kepegawaian.koreksi/sheet")
    assert sheet.status_code == 200
    assert "Koreksi Data Pegawai" in sheet.text and "Pengelola Kepegawaian" in sheet.text
