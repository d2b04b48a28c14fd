"""Bad input on the WBS: Indonesian messages, nothing typed lost, nothing stored. And the SOP 2
sheet, the hooks and the demo data."""

from __future__ import annotations

import pytest

from balai.api import case_tasks
from balai.testing import csrf_from
from test_pengaduan_wbs import jalankan, kirim_panel, laporan_masuk, orang, tugas
from wbs_support import LAPORAN, kirim, lacak, pelapor

from balai_pengaduan import demo as demo_module
from balai_pengaduan.tables import Identitas, Laporan


@pytest.fixture(autouse=True)
async def lupakan_batas(app):
    yield
    await Laporan.raw("DELETE FROM core_throttle")


async def test_an_empty_report_is_refused_and_keeps_what_was_typed(app, demo):
    before = await Laporan.count()
    async with pelapor(app) as c:
        r = await kirim(c, {**LAPORAN, "apa": "", "bagaimana": ""})
    assert r.status_code in (200, 400) and "wajib" in r.text.lower()
    assert "Bendahara Kerapukan" in r.text and "Aula Gedung Sembilan" in r.text  # typed input kept
    assert await Laporan.count() == before


async def test_the_choice_of_anonymous_or_named_is_checked(app, demo):
    before, identities = await Laporan.count(), await Identitas.count()
    async with pelapor(app) as c:
        named = await kirim(c, {**LAPORAN, "cara": "nama", "identitas": ""})
        assert "Tuliskan identitas Anda" in named.text and "Bendahara Kerapukan" in named.text
        both = await kirim(c, {**LAPORAN, "cara": "anonim", "identitas": "Rahmawatiningsih"})
        assert "kosongkan isian identitas" in both.text and "Rahmawatiningsih" in both.text
    assert await Laporan.count() == before and await Identitas.count() == identities


async def test_an_attachment_of_a_refused_type_is_refused(app, demo):
    before = await Laporan.count()
    async with pelapor(app) as c:
        r = await kirim(c, files=[("bukti", ("program.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream"))])
    assert r.status_code in (200, 400, 415) and "Bendahara Kerapukan" in r.text
    assert "tidak" in r.text.lower() and await Laporan.count() == before


async def test_a_wrong_receipt_code_is_refused_in_indonesian(app, demo):
    async with pelapor(app) as c:
        r = await lacak(c, "ABCD-EFGH-JKMN-PQRS")
    assert r.status_code in (400, 404, 429) and "kode" in r.text.lower()


async def test_a_response_without_text_is_refused(app, demo, login, make_user):
    p = await orang(make_user)
    case_id, _code = await laporan_masuk(app)
    op = await login(p["operator"])
    first = await tugas(case_id, "terima")
    page = await op.get(f"/tasks/{first['id']}")
    await op.post(f"/tasks/{first['id']}/act", data={"_csrf_token": csrf_from(page.text), "action": "teruskan"})
    telaah = await login(p["telaah"])
    review = await tugas(case_id, "telaah")
    r = await kirim_panel(telaah, case_id, review["id"], aksi="ke_kepala_dinas", hasil_telaah="")
    assert r.status_code == 400 and "Hasil telaah wajib diisi" in r.text
    await kirim_panel(telaah, case_id, review["id"], aksi="ke_kepala_dinas", hasil_telaah="Memenuhi")
    kadis = await login(p["kadis"])
    decide = await tugas(case_id, "putuskan")
    r = await kirim_panel(kadis, case_id, decide["id"], aksi="putuskan", keputusan="")
    assert r.status_code == 400 and "Keputusan tindak lanjut wajib diisi" in r.text
    await kirim_panel(kadis, case_id, decide["id"], aksi="putuskan", keputusan="Teguran tertulis")
    last = await tugas(case_id, "arsip")
    page = await op.get(f"/pengaduan/wbs/{case_id}/arsip/{last['id']}")
    r = await op.post(f"/pengaduan/wbs/{case_id}/arsip/{last['id']}", data={"_csrf_token": csrf_from(page.text),
                                                                          "pesan": ""}, files=[("_", (None, ""))])
    assert r.status_code == 400 and "Pesan kepada pelapor wajib diisi" in r.text
    assert (await tugas(case_id, "arsip"))["id"] == last["id"]  # nothing moved


async def test_sop_2_sheet_renders_from_its_definition(app, demo, login):
    c = await login("admin")
    sheet = await c.get("/sop/pengaduan.wbs/sheet")
    assert sheet.status_code == 200
    for text in ("0678036-1/SEK.UM/DP2KUKM", "Pelaksanaan Pengelolaan Whistle Blowing System", "Tim Telaah",
                 "7 hari kerja", "Undang-Undang Nomor 13 Tahun 2006"):
        assert text in sheet.text, text
    pdf = await c.get("/sop/pengaduan.wbs/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_hook_demo_data_gives_two_reports_in_different_conflicts(app, demo):
    sp4n = await Laporan.raw("SELECT id FROM core_case WHERE sop = 'pengaduan.sp4n'")
    assert sp4n  # and one SP4N-LAPOR! complaint
    rows = await Laporan.select(Laporan.case)
    assert len(rows) >= 2  # the demo fixture ran the hook
    steps = [[t["step"] for t in await case_tasks(r["case"]) if t["state"] == "terbuka"] for r in rows[:2]]
    assert steps == [["terima"], ["terima"]]
    assert await Identitas.count() >= 1  # the named one keeps its identity apart
    count = await Laporan.count()
    await demo_module.isi_demo(demo)  # idempotent
    assert await Laporan.count() == count


async def test_hook_sealed_columns_lists_every_text_column_of_the_plugin(app):
    from balai_pengaduan import sealed_columns
    from balai_pengaduan.tables import TABLES
    listed = {(c._meta.table._meta.tablename, c._meta.name) for c in sealed_columns()}
    texts = {(t._meta.tablename, c._meta.name) for t in TABLES for c in t._meta.columns
             if type(c).__name__ == "Text"}
    assert listed == texts
