"""The KIB per card (PDF, XLSX) and the register by condition: counts and values a user can check."""

from __future__ import annotations

import io
import secrets

from balai_bmd import laporan_aset, register
from bmd_support import aset_baru, ruang_baru


async def _tiga_aset(user):
    room = await ruang_baru(f"Ruang Laporan {secrets.token_hex(2)}")
    made = [await aset_baru(room["id"]) for _i in range(3)]
    await register.ubah(made[2]["id"], {"kondisi": "KB", "tanggal": "2026-07-01", "alasan": "Engsel layar longgar"}, user)
    return room, made


async def test_the_register_by_condition_counts_what_changed(login, pengurus):
    before = await laporan_aset.per_kondisi()
    room, made = await _tiga_aset(await pengurus.current())
    after = await laporan_aset.per_kondisi()
    b0, b1 = before["tabel"]["B"], after["tabel"]["B"]
    assert (b1["B"][0] - b0["B"][0], b1["B"][1] - b0["B"][1]) == (2, 25_000_000)
    assert (b1["KB"][0] - b0["KB"][0], b1["KB"][1] - b0["KB"][1]) == (1, 12_500_000)
    assert after["semua"][0] - before["semua"][0] == 3
    assert after["semua"][0] == sum(n for n, _v in after["per_kondisi"].values())
    c = await login(pengurus)
    page = await c.get("/bmd/laporan/aset")
    assert page.status_code == 200 and f'data-testid="jumlah-aset">{after["semua"][0]}<' in page.text
    xlsx = await c.get("/bmd/laporan/aset.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


async def test_the_kib_b_card_of_one_condition_as_xlsx_and_pdf(login, pengurus):
    from openpyxl import load_workbook

    room, made = await _tiga_aset(await pengurus.current())
    c = await login(pengurus)
    r = await c.get("/bmd/laporan/kib.xlsx?kartu=B&kondisi=KB")
    assert r.status_code == 200 and 'filename="kib-B-KB.xlsx"' in r.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    heads = rows[2]
    assert "Merek/tipe" in heads and "Kondisi" in heads
    ours = [row for row in rows[3:] if row[0] in {a["nomor"] for a in made}]
    assert [row[0] for row in ours] == [made[2]["nomor"]]  # only the one now KB
    line = dict(zip(heads, ours[0]))
    assert line["Kondisi"] == "KB" and line["Ruang"] == room["nama"] and line["Merek/tipe"] == "ASUS X1404"
    assert line["Nilai perolehan (Rp)"] == 12_500_000
    pdf = await c.get("/bmd/laporan/kib.pdf?kartu=B&kondisi=KB")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = await c.get("/bmd/laporan/kib.pdf?kartu=Z")
    assert bad.status_code == 400 and "Pilih kartu KIB A sampai F" in bad.text
