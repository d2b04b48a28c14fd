"""SOP 7 end to end: the public form, the completeness check, the three decisions, the legal clock.

Every expected deadline is counted by hand on the official calendar (SKB cuti bersama 2026, and
the 2027 holidays as the holidays package lists them), the day of receipt not counted, cuti
bersama not a working day for public information (the rule ppid.informasi):
- received Wednesday 16 December 2026: 17, 18, 21, 22, 23 December (24 cuti bersama Natal,
  25 Natal skipped), 28, 29, 30, 31 December (1 January skipped), 4 January 2027 -> due Monday
  4 January 2027; extended by 7: (5 January Isra Mi'raj skipped) 6, 7, 8, 11, 12, 13, 14 January
  -> Thursday 14 January 2027.
- received Monday 1 March 2027: due Tuesday 23 March 2027 (2-5 March, 16-19, 22, 23 March); returned on Friday 5 March (2, 3, 4, 5 used: 6 left), completed
  on Tuesday 16 March (8 Nyepi, 9-12 and 15 Idulfitri and its cuti bersama between): 17, 18, 19,
  22, 23, 24 March -> due Wednesday 24 March 2027.
"""

from __future__ import annotations

from datetime import date

import pytest

from balai.api import ClockError, act, case_clocks, case_tasks, extend_clock, get_case
from balai.testing import csrf_from

from balai_ppid.tables import Informasi, Permohonan
from ppid_support import ISIAN, PDF, ajukan, code_from, lacak, pemohon, reference_from, wita


async def _kasus(reference: str) -> dict:
    row = await Permohonan.select().where(Permohonan.nomor == reference).first()
    assert row is not None, "no register row for the request"
    return await get_case(row["case_id"])


async def _tugas(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] in ("terbuka", "menunggu"))


def _jam(clocks):
    return next(c for c in clocks if c["code"] == "jawab")


async def _post(c, case_id, task, what, data=None, files=None):
    page = await c.get(f"/tasks/{task['id']}")
    assert page.status_code == 200, page.text[:300]
    url = f"/ppid/permohonan/{case_id}/tugas/{task['id']}/{what}"
    assert f'action="{url}"' in page.text  # the panel's own form posts there
    return await c.post(url,
                        data={**(data or {}), "_csrf_token": csrf_from(page.text)}, files=files,
                        follow_redirects=False)


@pytest.fixture
async def orang(make_user):
    return {"petugas": await make_user(roles=[("petugas_ppid", "umum")], unit="umum", full_name="Nur Petugas PPID"),
            "pengelola": await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum",
                                         full_name="Dedi Pengelola Data"),
            "kabid": await make_user(roles=[("kepala_bidang", "industri")], unit="industri",
                                     full_name="Kabid Perindustrian Uji"),
            "kabid_lain": await make_user(roles=[("kepala_bidang", "perdagangan")], unit="perdagangan",
                                          full_name="Kabid Perdagangan Uji")}


async def _masuk(app, fields=None):
    """A request sent on the public form: (tracking code, case)."""
    async with pemohon(app) as c:
        sent = await ajukan(c, fields)
    assert sent.status_code == 200, sent.text[:500]
    return code_from(sent.text), await _kasus(reference_from(sent.text))


