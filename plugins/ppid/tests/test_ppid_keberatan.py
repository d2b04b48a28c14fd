"""SOP 6: an objection filed within 30 working days of its cause, answered by the Atasan PPID
within 30 working days, the answer pointing to the Komisi Informasi.

Counted by hand (2027 holidays as listed, cuti bersama not a working day):
- a request refused on Monday 4 January 2027: (5 January Isra Mi'raj) 6-8, 11-15, 18-22, 25-29
  January, 1-4 February (5 February cuti bersama Imlek), 8-12, 15-17 February: the 30th working
  day is Wednesday 17 February 2027; an objection on the 18th is late.
- an objection received Wednesday 17 February 2027: 18, 19, 22-26 February, 1-5 March (8 Nyepi,
  9-12 and 15 Idulfitri), 16-19, 22-24 March (25 cuti bersama, 26 Good Friday), 29-31 March,
  1, 2, 5-9, 12 April: due Monday 12 April 2027.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from balai.api import act, case_clocks, case_tasks, get_case
from balai.testing import csrf_from

from balai_ppid import keberatan
from balai_ppid.tables import Keberatan, Permohonan
from ppid_support import ISIAN, ajukan, code_from, lacak, pemohon, reference_from, wita

FORM = "/forms/ppid.keberatan"
ISIAN_KEBERATAN = {"nama": ISIAN["nama"], "nik": ISIAN["nik"], "alamat": ISIAN["alamat"], "telepon": ISIAN["telepon"],
                   "alasan": "a", "uraian": "Data IKM rotan tidak memuat data pribadi, penolakan tidak berdasar."}


async def keberatan_dikirim(c, fields):
    page = await c.get(FORM)
    assert page.status_code == 200, page.text[:300]
    stamp = re.search(r'name="stamp" value="([^"]+)"', page.text).group(1)
    return await c.post(FORM, data={"_csrf_token": csrf_from(page.text), "stamp": stamp, "nonce": "", "email": "",
                                    **fields}, files=[("_", (None, ""))])


@pytest.fixture
async def ditolak(app, demo):
    """A request refused on Monday 4 January 2027 (its register row as the refusal leaves it)."""
    async with pemohon(app) as c:
        sent = await ajukan(c)
    nomor = reference_from(sent.text)
    await Permohonan.update({Permohonan.status: "ditolak", Permohonan.keputusan: "dikecualikan",
                             Permohonan.selesai_pada: wita(2027, 1, 4, 10)}).where(Permohonan.nomor == nomor)
    return nomor


async def test_an_objection_on_the_30th_working_day_is_taken_and_the_next_day_refused(app, ditolak, monkeypatch,
                                                                                        clock_time):
    fields = {**ISIAN_KEBERATAN, "nomor_permohonan": ditolak}
    monkeypatch.setattr(keberatan, "today", lambda: date(2027, 2, 18))
    async with pemohon(app) as c:
        late = await keberatan_dikirim(c, fields)
    assert late.status_code == 400
    assert "lewat waktu" in late.text and "17-02-2027" in late.text and ISIAN_KEBERATAN["uraian"] in late.text
    monkeypatch.setattr(keberatan, "today", lambda: date(2027, 2, 17))
    clock_time(wita(2027, 2, 17))
    async with pemohon(app) as c:
        taken = await keberatan_dikirim(c, fields)
    assert taken.status_code == 200, taken.text[:500]
    assert reference_from(taken.text).startswith("KBR/")
    code = code_from(taken.text)
    case = await _kasus(reference_from(taken.text))
    [clock] = await case_clocks(case["id"])
    assert clock["due_on"] == date(2027, 4, 12)
    async with pemohon(app) as c:
        tracked = await lacak(c, code)
    assert "12 April 2027" in tracked.text


async def _kasus(reference: str) -> dict:
    # The objection has no register row of its own yet: found by its reference in the core's table.
    from balai.workflow.tables import Case

    row = await Case.select(Case.id).where(Case.reference == reference).first()
    return await get_case(row["id"])


async def _tugas(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] in ("terbuka", "menunggu"))


async def test_unknown_request_number_is_refused_with_the_input_kept(app, demo):
    async with pemohon(app) as c:
        r = await keberatan_dikirim(c, {**ISIAN_KEBERATAN, "nomor_permohonan": "PPID/2026/999999"})
    assert r.status_code == 400 and "PPID/2026/999999 tidak dikenal" in r.text and ISIAN_KEBERATAN["uraian"] in r.text


async def test_the_atasan_ppid_answers_in_writing_and_the_requester_reads_it(app, demo, login, make_user):
    petugas = await make_user(roles=[("petugas_ppid", "umum")], unit="umum")
    pengelola = await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum")
    atasan = await make_user(roles=[("atasan_ppid", "sekretariat")], unit="sekretariat", full_name="Atasan PPID Uji")
    async with pemohon(app) as c:
        sent = await keberatan_dikirim(c, {**ISIAN_KEBERATAN, "nomor_permohonan": "", "alasan": "b"})
    assert sent.status_code == 200, sent.text[:500]
    code, case = code_from(sent.text), await _kasus(reference_from(sent.text))
    await act((await _tugas(case["id"], "periksa"))["id"], "lengkap", user=await petugas.current())
    await act((await _tugas(case["id"], "koordinasi"))["id"], "ajukan_tanggapan", user=await pengelola.current())
    task = await _tugas(case["id"], "tanggapi")
    c = await login(atasan)
    page = await c.get(f"/tasks/{task['id']}")
    url = f"/ppid/keberatan/{case['id']}/tugas/{task['id']}/tanggapi"
    assert page.status_code == 200 and f'action="{url}"' in page.text and "Informasi berkala tidak disediakan" in page.text
    empty = await c.post(url, data={"_csrf_token": csrf_from(page.text), "tanggapan": ""}, follow_redirects=False)
    assert empty.status_code == 400 and "Tulis tanggapan tertulis atas keberatan." in empty.text
    no_outcome = await c.post(url, data={"_csrf_token": csrf_from(page.text), "tanggapan": "Diterima."},
                              follow_redirects=False)
    assert no_outcome.status_code == 400 and "Pilih putusan" in no_outcome.text and "Diterima." in no_outcome.text
    r = await c.post(url, data={"_csrf_token": csrf_from(page.text), "putusan": "dikabulkan",
                                "tanggapan": "Keberatan diterima; LKjIP 2025 diterbitkan di DIP."},
                     follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    row = await Keberatan.select().where(Keberatan.case_id == case["id"]).first()
    assert (row["status"], row["putusan"], row["alasan"]) == ("ditanggapi", "dikabulkan", "b")
    assert (await get_case(case["id"]))["state"] == "selesai"
    [clock] = await case_clocks(case["id"])
    assert clock["state"] == "berhenti" and clock["met"] is True
    async with pemohon(app) as c:
        tracked = await lacak(c, code)
    assert "LKjIP 2025 diterbitkan di DIP." in tracked.text and "Komisi Informasi" in tracked.text
    assert "14 hari kerja" in tracked.text


async def test_the_objection_register_lists_and_exports_them(app, demo, login, make_user):
    import io

    from openpyxl import load_workbook

    petugas = await make_user(roles=[("petugas_ppid", "umum")], unit="umum")
    async with pemohon(app) as c:
        sent = await keberatan_dikirim(c, {**ISIAN_KEBERATAN, "nomor_permohonan": "", "alasan": "b",
                                           "nama": "Pemohon Register Uji"})
    case = await _kasus(reference_from(sent.text))
    c = await login(petugas)
    page = await c.get("/ppid/keberatan")
    assert page.status_code == 200 and case["reference"] in page.text and "Pemohon Register Uji" in page.text
    assert "Diperiksa kelengkapannya" in page.text
    await act((await _tugas(case["id"], "periksa"))["id"], "ditolak", user=await petugas.current(),
              note="Identitas tidak dapat dipastikan")
    export = await c.get("/ppid/keberatan/xlsx")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    mine = next(r for r in rows if r[0] == case["reference"])
    assert mine[2] == "Pemohon Register Uji" and mine[4].startswith("b.") and mine[6] == "Tidak dapat diproses"
    # Without the register permission: refused.
    other = await login(await make_user(roles=[("kepala_bidang", "industri")], unit="industri"))
    assert (await other.get("/ppid/keberatan")).status_code == 403


async def test_sop_6_sheet_renders_from_its_definition(login):
    admin = await login("admin")
    sheet = await admin.get("/sop/ppid.keberatan/sheet")
    assert sheet.status_code == 200 and "067/306-5/SEK.UM/DP2KUKM" in sheet.text and "Atasan PPID" in sheet.text
