"""The demo register: rooms, 200+ assets and 30+ supply items whose ledgers add up."""

from __future__ import annotations

from collections import Counter

from balai.api import org_units

from balai_bmd import demo as demo_bmd, persediaan
from balai_bmd.tables import Aset, AsetPeristiwa, Barang, Gedung, Mutasi, NomorRegister, Ruang


async def _demo_items() -> list[dict]:
    names = {nama for nama, *_rest in demo_bmd.PERSEDIAAN}
    return [b for b in await Barang.select() if b["nama"] in names]


async def test_the_demo_has_a_realistic_register(demo):
    kantor = await Gedung.select().where(Gedung.nama == demo_bmd.GEDUNG[0][0]).first()
    rooms = await Ruang.select().where(Ruang.kode.is_in([r[0] for r in demo_bmd.RUANG]))
    assert kantor and len(rooms) == len(demo_bmd.RUANG) and sum(r["gudang"] for r in rooms) == 2
    assets = await Aset.select().where(Aset.ruang.is_in([r["id"] for r in rooms]) | Aset.nama.is_in(
        ["Tanah Kantor DP2KUKM Jl. Basuki Rahmat", "Gedung Kantor DP2KUKM 3 Lantai"]))
    assert len(assets) >= 200
    assert {"A", "B", "C"} <= {a["kib"] for a in assets}
    assert set(Counter(a["kondisi"] for a in assets)) == {"B", "KB", "RB"}
    # Every asset has its first event, and the register numbers of a code are never shared.
    assert await AsetPeristiwa.count().where(AsetPeristiwa.aset.is_in([a["id"] for a in assets])) >= len(assets)
    assert len({a["nomor"] for a in await Aset.select(Aset.nomor)}) == await Aset.count()
    for row in await NomorRegister.select():
        assert row["terakhir"] >= await Aset.count().where(Aset.kode_barang == row["kode"])


async def test_the_demo_ledgers_add_up(demo):
    items = await _demo_items()
    assert len(items) >= 30
    for item in items:
        rows, hasil = await persediaan.buku(item["id"])  # valuing raises if an issue ever exceeded the stock
        assert len(rows) >= 3 and {r["jenis"] for r in rows} >= {"terima", "keluar"}
        assert min(r["saldo"] for r in rows) >= 0 and hasil.jumlah == await persediaan.stok(item["id"]) > 0
        assert hasil.nilai > 0


async def test_the_pages_show_the_demo(login, pengurus, demo):
    c = await login(pengurus)
    server = await Aset.select().where(Aset.nama == "Server").first()
    listing = await c.get("/bmd/aset?q=Server")
    assert listing.status_code == 200 and server["nomor"] in listing.text
    page = await c.get(f"/bmd/aset/{server['id']}")
    assert "Dell PowerEdge T350" in page.text and "Ruang Server" in page.text
    rooms = await c.get("/bmd/ruang")
    assert "Gudang Persediaan ATK" in rooms.text and "Hj. Rusmini Andayani" in rooms.text
    stock = await c.get("/bmd/persediaan")
    assert "Kertas HVS A4 70 g" in stock.text


async def test_demo_runs_twice_without_doubling(demo):
    units = {u["code"]: u["id"] for u in await org_units()}
    before = (await Aset.count(), await Mutasi.count(), await Ruang.count())
    await demo_bmd.seed(units)
    assert (await Aset.count(), await Mutasi.count(), await Ruang.count()) == before