async def test_request_is_registered_with_code_receipt_and_ten_working_days_over_christmas(app, demo, login, orang,
                                                                                             clock_time):
    clock_time(wita(2026, 12, 16))
    code, case = await _masuk(app)
    assert case["reference"].startswith("PPID/2026/") and case["data"]["nik"] == ISIAN["nik"]
    assert _jam(await case_clocks(case["id"]))["due_on"] == date(2027, 1, 4)
    # The desk sees the request with the requester's identity and finds it complete.
    petugas = await login(orang["petugas"])
    task = await _tugas(case["id"], "periksa")
    page = await petugas.get(f"/tasks/{task['id']}")
    assert 'data-testid="ppid-panel"' in page.text and ISIAN["nik"] in page.text
    await act(task["id"], "lengkap", user=await orang["petugas"].current())
    assert (await Permohonan.select().where(Permohonan.case_id == case["id"]).first())["status"] == "terdaftar"
    # One extension of 7 working days with written reasons; a second one is refused.
    officer = await orang["pengelola"].current()
    clock_time(wita(2026, 12, 30))
    extended = await extend_clock(case["id"], "jawab", user=officer, reason="Informasi dihimpun dari tiga UPTD")
    assert extended["due_on"] == date(2027, 1, 14)
    with pytest.raises(ClockError) as second:
        await extend_clock(case["id"], "jawab", user=officer, reason="Sekali lagi")
    assert second.value.status == 409
    assert _jam(await case_clocks(case["id"]))["due_on"] == date(2027, 1, 14)
    # The requester sees the extended deadline on the tracking page; a receipt was offered.
    async with pemohon(app) as c:
        tracked = await lacak(c, code)
    assert tracked.status_code == 200 and "14 Januari 2027" in tracked.text
    assert "Permohonan Anda terdaftar dan sedang diproses" in tracked.text


async def test_incomplete_request_goes_back_with_what_is_missing_and_the_clock_pauses(app, demo, login, orang,
                                                                                      clock_time):
    clock_time(wita(2027, 3, 1))
    code, case = await _masuk(app)
    # 2, 3, 4, 5 March, (8 Nyepi, 9-12 and 15 Idulfitri skipped) 16, 17, 18, 19, 22, 23 March.
    assert _jam(await case_clocks(case["id"]))["due_on"] == date(2027, 3, 23)
    clock_time(wita(2027, 3, 5))
    petugas = await login(orang["petugas"])
    task = await _tugas(case["id"], "periksa")
    empty = await _post(petugas, case["id"], task, "kembalikan", {"kekurangan": ""})
    assert empty.status_code == 400 and "Sebutkan apa yang harus dilengkapi pemohon." in empty.text
    r = await _post(petugas, case["id"], task, "kembalikan", {"kekurangan": "Pindaian KTP tidak terbaca"})
    assert r.status_code == 303, r.text[:500]
    jawab = _jam(await case_clocks(case["id"]))
    assert jawab["state"] == "jeda" and jawab["status"] == "dijeda, sisa 6 hari kerja"
    assert (await Permohonan.select().where(Permohonan.case_id == case["id"]).first())["status"] == "dikembalikan"
    async with pemohon(app) as c:
        tracked = await lacak(c, code)
    assert "Pindaian KTP tidak terbaca" in tracked.text and "belum lengkap" in tracked.text
    # Completed on Tuesday 16 March 2027: six working days from the next day.
    clock_time(wita(2027, 3, 16))
    await act((await _tugas(case["id"], "lengkapi"))["id"], "lengkapi", user=await orang["petugas"].current())
    jawab = _jam(await case_clocks(case["id"]))
    assert jawab["state"] == "berjalan" and jawab["due_on"] == date(2027, 3, 24)


async def test_in_the_dip_the_request_is_answered_at_once_with_the_link_and_the_file(app, demo, login, orang):
    code, case = await _masuk(app, {**ISIAN, "rincian": "Daftar koperasi aktif"})
    await act((await _tugas(case["id"], "periksa"))["id"], "lengkap", user=await orang["petugas"].current())
    item = await Informasi.select().where(Informasi.nomor == "DIP/2026/007").first()
    pengelola = await login(orang["pengelola"])
    task = await _tugas(case["id"], "putus")
    unpublished = await Informasi.select().where(Informasi.nomor == "DIP/2026/012").first()
    refused = await _post(pengelola, case["id"], task, "dip", {"informasi_id": str(unpublished["id"])})
    assert refused.status_code == 400 and "Pilih informasi DIP yang sudah terbit." in refused.text
    r = await _post(pengelola, case["id"], task, "dip", {"informasi_id": str(item["id"])})
    assert r.status_code == 303, r.text[:500]
    assert (await get_case(case["id"]))["state"] == "selesai"
    jawab = _jam(await case_clocks(case["id"]))
    assert jawab["state"] == "berhenti" and jawab["met"] is True
    row = await Permohonan.select().where(Permohonan.case_id == case["id"]).first()
    assert row["status"] == "dijawab" and row["keputusan"] == "dip" and row["informasi_id"] == item["id"]
    async with pemohon(app) as c:
        tracked = await lacak(c, code)
    assert 'data-testid="answer"' in tracked.text and "/ppid/dip?q=DIP/2026/007" in tracked.text


