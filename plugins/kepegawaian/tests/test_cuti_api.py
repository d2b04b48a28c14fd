"""The leave API under /api/kepegawaian/cuti: balances, the count, requests, approvals, and the
4xx answers with their reasons."""

from __future__ import annotations

from balai.api import case_tasks

from balai_kepegawaian.tables import Cuti

BODY = {"jenis": "tahunan", "mulai": "2027-08-16", "selesai": "2027-08-20", "alasan": "Keperluan keluarga"}


async def test_balance_and_count(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["staf"])
    s = (await c.get("/api/kepegawaian/cuti/saldo?tahun=2027")).json()
    assert (s["hak"], s["tersedia"], s["entri"][0]["jenis"]) == (12, 12, "hak")
    n = (await c.get("/api/kepegawaian/cuti/hitung?mulai=2027-08-16&selesai=2027-08-20")).json()
    assert (n["hari_kerja"], n["hari_kalender"]) == (4, 5)
    assert [d["tanggal"] for d in n["dilewati"]] == ["2027-08-17"] and n["dilewati"][0]["jenis"] == "holiday"
    bad = await c.get("/api/kepegawaian/cuti/hitung?mulai=2027-08-20&selesai=2027-08-16")
    assert bad.status_code == 400 and "sebelum tanggal mulai" in bad.json()["detail"]
    # Another person's balance: only for those who may see their file.
    other = f"/api/kepegawaian/cuti/saldo?pegawai_id={org.pegawai['rekan']}"
    assert (await c.get(other)).status_code == 404
    assert (await (await login(org.people["kasi"])).get(other)).status_code == 200


async def test_apply_and_refusals(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["staf"])
    refused = await c.post("/api/kepegawaian/cuti", json={**BODY, "mulai": "2027-08-17", "selesai": "2027-09-30"})
    assert refused.status_code == 400
    messages = refused.json()["extra"]["messages"]
    assert any("hari libur" in m for m in messages) and any("tidak cukup" in m for m in messages)
    assert (await c.post("/api/kepegawaian/cuti", json={**BODY, "mulai": "16-08-2027"})).status_code == 400
    assert (await c.post("/api/kepegawaian/cuti", json={**BODY, "pegawai_id": org.pegawai["rekan"]})).status_code == 404
    assert not await Cuti.exists().where(Cuti.pegawai == org.pegawai["staf"])
    made = await c.post("/api/kepegawaian/cuti", json=BODY)
    assert made.status_code == 201
    row = made.json()
    assert (row["hari_kerja"], row["status"], row["label"]) == (4, "diajukan", "Cuti Tahunan")
    again = await c.post("/api/kepegawaian/cuti", json={**BODY, "mulai": "2027-08-18", "selesai": "2027-08-19"})
    assert again.status_code == 400 and "Bertumpuk" in again.json()["detail"]
    mine = (await c.get("/api/kepegawaian/cuti")).json()
    assert [r["id"] for r in mine["cuti"]] == [row["id"]]
    one = (await c.get(f"/api/kepegawaian/cuti/{row['id']}")).json()
    assert one["kasus"]["langkah_terbuka"] == ["atasan_langsung"] and one["surat_izin"] is None


async def test_the_pengelola_applies_for_a_colleague(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["pengelola"])
    r = await c.post("/api/kepegawaian/cuti", json={"jenis": "sakit", "mulai": "2027-08-18", "selesai": "2027-08-18",
                                                    "pegawai_id": org.pegawai["staf"]})
    assert r.status_code == 201 and r.json()["pegawai"] == org.pegawai["staf"]
    # A colleague who is not the Pengelola cannot.
    other = await login(org.people["rekan"])
    r = await other.post("/api/kepegawaian/cuti", json={**BODY, "pegawai_id": org.pegawai["staf"]})
    assert r.status_code == 404


async def test_approvals_through_the_api(dinas_cuti, login):
    org = await dinas_cuti()
    staf = await login(org.people["staf"])
    row = (await staf.post("/api/kepegawaian/cuti", json=BODY)).json()
    kasi, kabid = await login(org.people["kasi"]), await login(org.people["kabid"])
    waiting = (await kasi.get("/api/kepegawaian/cuti/persetujuan")).json()["cuti"]
    assert [w["id"] for w in waiting] == [row["id"]] and waiting[0]["langkah"] == "atasan_langsung"
    assert (await kabid.get("/api/kepegawaian/cuti/persetujuan")).json()["cuti"] == []
    url = f"/api/kepegawaian/cuti/{row['id']}/putusan"
    # Not the Kabid's turn yet; a colleague is not shown the request at all; an unknown answer is refused.
    assert (await kabid.post(url, json={"keputusan": "setujui"})).status_code == 403
    assert (await (await login(org.people["rekan"])).post(url, json={"keputusan": "setujui"})).status_code == 404
    assert (await kasi.post(url, json={"keputusan": "terserah"})).status_code == 400
    bad = await kasi.post(url, json={"keputusan": "ubah", "mulai": "2027-08-17", "selesai": "2027-08-19"})
    assert bad.status_code == 400 and "hari libur" in bad.json()["detail"]
    ok = await kasi.post(url, json={"keputusan": "ubah", "mulai": "2027-08-18", "selesai": "2027-08-20"})
    assert ok.status_code == 200 and ok.json()["hari_kerja"] == 3
    assert ok.json()["kasus"]["langkah_terbuka"] == ["atasan_kedua"]
    assert (await kasi.post(url, json={"keputusan": "setujui"})).status_code == 403
    refused = await kabid.post(url, json={"keputusan": "tolak"})
    assert refused.status_code == 400 and "Catatan wajib" in refused.json()["detail"]
    done = await kabid.post(url, json={"keputusan": "tolak", "catatan": "Ada pameran"})
    assert done.status_code == 200 and done.json()["status"] == "ditolak" and done.json()["kasus"]["state"] == "ditolak"
    assert (await kabid.post(url, json={"keputusan": "setujui"})).status_code == 409
    assert (await staf.get("/api/kepegawaian/cuti/saldo?tahun=2027")).json()["tersedia"] == 12
    assert not [t for t in await case_tasks(row["case_id"]) if t["state"] in ("terbuka", "menunggu")]
