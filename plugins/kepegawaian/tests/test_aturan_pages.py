"""The leave rules as settings the Pengelola Kepegawaian changes: a new value from a date, citing
its basis; the old value stays for the days before; bad input explained and kept; nobody else."""

from __future__ import annotations

from datetime import date

from balai.testing import csrf_from
from balai_kepegawaian import aturan
from balai_kepegawaian.tables import Aturan


async def test_the_pengelola_sets_a_rule_from_a_date_and_the_days_before_keep_theirs(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["pengelola"])
    listing = await c.get("/kepegawaian/cuti/aturan")
    assert listing.status_code == 200 and 'data-kunci="cuti.tahunan.hak"' in listing.text
    assert "Peraturan BKN" in listing.text
    form = await c.get("/kepegawaian/cuti/aturan/cuti.tahunan.hak")
    token = csrf_from(form.text)
    # Bad input: no basis, a value out of range, an unreadable date — each explained, the input kept.
    r = await c.post("/kepegawaian/cuti/aturan/cuti.tahunan.hak",
                     data={"_csrf_token": token, "nilai": "14", "berlaku_mulai": "2091-01-01", "sumber": ""})
    assert r.status_code == 400 and "Sebutkan dasar perubahan" in r.text and 'value="14"' in r.text
    r = await c.post("/kepegawaian/cuti/aturan/cuti.tahunan.hak",
                     data={"_csrf_token": token, "nilai": "abc", "berlaku_mulai": "01-01-2091", "sumber": "Uji"})
    assert r.status_code == 400 and "tahun-bulan-tanggal" in r.text and 'value="Uji"' in r.text
    assert not await Aturan.exists().where((Aturan.kunci == "cuti.tahunan.hak") & (Aturan.sumber == "Uji"))
    try:
        ok = await c.post("/kepegawaian/cuti/aturan/cuti.tahunan.hak", follow_redirects=False, data={
            "_csrf_token": token, "nilai": "14", "berlaku_mulai": "2091-01-01", "sumber": "Peraturan BKN uji 2090"})
        assert ok.status_code == 303, ok.text
        assert await aturan.nilai("cuti.tahunan.hak", date(2091, 1, 1)) == 14
        assert await aturan.nilai("cuti.tahunan.hak", date(2090, 12, 31)) == 12
        listing = await c.get("/kepegawaian/cuti/aturan")
        assert "Peraturan BKN uji 2090" in listing.text  # in the rule's history
    finally:
        await Aturan.delete().where(Aturan.sumber == "Peraturan BKN uji 2090")


async def test_only_the_pengelola_sees_the_rules(dinas_cuti, login):
    org = await dinas_cuti()
    staf = await login(org.people["staf"])
    assert (await staf.get("/kepegawaian/cuti/aturan")).status_code == 403
    page = await staf.get("/kepegawaian/cuti")
    r = await staf.post("/kepegawaian/cuti/aturan/cuti.tahunan.hak", data={
        "_csrf_token": csrf_from(page.text), "nilai": "30", "berlaku_mulai": "2091-01-01", "sumber": "x"})
    assert r.status_code == 403
    assert (await (await login(org.people["pengelola"])).get("/kepegawaian/cuti/aturan/tidak.ada")).status_code == 404
