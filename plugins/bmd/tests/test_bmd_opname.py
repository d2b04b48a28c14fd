"""Stock-opname: counted on the page, differences shown against the ledger, submitted with reasons,
approved by the Pejabat Penatausahaan (adjustments posted, Berita Acara issued); refusals write nothing."""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from balai.testing import csrf_from

from balai_bmd import opname, persediaan
from balai_bmd.register import BmdError
from balai_bmd.tables import Mutasi, Opname, OpnameBaris
from bmd_support import ruang_baru


async def _gudang_berisi():
    gudang = await ruang_baru("Gudang ATK", gudang=True)
    items = []
    for nama, n in (("Kertas HVS F4", 10), ("Spidol Whiteboard", 5)):
        item = await persediaan.tambah_barang({"nama": f"{nama} {secrets.token_hex(3)}", "satuan": "rim"})
        await persediaan.catat_mutasi(item["id"], gudang["id"], "terima", n, harga_satuan=50000,
                                      tanggal=date(2026, 7, 6), alasan="Pengadaan ATK")
        items.append(item)
    return gudang, items


@pytest.fixture
async def pejabat(make_user):
    return await make_user(roles=[("pejabat_penatausahaan_barang", "sekretariat")], unit="sekretariat")


async def test_a_count_with_a_difference_is_posted_on_approval(login, pengurus, pejabat):
    gudang, (kertas, spidol) = await _gudang_berisi()
    c = await login(pengurus)
    start = await c.get("/bmd/opname")
    r = await c.post("/bmd/opname", data={"_csrf_token": csrf_from(start.text), "gudang": str(gudang["id"])})
    assert r.status_code == 303
    row = await Opname.select().where(Opname.gudang == gudang["id"]).first()
    assert {l["barang"]: l["tercatat"] for l in await OpnameBaris.select().where(OpnameBaris.opname == row["id"])} == \
        {kertas["id"]: 10, spidol["id"]: 5}
    again = await c.post("/bmd/opname", data={"_csrf_token": csrf_from(start.text), "gudang": str(gudang["id"])})
    assert again.status_code == 400 and "masih berjalan" in again.text

    page = await c.get(f"/bmd/opname/{row['id']}")
    lines = {l["barang"]: l["id"] for l in await OpnameBaris.select().where(OpnameBaris.opname == row["id"])}
    token = csrf_from(page.text)
    # A search (or a scanned item number) shows that item's line only.
    found = await c.get(f"/bmd/opname/{row['id']}?q=spidol")
    assert spidol["nama"] in found.text and kertas["nama"] not in found.text
    bad = await c.post(f"/bmd/opname/{row['id']}/simpan", data={"_csrf_token": token, f"n_{lines[kertas['id']]}": "8",
                                                              f"a_{lines[kertas['id']]}": "2 rim rusak kena air",
                                                              f"n_{lines[spidol['id']]}": "lima"})
    assert bad.status_code == 400 and "bilangan bulat 0 atau lebih" in bad.text and 'value="lima"' in bad.text
    assert all(l["dihitung"] is None for l in await OpnameBaris.select().where(OpnameBaris.opname == row["id"]))
    # Submitting with a difference but no reason, then with one.
    data = {"_csrf_token": token, f"n_{lines[kertas['id']]}": "8", f"a_{lines[kertas['id']]}": "",
            f"n_{lines[spidol['id']]}": "5", "ajukan": "1"}
    no_reason = await c.post(f"/bmd/opname/{row['id']}/simpan", data=data)
    assert no_reason.status_code == 400 and "Tulis sebab selisih" in no_reason.text
    ok = await c.post(f"/bmd/opname/{row['id']}/simpan", data={**data, f"a_{lines[kertas['id']]}": "2 rim rusak kena air"})
    assert ok.status_code == 303 and (await opname.satu(row["id"]))["status"] == "diajukan"
    assert (await c.post(f"/bmd/opname/{row['id']}/setujui", data={"_csrf_token": token})).status_code == 403

    p = await login(pejabat)
    review = await p.get(f"/bmd/opname/{row['id']}")
    assert "-2" in review.text and "2 rim rusak kena air" in review.text
    done = await p.post(f"/bmd/opname/{row['id']}/setujui", data={"_csrf_token": csrf_from(review.text)})
    assert done.status_code == 303
    after = await opname.satu(row["id"])
    assert after["status"] == "disetujui" and after["nomor_ba"]
    assert await persediaan.stok(kertas["id"], gudang["id"]) == 8 and await persediaan.stok(spidol["id"]) == 5
    adj = await Mutasi.select().where((Mutasi.barang == kertas["id"]) & (Mutasi.jenis == "penyesuaian")).first()
    assert adj["jumlah"] == -2 and adj["dokumen"] == after["nomor_ba"] and "rusak kena air" in adj["alasan"]
    pdf = await p.get(f"/bmd/opname/{row['id']}/ba.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_a_ledger_that_moved_since_the_count_is_not_approved(pengurus, pejabat, app):
    gudang, (kertas, spidol) = await _gudang_berisi()
    row = await opname.mulai(gudang["id"], pengurus)
    lines = {l["barang"]: l["id"] for l in await OpnameBaris.select().where(OpnameBaris.opname == row["id"])}
    await opname.simpan(row["id"], {f"n_{lines[kertas['id']]}": "9", f"a_{lines[kertas['id']]}": "hilang",
                                    f"n_{lines[spidol['id']]}": "5"})
    await opname.ajukan(row["id"])
    await persediaan.catat_mutasi(spidol["id"], gudang["id"], "keluar", 1, tanggal=date(2026, 7, 7), alasan="Untuk rapat")
    before = await Mutasi.count()
    with pytest.raises(BmdError) as err:
        await opname.setujui(row["id"], pejabat)
    assert "berubah sejak dihitung" in err.value.errors["opname"]
    assert await Mutasi.count() == before and (await opname.satu(row["id"]))["status"] == "diajukan"
    await opname.kembalikan(row["id"])
    assert (await opname.satu(row["id"]))["status"] == "hitung"


async def test_an_empty_store_room_has_nothing_to_count(pengurus, app):
    gudang = await ruang_baru("Gudang Kosong", gudang=True)
    with pytest.raises(BmdError) as err:
        await opname.mulai(gudang["id"], pengurus)
    assert "belum pernah berisi persediaan" in err.value.errors["gudang"]
    assert not await Opname.exists().where(Opname.gudang == gudang["id"])
