"""SOP 8 in a real browser, from the incoming BAST to the signed BAST penyerahan, and a stock-opname
counted at phone width with a difference posted."""

from __future__ import annotations

import secrets
from contextlib import asynccontextmanager
from datetime import date

from playwright.async_api import expect

from balai.api import case_tasks, get_case, issued_for
from balai.testing import browser_login

from balai_bmd import persediaan
from balai_bmd.tables import Mutasi, Opname, Penerimaan, Permintaan
from bmd_support import ruang_baru

PONSEL = {"width": 390, "height": 844}


@asynccontextmanager
async def sebagai(browser, live_server, username: str, viewport=None):
    context = await browser.new_context(base_url=live_server, locale="id-ID", viewport=viewport)
    page = await context.new_page()
    page.set_default_timeout(15_000)
    await browser_login(page, username)
    try:
        yield page
    finally:
        await context.close()


async def tugas(case_id: int, step: str) -> int:
    return next(t["id"] for t in await case_tasks(case_id) if t["step"] == step and t["state"] == "terbuka")


async def tekan(page, task_id: int, button: str) -> None:
    await page.goto(f"/tasks/{task_id}")
    await page.get_by_role("button", name=button, exact=True).click()
    await expect(page.get_by_test_id("task-state")).to_have_text("Selesai")


async def test_sop_8_from_the_incoming_bast_to_the_signed_handover(browser, live_server, app, demo):
    gudang = await ruang_baru("Gudang ATK Uji", gudang=True)
    item = await persediaan.tambah_barang({"nama": f"Map Snelhecter {secrets.token_hex(3)}", "satuan": "buah"})

    async with sebagai(browser, live_server, "demo.pengurus-barang") as pengurus:
        await pengurus.goto("/bmd/penerimaan/baru")
        await pengurus.select_option("#f-gudang", label=gudang["nama"])
        await pengurus.fill("#f-dokumen_sumber", "SP2D 0912/2026")
        await pengurus.fill("#f-penyedia", "CV Mahakam Jaya")
        await pengurus.select_option("#f-barang_1", label=f"{item['nama']} (buah)")
        await pengurus.fill("#f-jumlah_1", "20")
        await pengurus.fill("#f-harga_1", "4500")
        await pengurus.fill("#f-penerima", "")  # offered as the signed-in Pengurus; a BAST needs someone
        await pengurus.get_by_test_id("catat-penerimaan").click()
        await expect(pengurus.get_by_test_id("error-penerima")).to_contain_text("BAST harus menyebut penerima")
        await expect(pengurus.locator("#f-dokumen_sumber")).to_have_value("SP2D 0912/2026")
        await pengurus.fill("#f-penerima", "Agus Salim")
        await pengurus.get_by_test_id("catat-penerimaan").click()
        await pengurus.wait_for_url("**/cases/*")
    case_id = (await Penerimaan.select(Penerimaan.case_id).order_by(Penerimaan.id, ascending=False).first())["case_id"]

    async with sebagai(browser, live_server, "demo.kepala-dinas") as kadis:
        await tekan(kadis, await tugas(case_id, "serahkan"), "Serahkan dan tandatangani BAST")
    assert await persediaan.stok(item["id"], gudang["id"]) == 20

    async with sebagai(browser, live_server, "demo.pengurus-barang") as pengurus:
        await pengurus.goto(f"/tasks/{await tugas(case_id, 'bukukan')}")
        await pengurus.get_by_label("Bidang Perindustrian", exact=True).check()
        await pengurus.get_by_role("button", name="Beritahu unit kerja", exact=True).click()
        await expect(pengurus.get_by_test_id("task-state")).to_have_text("Selesai")

    async with sebagai(browser, live_server, "demo.kepala-bidang") as kabid:
        await kabid.goto(f"/tasks/{await tugas(case_id, 'usulkan')}")
        form = kabid.get_by_test_id("form-permintaan")
        await form.locator("#f-gudang").select_option(label=gudang["nama"])
        await form.locator("#f-keperluan").fill("Penataan arsip bidang")
        await form.locator("#f-barang_1").select_option(label=f"{item['nama']} (buah)")
        await form.locator("#f-jumlah_1").fill("25")
        await kabid.get_by_test_id("ajukan-permintaan").click()
        await expect(kabid.get_by_test_id("form-permintaan")).to_contain_text("tersedia 20 buah, diminta 25 buah")
        await kabid.locator("#f-jumlah_1").fill("12")
        await kabid.get_by_test_id("ajukan-permintaan").click()
        await kabid.wait_for_url(f"**/cases/{case_id}")
    assert await persediaan.tersedia(item["id"], gudang["id"]) == 8

    async with sebagai(browser, live_server, "demo.kepala-dinas") as kadis:
        await tekan(kadis, await tugas(case_id, "setujui"), "Setujui")
    async with sebagai(browser, live_server, "demo.pengurus-barang") as pengurus:
        await tekan(pengurus, await tugas(case_id, "minta"), "Terbitkan dan kirim surat permintaan barang")
    async with sebagai(browser, live_server, "demo.pejabat-penatausahaan-barang") as pejabat:
        await tekan(pejabat, await tugas(case_id, "perintah"), "Terbitkan surat perintah penyaluran")
    async with sebagai(browser, live_server, "demo.pengurus-barang") as pengurus:
        await pengurus.goto(f"/tasks/{await tugas(case_id, 'salurkan')}")
        await pengurus.get_by_test_id("salurkan").click()
        await pengurus.wait_for_url(f"**/cases/{case_id}")
    assert await persediaan.stok(item["id"], gudang["id"]) == 8
    async with sebagai(browser, live_server, "demo.kepala-bidang") as kabid:
        task = await tugas(case_id, "terima")
        await kabid.goto(f"/tasks/{task}")
        await expect(kabid.get_by_test_id("permintaan")).to_contain_text("Bidang Perindustrian")
        await kabid.get_by_role("button", name="Barang diterima, BAST ditandatangani", exact=True).click()
        await expect(kabid.get_by_test_id("task-state")).to_have_text("Selesai")
    assert (await get_case(case_id))["state"] == "selesai"
    [req] = await Permintaan.select().where(Permintaan.case_id == case_id)
    assert req["status"] == "diterima" and req["nomor_bast"]
    assert sorted(d["kind"] for d in await issued_for("case", case_id)) == ["bast", "bast", "surat", "surat"]


