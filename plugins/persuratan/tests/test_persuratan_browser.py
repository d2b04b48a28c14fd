"""SOP 15 and 16 in a real browser: each actor signs in and works from the task pages."""

from __future__ import annotations

import secrets
from contextlib import asynccontextmanager
from datetime import date, timedelta

from playwright.async_api import expect

from balai.api import get_case
from balai_persuratan.tables import SuratKeluar, SuratMasuk

from balai.testing import browser_login
from tests.workflow_support import open_tasks, person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\0" * 64 + b"\xff\xd9"


def berkas(name: str, data: bytes = PDF, mime: str = "application/pdf") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


@asynccontextmanager
async def sebagai(browser, live_server, username: str):
    context = await browser.new_context(base_url=live_server, locale="id-ID")
    page = await context.new_page()
    page.set_default_timeout(10_000)
    await browser_login(page, username)
    try:
        yield page
    finally:
        await context.close()


async def tasks(case_id: int, step: str) -> list[dict]:
    return [t for t in await open_tasks(case_id) if t["step"] == step]


async def press(page, task_id: int, button: str, note: str = "") -> None:
    await page.goto(f"/tasks/{task_id}")
    await expect(page.get_by_test_id("panel-persuratan").locator("h2")).to_be_visible()
    if note:
        await page.fill("#note", note)
    await page.get_by_role("button", name=button, exact=True).click()
    await expect(page.get_by_test_id("task-state")).to_have_text("Selesai")