async def test_excluded_information_is_refused_with_a_letter_citing_the_consequence_test(app, demo, login, orang):
    code, case = await _masuk(app, {**ISIAN, "rincian": "NIK dan rekening penerima fasilitasi UMKM"})
    await act((await _tugas(case["id"], "periksa"))["id"], "lengkap", user=await orang["petugas"].current())
    item = await Informasi.select().where(Informasi.kategori == "dikecualikan").first()
    pengelola = await login(orang["pengelola"])
    r = await _post(pengelola, case["id"], await _tugas(case["id"], "putus"), "tolak",
                    {"informasi_id": str(item["id"])})
    assert r.status_code == 303, r.text[:500]
    from balai.api import issued_for, issued_pdf

    [letter] = [d for d in await issued_for("case", case["id"]) if d["template"] == "ppid/naskah/penolakan.html"]
    assert (await issued_pdf(letter)).startswith(b"%PDF") and letter["number"]
    assert (await get_case(case["id"]))["outcome"] == "ditolak"
    async with pemohon(app) as c:
        tracked = await lacak(c, code)
    assert "Pasal 17 huruf h" in tracked.text and f"surat-penolakan-{case['id']}.pdf" in tracked.text


async def test_not_in_the_dip_the_unit_answers_and_the_desk_releases_it(app, demo, login, orang):
    code, case = await _masuk(app)
    await act((await _tugas(case["id"], "periksa"))["id"], "lengkap", user=await orang["petugas"].current())
    await act((await _tugas(case["id"], "putus"))["id"], "disposisi", user=await orang["pengelola"].current(),
              recipients=[{"unit_id": demo["industri"]}], note="Mohon disiapkan datanya")
    task = await _tugas(case["id"], "olah")
    assert task["unit"] == demo["industri"]
    row = await Permohonan.select().where(Permohonan.case_id == case["id"]).first()
    assert row["status"] == "di_unit" and row["unit_nama"] == "Bidang Perindustrian"
    # Staff of another unit can neither see the task nor hand anything over.
    lain = await login(orang["kabid_lain"])
    assert (await lain.get(f"/tasks/{task['id']}")).status_code in (403, 404)
    page = await lain.get("/ppid/dip")
    r = await lain.post(f"/ppid/permohonan/{case['id']}/tugas/{task['id']}/bahan",
                        data={"_csrf_token": csrf_from(page.text)},
                        files=[("berkas", ("data.pdf", PDF, "application/pdf"))], follow_redirects=False)
    assert r.status_code == 404
    kabid = await login(orang["kabid"])
    r = await _post(kabid, case["id"], task, "bahan", files=[("berkas", ("ikm-rotan-2025.pdf", PDF, "application/pdf"))])
    assert r.status_code == 303, r.text[:500]
    pengelola = await login(orang["pengelola"])
    serah = await _tugas(case["id"], "serahkan")
    page = await pengelola.get(f"/tasks/{serah['id']}")
    assert "ikm-rotan-2025.pdf" in page.text
    version = page.text.split('name="versi" value="')[1].split('"')[0]
    r = await _post(pengelola, case["id"], serah, "serahkan", {"versi": version, "pesan": "Data IKM rotan terlampir."})
    assert r.status_code == 303, r.text[:500]
    assert (await get_case(case["id"]))["state"] == "selesai"
    # The bukti penyerahan is issued with it: kept on the case, and sent with the files.
    from balai.api import issued_for, issued_pdf

    [bukti] = [d for d in await issued_for("case", case["id"]) if d["template"] == "ppid/naskah/penyerahan.html"]
    assert case["reference"] in bukti["title"] and (await issued_pdf(bukti)).startswith(b"%PDF")
    async with pemohon(app) as c:
        tracked = await lacak(c, code)
        assert "Data IKM rotan terlampir." in tracked.text and "ikm-rotan-2025.pdf" in tracked.text
        assert f"bukti-penyerahan-{case['id']}.pdf" in tracked.text
        versions = [v.split('"')[0] for v in tracked.text.split('name="version" value="')[1:]]
        downloads = [await c.post("/track/file", data={"_csrf_token": csrf_from(tracked.text), "code": code,
                                                       "version": v}) for v in versions]
    assert all(d.status_code == 200 for d in downloads) and PDF in [d.content for d in downloads]


