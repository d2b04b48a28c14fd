"""SOP 7 and 6 in a real browser: a citizen on a phone asks for information not yet in the DIP, the
Bidang's head answers, the data officer releases it, the citizen downloads it from the tracking page;
then files an objection, which the Atasan PPID answers in writing."""

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
    files = citizen.locator("[data-testid=answer] [data-testid=file]")
    await expect(files.filter(has_text="bukti-penyerahan-")).to_have_count(1)  # the record of the hand-over
    async with citizen.expect_download() as download:
        await files.filter(has_text="ikm-rotan-2025.pdf").click()
    assert (await download.value).suggested_filename == "ikm-rotan-2025.pdf"

    # Then files an objection on that request (d: answered other than asked) and reads the answer.
    await citizen.goto("/forms/ppid.keberatan")
    await citizen.fill("#f-nomor_permohonan", reference)
    for name in ("nama", "nik", "alamat", "telepon"):
        await citizen.fill(f"#f-{name}", ISIAN[name])
    await citizen.select_option("#f-alasan", "d")
    await citizen.fill("#f-uraian", "Data yang diberikan hanya untuk 2024, bukan 2025 seperti yang diminta.")
    await citizen.click("[data-testid=public-form] button[type=submit]")
    shown = citizen.locator("[data-testid=tracking-code]")
    await shown.wait_for()
    code_keberatan = (await shown.inner_text()).strip()
    objection = await _kasus((await citizen.get_by_test_id("reference").inner_text()).strip())
    for username, step, button in (("demo.petugas-ppid", "periksa", "Lengkap, registrasi"),
                                   ("demo.pengelola-data-ppid", "koordinasi", "Ajukan bahan tanggapan ke Atasan PPID")):
        context, staff = await _staf(browser, live_server, username)
        await staff.goto(f"/tasks/{(await _tugas(objection, step))['id']}")
        await staff.get_by_role("button", name=button, exact=True).click()
        await expect(staff.get_by_test_id("task-state")).to_have_text("Selesai")
        await context.close()
    context, atasan = await _staf(browser, live_server, "demo.atasan-ppid")
    await atasan.goto(f"/tasks/{(await _tugas(objection, 'tanggapi'))['id']}")
    await expect(atasan.get_by_test_id("ppid-keberatan-panel")).to_contain_text("bukan 2025")
    await atasan.fill("#f-tanggapan", "Keberatan diterima: data 2025 dikirim ulang oleh Bidang Perindustrian.")
    await atasan.select_option("#f-putusan", "dikabulkan")
    await atasan.get_by_test_id("kirim-tanggapan").click()
    await atasan.wait_for_url(lambda url: "/inbox" in url)
    await context.close()
    await citizen.goto("/track")
    await citizen.fill("#f-code", code_keberatan)
    await citizen.click("[data-testid=track-form] button[type=submit]")
    answer = citizen.locator("[data-testid=answer]")
    await answer.wait_for()
    text = await answer.inner_text()
    assert "data 2025 dikirim ulang" in text and "Komisi Informasi" in text
    await phone.close()


async def _kasus(reference: str) -> int:
    from balai.workflow.tables import Case  # the objection has no register row of its own

    return (await Case.select(Case.id).where(Case.reference == reference).first())["id"]

