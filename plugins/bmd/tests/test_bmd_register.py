"""Slice 1: the code list, rooms, assets with code + register number, events instead of edits, the KIR
and the label sheet."""

from __future__ import annotations

import asyncio

from balai.testing import csrf_from

from balai_bmd import register
from balai_bmd.register import BmdError
from balai_bmd.tables import Aset, AsetPeristiwa, KodeBarang
from bmd_support import aset_baru, isian_aset, ruang_baru


async def test_the_code_list_is_loaded_with_its_source(app):
    laptop = await KodeBarang.select().where(KodeBarang.kode == "1.3.2.10.01.02.002").first()
    assert laptop["uraian"] == "Laptop" and laptop["tingkat"] == 7 and "D1" in laptop["sumber"]
    jenis = await KodeBarang.select().where(KodeBarang.kode == "1.3.2").first()
    assert jenis["uraian"] == "Peralatan dan Mesin" and jenis["tingkat"] == 3
    assert register.tingkat("1.3.2.05.01.04.001") == 7 and register.tingkat("1.3.2.5.01") is None


async def test_register_numbers_follow_the_code_and_never_repeat_under_concurrency(app):
    room = await ruang_baru()
    values, errors = await register.periksa_aset(isian_aset(room["id"], kode_barang="1.3.2.05.01.04.007", nama="Brankas"))
    assert not errors
    results = await asyncio.gather(*(register.catat_aset(values, None) for _ in range(10)))
    numbers = sorted(r[0]["nomor_register"] for r in results)
    assert numbers == list(range(1, 11))
    assert results[0][0]["kib"] == "B"
    assert {r[0]["nomor"] for r in results} == {f"1.3.2.05.01.04.007.{n:04d}" for n in range(1, 11)}


async def test_bad_input_is_refused_in_indonesian(app):
    room = await ruang_baru()
    _v, errors = await register.periksa_aset(isian_aset(room["id"], kode_barang="1.3.2.99.99.99.999", nilai="-5",
                                                        kondisi="X"))
    assert errors["kode_barang"] == "Kode 1.3.2.99.99.99.999 tidak ada dalam daftar kodefikasi."
    assert "bilangan bulat" in errors["nilai"] and errors["kondisi"] == "Pilih salah satu."
    _v, errors = await register.periksa_aset(isian_aset(room["id"], kode_barang="1.3.2.10"))
    assert "tingkat 7" in errors["kode_barang"]
    # A KIB A card needs its own fields (area, address, status of the right).
    _v, errors = await register.periksa_aset(isian_aset(room["id"], kode_barang="1.3.1.01.01.04.001", nama="Tanah"))
    assert set(errors) == {"r_luas_m2", "r_alamat", "r_status_hak"}


async def test_a_change_is_an_event_never_an_edit(app):
    room, other = await ruang_baru(), await ruang_baru("Ruang Rapat")
    a = await aset_baru(room["id"])
    await register.ubah(a["id"], {"kondisi": "KB", "alasan": "Engsel layar patah", "tanggal": "2026-01-05"}, None)
    await register.ubah(a["id"], {"ruang": str(other["id"]), "alasan": "Dipakai rapat"}, None)
    events = await register.peristiwa(a["id"])
    assert [(e["jenis"], e["kondisi_dari"], e["kondisi_ke"]) for e in events] == [
        ("catat", "", "B"), ("kondisi", "B", "KB"), ("pindah", "", "")]
    assert events[2]["ruang_dari"] == room["id"] and events[2]["ruang_ke"] == other["id"]
    now = await register.aset(a["id"])
    assert (now["kondisi"], now["ruang"]) == ("KB", other["id"])
    try:
        await register.ubah(a["id"], {"kondisi": "KB", "alasan": "Sama"}, None)
    except BmdError as exc:
        assert "Tidak ada yang berubah" in exc.errors["kondisi"]
    else:
        raise AssertionError("an unchanged condition was recorded")
    try:
        await register.ubah(a["id"], {"kondisi": "RB", "alasan": ""}, None)
    except BmdError as exc:
        assert "alasan" in exc.errors
    assert await AsetPeristiwa.count().where(AsetPeristiwa.aset == a["id"]) == 3


