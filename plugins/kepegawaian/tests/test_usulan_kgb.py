"""SOP 11 (KGB) from the personnel clock to the archived SK: the forecast with what is missing, the
schedule opening the case once however many run it, an early "Buat usulan" refused, and the walk
through the task pages by the Pengelola, the Kasubag Umum, the Sekretaris and the Kepala Dinas, with
each refusal re-displaying the form and keeping nothing.

The person: III/b, last KGB TMT 1 April 2025 at MKG 10 years. The next KGB is 1 April 2027 at MKG
12; the notice goes two months before (1 February 2027) and steps 1-3 take three working days, so
the case opens on Wednesday 27 January 2027."""

from __future__ import annotations

import asyncio
from datetime import date

from balai.api import case_tasks, get_case, issued_pdf, render_document

from balai.notifications.tables import Notification
from balai.testing import csrf_from
from balai_kepegawaian import jadwal, prakiraan, usulan, usulan_alur
from balai_kepegawaian.tables import ArsipPegawai, Pegawai, PenilaianKinerja, RiwayatKGB, Usulan

from tests.pdftext import extract_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TMT = date(2027, 4, 1)
DIBUKA = date(2027, 1, 27)


async def siapkan(org) -> int:
    """The PNS of the test (the Subbag Keuangan's staff member, unit Sub Bagian Umum) with a KGB row."""
    pid = org.pegawai["keuangan"]
    await RiwayatKGB.insert(RiwayatKGB(pegawai=pid, tmt=date(2025, 4, 1), golongan="III/b", gaji_pokok=3_500_000,
                                       mkg_tahun=10, mkg_bulan=0, nomor_sk="822.2/55/BKD", tanggal_sk=date(2025, 3, 1)))
    return pid


def milik(items: list[dict], pid: int, jenis: str = "kgb") -> dict | None:
    return next((it for it in items if it["pegawai"]["id"] == pid and it["jenis"] == jenis), None)


async def test_the_forecast_shows_the_next_raise_when_it_opens_and_what_is_missing(app, dinas_cuti, login):
    org = await dinas_cuti()
    pid = await siapkan(org)
    ours = set(org.units.values())
    pada = date(2026, 12, 2)
    item = milik(await prakiraan.daftar(bulan=6, pada=pada, unit_ids=ours), pid)
    assert item["tanggal"] == TMT and item["mkg"] == (12, 0) and item["buka"] == DIBUKA
    assert not item["jatuh_tempo"] and item["gaji_lama"] == 3_500_000
    kurang = " ".join(str(k) for k in item["kurang"])
    assert "Predikat kinerja tahun 2026 belum dicatat" in kurang
    assert "tidak ada di tabel gaji" in kurang  # III/b MKG 12 is not among the rows shipped
    assert milik(await prakiraan.daftar(bulan=3, pada=pada, unit_ids=ours), pid) is None  # April is beyond March

    await PenilaianKinerja.insert(PenilaianKinerja(pegawai=pid, tahun=2026, predikat="butuh_perbaikan"))
    item = milik(await prakiraan.daftar(bulan=6, pada=pada, unit_ids=ours), pid)
    assert any("paling rendah Baik" in str(k) for k in item["kurang"])

    c = await login(org.people["pengelola"])
    page = await c.get("/kepegawaian/jadwal?bulan=6&jenis=kgb")
    assert page.status_code == 200 and org.name("keuangan") in page.text and "27 Januari 2027" in page.text
    api = await c.get("/api/kepegawaian/jadwal?bulan=6&jenis=kgb")
    mine = next(i for i in api.json()["items"] if i["pegawai_id"] == pid)
    assert mine["tanggal"] == "2027-04-01" and mine["dibuka_pada"] == "2027-01-27" and mine["mkg_tahun"] == 12
    assert (await c.get("/api/kepegawaian/jadwal?bulan=5")).status_code == 400

    staf = await login(org.people["staf"])
    assert (await staf.get("/kepegawaian/jadwal")).status_code == 403
    assert (await staf.get("/api/kepegawaian/jadwal")).status_code == 403


