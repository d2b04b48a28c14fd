"""The Daftar Informasi Publik: the register (who edits, the uji konsekuensi) and the public page."""

from __future__ import annotations

from balai.testing import csrf_from

from balai_ppid.tables import Informasi

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def isian(demo, **over) -> dict:
    data = {"nomor": "DIP/2026/101", "judul": "Laporan Realisasi Anggaran Semester I 2026",
            "ringkasan": "Realisasi belanja per program sampai Juni 2026.", "unit_id": str(demo["keuangan"]),
            "pejabat": "Kepala Sub Bagian Keuangan", "waktu_pembuatan": "Juli 2026", "tempat_pembuatan": "Samarinda",
            "tahun": "2026", "bentuk": "elektronik", "retensi": "10 tahun", "kategori": "berkala", "terbit": "1",
            "uji_pasal": "", "uji_bahaya": "", "uji_kepentingan": "", "uji_jangka": "", "uji_berakhir": "",
            "uji_sk": ""}
    data.update(over)
    return data


async def kirim(c, data, files=None, url="/ppid/informasi/baru"):
    page = await c.get(url)
    assert page.status_code == 200
    files = files or [("berkas", ("", b"", "application/octet-stream"))]
    return await c.post(url, data={**data, "_csrf_token": csrf_from(page.text)}, files=files, follow_redirects=False)


async def test_data_officer_records_an_item_with_its_document_and_the_public_downloads_it(demo, login, client):
    c = await login("demo.pengelola-data-ppid")
    r = await kirim(c, isian(demo), files=[("berkas", ("lra-2026.pdf", PDF, "application/pdf"))])
    assert r.status_code == 303, r.text
    item = await Informasi.select().where(Informasi.nomor == "DIP/2026/101").first()
    assert item["unit_nama"] == "Sub Bagian Keuangan" and item["terbit"] and item["kategori"] == "berkala"
    page = await client.get("/ppid/dip", params={"q": "Realisasi Anggaran Semester"})
    assert page.status_code == 200 and "Laporan Realisasi Anggaran Semester I 2026" in page.text
    link = next(part.split('"')[0] for part in page.text.split('href="')[1:]
                if part.startswith(f"/ppid/dip/{item['id']}/berkas/"))
    download = await client.get(link)
    assert download.status_code == 200 and download.content == PDF


async def test_public_page_filters_by_category_unit_and_year(demo, client):
    every = await client.get("/ppid/dip")
    assert "Rencana Strategis Dinas 2025-2029" in every.text and "Daftar Koperasi Aktif" in every.text
    koperasi = await client.get("/ppid/dip", params={"unit": demo["koperasi"]})
    assert "Daftar Koperasi Aktif" in koperasi.text and "Rencana Strategis" not in koperasi.text
    serta = await client.get("/ppid/dip", params={"kategori": "serta_merta"})
    assert "Peringatan Dini Peredaran Barang Berbahaya" in serta.text and "Daftar Koperasi Aktif" not in serta.text
    tahun = await client.get("/ppid/dip", params={"tahun": 2024})
    assert "Tarif Retribusi Tera" in tahun.text and "Rencana Kerja Tahunan 2026" not in tahun.text
    # HTMX asks for the list alone.
    frag = await client.get("/ppid/dip", params={"q": "koperasi"}, headers={"HX-Request": "true"})
    assert "Daftar Koperasi Aktif" in frag.text and "<form" not in frag.text


async def test_unpublished_and_excluded_items_never_reach_the_public(demo, client):
    page = await client.get("/ppid/dip", params={"q": "Penerima"})
    assert "Daftar Penerima Bantuan Peralatan IKM 2026" not in page.text  # not yet published
    assert "Data Pribadi Pelaku UMKM" not in page.text  # excluded
    excluded = await Informasi.select().where(Informasi.kategori == "dikecualikan").first()
    assert (await client.get(f"/ppid/dip/{excluded['id']}/berkas/1")).status_code == 404
    # A category the public may not ask for gives the open list, not the excluded one.
    asked = await client.get("/ppid/dip", params={"kategori": "dikecualikan"})
    assert "Data Pribadi Pelaku UMKM" not in asked.text


async def test_excluded_only_with_its_consequence_test(demo, login):
    c = await login("demo.pengelola-data-ppid")
    data = isian(demo, nomor="DIP/2026/102", judul="Dokumen penawaran lelang peralatan", kategori="dikecualikan",
                 uji_bahaya="Membuka rahasia dagang peserta.", uji_kepentingan="Tidak ada kepentingan yang lebih besar.",
                 uji_jangka="Sampai kontrak selesai", uji_sk="SK PPID 480/02/2026")
    r = await kirim(c, data)
    assert r.status_code == 400
    assert "Pasal 17" in r.text and 'data-testid="error-uji_pasal"' in r.text
    assert "Membuka rahasia dagang peserta." in r.text and "SK PPID 480/02/2026" in r.text  # nothing typed is lost
    assert await Informasi.count().where(Informasi.nomor == "DIP/2026/102") == 0
    r = await kirim(c, {**data, "uji_pasal": "17b"})
    assert r.status_code == 303
    item = await Informasi.select().where(Informasi.nomor == "DIP/2026/102").first()
    assert item["uji_pasal"] == "17b" and item["uji_sk"] == "SK PPID 480/02/2026" and not item["terbit"]


async def test_bad_input_redisplays_in_indonesian(demo, login):
    c = await login("demo.pengelola-data-ppid")
    r = await kirim(c, isian(demo, nomor="DIP/2026/103", judul="", tahun="dua ribu", unit_id="99999999"))
    assert r.status_code == 400
    assert "Judul informasi wajib diisi." in r.text and "Tahun harus empat angka" in r.text
    assert "Pilih unit yang menguasai informasi." in r.text and "dua ribu" in r.text
    assert await Informasi.count().where(Informasi.nomor == "DIP/2026/103") == 0


async def test_only_the_data_officer_edits_the_dip(demo, login):
    staf = await login("demo.staf")
    assert (await staf.get("/ppid/informasi")).status_code == 403
    assert (await staf.get("/ppid/informasi/baru")).status_code == 403
    officer = await login("demo.pengelola-data-ppid")
    register = await officer.get("/ppid/informasi")
    assert register.status_code == 200 and "Data Pribadi Pelaku UMKM" in register.text  # the office sees all