async def test_sop15_in_the_browser_with_a_disposition_to_two_bidang(browser, live_server, app, demo):
    t = secrets.token_hex(3)
    kabid_dag = await person(app, ("kepala_bidang", demo["perdagangan"]), name=f"Kabid Dagang {t}")
    arsip_dag = await person(app, ("pengelola_surat_bidang", demo["perdagangan"]), name=f"Arsip Dagang {t}")
    nomor = f"PB/{t}/2026"
    async with sebagai(browser, live_server, "demo.pengelola-surat-umum") as clerk:
        await clerk.goto("/persuratan/masuk/baru")
        await clerk.fill("#f-pengirim", "Kementerian Perdagangan RI")
        await clerk.fill("#f-nomor_surat", nomor)
        await clerk.fill("#f-tanggal_surat", (date.today() - timedelta(days=1)).isoformat())
        await clerk.fill("#f-perihal", "Sosialisasi neraca perdagangan daerah")
        await clerk.select_option("#f-klasifikasi", "500")
        # Submitted first without the scan: refused, everything typed is still there.
        await clerk.get_by_role("button", name="Catat dan beri nomor agenda").click()
        await expect(clerk.get_by_test_id("error-scan")).to_contain_text("Scan surat wajib diunggah")
        await expect(clerk.locator("#f-perihal")).to_have_value("Sosialisasi neraca perdagangan daerah")
        await clerk.set_input_files("#f-scan", [berkas("hal-1.pdf"), berkas("hal-2.pdf")])
        await clerk.get_by_role("button", name="Catat dan beri nomor agenda").click()
        await expect(clerk.get_by_test_id("judul-surat")).to_contain_text("Sosialisasi neraca perdagangan daerah")
        await expect(clerk.get_by_test_id("daftar-scan")).to_contain_text("hal-2.pdf")
        surat = await SuratMasuk.select().where(SuratMasuk.nomor_surat == nomor).first()
        case_id = surat["case_id"]

        async with sebagai(browser, live_server, "demo.kasubag-umum") as kasubag:
            await press(kasubag, (await tasks(case_id, "verifikasi"))[0]["id"], "Beri paraf verifikasi")
        async with sebagai(browser, live_server, "demo.sekretaris") as sekretaris:
            await sekretaris.goto(f"/tasks/{(await tasks(case_id, 'disposisi_sekretaris'))[0]['id']}")
            await expect(sekretaris.get_by_test_id("panel-persuratan")).to_contain_text(nomor)
            await sekretaris.get_by_label("Bidang Perindustrian", exact=True).check()
            await sekretaris.get_by_label("Bidang Perdagangan", exact=True).check()
            await sekretaris.fill("#instruksi", "Pelajari dan siapkan data")
            await sekretaris.get_by_role("button", name="Disposisi ke Bidang", exact=True).click()
            await expect(sekretaris.get_by_test_id("task-state")).to_have_text("Selesai")
        for task in await tasks(case_id, "distribusi"):
            await press(clerk, task["id"], "Serahkan ke unit (tanda terima)")

    async with sebagai(browser, live_server, "demo.pengelola-surat-bidang") as arsip_ind, \
            sebagai(browser, live_server, arsip_dag.username) as arsip_dagang:
        for page, unit in ((arsip_ind, "industri"), (arsip_dagang, "perdagangan")):
            task = next(x for x in await tasks(case_id, "catat_bidang") if x["unit"] == demo[unit])
            await press(page, task["id"], "Catat dan serahkan ke atasan")

        async with sebagai(browser, live_server, "demo.kepala-bidang") as kabid:
            task = next(x for x in await tasks(case_id, "tindak_lanjut_kabid") if x["unit"] == demo["industri"])
            await kabid.goto(f"/tasks/{task['id']}")
            await kabid.get_by_label("Seksi Industri Agro", exact=True).check()
            await kabid.fill("#instruksi", "Susun data neraca industri agro")
            await kabid.get_by_role("button", name="Disposisi ke Kasi/Staf", exact=True).click()
            await expect(kabid.get_by_test_id("task-state")).to_have_text("Selesai")
        # The Kepala Bidang who disposed sees the staff's task, but its report form is the holder's alone.
        async with sebagai(browser, live_server, "demo.kepala-bidang") as kabid:
            task = (await tasks(case_id, "tindak_lanjut_staf"))[0]
            await kabid.goto(f"/tasks/{task['id']}")
            await expect(kabid.get_by_test_id("panel-persuratan")).to_contain_text(nomor)
            await expect(kabid.get_by_test_id("form-tindak-lanjut")).to_have_count(0)
            await expect(kabid.get_by_role("button", name="Laporkan hasil tindak lanjut")).to_have_count(0)
        async with sebagai(browser, live_server, "demo.staf") as staf:
            task = (await tasks(case_id, "tindak_lanjut_staf"))[0]
            await staf.goto(f"/tasks/{task['id']}")
            form = staf.get_by_test_id("form-tindak-lanjut")
            await form.locator("textarea").fill("Data neraca industri agro terlampir")
            await form.locator("input[type=file]").set_input_files([berkas("neraca.pdf")])
            # One button, in the report form: the task page has no second "lapor" button of its own.
            await expect(staf.get_by_role("button", name="Laporkan hasil tindak lanjut")).to_have_count(1)
            await form.get_by_role("button", name="Laporkan hasil tindak lanjut").click()
            await staf.goto(f"/tasks/{task['id']}")
            await expect(staf.get_by_test_id("task-state")).to_have_text("Selesai")
            # The report and its file stay on the task, the file viewable in the page.
            report = staf.get_by_test_id("tindak-lanjut")
            await expect(report).to_contain_text("Data neraca industri agro terlampir")
            await expect(report.get_by_test_id("document-viewer")).to_contain_text("neraca.pdf")
        async with sebagai(browser, live_server, kabid_dag.username) as kabid2:
            task = (await tasks(case_id, "tindak_lanjut_kabid"))[0]
            await kabid2.goto(f"/tasks/{task['id']}")
            form = kabid2.get_by_test_id("form-tindak-lanjut")
            await form.locator("textarea").fill("Bidang Perdagangan siap menjadi narasumber")
            await form.get_by_role("button", name="Laporkan hasil tindak lanjut").click()
            await kabid2.goto(f"/tasks/{task['id']}")
            await expect(kabid2.get_by_test_id("task-state")).to_have_text("Selesai")
            await expect(kabid2.get_by_test_id("tindak-lanjut")).to_contain_text("Bidang Perdagangan siap menjadi narasumber")

        for page, units in ((arsip_ind, {demo["industri"], demo["industri-agro"]}), (arsip_dagang, {demo["perdagangan"]})):
            for task in [x for x in await tasks(case_id, "arsip") if x["unit"] in units]:
                await page.goto(f"/tasks/{task['id']}")  # the archivist files the reports with the letter
                await expect(page.get_by_test_id("tindak-lanjut").first).to_be_visible()
                await expect(page.get_by_test_id("form-tindak-lanjut")).to_have_count(0)
                await press(page, task["id"], "Arsipkan")

        assert (await get_case(case_id))["state"] == "selesai"
        await arsip_ind.goto(f"/persuratan/masuk/{surat['id']}")
        tree = arsip_ind.get_by_test_id("pohon-disposisi")
        await expect(tree).to_contain_text("Bidang Perdagangan")
        await expect(tree).to_contain_text("Susun data neraca industri agro")
        await expect(arsip_ind.get_by_test_id("tindak-lanjut").first).to_be_visible()