async def test_another_code_sees_nothing_of_this_request(app, demo):
    code, case = await _masuk(app)
    other, lain = await _masuk(app, {**ISIAN, "nama": "Orang Lain", "rincian": "Tarif tera ulang timbangan"})
    async with pemohon(app) as c:
        page = await lacak(c, other)
    assert page.status_code == 200 and lain["reference"] in page.text and case["reference"] not in page.text
    async with pemohon(app) as c:
        unknown = await lacak(c, "7KQ4-M2XD-9HVT-C3WZ")
    assert unknown.status_code in (400, 404) and ISIAN["rincian"] not in unknown.text


def _lembar() -> bytes:
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet().write(0, 0, "6472015708900003")
    book.close()
    return out.getvalue()


async def test_bad_input_keeps_what_was_typed(app, demo):
    before = await Permohonan.count()
    async with pemohon(app) as c:
        r = await ajukan(c, {**ISIAN, "nik": "", "nama": ""})
        assert r.status_code == 400 and ISIAN["alamat"] in r.text and ISIAN["rincian"] in r.text
        assert "wajib" in r.text.lower()
        r = await ajukan(c, ktp=None)
        assert r.status_code == 400 and ISIAN["rincian"] in r.text
        r = await ajukan(c, ktp=("ktp.exe", b"MZ\x90\x00\x03\x00binary", "application/octet-stream"))
        assert r.status_code in (400, 415) and ISIAN["rincian"] in r.text
        # A file the documents service would take is still no KTP scan.
        r = await ajukan(c, ktp=("ktp.xlsx", _lembar(), "application/octet-stream"))
        assert r.status_code == 400 and "unggah gambar (JPG/PNG) atau PDF" in r.text and ISIAN["rincian"] in r.text
    assert await Permohonan.count() == before


async def test_register_lists_and_exports_the_requests(app, demo, login, orang):
    code, case = await _masuk(app)
    c = await login(orang["petugas"])
    page = await c.get("/ppid/permohonan")
    assert page.status_code == 200 and case["reference"] in page.text and ISIAN["nama"] in page.text
    xlsx = await c.get("/ppid/permohonan/xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert any(row[0] == case["reference"] and row[2] == ISIAN["nama"] for row in sheet.iter_rows(values_only=True))
    staf = await login("demo.staf")
    assert (await staf.get("/ppid/permohonan")).status_code == 403


async def test_sop_7_sheet_renders_from_its_definition(login):
    admin = await login("admin")
    sheet = await admin.get("/sop/ppid.permohonan/sheet")
    assert sheet.status_code == 200 and "067/3076/SEK.UM/DP2KUKM" in sheet.text
    assert "Bidang/UPTD" in sheet.text