async def test_opening_too_early_is_refused_and_the_schedule_opens_the_case_once(app, dinas_cuti, login):
    org = await dinas_cuti()
    pid = await siapkan(org)
    c = await login(org.people["pengelola"])
    page = await c.get("/kepegawaian/jadwal?bulan=6")
    early = await c.post("/kepegawaian/jadwal/buka", data={"_csrf_token": csrf_from(page.text), "pegawai_id": pid,
                                                           "jenis": "kgb", "bulan": "6"})
    assert early.status_code == 400 and "usulan dapat dibuat mulai 27 Januari 2027" in early.text
    assert not await Usulan.exists().where(Usulan.pegawai == pid)

    # Two schedulers (two workers) on the opening day: one proposal, one case.
    await asyncio.gather(jadwal.buka_jatuh_tempo(DIBUKA), jadwal.buka_jatuh_tempo(DIBUKA))
    await jadwal.buka_jatuh_tempo(DIBUKA)
    rows = await Usulan.select().where((Usulan.pegawai == pid) & (Usulan.jenis == "kgb"))
    assert len(rows) == 1 and rows[0]["tmt"] == TMT and rows[0]["case_id"]
    tasks = await case_tasks(rows[0]["case_id"])
    assert [t["step"] for t in tasks] == ["usul"] and tasks[0]["state"] == "terbuka"


async def aksi(c, u: dict, aksi: str, files: dict | None = None, **data):
    task = next(t for t in await case_tasks(u["case_id"]) if t["state"] in ("terbuka", "menunggu"))
    page = await c.get(f"/tasks/{task['id']}")
    assert page.status_code == 200, page.text[:300]
    assert 'data-testid="form-usulan"' in page.text, f"no form for {task['step']}"
    # As a browser sends the form: multipart, a file input left empty as a part without a file name.
    files = files or {"berkas_kosong": ("", b"", "application/octet-stream")}
    return await c.post(f"/kepegawaian/usulan/{u['id']}/aksi", files=files,
                        data={"_csrf_token": csrf_from(page.text), "task_id": str(task["id"]), "aksi": aksi, **data},
                        follow_redirects=False)


async def langkah(u: dict) -> str:
    return next(t["step"] for t in await case_tasks(u["case_id"]) if t["state"] in ("terbuka", "menunggu"))


