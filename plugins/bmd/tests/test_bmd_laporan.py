"""Laporan persediaan per semester: a hand-worked example under FIFO and under weighted average, the
page, the workbook the finance staff reconcile, the PDF, and a semester typed wrong."""

from __future__ import annotations

import io
import secrets
from datetime import date
from decimal import Decimal

from balai_bmd import laporan, nilai, persediaan
from bmd_support import ruang_baru

# 1 Oct 2025 receive 100 @ 1.000; 15 Nov 2025 issue 40           (semester II 2025)
# 10 Jan 2026 receive 50 @ 1.200; 1 Feb issue 80; 1 Mar count finds 2 missing   (semester I 2026)
# 5 Jul 2026 issue 5                                               (after: not in the report)
# FIFO, semester I 2026: opening 60 worth 60.000; receipts 50 worth 60.000; issues 80 = 60 x 1.000 +
#   20 x 1.200 = 84.000; adjustment -2 x 1.200 = -2.400; closing 28 x 1.200 = 33.600.
# Average: opening 60 worth 60.000; after the receipt 110 worth 120.000; issue 80 x 120.000/110 =
#   87.272,73 (left 30 worth 32.727,27); adjustment 2 x 32.727,27/30 = 2.181,82; closing 28 worth 30.545,45.
CONTOH = [(date(2025, 10, 1), "terima", 100, 1000), (date(2025, 11, 15), "keluar", -40, 0),
          (date(2026, 1, 10), "terima", 50, 1200), (date(2026, 2, 1), "keluar", -80, 0),
          (date(2026, 3, 1), "penyesuaian", -2, 0)]


def _rows():
    return [{"id": i, "tanggal": t, "jenis": j, "jumlah": q, "harga_satuan": h} for i, (t, j, q, h) in enumerate(CONTOH, 1)]


def test_a_semester_line_by_hand_fifo():
    line = laporan.baris_barang({"nama": "x"}, _rows(), lambda s: nilai.FIFO, 2026, 1)
    assert line.jumlah == {"awal": 60, "terima": 50, "keluar": 80, "penyesuaian": -2, "akhir": 28}
    assert line.nilai == {"awal": Decimal(60000), "terima": Decimal(60000), "keluar": Decimal(84000),
                          "penyesuaian": Decimal(-2400), "akhir": Decimal(33600)}


def test_a_semester_line_by_hand_weighted_average():
    line = laporan.baris_barang({"nama": "x"}, _rows(), lambda s: nilai.RATA, 2026, 1)
    assert line.jumlah["akhir"] == 28
    assert line.nilai == {"awal": Decimal(60000), "terima": Decimal(60000), "keluar": Decimal("87272.73"),
                          "penyesuaian": Decimal("-2181.82"), "akhir": Decimal("30545.45")}


async def _contoh_di_buku():
    gudang = await ruang_baru("Gudang ATK", gudang=True)
    item = await persediaan.tambah_barang({"nama": f"Map Ordner {secrets.token_hex(3)}", "satuan": "buah"})
    for tanggal, jenis, jumlah, harga in CONTOH + [(date(2026, 7, 5), "keluar", -5, 0)]:
        await persediaan.catat_mutasi(item["id"], gudang["id"], jenis, jumlah if jenis == "penyesuaian" else abs(jumlah),
                                      tanggal=tanggal, alasan="Contoh laporan", harga_satuan=harga or None)
    return item


async def test_the_report_reads_the_ledger_up_to_the_semesters_end(app):
    item = await _contoh_di_buku()
    lap = await laporan.semester(2026, 1)
    line = next(b for b in lap["baris"] if b.barang["id"] == item["id"])
    assert line.jumlah == {"awal": 60, "terima": 50, "keluar": 80, "penyesuaian": -2, "akhir": 28}
    assert line.nilai["akhir"] == Decimal(33600) and line.nilai["keluar"] == Decimal(84000)
    assert lap["metode"] == nilai.FIFO and not lap["ditutup"]
    # The totals are the sum of the lines; the closing balance is what the ledger gives at that date.
    for part in laporan.BAGIAN:
        assert lap["total"][part] == sum((b.nilai[part] for b in lap["baris"]), Decimal(0))
    after = await laporan.semester(2026, 2)
    line2 = next(b for b in after["baris"] if b.barang["id"] == item["id"])
    assert (line2.jumlah["awal"], line2.nilai["awal"], line2.jumlah["keluar"], line2.jumlah["akhir"]) == \
        (28, Decimal(33600), 5, 23)


async def test_the_page_the_workbook_and_the_pdf(login, make_user):
    from openpyxl import load_workbook

    item = await _contoh_di_buku()
    c = await login(await make_user(roles=[("kasubag_umum", "umum")], unit="umum"))
    page = await c.get("/bmd/persediaan/laporan?tahun=2026&semester=1")
    assert page.status_code == 200 and item["nama"] in page.text and "33.600,00" in page.text
    assert "Semester I Tahun 2026" in page.text and "belum ditutup" in page.text
    xlsx = await c.get("/bmd/persediaan/laporan.xlsx?tahun=2026&semester=1")
    assert xlsx.status_code == 200 and "laporan-persediaan-2026-1.xlsx" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == item["nama"])
    assert row[3] == "buah" and row[4:] == (60, 60000, 50, 60000, 80, 84000, -2, -2400, 28, 33600)
    pdf = await c.get("/bmd/persediaan/laporan.pdf?tahun=2026&semester=1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_a_semester_typed_wrong_is_refused_with_the_input_kept(login, pengurus):
    c = await login(pengurus)
    bad = await c.get("/bmd/persediaan/laporan?tahun=20x6&semester=1")
    assert bad.status_code == 400 and "Pilih tahun (empat angka)" in bad.text and 'value="20x6"' in bad.text
    assert (await c.get("/bmd/persediaan/laporan.xlsx?tahun=2026&semester=3")).status_code == 400
    current = await c.get("/bmd/persediaan/laporan")  # nothing asked: the current semester
    from balai.api import today

    t, s = nilai.semester(today())
    assert current.status_code == 200 and persediaan.label_semester(t, s) in current.text
