"""SOP 13 in a real browser: a staff member applies for annual leave across Independence Day (the
count and the remaining balance shown as the dates are typed), the Kepala Seksi and the Kepala Bidang
approve from their task pages, the si-Pecut submission and the BKD verifier's approval are recorded,
the Pengelola issues the Surat Izin Cuti (a PDF) and uploads the signed one, and the balance shows
the leave taken."""

from __future__ import annotations

from contextlib import asynccontextmanager

from playwright.async_api import expect

from balai.api import case_tasks, get_case

from balai.testing import browser_login
from balai_kepegawaian.tables import Cuti

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@asynccontextmanager
async def sebagai(browser, live_server, user):
    context = await browser.new_context(base_url=live_server, locale="id-ID")
    page = await context.new_page()
    page.set_default_timeout(10_000)
    await browser_login(page, user.username)
    try:
        yield page
    finally:
        await context.close()


async def tugas(case_id: int) -> dict:
    open_ = [t for t in await case_tasks(case_id) if t["state"] in ("terbuka", "menunggu")]
    assert len(open_) == 1, open_
    return open_[0]


async def test_annual_leave_in_the_browser(browser, live_server, dinas_cuti):
    org = await dinas_cuti()
    p = org.people
    async with sebagai(browser, live_server, p["staf"]) as staf:
        await staf.goto("/kepegawaian/cuti")
        await staf.get_by_test_id("ajukan-cuti").click()
        await staf.fill("#f-mulai", "2027-08-16")
        await staf.fill("#f-selesai", "2027-08-20")
        await staf.locator("#f-selesai").dispatch_event("change")
        count = staf.get_by_test_id("hitung")
        await expect(count.get_by_test_id("hari-kerja")).to_have_text("4")
        await expect(count.get_by_test_id("penjelasan")).to_contain_text("17 Agustus 2027")
        # The home page opened this year's ledger (12 days, none taken): 2027 carries 6 of them, so 18
        # are available and 14 are left after these 4.
        await expect(count.get_by_test_id("hitung-saldo")).to_contain_text("tersedia: 18 hari kerja")
        await expect(count.get_by_test_id("sisa-saldo")).to_contain_text("14 hari kerja")
        await staf.fill("#f-alasan", "Keperluan keluarga di Tenggarong")
        await staf.get_by_role("button", name="Ajukan ke atasan langsung").click()
        await expect(staf.get_by_test_id("cuti-status")).to_have_text("diajukan")
        await expect(staf.get_by_test_id("cuti-hari-kerja")).to_have_text("4 hari kerja")
        row = await Cuti.select().where(Cuti.pegawai == org.pegawai["staf"]).first()
        case_id = row["case_id"]

        for who in ("kasi", "kabid"):
            async with sebagai(browser, live_server, p[who]) as atasan:
                await atasan.goto("/kepegawaian/cuti")
                await atasan.get_by_test_id("menunggu-persetujuan").get_by_role("link").first.click()
                panel = atasan.get_by_test_id("panel-cuti")
                await expect(panel.get_by_test_id("cuti-tanggal")).to_contain_text("16 Agustus 2027")
                await expect(panel.get_by_test_id("kalender-cuti")).to_contain_text(org.name("staf"))
                await atasan.get_by_role("button", name="Setujui", exact=True).click()
                await expect(atasan.get_by_test_id("task-state")).to_have_text("Selesai")

        task = await tugas(case_id)
        assert task["step"] == "verifikasi"
        await staf.goto(f"/tasks/{task['id']}")
        await staf.fill("#nomor_pengajuan", "SIPECUT/2027/0815")
        await staf.get_by_role("button", name="Catat pengajuan ke si-Pecut").click()
        await expect(staf.get_by_test_id("task-state")).to_have_text("Menunggu sistem luar")
        await staf.fill("#nomor_hasil", "BKD/CT/4411")
        await staf.get_by_role("button", name="Disetujui verifikator BKD").click()
        await expect(staf.get_by_test_id("task-state")).to_have_text("Selesai")

        async with sebagai(browser, live_server, p["pengelola"]) as pengelola:
            await pengelola.goto(f"/tasks/{(await tugas(case_id))['id']}")
            await pengelola.get_by_role("button", name="Terbitkan Surat Izin Cuti").click()
            await expect(pengelola.get_by_test_id("task-state")).to_have_text("Selesai")
            await pengelola.goto(f"/tasks/{(await tugas(case_id))['id']}")
            link = pengelola.get_by_test_id("panel-cuti").get_by_test_id("unduh-izin")
            pdf = await pengelola.request.get(await link.get_attribute("href"))
            assert pdf.ok and (await pdf.body()).startswith(b"%PDF")
            await expect(pengelola.get_by_test_id("nomor-izin")).to_contain_text("800.1.11.4/")
            await pengelola.set_input_files("#f-berkas", {"name": "izin-ttd.pdf", "mimeType": "application/pdf",
                                                          "buffer": PDF})
            await pengelola.get_by_role("button", name="Unggah dan selesaikan").click()
            await expect(pengelola.get_by_test_id("cuti-status")).to_have_text("disetujui")
        assert (await get_case(case_id))["state"] == "selesai"

        await staf.goto("/kepegawaian/cuti")
        await expect(staf.get_by_test_id("saldo-tersedia-2027")).to_have_text("14")
        await expect(staf.get_by_test_id("saldo-dipakai-2027")).to_have_text("4")
        await staf.goto(f"/kepegawaian/cuti/{row['id']}")
        await expect(staf.get_by_test_id("cuti-saldo")).to_contain_text("tersedia 14 hari kerja")