async def test_the_kgb_walks_from_the_proposal_to_the_archived_sk(app, dinas_cuti, login):
    org = await dinas_cuti()
    pid = await siapkan(org)
    await jadwal.buka_jatuh_tempo(DIBUKA)
    u = (await usulan.daftar(jenis="kgb")) and next(r for r in await usulan.daftar(jenis="kgb") if r["pegawai"] == pid)
    pengelola = await login(org.people["pengelola"])

    # Row 1: the table has no row for III/b MKG 12: the Pengelola must type it, the form keeps the rest.
    r = await aksi(pengelola, u, "usul")
    assert r.status_code == 400 and "Gaji pokok baru tidak ada di tabel gaji" in r.text
    r = await aksi(pengelola, u, "usul", gaji_baru="4.000.000")
    assert r.status_code == 303, r.text[:500]
    assert (await usulan.ambil(u["id"]))["data"]["gaji_baru"] == 4_000_000

    # Row 2: no rating for 2026 and no SK pangkat in the archive: refused, nothing moves.
    r = await aksi(pengelola, u, "lengkap")
    assert r.status_code == 400 and "Predikat kinerja tahun 2026 belum dicatat" in r.text
    assert "SK pangkat terakhir belum ada di arsip" in r.text and await langkah(u) == "lengkapi"
    await PenilaianKinerja.insert(PenilaianKinerja(pegawai=pid, tahun=2026, predikat="baik"))
    from balai_kepegawaian import arsip

    await arsip.simpan(None, pid, {"jenis": "sk_pangkat", "nomor": "823.3/9/BKD"}, PDF, "sk.pdf")
    assert (await aksi(pengelola, u, "lengkap")).status_code == 303

    # Row 3: the statement on criminal proceedings is ticked by the officer who checked.
    r = await aksi(pengelola, u, "ajukan", note="siap paraf")
    assert r.status_code == 400 and "tidak sedang dalam proses pidana" in r.text and "siap paraf" in r.text
    assert (await aksi(pengelola, u, "ajukan", pidana_diperiksa="1")).status_code == 303

    # The Kasubag reads the drafts, initials; the Sekretaris initials; the Kepala Dinas signs.
    kasubag = await login(org.people["kasubag"])
    draft = await kasubag.get(f"/kepegawaian/usulan/{u['id']}/konsep/usulan")
    assert draft.status_code == 200 and draft.headers["content-type"] == "application/pdf"
    assert draft.content.startswith(b"%PDF")
    letters, context = await usulan_alur.konteks(await usulan.ambil(u["id"]))
    context["issued_on"] = date.today()
    text = " ".join(extract_text(await render_document(letters[0][1], context, draft=True, compress=False)))
    assert "KONSEP" in text and "Rp4.000.000" in text and "Rp3.500.000" in text and "12 tahun 0 bulan" in text
    assert "1 April 2027" in text and org.name("keuangan") in text
    staf = await login(org.people["staf"])
    assert (await staf.get(f"/kepegawaian/usulan/{u['id']}/konsep/usulan")).status_code == 404
    assert (await aksi(kasubag, u, "paraf")).status_code == 303
    assert (await aksi(await login(org.people["sekretaris"]), u, "paraf")).status_code == 303
    assert (await aksi(await login(org.people["kadis"]), u, "tandatangani")).status_code == 303
    from balai.api import issued_for

    letters = await issued_for("case", u["case_id"])
    assert sorted(r["template"].rsplit("/", 1)[-1] for r in letters) == [
        "keterangan_hukdis.html", "keterangan_pidana.html", "usulan_kgb.html"]
    assert all(r["number"] for r in letters) and len({r["number"] for r in letters}) == 3
    proposal = next(r for r in letters if r["template"].endswith("usulan_kgb.html"))
    assert (await issued_pdf(proposal)).startswith(b"%PDF") and proposal["signer"]
    text = " ".join(extract_text(await render_document(proposal["template"], proposal["context"] if "context" in proposal
                                                       else context, number=proposal["number"], compress=False)))
    assert "KONSEP" not in text and proposal["number"] in text and "Rp4.000.000" in text

    # Rows 4-5: e-KGB wants its reference and the proof.
    r = await aksi(pengelola, u, "kirim", nomor_pengajuan="EKGB-2027-0042")
    assert r.status_code == 400 and "Unggah bukti pengajuan" in r.text and "EKGB-2027-0042" in r.text
    r = await aksi(pengelola, u, "kirim", files={"bukti": ("bukti.pdf", PDF, "application/pdf")},
                   nomor_pengajuan="EKGB-2027-0042")
    assert r.status_code == 303
    assert (await aksi(pengelola, u, "disetujui", nomor_hasil="BKN-77")).status_code == 303

    # Row 6: the SK, its number and the three receipts. An SK of the wrong type is refused, the number kept.
    r = await aksi(pengelola, u, "serahkan", files={"sk": ("sk.exe", b"MZ\x90\x00" + b"\0" * 60, "application/pdf")},
                   nomor_sk="822.2/301/BKD", terima_pns="1", terima_keuangan="1", terima_arsiparis="1")
    assert r.status_code == 400 and "Jenis berkas tidak diizinkan" in r.text and "822.2/301/BKD" in r.text
    # A missing receipt refuses and keeps the SK out.
    r = await aksi(pengelola, u, "serahkan", files={"sk": ("sk-kgb.pdf", PDF, "application/pdf")},
                   nomor_sk="822.2/301/BKD", terima_pns="1", terima_keuangan="1")
    assert r.status_code == 400 and "Arsiparis" in r.text
    assert not await ArsipPegawai.exists().where((ArsipPegawai.pegawai == pid) & (ArsipPegawai.jenis == "sk_kgb"))
    r = await aksi(pengelola, u, "serahkan", files={"sk": ("sk-kgb.pdf", PDF, "application/pdf")},
                   nomor_sk="822.2/301/BKD", terima_pns="1", terima_keuangan="1", terima_arsiparis="1")
    assert r.status_code == 303, r.text[:500]
    assert (await get_case(u["case_id"]))["state"] == "selesai"
    done = await usulan.ambil(u["id"])
    assert done["status"] == "selesai" and done["data"]["nomor_sk"] == "822.2/301/BKD"
    assert set(done["data"]["diserahkan"]) == {"pns", "keuangan", "arsiparis"}
    row = await RiwayatKGB.select().where((RiwayatKGB.pegawai == pid) & (RiwayatKGB.tmt == TMT)).first()
    assert row["gaji_pokok"] == 4_000_000 and row["mkg_tahun"] == 12 and row["nomor_sk"] == "822.2/301/BKD"
    assert await ArsipPegawai.exists().where((ArsipPegawai.pegawai == pid) & (ArsipPegawai.jenis == "sk_kgb"))
    owner = (await Pegawai.select(Pegawai.user_id).where(Pegawai.id == pid).first())["user_id"]
    told = [n["message"] for n in await Notification.select().where(Notification.user == owner)]
    assert any("SK kenaikan gaji berkala Anda TMT 1 April 2027" in m for m in told)
    # The clock moves on: the next raise is two years later.
    item = milik(await prakiraan.daftar(bulan=12, pada=date(2028, 12, 1), unit_ids=set(org.units.values())), pid)
    assert item["tanggal"] == date(2029, 4, 1) and item["usulan"] is None