async def test_a_stock_opname_at_phone_width(browser, live_server, app, demo):
    gudang = await ruang_baru("Gudang Opname Uji", gudang=True)
    items = []
    for nama, n in (("Tinta Printer Hitam", 12), ("Baterai AA", 6)):
        item = await persediaan.tambah_barang({"nama": f"{nama} {secrets.token_hex(3)}", "satuan": "buah"})
        await persediaan.catat_mutasi(item["id"], gudang["id"], "terima", n, harga_satuan=25000,
                                      tanggal=date(2026, 7, 6), alasan="Pengadaan")
        items.append(item)
    tinta, baterai = items

    async with sebagai(browser, live_server, "demo.pengurus-barang", viewport=PONSEL) as hp:
        await hp.goto("/bmd/opname")
        await hp.select_option("#f-gudang", label=gudang["nama"])
        await hp.get_by_test_id("mulai-opname").click()
        await hp.wait_for_url("**/bmd/opname/*")
        # Found by typing (or scanning) part of the name: only that card is shown.
        await hp.get_by_test_id("cari-opname").fill("tinta")
        await hp.get_by_test_id("cari-opname").press("Enter")
        await expect(hp.get_by_test_id(f"baris-{baterai['id']}")).to_have_count(0)
        card = hp.get_by_test_id(f"baris-{tinta['id']}")
        await expect(card).to_contain_text("Menurut buku: 12 buah")
        await card.get_by_label("Hasil hitung").fill("10")
        await card.get_by_label("Sebab selisih").fill("2 botol tumpah")
        await hp.get_by_test_id("simpan-hitung").click()
        await expect(hp.get_by_test_id(f"baris-{tinta['id']}")).to_contain_text("selisih -2")
        # The form fits the phone: nothing wider than the screen.
        assert await hp.evaluate("document.documentElement.scrollWidth") <= PONSEL["width"]
        await hp.get_by_test_id("cari-opname").fill("")
        await hp.get_by_test_id("cari-opname").press("Enter")
        await hp.get_by_test_id(f"baris-{baterai['id']}").get_by_label("Hasil hitung").fill("6")
        await hp.get_by_test_id("ajukan-opname").click()
        await expect(hp.get_by_test_id("status-opname")).to_contain_text("menunggu persetujuan")

    row = await Opname.select().where(Opname.gudang == gudang["id"]).first()
    async with sebagai(browser, live_server, "demo.pejabat-penatausahaan-barang", viewport=PONSEL) as pejabat:
        await pejabat.goto(f"/bmd/opname/{row['id']}")
        await expect(pejabat.get_by_test_id("hasil-opname")).to_contain_text("2 botol tumpah")
        await pejabat.get_by_test_id("setujui-opname").click()
        await expect(pejabat.get_by_test_id("status-opname")).to_contain_text("disetujui")
        await expect(pejabat.get_by_test_id("ba-opname")).to_be_visible()
    assert await persediaan.stok(tinta["id"], gudang["id"]) == 10 and await persediaan.stok(baterai["id"]) == 6
    adj = await Mutasi.select().where((Mutasi.barang == tinta["id"]) & (Mutasi.jenis == "penyesuaian")).first()
    assert adj["jumlah"] == -2 and adj["dokumen"] == (await Opname.select().where(Opname.id == row["id"]).first())["nomor_ba"]
