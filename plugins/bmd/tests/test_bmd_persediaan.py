"""Slice 2: the supplies ledger. Hand-worked FIFO and weighted-average examples, reservations that
never over-issue under concurrency (SQLite and PostgreSQL), closed semesters refusing movements."""

from __future__ import annotations

import asyncio
import secrets
from datetime import date
from decimal import Decimal

import pytest

from balai_bmd import nilai, persediaan
from balai_bmd.register import BmdError
from balai_bmd.tables import Cadangan, MetodePenilaian, Mutasi, SemesterTutup
from bmd_support import ruang_baru

# The worked example (unit prices in rupiah):
#  5 Jan  receive 100 @ 1.000          10 Feb receive 50 @ 1.200
#  1 Mar  issue 120                     1 Apr receive 30 @ 1.100       2 May issue 25
# FIFO:    1 Mar = 100 x 1.000 + 20 x 1.200 = 124.000; left 30 @ 1.200.
#          2 May = 25 x 1.200 = 30.000; left 5 @ 1.200 + 30 @ 1.100 = 6.000 + 33.000 = 39.000.
# Average: after 10 Feb 150 units worth 160.000; 1 Mar = 120 x 160.000/150 = 128.000; left 30 worth 32.000.
#          1 Apr: 60 units worth 65.000; 2 May = 25 x 65.000/60 = 27.083,33; left 35 worth 37.916,67.
CONTOH = [(date(2026, 1, 5), 100, 1000), (date(2026, 2, 10), 50, 1200), (date(2026, 3, 1), -120, 0),
          (date(2026, 4, 1), 30, 1100), (date(2026, 5, 2), -25, 0)]


def _rows():
    return [{"id": i, "tanggal": t, "jumlah": q, "harga_satuan": h} for i, (t, q, h) in enumerate(CONTOH, 1)]


def test_fifo_by_hand():
    h = nilai.hitung(_rows(), lambda s: nilai.FIFO)
    assert h.nilai_mutasi[3] == Decimal(-124000) and h.nilai_mutasi[5] == Decimal(-30000)
    assert (h.jumlah, h.nilai) == (35, Decimal(39000))
    assert h.lapisan == [(5, Decimal(6000)), (30, Decimal(33000))]


def test_weighted_average_by_hand():
    h = nilai.hitung(_rows(), lambda s: nilai.RATA)
    assert h.nilai_mutasi[3] == Decimal(-128000)
    assert h.nilai_mutasi[5] == Decimal("-27083.33")
    assert (h.jumlah, h.nilai) == (35, Decimal("37916.67"))


def test_a_method_change_between_semesters_carries_the_stock_at_its_value():
    rows = _rows() + [{"id": 6, "tanggal": date(2026, 7, 1), "jumlah": -10, "harga_satuan": 0}]
    # FIFO in semester I leaves 5 @ 1.200 + 30 @ 1.100 = 39.000; average from semester II: 10 x 39.000/35.
    h = nilai.hitung(rows, lambda s: nilai.FIFO if s == (2026, 1) else nilai.RATA)
    assert h.nilai_mutasi[6] == Decimal("-11142.86") and h.nilai == Decimal("27857.14")


async def _barang_di_gudang(stock: int, price: int = 45000):
    gudang = await ruang_baru("Gudang ATK", gudang=True)
    item = await persediaan.tambah_barang({"nama": f"Kertas HVS A4 70 g {secrets.token_hex(3)}", "satuan": "rim"})
    await persediaan.catat_mutasi(item["id"], gudang["id"], "terima", stock, harga_satuan=price,
                                  tanggal=date(2026, 7, 6), alasan="Pengadaan ATK", dokumen="BAST 027/2026")
    return item, gudang


