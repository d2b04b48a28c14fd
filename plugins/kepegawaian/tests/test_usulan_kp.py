"""SOP 14 (KP) with BKN's TMS loop, and SOP 12's end: the retirement date and the file closed on it.

The promotion: III/b since 1 February 2023, so four years in rank on 1 February 2027, a period
(monthly since 1 October 2025); its proposal window opens three months before, on 1 November 2026,
so it is due on the day these tests run (December 2026 or later) and the Pengelola opens it from
the forecast page."""

from __future__ import annotations

from datetime import date

from balai.api import case_tasks, get_case, issued_for, open_work_of

from balai.notifications.tables import Notification
from balai.testing import csrf_from
from balai_kepegawaian import arsip, pensiun, prakiraan, usulan
from balai_kepegawaian.tables import Pegawai, PenilaianKinerja, RiwayatJabatan, RiwayatPangkat, Usulan

from .test_usulan_kgb import PDF, aksi, langkah

PERIODE = date(2027, 2, 1)


async def test_a_promotion_goes_to_bkn_comes_back_tms_and_is_granted_after_the_new_document(app, dinas_cuti, login):
    org = await dinas_cuti()
    pid = org.pegawai["keuangan"]
    await RiwayatPangkat.update({RiwayatPangkat.tmt: date(2023, 2, 1)}).where(RiwayatPangkat.pegawai == pid)
    item = next(it for it in await prakiraan.daftar(bulan=3, unit_ids=set(org.units.values()), jenis="kp")
                if it["pegawai"]["id"] == pid)
    assert item["tanggal"] == PERIODE and item["golongan_ke"] == "III/c" and item["buka"] == date(2026, 11, 1)

    pengelola = await login(org.people["pengelola"])
    page = await pengelola.get("/kepegawaian/jadwal?bulan=3&jenis=kp")
    r = await pengelola.post("/kepegawaian/jadwal/buka", data={"_csrf_token": csrf_from(page.text), "pegawai_id": pid,
                                                               "jenis": "kp", "bulan": "3"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/cases/")
    again = await pengelola.post("/kepegawaian/jadwal/buka", data={"_csrf_token": csrf_from(page.text),
                                                                   "pegawai_id": pid, "jenis": "kp"},
                                 follow_redirects=False)
    assert again.status_code == 303 and await Usulan.count().where(Usulan.pegawai == pid) == 1
    u = next(r for r in await usulan.daftar(jenis="kp") if r["pegawai"] == pid)

    r = await aksi(pengelola, u, "catat")
    assert r.status_code == 400 and "Pilih jenis kenaikan pangkat" in r.text
    assert (await aksi(pengelola, u, "catat", jenis_kp="reguler")).status_code == 303
    matriks = await pengelola.get("/kepegawaian/usulan?jenis=kp")
    assert matriks.status_code == 200 and "Periode 1 Februari 2027" in matriks.text
    row = matriks.text[matriks.text.index(org.name("keuangan")):][:600]
    assert "III/b" in row and "III/c" in row and "Reguler" in row
    assert (await aksi(await login(org.people["kasubag"]), u, "valid")).status_code == 303

    # Row 3: the checklist from the archive, and the two ratings.
    r = await aksi(pengelola, u, "lengkap")
    assert r.status_code == 400 and "SKP tahun 2026" in r.text and "SKP tahun 2025" in r.text
    assert "Predikat kinerja tahun 2025 belum dicatat" in r.text and await langkah(u) == "berkas"
    for tahun in (2025, 2026):
        await PenilaianKinerja.insert(PenilaianKinerja(pegawai=pid, tahun=tahun, predikat="baik"))
        await arsip.simpan(None, pid, {"jenis": "skp", "tahun": str(tahun)}, PDF, f"skp-{tahun}.pdf")
    await arsip.simpan(None, pid, {"jenis": "sk_pangkat"}, PDF, "sk-iiib.pdf")
    assert (await aksi(pengelola, u, "lengkap")).status_code == 303
    assert (await aksi(await login(org.people["sekretaris"]), u, "setuju")).status_code == 303
    assert (await aksi(await login(org.people["kadis"]), u, "setuju")).status_code == 303
    [letter] = await issued_for("case", u["case_id"])
    assert letter["template"].endswith("usulan_kp.html") and letter["number"]

    bukti = {"bukti": ("keba.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")}
    assert (await aksi(pengelola, u, "kirim", files=bukti, nomor_pengajuan="KEBA-1")).status_code == 303
    # BKN: TMS on the SKP 2026. Ticking nothing is refused; the file goes back to row 5.
    r = await aksi(pengelola, u, "tms", note="SKP 2026 belum ditandatangani pejabat penilai")
    assert r.status_code == 400 and "Centang dokumen yang dinyatakan TMS" in r.text
    assert (await aksi(pengelola, u, "tms", tms_dokumen="skp_2026",
                       note="SKP 2026 belum ditandatangani pejabat penilai")).status_code == 303
    assert await langkah(u) == "kirim" and (await usulan.ambil(u["id"]))["status"] == "tms"
    r = await aksi(pengelola, u, "kirim", nomor_pengajuan="KEBA-2")
    assert r.status_code == 400 and "Dokumen TMS belum dilengkapi" in r.text and "SKP tahun 2026" in r.text
    await arsip.simpan(None, pid, {"jenis": "skp", "tahun": "2026"}, PDF + b"%signed", "skp-2026-ttd.pdf")
    assert (await aksi(pengelola, u, "kirim", nomor_pengajuan="KEBA-2")).status_code == 303
    assert [p["nomor"] for p in (await usulan.ambil(u["id"]))["data"]["pengajuan"]] == ["KEBA-1", "KEBA-2"]
    assert (await aksi(pengelola, u, "disetujui")).status_code == 303
    r = await aksi(pengelola, u, "serahkan", files={"sk": ("sk-iiic.pdf", PDF, "application/pdf")},
                   nomor_sk="823.3/88/BKN", terima_pns="1", terima_keuangan="1", terima_arsiparis="1")
    assert r.status_code == 303, r.text[:400]
    assert (await get_case(u["case_id"]))["state"] == "selesai"
    new = await RiwayatPangkat.select().where((RiwayatPangkat.pegawai == pid) & (RiwayatPangkat.tmt == PERIODE)).first()
    assert new["golongan"] == "III/c" and new["nomor_sk"] == "823.3/88/BKN"
    owner = (await Pegawai.select(Pegawai.user_id).where(Pegawai.id == pid).first())["user_id"]
    told = await Notification.select().where(Notification.user == owner)
    assert any("SK kenaikan pangkat Anda ke III/c" in n["message"] for n in told)


async def test_a_head_of_unit_cannot_work_a_proposal_task_that_is_not_theirs(app, dinas_cuti, login):
    org = await dinas_cuti()
    pid = org.pegawai["keuangan"]
    await RiwayatPangkat.update({RiwayatPangkat.tmt: date(2023, 2, 1)}).where(RiwayatPangkat.pegawai == pid)
    item = await usulan.item_untuk(pid, "kp")
    u = await usulan.buka(item)
    task = (await case_tasks(u["case_id"]))[0]
    kabid = await login(org.people["kabid"])
    page = await kabid.get("/inbox")
    r = await kabid.post(f"/kepegawaian/usulan/{u['id']}/aksi", files={"x": ("", b"", "application/octet-stream")},
                         data={"_csrf_token": csrf_from(page.text), "task_id": str(task["id"]), "aksi": "catat",
                               "jenis_kp": "reguler"})
    assert r.status_code in (403, 404)
    assert await langkah(u) == "terima"
    assert (await kabid.get("/kepegawaian/usulan")).status_code == 403


async def test_the_retirement_date_the_case_a_year_ahead_and_the_file_closed_on_the_tmt(app, dinas_cuti, login):
    org = await dinas_cuti()
    pid = org.pegawai["keuangan"]
    # Born 14 March 1969, BUP 58: reaches it on 14 March 2027, so the TMT pensiun is 1 April 2027.
    await Pegawai.update({Pegawai.tanggal_lahir: date(1969, 3, 14)}).where(Pegawai.id == pid)
    await RiwayatJabatan.update({RiwayatJabatan.bup: 58}).where(RiwayatJabatan.pegawai == pid)
    item = next(it for it in await prakiraan.daftar(bulan=6, pada=date(2026, 12, 2), unit_ids=set(org.units.values()),
                                                    jenis="pensiun") if it["pegawai"]["id"] == pid)
    assert item["tanggal"] == date(2027, 4, 1) and item["bup"] == 58 and item["jatuh_tempo"]
    u = await usulan.buka(item, pada=date(2026, 12, 2))
    assert [t["step"] for t in await case_tasks(u["case_id"])] == ["permohonan"]
    pengelola = await login(org.people["pengelola"])
    r = await aksi(pengelola, u, "siap")
    assert r.status_code == 400 and "permohonan pensiun yang bermaterai" in r.text

    # On the TMT (the SK recorded it as the file's end) the file goes inactive, once, and the head is told.
    await Pegawai.update({Pegawai.tmt_berhenti: date(2027, 4, 1)}).where(Pegawai.id == pid)
    assert await pensiun.berhentikan_jatuh_tempo(date(2027, 3, 31)) == []
    assert await pensiun.berhentikan_jatuh_tempo(date(2027, 4, 1)) == [pid]
    assert await pensiun.berhentikan_jatuh_tempo(date(2027, 4, 2)) == []
    assert not (await Pegawai.select(Pegawai.aktif).where(Pegawai.id == pid).first())["aktif"]
    heads = [n["message"] for n in await Notification.select().where(Notification.user == org.people["kasubag"].id)]
    [notice] = [m for m in heads if "memasuki masa pensiun" in m]
    owner = (await Pegawai.select(Pegawai.user_id).where(Pegawai.id == pid).first())["user_id"]
    work = await open_work_of(owner)
    assert work["roles"] and all(role in notice for role, _unit in work["roles"])
    assert f"dan {len(work['tasks'])} tugasnya yang masih terbuka" in notice


async def test_the_sop_11_12_and_14_sheets_render_from_their_definitions(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["pengelola"])
    expected = {
        "kepegawaian.kgb": ("067/2023/IDSEK.UM/DP2KUKM", "Mengupload semua dokumen persyaratan diaplikasi e-KGB",
                            "PNS tidak mendapat Hak Kenaikan Gaji Berkala"),
        "kepegawaian.pensiun": ("067/3322/SEK.UM/DP2KUKM", "Membuat Surat Permohonan Pensiun yang ditempel materai",
                                "Peraturan Kepala BKN No 3 Tahun 2020"),
        "kepegawaian.kp": ("067/3324/SEK.UM/DP2KUKM", "Monitoring persetujuan BKN di Aplikasi Keba",
                           "akan tertunda pada periode berikutnya"),
    }
    for code, parts in expected.items():
        sheet = await c.get(f"/sop/{code}/sheet")
        assert sheet.status_code == 200, code
        for part in parts:
            assert part in sheet.text, (code, part)
        pdf = await c.get(f"/sop/{code}/sheet.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), code
