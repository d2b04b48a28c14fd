"""Kehumasan's semester report: IKM per element and overall, sample size, charts, exports, publishing,
and suggestions turned into SOP 1 follow-up cases run by the workflow engine."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

from balai.testing import csrf_from

PERIODE = "2019-1"  # a semester of its own, untouched by the demo data
# Five respondents (u1..u9); by hand the column sums are 17,17,15,20,17,18,19,16,14 and the IKM 85.00.
JAWABAN = [
    [4, 3, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, 2, 4, 3, 3, 4, 3, 2],
    [4, 4, 3, 4, 4, 4, 4, 4, 3],
    [2, 3, 3, 4, 3, 3, 3, 2, 2],
    [4, 4, 4, 4, 4, 4, 4, 4, 4],
]
SARAN = "Sediakan formulir permohonan data secara daring."


async def _semester(demo) -> None:
    """Seven recipients of one service in March 2019, five of whom answered."""
    from balai_layanan.tables import PeriodeIkm, Pelayanan, ResponsSurvei, TautanSurvei

    if await Pelayanan.exists().where(Pelayanan.uraian == "Uji semester 2019"):
        return
    await PeriodeIkm.delete().where(PeriodeIkm.periode == PERIODE)
    maret = datetime(2019, 3, 4, 2, 0, tzinfo=timezone.utc)
    pel = await Pelayanan.insert(Pelayanan(jenis="permintaan_data", uraian="Uji semester 2019",
                                           unit_id=demo["industri"], unit_nama="Bidang Perindustrian",
                                           tanggal=maret.date(), dibuat_at=maret)).returning(Pelayanan.id)
    for i in range(7):
        t = await TautanSurvei.insert(TautanSurvei(pelayanan=pel[0]["id"], token=f"uji-2019-{i}", dibuat_at=maret,
                                                   kedaluwarsa_at=maret)).returning(TautanSurvei.id)
        if i < len(JAWABAN):
            await ResponsSurvei.insert(ResponsSurvei(
                tautan=t[0]["id"], unit_id=demo["industri"], periode=PERIODE, diisi_at=maret,
                **{f"u{k + 1}": v for k, v in enumerate(JAWABAN[i])}, usia="31-40", jenis_kelamin="L",
                pendidikan="s1", pekerjaan="swasta", saran=SARAN if i == 0 else ""))


async def test_semester_report_agrees_with_the_hand_computation(login, demo):
    await _semester(demo)
    humas = await login("demo.kehumasan")
    page = await humas.get(f"/layanan/ikm?periode={PERIODE}")
    assert page.status_code == 200
    assert 'data-testid="nilai-ikm">85.00<' in page.text
    assert 'data-testid="jumlah-responden">5<' in page.text
    assert "sampel minimum 7 dari 7 penerima layanan" in page.text  # Krejcie–Morgan for N = 7
    assert 'data-testid="sampel-kurang"' in page.text
    assert "Mutu B" in page.text
    # per element: u1 17/5 = 3.400 -> 85.00; u9 14/5 = 2.800 -> 70.00
    assert '<tr data-unsur="u1">' in page.text and "85.00" in page.text and "70.00" in page.text
    assert page.text.count("<svg") >= 2  # per element and across periods, drawn on the server
    assert SARAN in page.text


async def test_report_downloads_as_pdf_xlsx_and_svg(login, demo):
    await _semester(demo)
    humas = await login("demo.kehumasan")
    pdf = await humas.get(f"/layanan/ikm/{PERIODE}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"laporan-skm-{PERIODE}.pdf" in pdf.headers["content-disposition"]
    xlsx = await humas.get(f"/layanan/ikm/{PERIODE}/xlsx")
    sheet = zipfile.ZipFile(io.BytesIO(xlsx.content)).read("xl/sharedStrings.xml").decode()
    assert "Persyaratan" in sheet and SARAN in sheet
    # The respondents' profile in words, not the form's codes.
    assert "<t>Pegawai swasta</t>" in sheet and "<t>Laki-laki</t>" in sheet and "<t>S1</t>" in sheet
    assert "<t>swasta</t>" not in sheet and "<t>s1</t>" not in sheet and "<t>L</t>" not in sheet
    svg = await humas.get(f"/layanan/ikm/{PERIODE}/unsur.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "85.00" in svg.text
    assert (await humas.get("/layanan/ikm/2019-3/pdf")).status_code == 404
    # Across periods: the grade lines say what they are; the value over a column has a halo over lines.
    periods = await humas.get(f"/layanan/ikm/{PERIODE}/periode.svg")
    assert "A ≥ 88.31" in periods.text and "B ≥ 76.61" in periods.text and "C ≥ 65" in periods.text
    assert re.search(r'paint-order="stroke"[^>]*>85\.00</text>', periods.text)
    assert ">Sem. I 2019</text>" in periods.text and ">2019-1<" not in periods.text


async def test_the_printed_report_lists_each_suggestion_once_with_its_count(demo, tmp_path):
    from balai_layanan import naskah, survei
    from tests.pdftext import extract_text

    await _semester(demo)
    rekap = await survei.rekap(PERIODE)
    rows = [{"saran": t} for t in ("Parkir tamu perlu diperluas.", "parkir tamu  perlu diperluas", "",
                                   "Parkir tamu perlu diperluas.", "Sediakan ruang laktasi.")]
    rekap["saran_ringkas"] = survei.saran_ringkas(rows)
    assert rekap["saran_ringkas"] == [("Parkir tamu perlu diperluas.", 3), ("Sediakan ruang laktasi.", 1)]
    pdf = await naskah.ikm_pdf(rekap, compress=False)
    (tmp_path / "laporan-ikm.pdf").write_bytes(pdf)  # kept by pytest for a look
    text = " ".join(extract_text(pdf))
    assert text.count("Parkir tamu perlu diperluas") == 1 and "(3 responden)" in text
    assert "Sediakan ruang laktasi." in text and "(1 responden)" not in text
    assert " x " not in text and ">=" not in text  # × and ≥, as printed sums are written
    assert "Kepala Dinas," in text  # signed: the configured block, else room to sign by hand


async def test_publishing_shows_the_period_on_the_public_page(login, client, demo):
    await _semester(demo)
    humas = await login("demo.kehumasan")
    page = await humas.get(f"/layanan/ikm?periode={PERIODE}")
    r = await humas.post(f"/layanan/ikm/{PERIODE}/terbitkan", data={"_csrf_token": csrf_from(page.text)},
                         follow_redirects=True)
    assert r.status_code == 200 and "diterbitkan di halaman publik" in r.text
    public = await client.get("/layanan/ikm/publik")
    assert public.status_code == 200
    assert f'data-testid="ikm-publik-{PERIODE}">85.00<' in public.text
    assert "Semester I 2019" in public.text and "Persyaratan" in public.text
    staf = await login("demo.petugas-layanan")
    assert (await staf.post(f"/layanan/ikm/{PERIODE}/terbitkan",
                            data={"_csrf_token": csrf_from(page.text)})).status_code == 403


async def test_publishing_names_the_period_and_its_value(login, demo):
    await _semester(demo)
    humas = await login("demo.kehumasan")
    page = await humas.get(f"/layanan/ikm?periode={PERIODE}")
    assert '<option value="2019-1" selected>Semester I 2019 (Januari–Juni)</option>' in page.text
    assert 'name="sementara"' not in page.text  # the semester has ended: nothing to confirm
    r = await humas.post(f"/layanan/ikm/{PERIODE}/terbitkan", data={"_csrf_token": csrf_from(page.text)},
                         follow_redirects=True)
    assert "(IKM 85.00)" in r.text


async def test_a_running_semester_is_published_only_when_confirmed_as_interim(login, demo):
    from balai.api import today

    from balai_layanan import ikm
    from balai_layanan.tables import PeriodeIkm, ResponsSurvei

    periode = ikm.periode_dari(today())
    humas = await login("demo.kehumasan")
    page = await humas.get(f"/layanan/ikm?periode={periode}")
    assert 'name="sementara"' in page.text
    if not await ResponsSurvei.exists().where(ResponsSurvei.periode == periode):
        return  # nothing to publish in this semester yet (the demo's answers are in it)
    before = await PeriodeIkm.select().where(PeriodeIkm.periode == periode).first()
    r = await humas.post(f"/layanan/ikm/{periode}/terbitkan", data={"_csrf_token": csrf_from(page.text)},
                         follow_redirects=True)
    assert "Periode ini belum berakhir" in r.text
    assert await PeriodeIkm.select().where(PeriodeIkm.periode == periode).first() == before
    r = await humas.post(f"/layanan/ikm/{periode}/terbitkan", data={"_csrf_token": csrf_from(page.text), "sementara": "1"},
                         follow_redirects=True)
    assert "diterbitkan di halaman publik" in r.text


async def test_an_empty_period_cannot_be_published(login, demo):
    humas = await login("demo.kehumasan")
    page = await humas.get("/layanan/ikm?periode=2018-2")
    assert 'data-testid="nilai-ikm">-<' in page.text
    r = await humas.post("/layanan/ikm/2018-2/terbitkan", data={"_csrf_token": csrf_from(page.text)},
                         follow_redirects=True)
    assert "Belum ada responden" in r.text


async def test_suggestion_follow_up_runs_as_a_case_sekretaris_then_bidang(app, login, demo, pegawai):
    from balai.api import act, case_tasks, get_case
    from balai_layanan.tables import ResponsSurvei, TindakLanjut

    await _semester(demo)
    sekretaris, _u1 = await pegawai(("sekretaris", "sekretariat"))
    kabid, _u2 = await pegawai(("kepala_bidang", "industri"))
    humas = await login("demo.kehumasan")
    page = await humas.get(f"/layanan/ikm?periode={PERIODE}")
    respons = await ResponsSurvei.select().where(ResponsSurvei.saran == SARAN).first()
    bad = await humas.post("/layanan/ikm/tindak-lanjut", data={
        "_csrf_token": csrf_from(page.text), "respons_id": str(respons["id"]), "periode": PERIODE, "saran": "",
        "unit_id": str(demo["industri"])})
    assert bad.status_code == 400 and "Tuliskan saran/masukan" in bad.text
    r = await humas.post("/layanan/ikm/tindak-lanjut", follow_redirects=True, data={
        "_csrf_token": csrf_from(page.text), "respons_id": str(respons["id"]), "periode": PERIODE, "saran": SARAN,
        "unit_id": str(demo["industri"])})
    assert r.status_code == 200 and "Sekretaris menetapkan tindak lanjutnya" in r.text
    tl = await TindakLanjut.select().where(TindakLanjut.respons_id == respons["id"]).first()
    case = await get_case(tl["case_id"])
    assert case["sop"] == "layanan.skm" and case["reference"].startswith("SKM/")
    assert case["record_type"] == "layanan.tindak_lanjut" and case["record_id"] == tl["id"]
    assert case["reference"] in r.text

    # Steps 1–5 were done in the plugin's pages: the first task is the Sekretaris's, due in 2 days.
    (task,) = [t for t in await case_tasks(case["id"]) if t["state"] == "terbuka"]
    assert task["step"] == "tindak_lanjut" and task["unit"] == demo["sekretariat"] and task["due_at"] is not None
    assert "Sekretaris menetapkan tindak lanjut" in r.text and f'href="/cases/{case["id"]}"' in r.text
    from balai.api import ActionError

    try:
        await act(task["id"], "tetapkan", user=sekretaris)
        raise AssertionError("a decision without a note must be refused")
    except ActionError as err:
        assert err.messages
    await act(task["id"], "tetapkan", user=sekretaris, note="Bidang menyiapkan formulir daring dalam 1 hari")
    (task2,) = [t for t in await case_tasks(case["id"]) if t["state"] == "terbuka"]
    assert task2["step"] == "laksanakan" and task2["unit"] == demo["industri"] and task2["due_at"] is not None
    done = await act(task2["id"], "selesai", user=kabid, note="Formulir daring tersedia di website")
    assert done["state"] == "selesai"
    page = await humas.get(f"/layanan/ikm?periode={PERIODE}")
    assert case["reference"] in page.text


def test_task_panel_shows_the_suggestion():
    from balai_layanan.tindak_lanjut import panel

    html = panel({"sop": "layanan.skm", "data": {"saran": "Tambah <kursi>", "periode": "2019-1"}}, {})
    assert "Tambah &lt;kursi&gt;" in html and "Semester I 2019" in html
    assert panel({"sop": "lain.sop", "data": {}}, {}) is None


async def test_the_dashboard_sums_in_the_database_agree_with_the_hand_computation(demo):
    from decimal import Decimal

    from balai_layanan import ikm, survei

    await _semester(demo)
    n, sums = await survei.jumlah_periode(PERIODE)
    assert n == 5 and [sums[f"u{k}"] for k in range(1, 10)] == [17, 17, 15, 20, 17, 18, 19, 16, 14]
    assert ikm.dari_jumlah(n, sums) == ikm.hitung(await survei.respons_periode(PERIODE))
    assert ikm.dari_jumlah(n, sums).ikm == Decimal("85.00")
    assert ikm.dari_jumlah(*await survei.jumlah_periode("2001-1")).ikm is None  # a semester without answers


async def test_ikm_widget_for_kehumasan(login, demo):
    humas = await login("demo.kehumasan")
    home = await humas.get("/")
    assert "IKM semester berjalan" in home.text and "Lihat laporan IKM" in home.text


async def test_json_api_gives_published_periods_and_the_queue(client, login, demo):
    await _semester(demo)
    humas = await login("demo.kehumasan")
    page = await humas.get(f"/layanan/ikm?periode={PERIODE}")
    await humas.post(f"/layanan/ikm/{PERIODE}/terbitkan", data={"_csrf_token": csrf_from(page.text)})
    r = await client.get("/api/layanan/ikm")
    assert r.status_code == 200
    (found,) = [p for p in r.json() if p["periode"] == PERIODE]
    assert found["ikm"] == "85.00" and found["mutu"] == "B" and found["responden"] == 5 and found["sampel"] == 7
    assert [u["nilai"] for u in found["unsur"]][:2] == ["85.00", "85.00"]
    assert (await client.get("/api/layanan/antrian")).status_code == 401
    petugas = await login("demo.petugas-layanan")
    assert isinstance((await petugas.get("/api/layanan/antrian")).json(), list)


async def test_ikm_report_is_an_official_document_with_the_letterhead(login, demo):
    """The PDF comes from the core's facility: the agency's letterhead, the figures written the
    Indonesian way, kept among the semester's documents once per set of figures."""
    from balai.api import list_documents
    from balai_layanan import naskah, survei
    from tests.pdftext import extract_text

    await _semester(demo)
    rekap = await survei.rekap(PERIODE)
    text = " ".join(extract_text(await naskah.ikm_pdf(rekap, compress=False)))
    for expected in ("DINAS PERINDUSTRIAN", "LAPORAN SURVEI KEPUASAN MASYARAKAT", "Semester I 2019", "85,00",
                     "Persyaratan", "3,4000", "Mutu: A ≥ 88,31", SARAN):
        assert expected in text, expected
    humas = await login("demo.kehumasan")
    first = await humas.get(f"/layanan/ikm/{PERIODE}/pdf")
    again = await humas.get(f"/layanan/ikm/{PERIODE}/pdf")
    assert first.status_code == 200 and again.content == first.content
    kept = await list_documents(naskah.DOK_IKM, int(PERIODE.replace("-", "")))
    assert len(kept) == 1 and len(kept[0]["versions"]) == 1
