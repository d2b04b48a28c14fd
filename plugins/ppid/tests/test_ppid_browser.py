"""SOP 7 in a real browser: a citizen on a phone asks for information not yet in the DIP, the
Bidang's head answers, the data officer releases it, the citizen downloads it from the tracking page."""

from __future__ import annotations

from playwright.async_api import expect

from balai.api import case_tasks
from balai.testing import browser_login

from balai_ppid.tables import Permohonan
from ppid_support import ISIAN, PDF, PNG

PHONE = {"width": 390, "height": 844}


async def _tugas(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] in ("terbuka", "menunggu"))


async def _staf(browser, live_server, username):
    context = await browser.new_context(base_url=live_server, locale="id-ID")
    page = await context.new_page()
    page.set_default_timeout(15_000)
    await browser_login(page, username)
    return context, page


async def _fits(page) -> bool:
    """No sideways scrolling on a phone."""
    return await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


async def test_a_request_not_in_the_dip_answered_by_the_unit_and_downloaded_by_the_citizen(browser, live_server, demo):
    phone = await browser.new_context(base_url=live_server, locale="id-ID", viewport=PHONE)
    citizen = await phone.new_page()
    citizen.set_default_timeout(15_000)
    # The public DIP first: usable on a phone, nothing on rotan there.
    await citizen.goto("/ppid/dip?q=rotan")
    await expect(citizen.get_by_test_id("dip-jumlah")).to_contain_text("0 informasi")
    assert await _fits(citizen)
    await citizen.goto("/forms/ppid.permohonan")
    await citizen.select_option("#f-jenis_pemohon", "perorangan")
    for name in ("nama", "nik", "alamat", "telepon", "pekerjaan", "rincian", "tujuan"):
        await citizen.fill(f"#f-{name}", ISIAN[name])
    await citizen.select_option("#f-cara_memperoleh", "salinan")
    await citizen.select_option("#f-cara_mendapat", "unduh")
    await citizen.set_input_files("#f-ktp", files=[{"name": "ktp.png", "mimeType": "image/png", "buffer": PNG}])
    await citizen.click("[data-testid=public-form] button[type=submit]")
    shown = citizen.locator("[data-testid=tracking-code]")
    await shown.wait_for()
    code = (await shown.inner_text()).strip()
    reference = (await citizen.get_by_test_id("reference").inner_text()).strip()
    assert await _fits(citizen)
    case_id = (await Permohonan.select().where(Permohonan.nomor == reference).first())["case_id"]

    context, desk = await _staf(browser, live_server, "demo.petugas-ppid")
    await desk.goto(f"/tasks/{(await _tugas(case_id, 'periksa'))['id']}")
    await expect(desk.get_by_test_id("ppid-panel")).to_contain_text(ISIAN["rincian"])
    await desk.get_by_role("button", name="Lengkap, registrasi", exact=True).click()
    await expect(desk.get_by_test_id("task-state")).to_have_text("Selesai")
    await context.close()

    context, officer = await _staf(browser, live_server, "demo.pengelola-data-ppid")
    await officer.goto(f"/tasks/{(await _tugas(case_id, 'putus'))['id']}")
    await officer.get_by_label("Bidang Perindustrian", exact=True).check()
    await officer.get_by_role("button", name="Sampaikan ke Bidang/UPTD", exact=True).click()
    await expect(officer.get_by_test_id("task-state")).to_have_text("Selesai")

    kabid_context, kabid = await _staf(browser, live_server, "demo.kepala-bidang")
    await kabid.goto(f"/tasks/{(await _tugas(case_id, 'olah'))['id']}")
    await kabid.set_input_files("#f-berkas", files=[{"name": "ikm-rotan-2025.pdf", "mimeType": "application/pdf",
                                                     "buffer": PDF}])
    await kabid.get_by_test_id("kirim-bahan").click()
    await kabid.wait_for_url(lambda url: "/inbox" in url)
    await kabid_context.close()

    await officer.goto(f"/tasks/{(await _tugas(case_id, 'serahkan'))['id']}")
    await expect(officer.get_by_test_id("ppid-panel")).to_contain_text("ikm-rotan-2025.pdf")
    await officer.fill("#f-pesan", "Data IKM pengolahan rotan 2025 terlampir.")
    await officer.get_by_test_id("serahkan").click()
    await officer.wait_for_url(lambda url: "/inbox" in url)
    await context.close()

    await citizen.goto("/track")
    await citizen.fill("#f-code", code)
    await citizen.click("[data-testid=track-form] button[type=submit]")
    answer = citizen.locator("[data-testid=answer]")
    await answer.wait_for()
    assert "Data IKM pengolahan rotan 2025 terlampir." in await answer.inner_text()
    assert await _fits(citizen)
    async with citizen.expect_download() as download:
        await citizen.click("[data-testid=answer] [data-testid=file]")
    assert (await download.value).suggested_filename == "ikm-rotan-2025.pdf"
    await phone.close()
