"""Pasal 22(8) UU 14/2008: the PPID extends the answer's deadline once, by 7 working days, and tells
the requester in writing why; a second extension is refused with the reason typed kept.

Hand-counted: received Monday 4 October 2027 (no holiday in the weeks after), the day of receipt
not counted: 5-8, 11-15, 18 October -> due Monday 18 October; + 7: 19-22, 25-27 October ->
Wednesday 27 October 2027.
"""

from __future__ import annotations

from datetime import date

from balai.api import act, case_clocks, case_tasks
from balai.testing import csrf_from

from balai_ppid.tables import Permohonan
from ppid_support import ajukan, code_from, lacak, pemohon, reference_from, wita

ALASAN = "Informasi dihimpun dari tiga UPTD di kabupaten"


async def test_one_extension_with_written_reasons_told_to_the_requester(app, demo, login, make_user, clock_time):
    petugas = await make_user(roles=[("petugas_ppid", "umum")], unit="umum")
    pengelola = await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum")
    clock_time(wita(2027, 10, 4))
    async with pemohon(app) as c:
        sent = await ajukan(c)
        code = code_from(sent.text)
    row = await Permohonan.select().where(Permohonan.nomor == reference_from(sent.text)).first()
    case_id = row["case_id"]
    [jam] = await case_clocks(case_id)
    assert jam["due_on"] == date(2027, 10, 18)
    [periksa] = [t for t in await case_tasks(case_id) if t["step"] == "periksa"]
    await act(periksa["id"], "lengkap", user=await petugas.current())
    [putus] = [t for t in await case_tasks(case_id) if t["step"] == "putus" and t["state"] == "terbuka"]
    clock_time(wita(2027, 10, 14))
    c = await login(pengelola)
    page = await c.get(f"/tasks/{putus['id']}")
    assert 'data-testid="form-perpanjang"' in page.text
    url = f"/ppid/permohonan/{case_id}/tugas/{putus['id']}/perpanjang"
    empty = await c.post(url, data={"_csrf_token": csrf_from(page.text), "alasan_perpanjangan": ""})
    assert empty.status_code == 400 and "Tuliskan alasan perpanjangan" in empty.text
    assert (await case_clocks(case_id))[0]["due_on"] == date(2027, 10, 18)  # nothing extended
    r = await c.post(url, data={"_csrf_token": csrf_from(page.text), "alasan_perpanjangan": ALASAN},
                     follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    [jam] = await case_clocks(case_id)
    assert jam["due_on"] == date(2027, 10, 27) and jam["extensions"] == 1
    assert (await Permohonan.select().where(Permohonan.case_id == case_id).first())["diperpanjang"] is True
    async with pemohon(app) as requester:
        tracked = (await lacak(requester, code)).text
    assert ALASAN in tracked and "27 Oktober 2027" in tracked
    # Once only: the form is gone, and a second try is refused with what was typed kept.
    page = await c.get(f"/tasks/{putus['id']}")
    assert 'data-testid="form-perpanjang"' not in page.text
    again = await c.post(url, data={"_csrf_token": csrf_from(page.text), "alasan_perpanjangan": "Sekali lagi"})
    assert again.status_code == 400 and "Sekali lagi" in again.text and "sudah diperpanjang" in again.text
    assert (await case_clocks(case_id))[0]["due_on"] == date(2027, 10, 27)