async def test_the_ledger_gives_the_hand_worked_values(app):
    gudang = await ruang_baru("Gudang Umum", gudang=True)
    item = await persediaan.tambah_barang({"nama": f"Tinta printer {secrets.token_hex(3)}", "satuan": "botol"})
    for day, qty, price in CONTOH:
        kind = "terima" if qty > 0 else "keluar"
        await persediaan.catat_mutasi(item["id"], gudang["id"], kind, abs(qty), harga_satuan=price or None,
                                      tanggal=day, alasan="Contoh")
    rows, hasil = await persediaan.buku(item["id"])
    assert [r["saldo"] for r in rows] == [100, 150, 30, 60, 35]
    assert (hasil.jumlah, hasil.nilai) == (35, Decimal(39000))  # FIFO, the default
    assert await persediaan.stok(item["id"], gudang["id"]) == 35


async def test_twenty_requests_at_once_for_the_last_five(app):
    item, gudang = await _barang_di_gudang(5)
    results = await asyncio.gather(*(persediaan.cadangkan(item["id"], gudang["id"], 1, f"uji:{i}") for i in range(20)),
                                   return_exceptions=True)
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, BmdError)]
    assert not unexpected, unexpected
    passed = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, BmdError)]
    assert len(passed) == 5 and len(refused) == 15
    assert "tersedia 0 rim, diminta 1 rim" in refused[0].errors["jumlah"]
    assert await persediaan.tersedia(item["id"], gudang["id"]) == 0
    # Issuing the five reservations takes exactly the stock; nothing is left to issue without one.
    for r in passed:
        await persediaan.keluarkan(r["untuk"], tanggal=date(2026, 7, 7), dokumen="BAST-P", alasan="Distribusi")
    assert await persediaan.stok(item["id"], gudang["id"]) == 0
    with pytest.raises(BmdError):
        await persediaan.catat_mutasi(item["id"], gudang["id"], "keluar", 1, tanggal=date(2026, 7, 7), alasan="x")


async def test_twenty_direct_issues_at_once_never_go_below_zero(app):
    item, gudang = await _barang_di_gudang(5)
    results = await asyncio.gather(*(persediaan.catat_mutasi(item["id"], gudang["id"], "keluar", 1,
                                                             tanggal=date(2026, 7, 6), alasan=f"Bagian {i}")
                                     for i in range(20)), return_exceptions=True)
    assert sum(isinstance(r, dict) for r in results) == 5
    assert all(isinstance(r, (dict, BmdError)) for r in results)
    assert await persediaan.stok(item["id"]) == 0


async def test_a_reservation_holds_stock_against_an_issue_without_one(app):
    item, gudang = await _barang_di_gudang(3)
    await persediaan.cadangkan(item["id"], gudang["id"], 2, "case:1")
    with pytest.raises(BmdError) as err:
        await persediaan.catat_mutasi(item["id"], gudang["id"], "keluar", 2, tanggal=date(2026, 7, 6), alasan="x")
    assert "tersedia 1 rim, diminta 2 rim" in err.value.errors["jumlah"]
    assert await persediaan.lepaskan("case:1") == 1
    await persediaan.catat_mutasi(item["id"], gudang["id"], "keluar", 2, tanggal=date(2026, 7, 6), alasan="x")


async def test_bad_movements_are_refused_and_nothing_is_written(app):
    item, gudang = await _barang_di_gudang(3)
    before = await Mutasi.count()
    for kwargs, field, text in [
        (dict(jenis="keluar", jumlah=0), "jumlah", "lebih dari nol"),
        (dict(jenis="terima", jumlah=5), "harga_satuan", "Harga satuan"),
        (dict(jenis="keluar", jumlah=4), "jumlah", "tersedia 3 rim, diminta 4 rim"),
        (dict(jenis="keluar", jumlah=1, alasan=""), "alasan", "Tulis untuk apa"),
    ]:
        kw = {"alasan": "uji", **kwargs}
        with pytest.raises(BmdError) as err:
            await persediaan.catat_mutasi(item["id"], gudang["id"], kw.pop("jenis"), kw.pop("jumlah"),
                                          tanggal=date(2026, 7, 6), **kw)
        assert text in err.value.errors[field]
    assert await Mutasi.count() == before and await Cadangan.count().where(Cadangan.barang == item["id"]) == 0


