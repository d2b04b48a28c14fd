"""SOP 3 -> SOP 7 with both plugins enabled (the session's app): an SP4N report that is really a
request for information, handed over by the pengaduan Operator, becomes a request in the PPID's
register with its own clock, and the citizen reads its deadline and its answer on the tracking
page of the report they filed.

Hand-counted: handed over on Monday 4 October 2027 (no holiday in the weeks after), the day of
receipt not counted: 5, 6, 7, 8, 11-15, 18 October -> due Monday 18 October 2027.
"""

from __future__ import annotations

import re
from datetime import date

from balai.api import act, case_clocks, case_links, case_tasks, get_case
from balai.testing import csrf_from
from balai.workflow.tables import Case

from balai_ppid import permohonan
from balai_ppid.tables import Informasi, Permohonan
from ppid_support import code_from, lacak, pemohon, reference_from, wita

SP4N_FORM = "/forms/pengaduan.sp4n"
LAPORAN = {"kelas": "permintaan_informasi", "kategori": "perindustrian", "subkategori": "",
           "judul": "Data IKM binaan", "uraian": "Mohon daftar IKM binaan Bidang Perindustrian tahun 2026.",
           "nama": "Rusdiansyah", "rahasia": "", "anonim": "tidak", "id_lapor": ""}


async def _terbuka(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] == "terbuka")


async def test_an_sp4n_report_handed_over_becomes_a_request_with_its_clock(app, demo, login, make_user, clock_time):
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    petugas = await make_user(roles=[("petugas_ppid", "umum")], unit="umum")
    pengelola = await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum")
    clock_time(wita(2027, 10, 4))
    async with pemohon(app) as c:
        page = await c.get(SP4N_FORM)
        stamp = re.search(r'name="stamp" value="([^"]+)"', page.text).group(1)
        sent = await c.post(SP4N_FORM, data={"_csrf_token": csrf_from(page.text), "stamp": stamp, "nonce": "",
                                             "email": "", **LAPORAN}, files=[("_", (None, ""))])
        assert sent.status_code == 200, sent.text[:400]
        code = code_from(sent.text)
    aduan = await Case.select().where(Case.reference == reference_from(sent.text)).first()
    await act((await _terbuka(aduan["id"], "terima"))["id"], "terima", user=await operator.current())
    klas = await _terbuka(aduan["id"], "klasifikasi")
    c = await login(operator)
    page = await c.get(f"/tasks/{klas['id']}")
    assert 'data-testid="form-ppid"' in page.text and "Teruskan ke PPID" in page.text  # ppid now takes it
    r = await c.post(f"/pengaduan/sp4n/{aduan['id']}/tugas/{klas['id']}",
                     data={"_csrf_token": csrf_from(page.text), "aksi": "diteruskan_ppid",
                           "alasan": "Permintaan informasi publik"}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]

    # A real SOP 7 request: the PPID desk's, registered, in the completeness check, its clock running.
    [link] = (await case_links(aduan["id"]))["to"]
    assert link["sop"] == "ppid.permohonan" and link["reason"] == "Permintaan informasi publik"
    request = await get_case(link["case"])
    assert request["unit"] == demo["umum"] and request["reference"].startswith("PPID/")
    periksa = await _terbuka(request["id"], "periksa")
    assert periksa["unit"] == demo["umum"]
    [jam] = await case_clocks(request["id"])
    assert (jam["code"], jam["state"], jam["due_on"]) == ("jawab", "berjalan", date(2027, 10, 18))
    row = await Permohonan.select().where(Permohonan.case_id == request["id"]).first()
    assert row["nomor"] == request["reference"] and row["nama"] == "Rusdiansyah"
    assert row["informasi_diminta"] == LAPORAN["uraian"] and row["status"] == "diperiksa"
    desk = await login(petugas)
    assert request["reference"] in (await desk.get("/ppid/permohonan")).text

    # The citizen reads the new number and its deadline on the report's tracking page ...
    async with pemohon(app) as c:
        tracked = (await lacak(c, code)).text
    assert request["reference"] in tracked and "18 Oktober 2027" in tracked

    # ... and the answer there when the PPID gives it.
    await act(periksa["id"], "lengkap", user=await petugas.current())
    clock_time(wita(2027, 10, 6))
    item = await Informasi.select().where(Informasi.nomor == "DIP/2026/007").first()
    await permohonan.jawab_dari_dip(await _terbuka(request["id"], "putus"), item, await pengelola.current(),
                                    "http://testserver.local")
    [jam] = await case_clocks(request["id"])
    assert jam["state"] == "berhenti" and jam["met"] is True
    assert (await Permohonan.select().where(Permohonan.case_id == request["id"]).first())["status"] == "dijawab"
    async with pemohon(app) as c:
        tracked = (await lacak(c, code)).text
    assert f"Permohonan informasi {request['reference']}" in tracked and item["judul"] in tracked
