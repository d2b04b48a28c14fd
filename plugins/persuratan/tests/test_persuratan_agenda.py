"""The Buku Agenda (filters, search, who sees what, exports), settings, the API, widget and demo data."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from balai.api import timeline
from balai_persuratan import agenda, lembar, masuk
from balai_persuratan.tables import Klasifikasi, SuratMasuk

from tests.pdftext import extract_text
from balai.testing import csrf_from


async def test_demo_letters_are_registered_with_scans(app, demo, login):
    rows = await SuratMasuk.select().where(SuratMasuk.perihal == "Undangan rapat koordinasi IKM")
    assert len(rows) == 1 and rows[0]["case_id"]
    c = await login("demo.pengelola-surat-umum")
    page = await c.get(f"/persuratan/masuk/{rows[0]['id']}")
    assert page.status_code == 200 and "scan.pdf" in page.text
    # The case was opened by the seed on the clerks' behalf, not by a member of the public.
    opened = (await timeline(rows[0]["case_id"]))[0]
    assert opened["actor_name"] == "Sub Bagian Umum"


async def test_search_matches_subject_sender_and_number(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    year = date.today().year
    assert (await register(c, form(pengirim="Balai Besar POM Samarinda", nomor_surat="HK.01/778/BBPOM",
                                   perihal="Pengawasan pangan olahan menjelang Natal", sifat="penting"))).status_code == 303
    for q in ("pangan olahan", "bbpom", "HK.01/778", "POM samarinda"):
        r = await c.get("/persuratan/agenda/masuk", params={"q": q, "tahun": year})
        assert "Pengawasan pangan olahan menjelang Natal" in r.text, q
    r = await c.get("/persuratan/agenda/masuk", params={"q": "pangan", "sifat": "biasa", "tahun": year})
    assert "Pengawasan pangan olahan" not in r.text
    fragment = await c.get("/persuratan/agenda/masuk", params={"q": "natal", "tahun": year},
                           headers={"hx-request": "true", "hx-target": "agenda-tabel"})
    assert "<html" not in fragment.text and "Pengawasan pangan olahan" in fragment.text
    api = await c.get("/api/persuratan/masuk", params={"q": "natal"})
    assert api.status_code == 200 and api.json()["surat"][0]["nomor_surat"] == "HK.01/778/BBPOM"


async def test_unit_archivist_sees_only_letters_disposed_to_the_unit(login, demo, form, register):
    clerk = await login("demo.pengelola-surat-umum")
    assert (await register(clerk, form(nomor_surat="UNIT/1", perihal="Surat untuk Bidang Perindustrian"))).status_code == 303
    assert (await register(clerk, form(nomor_surat="UNIT/2", perihal="Surat untuk Bidang Koperasi"))).status_code == 303
    one = await SuratMasuk.select().where(SuratMasuk.nomor_surat == "UNIT/1").first()
    two = await SuratMasuk.select().where(SuratMasuk.nomor_surat == "UNIT/2").first()
    await masuk.catat_distribusi(one["id"], demo["industri"])
    c = await login("demo.pengelola-surat-bidang")
    r = await c.get("/persuratan/agenda/masuk", params={"q": "surat untuk bidang"})
    assert "Surat untuk Bidang Perindustrian" in r.text and "Surat untuk Bidang Koperasi" not in r.text
    assert (await c.get(f"/persuratan/masuk/{one['id']}")).status_code == 200
    assert (await c.get(f"/persuratan/masuk/{two['id']}")).status_code == 403


async def test_agenda_exports_xlsx_and_pdf(login, form, register):
    c = await login("demo.pengelola-surat-umum")
    assert (await register(c, form(nomor_surat="EKS/1", perihal="Laporan realisasi ekspor triwulan III"))).status_code == 303
    year = date.today().year
    xlsx = await c.get("/persuratan/agenda/masuk/ekspor/xlsx", params={"tahun": year, "q": "ekspor triwulan"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
        text = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert "Laporan realisasi ekspor triwulan III" in text and "Buku Agenda Surat Masuk" in text
    pdf = await c.get("/persuratan/agenda/masuk/ekspor/pdf", params={"tahun": year, "q": "ekspor triwulan"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The same rows rendered uncompressed, to read the text back.
    rows = await agenda.cari_masuk(None, tahun=year, q="ekspor triwulan")
    blocks = extract_text(lembar.buku_agenda("Buku Agenda Surat Masuk", agenda.kolom_masuk(),
                                             [agenda.baris_masuk(r) for r in rows[0]], "Dinas Uji", compress=False))
    assert any("Laporan realisasi ekspor triwulan III" in b for b in blocks)
    keluar = await c.get("/persuratan/agenda/keluar/ekspor/xlsx", params={"tahun": year})
    assert keluar.status_code == 200


async def test_archivist_extends_classification_and_sets_the_number_format(login):
    c = await login("demo.arsiparis")
    page = await c.get("/persuratan/atur")
    assert page.status_code == 200 and "Umum" in page.text
    token = csrf_from(page.text)
    bad = await c.post("/persuratan/atur/klasifikasi", data={"kode": "abc", "nama": "Salah", "_csrf_token": token})
    assert bad.status_code == 400 and "angka bertitik" in bad.text
    ok = await c.post("/persuratan/atur/klasifikasi", data={"kode": "067", "nama": "Penyusunan Prosedur Kerja",
                                                             "_csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303
    assert (await Klasifikasi.select().where(Klasifikasi.kode == "067").first())["bawaan"] is False
    bad = await c.post("/persuratan/atur/penomoran", data={"format": "{klasifikasi}/{tahun}", "lingkup": "tahun",
                                                            "_csrf_token": token})
    assert bad.status_code == 400 and "{nomor}" in bad.text and 'value="{klasifikasi}/{tahun}"' in bad.text
    clerk = await login("demo.pengelola-surat-umum")
    assert (await clerk.get("/persuratan/atur")).status_code == 403


async def test_dashboard_widget_and_menu(login):
    c = await login("demo.pengelola-surat-umum")
    page = await c.get("/")
    assert 'data-testid="widget-persuratan"' in page.text
    assert 'href="/persuratan/agenda/masuk"' in page.text and 'href="/persuratan/masuk/baru"' in page.text


async def test_static_stylesheet_is_served(client, app):
    r = await client.get("/static/persuratan/persuratan.css")
    assert r.status_code == 200 and ".diff_chg" in r.text


async def test_a_scope_of_a_thousand_units_is_still_one_search(app, demo):
    """A user whose scope holds many units (a large agency, or a test run's thousand): the letters
    of those units are found in one statement, never "parser stack overflow" on SQLite."""
    from balai_persuratan.agenda import MASUK_COLUMNS, _cari, _masuk_where

    first = await SuratMasuk.select(SuratMasuk.akses).first()
    unit = int(first["akses"].split()[0].removeprefix("u"))
    rows, _more = await _cari(SuratMasuk, MASUK_COLUMNS, _masuk_where(None, "", ""), "",
                              [SuratMasuk.tahun, SuratMasuk.nomor_agenda], 1, 25,
                              access=[masuk.akses(u) for u in list(range(100_000, 101_000)) + [unit]])
    assert rows


async def test_who_handled_a_letter_and_the_superiors_find_it_in_the_agenda(app, demo, login, form, register):
    """Issue 22 item 1: the Kasubag Umum who initialled it, the Sekretaris who disposed it, the Kepala
    Dinas over everything and the Kepala Bidang it was disposed to find it in the Buku Agenda Masuk;
    a staff member of another Bidang does not; the Arsiparis opens the filed letter."""
    from balai.testing import csrf_from
    from tests.workflow_support import open_tasks, person

    perihal = "Koordinasi pameran produk unggulan daerah"
    clerk = await login("demo.pengelola-surat-umum")
    r = await register(clerk, form(nomor_surat="AG/99/2026", perihal=perihal))
    assert r.status_code == 303
    from balai_persuratan.tables import SuratMasuk

    surat = await SuratMasuk.select().where(SuratMasuk.nomor_surat == "AG/99/2026").first()

    async def act(c, step, action, **data):
        task = next(t for t in await open_tasks(surat["case_id"]) if t["step"] == step)
        page = await c.get(f"/tasks/{task['id']}")
        done = await c.post(f"/tasks/{task['id']}/act", data={"action": action, "_csrf_token": csrf_from(page.text),
                                                              **data}, follow_redirects=False)
        assert done.status_code == 303, done.text

    kasubag, sekretaris = await login("demo.kasubag-umum"), await login("demo.sekretaris")
    await act(kasubag, "verifikasi", "paraf")
    await act(sekretaris, "disposisi_sekretaris", "disposisi", unit_ids=[str(demo["industri"])], instruksi="Tindak lanjuti")
    await act(clerk, "distribusi", "serahkan")

    async def finds(c) -> bool:
        page = await c.get(f"/persuratan/agenda/masuk?q={perihal.split()[0]}")
        return page.status_code == 200 and perihal in page.text

    for who in ("demo.kasubag-umum", "demo.sekretaris", "demo.kepala-dinas", "demo.kepala-bidang"):
        assert await finds(await login(who)), who
    outsider = await person(app, ("staf", demo["perdagangan"]), name="Staf Perdagangan Agenda")
    assert not await finds(await login(outsider.username))
    arsiparis = await login("demo.arsiparis")
    assert (await arsiparis.get(f"/persuratan/masuk/{surat['id']}")).status_code == 200