async def test_a_closed_semester_refuses_movements(app):
    item, gudang = await _barang_di_gudang(10)
    row = await persediaan.tutup_semester(2026, 1, None)
    try:
        with pytest.raises(BmdError) as err:
            await persediaan.catat_mutasi(item["id"], gudang["id"], "terima", 1, harga_satuan=1000,
                                          tanggal=date(2026, 6, 30), alasan="Terlambat dicatat")
        assert err.value.errors["tanggal"].startswith("Semester I Tahun 2026 sudah ditutup")
        with pytest.raises(BmdError):
            await persediaan.tutup_semester(2026, 1, None)  # twice
    finally:  # the test database is shared by the other tests, which write in that semester
        await SemesterTutup.delete().where(SemesterTutup.id == row["id"])


async def test_the_method_changes_only_from_a_semester_without_movements(app):
    await _barang_di_gudang(1)  # a movement in July 2026
    with pytest.raises(BmdError) as err:
        await persediaan.ubah_metode("rata", 2026, 2, "Kebijakan akuntansi 2026", None)
    assert "metode hanya dapat diubah" in err.value.errors["semester"]
    row = await persediaan.ubah_metode("rata", 2027, 1, "Pergub perubahan kebijakan akuntansi", None)
    try:
        metode = await persediaan.penentu_metode()
        assert row["metode"] == "rata" and metode((2026, 2)) == "fifo" and metode((2027, 1)) == "rata"
    finally:
        await MetodePenilaian.delete().where(MetodePenilaian.id == row["id"])


async def test_the_pengurus_records_movements_from_the_item_page(login, pengurus):
    from balai.testing import csrf_from

    item, gudang = await _barang_di_gudang(4)
    c = await login(pengurus)
    page = await c.get(f"/bmd/persediaan/{item['id']}")
    assert page.status_code == 200 and "4 rim" in page.text
    data = {"_csrf_token": csrf_from(page.text), "gudang": str(gudang["id"]), "jenis": "keluar", "jumlah": "6",
            "harga_satuan": "", "tanggal": "2026-07-08", "alasan": "Untuk Bidang Perdagangan", "dokumen": ""}
    bad = await c.post(f"/bmd/persediaan/{item['id']}/mutasi", data=data)
    assert bad.status_code == 400 and "tersedia 4 rim, diminta 6 rim" in bad.text
    assert 'value="Untuk Bidang Perdagangan"' in bad.text
    ok = await c.post(f"/bmd/persediaan/{item['id']}/mutasi", data={**data, "jumlah": "3"})
    assert ok.status_code == 303 and await persediaan.stok(item["id"]) == 1
    listing = await c.get("/bmd/persediaan")
    assert item["nama"] in listing.text
    # Only the Pejabat Penatausahaan closes a semester.
    assert (await c.post("/bmd/persediaan/tutup", data={"_csrf_token": csrf_from(page.text), "tahun": "2026",
                                                         "semester": "1"})).status_code == 403


async def test_the_pejabat_closes_a_semester_from_the_settings_page(login, make_user):
    from balai.testing import csrf_from

    c = await login(await make_user(roles=[("pejabat_penatausahaan_barang", "sekretariat")], unit="sekretariat"))
    page = await c.get("/bmd/persediaan/pengaturan")
    assert page.status_code == 200
    bad = await c.post("/bmd/persediaan/tutup", data={"_csrf_token": csrf_from(page.text), "tahun": "2026", "semester": "2"})
    assert bad.status_code == 400 and "setelah hari terakhirnya" in bad.text
    ok = await c.post("/bmd/persediaan/tutup", data={"_csrf_token": csrf_from(page.text), "tahun": "2025", "semester": "2"})
    try:
        assert ok.status_code == 303 and "2025-2" in (await c.get("/bmd/persediaan/pengaturan")).text
    finally:  # the test database is shared by the other tests
        await SemesterTutup.delete().where(SemesterTutup.kode == "2025-2")
