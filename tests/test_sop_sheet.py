"""The official SOP sheet (PermenPANRB 35/2012) as a page and as a PDF, drawn from the definition."""

import pytest

from balai.api import SOP, SYSTEM, SOPHeader, Step, go, selesai
from balai.sop import sheet_pdf
from balai.workflow.definition import check_sop
from balai.sop.sheet import DECISION, PROCESS, TERMINATOR, layout
from tests.pdftext import extract_text
from tests.sop_uji import sop_uji  # noqa: F401  (fixture)


def test_layout_gives_lanes_symbols_and_connectors(app, sop_uji):
    sheet = layout(sop_uji, app.state.catalogue)
    assert sheet.lanes == ["Staf / Pelaksana", "Kepala Bidang / Kepala UPTD", "Sekretaris", "Kepala Dinas"]
    assert [r.lane for r in sheet.rows] == [0, 1, 2, 3, 0]
    assert [r.symbol for r in sheet.rows] == [TERMINATOR, DECISION, DECISION, DECISION, TERMINATOR]
    assert [(b.label, b.target) for b in sheet.rows[3].branches] == [("Perbaiki", 1), ("Tolak", None)]
    assert sheet.rows[0].prev_lane is None and sheet.rows[0].next_lane == 1
    assert sheet.rows[4].prev_lane == 3 and sheet.rows[4].next_lane is None


def test_a_plain_middle_step_is_a_process():
    sop = SOP("uji.tiga", "Tiga langkah", SOPHeader("1"), steps=[
        Step(1, "a", "Mulai", actor="staf", actions=[go("x", "Lanjut", to="b")]),
        Step(2, "b", "Proses", actor="staf", actions=[go("x", "Lanjut", to="c")]),
        Step(3, "c", "Selesai", actor="staf", actions=[selesai()]),
    ])
    assert [r.symbol for r in layout(sop).rows] == [TERMINATOR, PROCESS, TERMINATOR]


async def test_sop_list_and_sheet_page(login, sop_uji):
    c = await login("demo.staf")
    listing = await c.get("/sop")
    assert listing.status_code == 200
    assert "Pengendalian Surat Keluar Uji" in listing.text and "/sop/uji.surat_keluar/sheet" in listing.text

    page = await c.get("/sop/uji.surat_keluar/sheet")
    assert page.status_code == 200
    html = page.text
    for expected in ("067/3326/Sek.Um/SOP/DP2KUKM/2022", "8 November 2023", "11 Desember 2023",
                     "Heni Purwaningsih, S.Si., M.Si", "19730314 199803 2 009", "Permendagri Nomor 1 Tahun 2023",
                     "Menguasai Bahasa Indonesia", "SOP Pengendalian Surat Masuk", "Pemindai",
                     "Pemindaian yang tidak cermat", "Sistem informasi persuratan",
                     "Uraian Kegiatan", "Mutu Baku", "Persyaratan/Kelengkapan", "Keterangan",
                     "Kepala Bidang / Kepala UPTD", "Memeriksa tata naskah, bahasa dan kelengkapan",
                     "5 menit - 1 jam", "Pindai dengan seluruh lampiran"):
        assert expected in html, expected
    assert html.count('data-symbol="terminator"') == 2
    assert html.count('data-symbol="decision"') == 3
    assert html.count("<polygon points=\"0,-18 26,0 0,18 -26,0\"") == 3  # diamonds
    assert 'rx="13"' in html  # rounded terminator
    assert "Perbaiki: kembali ke langkah 1; Tolak: kasus berakhir" in html


async def test_sheet_pages_need_login_and_a_known_sop(client, login, sop_uji):
    response = await client.get("/sop/uji.surat_keluar/sheet", follow_redirects=False)
    assert response.status_code == 303
    c = await login("demo.staf")
    assert (await c.get("/sop/tidak.ada/sheet")).status_code == 404
    assert (await c.get("/sop/tidak.ada/sheet.pdf")).status_code == 404


async def test_sheet_pdf_download(login, sop_uji):
    c = await login("demo.staf")
    response = await c.get("/sop/uji.surat_keluar/sheet.pdf?kertas=f4")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 935.43 609.45]" in response.content  # F4 landscape, 330 x 215 mm


@pytest.mark.parametrize("fonts", ["dejavu", "core"])
def test_pdf_contains_the_header_and_every_step(app, sop_uji, monkeypatch, fonts):
    if fonts == "core":
        monkeypatch.setattr(sheet_pdf, "_font_files", lambda: None)
    else:
        assert sheet_pdf._font_files() is not None, "DejaVu fonts expected (Debian fonts-dejavu-core)"
    pdf = sheet_pdf.render_pdf(layout(sop_uji, app.state.catalogue), "Dinas Uji", "a4", compress=False)
    assert b"/MediaBox [0 0 841.89 595.28]" in pdf  # A4 landscape
    text = " ".join(extract_text(pdf))
    for row in sop_uji.steps:
        assert row.activity in text, row.activity
        assert row.output in text
    for expected in ("067/3326/Sek.Um/SOP/DP2KUKM/2022", "NIP 19730314 199803 2 009", "Mutu Baku", "Kepala Dinas",
                     "Dasar Hukum", "Pencatatan dan Pendataan", "Pindai dengan seluruh lampiran",
                     "Perbaiki: kembali ke langkah 1"):
        assert expected in text, expected


def test_long_sop_continues_on_a_new_page_with_the_heading(app):
    steps = [Step(i, f"s{i}", f"Kegiatan nomor {i} " + "dengan uraian panjang " * 6, actor="staf", time="1 jam",
                  actions=[go("x", "Lanjut", to=f"s{i + 1}")] if i < 20 else [selesai()]) for i in range(1, 21)]
    sop = check_sop(SOP("uji.panjang", "SOP Panjang", SOPHeader("2"), steps=steps, started_by=SYSTEM), set(app.state.catalogue.roles))
    pdf = sheet_pdf.render_pdf(layout(sop, app.state.catalogue), "Dinas Uji", compress=False)
    assert pdf.count(b"/Type /Page\n") >= 2
    text = extract_text(pdf)
    assert text.count("Uraian Kegiatan") >= 2
    assert any("Kegiatan nomor 20" in block for block in text)


def test_column_headings_break_between_words_never_inside_one(app):
    """Issue 22 item 11: with seven swimlanes the headings were cut mid-word ("Pengelo la",
    "Persyaratan/Kele ngkapan"); now each word of a heading is drawn whole."""
    roles = ["kepala_dinas", "sekretaris", "kasubag_umum", "kepala_subbag", "kepala_bidang", "kepala_seksi", "staf",
             "ujisop_pemeriksa"]
    steps = [Step(i + 1, f"s{i}", f"Kegiatan {i}", actor=role, time="1 jam",
                  actions=[go("x", "Lanjut", to=f"s{i + 1}")] if i < len(roles) - 1 else [selesai()])
             for i, role in enumerate(roles)]
    sop = check_sop(SOP("uji.lebar", "SOP Lebar", SOPHeader("3"), steps=steps, started_by=SYSTEM),
                    set(app.state.catalogue.roles))
    sheet = layout(sop, app.state.catalogue)
    blocks = extract_text(sheet_pdf.render_pdf(sheet, "Dinas Uji", compress=False))
    words = [w for lane in sheet.lanes for w in lane.split()] + ["Persyaratan/", "Kelengkapan"]
    for word in words:
        assert any(word in block.split() for block in blocks), (word, [b for b in blocks if word[:4] in b])