async def test_the_pengurus_registers_an_asset_from_the_page(login, pengurus):
    room = await ruang_baru()
    c = await login(pengurus)
    page = await c.get("/bmd/aset/baru?kartu=B")
    assert page.status_code == 200 and 'name="r_merek_tipe"' in page.text
    bad = await c.post("/bmd/aset/baru", data={**isian_aset(room["id"], kode_barang="9.9"), "kib": "B",
                                                "_csrf_token": csrf_from(page.text)})
    assert bad.status_code == 400
    assert "Kode 9.9 tidak ada dalam daftar kodefikasi." in bad.text and 'value="Laptop ASUS VivoBook 14"' in bad.text
    before = await Aset.count()
    ok = await c.post("/bmd/aset/baru", data={**isian_aset(room["id"], jumlah="2"), "kib": "B",
                                               "_csrf_token": csrf_from(page.text)})
    assert ok.status_code == 303 and await Aset.count() == before + 2
    detail = await c.get(ok.headers["location"])
    assert "1.3.2.10.01.02.002." in detail.text and "ASUS X1404" in detail.text


async def test_a_room_needs_its_responsible_person(login, pengurus):
    c = await login(pengurus)
    page = await c.get("/bmd/ruang")
    g = await c.post("/bmd/gedung", data={"nama": "Gedung Utama Uji", "alamat": "Jl. M. Yamin", "_csrf_token": csrf_from(page.text)})
    assert g.status_code == 303
    page = await c.get("/bmd/ruang")
    gid = page.text.split('<option value="', 2)[1].split('"')[0]
    bad = await c.post("/bmd/ruang", data={"gedung": gid, "kode": "GU-01", "nama": "Ruang Kasubag Umum",
                                           "_csrf_token": csrf_from(page.text)})
    assert bad.status_code == 400 and "dialah yang menandatangani KIR" in bad.text and 'value="GU-01"' in bad.text


async def test_kir_and_labels_are_pdfs_and_the_asset_page_needs_a_sign_in(client, login, pengurus, make_user):
    room = await ruang_baru()
    a = await aset_baru(room["id"])
    c = await login(pengurus)
    kir = await c.get(f"/bmd/ruang/{room['id']}/kir.pdf")
    assert kir.status_code == 200 and kir.content.startswith(b"%PDF")
    again = await c.get(f"/bmd/ruang/{room['id']}/kir.pdf")
    assert again.content == kir.content  # unchanged goods: the same issued document
    label = await c.get(f"/bmd/aset/{a['id']}/label.pdf")
    assert label.status_code == 200 and label.content.startswith(b"%PDF")
    assert (await client.get(f"/bmd/aset/{a['id']}", follow_redirects=False)).status_code == 303
    staf = await login(await make_user(roles=[("staf", "industri")], unit="industri"))
    page = await staf.get(f"/bmd/aset/{a['id']}")
    assert page.status_code == 200 and a["nomor"] in page.text and 'data-testid="form-ubah"' not in page.text
    assert (await staf.get(f"/bmd/aset/{a['id']}/label.pdf")).status_code == 403


async def test_the_list_filters_by_card_condition_and_room(login, pengurus):
    room = await ruang_baru()
    a = await aset_baru(room["id"], nama="Lemari Arsip Uji", kode_barang="1.3.2.05.01.04.001")
    await register.ubah(a["id"], {"kondisi": "RB", "alasan": "Karat"}, None)
    c = await login(pengurus)
    page = await c.get(f"/bmd/aset?kartu=B&kondisi=RB&ruang={room['id']}")
    assert page.status_code == 200 and "Lemari Arsip Uji" in page.text
    assert "Lemari Arsip Uji" not in (await c.get(f"/bmd/aset?kondisi=B&ruang={room['id']}")).text