async def test_sop16_in_the_browser_with_a_perbaiki_round_trip(browser, live_server, app, demo, tmp_path):
    shots = tmp_path  # kept by pytest: the task pages as they looked
    t = secrets.token_hex(3)
    perihal = f"Permohonan data IKM {t}"
    async with sebagai(browser, live_server, "demo.staf") as staf:
        await staf.goto("/persuratan/keluar/baru?jenis=nota_dinas")
        await staf.fill("#f-tujuan", "Kepala Dinas")
        await staf.fill("#f-perihal", perihal)
        await staf.fill("#f-dari", "Kepala Bidang Perindustrian")
        await staf.fill("#f-isi", "Dengan hormat, mohon data IKM tahun 2025.")
        await staf.get_by_role("button", name="Simpan dan ajukan ke Kepala Bidang").click()
        await expect(staf.get_by_test_id("judul-surat")).to_contain_text(perihal)
        surat = await SuratKeluar.select().where(SuratKeluar.perihal == perihal).first()
        case_id = surat["case_id"]

        async with sebagai(browser, live_server, "demo.kepala-bidang") as kabid:
            task = (await tasks(case_id, "periksa_kabid"))[0]
            await kabid.goto(f"/tasks/{task['id']}")
            await expect(kabid.get_by_test_id("teks-surat")).to_contain_text("tahun 2025")
            await press(kabid, task["id"], "Perbaiki", note="Sebutkan juga data tahun 2024")

            await staf.goto(f"/persuratan/keluar/{surat['id']}")
            await expect(staf.get_by_test_id("catatan-perbaikan")).to_contain_text("Sebutkan juga data tahun 2024")
            await staf.get_by_test_id("ubah-konsep").click()
            await staf.fill("#f-isi", "Dengan hormat, mohon data IKM tahun 2024 dan 2025.")
            await staf.get_by_role("button", name="Simpan dan ajukan ke Kepala Bidang").click()
            await expect(staf.get_by_test_id("daftar-versi").locator("li")).to_have_count(2)

            await kabid.goto(f"/persuratan/keluar/{surat['id']}/banding")
            await expect(kabid.get_by_test_id("tabel-banding")).to_contain_text("2024")
            await press(kabid, (await tasks(case_id, "periksa_kabid"))[0]["id"], "Setuju")
        async with sebagai(browser, live_server, "demo.sekretaris") as sekretaris:
            await press(sekretaris, (await tasks(case_id, "periksa_sekretaris"))[0]["id"], "Setuju")
        async with sebagai(browser, live_server, "demo.kepala-dinas") as kadis:
            await press(kadis, (await tasks(case_id, "tanda_tangan"))[0]["id"], "Tanda tangan")

        task = (await tasks(case_id, "terima_ttd"))[0]
        await staf.goto(f"/tasks/{task['id']}")
        # The step's requirement is said before the button is pressed, and ticked once met.
        await expect(staf.get_by_test_id("syarat-langkah").locator("li[data-terpenuhi=belum]")).to_contain_text(
            "Unggah scan surat yang telah ditandatangani")
        await staf.set_input_files("#scan-ttd", [berkas("ttd.pdf")])
        await staf.get_by_test_id("form-scan-ttd").get_by_role("button", name="Unggah").click()
        await expect(staf.get_by_test_id("form-scan-ttd")).to_contain_text("Sudah diunggah.")
        await expect(staf.get_by_test_id("syarat-langkah").locator("li[data-terpenuhi=ya]")).to_have_count(1)
        # The uploaded scan is on the task, viewable in the page.
        await expect(staf.get_by_test_id("dokumen-surat-keluar").get_by_test_id("document-viewer")).to_contain_text("ttd.pdf")
        await staf.screenshot(path=str(shots / "terima-ttd.png"), full_page=True)
        await press(staf, task["id"], "Serahkan ke Pengelola Surat")

        async with sebagai(browser, live_server, "demo.pengelola-surat-umum") as clerk:
            task = (await tasks(case_id, "penomoran"))[0]
            await clerk.goto(f"/tasks/{task['id']}")
            numbering = clerk.get_by_test_id("form-penomoran")
            await numbering.locator("#klasifikasi").select_option("000.8")
            await numbering.locator("#kode_unit").fill(f"Ind{t}")
            await numbering.locator("#scan-lengkap").set_input_files([berkas("lengkap.pdf")])
            await numbering.locator("#lengkap").check()
            await numbering.get_by_role("button", name="Simpan data penomoran").click()
            await expect(clerk.get_by_test_id("form-penomoran")).to_contain_text("Scan lengkap sudah diunggah.")
            await press(clerk, task["id"], "Beri nomor")
        await staf.goto(f"/persuratan/keluar/{surat['id']}")
        await expect(staf.get_by_test_id("nomor-surat")).to_have_text(f"000.8/1/Ind{t}/DP2KUKM/{date.today().year}")
        await press(staf, (await tasks(case_id, "serahkan_surat"))[0]["id"], "Serahkan ke Caraka dan Pengelola Arsip")

    async with sebagai(browser, live_server, "demo.caraka") as caraka:
        task = (await tasks(case_id, "kirim"))[0]
        await caraka.goto(f"/tasks/{task['id']}")
        receipt = caraka.get_by_test_id("form-tanda-terima")
        await receipt.locator("#penerima").fill("Ibu Sari (Sekretariat)")
        await receipt.locator("#diterima_pada").fill(f"{date.today().isoformat()}T10:30")
        await receipt.locator("#bukti").set_input_files([berkas("terima.jpg", JPEG, "image/jpeg")])
        await receipt.get_by_role("button", name="Simpan tanda terima").click()
        await expect(caraka.get_by_test_id("form-tanda-terima")).to_contain_text("Tanda terima sudah dicatat")
        await press(caraka, task["id"], "Catat tanda terima")
    async with sebagai(browser, live_server, "demo.pengelola-surat-bidang") as arsip:
        await press(arsip, (await tasks(case_id, "arsip"))[0]["id"], "Arsipkan")
        await arsip.goto(f"/persuratan/keluar/{surat['id']}")
        await expect(arsip.get_by_test_id("status-surat")).to_have_text("Diarsipkan")
    assert (await get_case(case_id))["state"] == "selesai"
