"""In a real browser, at phone width: a citizen sends the test SOP's public form (the page's own
script solves the proof of work), gets the tracking code, a staff member answers in the case page
with a document, and the citizen reads the answer on the tracking page and writes back. No
request leaves the site, no script errs, nothing is wider than the phone."""

from __future__ import annotations

import pytest

from balai.submissions import service
from balai.testing import browser_login
from balai.throttle.tables import Throttle
from tests.documents_support import pdf_bytes

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
async def forget_throttles(app):
    await Throttle.delete().where(Throttle.purpose.like("submissions.%"))
    yield
    await Throttle.delete().where(Throttle.purpose.like("submissions.%"))


def watch(page, live_server: str, outside: list, errors: list) -> None:
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((live_server, "data:", "blob:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))


async def fits(page) -> bool:
    return await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


async def test_a_citizen_submits_on_a_phone_and_reads_the_staff_answer(app, demo, browser, live_server, make_user):
    outside, errors = [], []
    phone = await browser.new_context(base_url=live_server, locale="id-ID", viewport=PHONE, is_mobile=True,
                                      has_touch=True, device_scale_factor=2)
    citizen = await phone.new_page()
    citizen.set_default_timeout(15_000)
    watch(citizen, live_server, outside, errors)

    await citizen.goto("/forms/ujisop.aduan")
    assert await fits(citizen)
    await citizen.fill("#f-nama", "Budi Santoso")
    await citizen.fill("#f-perihal", "Keran toilet umum bocor")
    await citizen.fill("#f-uraian", "Keran air di toilet lantai satu bocor sejak seminggu.")
    await citizen.select_option("#f-kategori", "layanan")
    await citizen.set_input_files("#f-bukti", files=[{"name": "foto-keran.pdf", "mimeType": "application/pdf",
                                                      "buffer": pdf_bytes("Foto keran")}])
    await citizen.click("[data-testid=public-form] button[type=submit]")
    shown = citizen.locator("[data-testid=tracking-code]")
    await shown.wait_for()
    code = (await shown.inner_text()).strip()
    assert len(code) == 19 and code.count("-") == 3
    assert await fits(citizen)
    # The page's own script solved the proof of work: counted at the higher limit, not the no-script one.
    limits = {r["purpose"] for r in await Throttle.select(Throttle.purpose).where(
        Throttle.purpose.like("submissions.submit%") & (Throttle.kind == "limit"))}
    assert limits == {"submissions.submit"}

    # A staff member answers in the case page, with a document, marked as the answer.
    pemeriksa = await make_user(roles=[("ujisop_pemeriksa", "sekretariat")], full_name="Pemeriksa Peramban")
    office = await browser.new_context(base_url=live_server, locale="id-ID")
    staff = await office.new_page()
    staff.set_default_timeout(15_000)
    await browser_login(staff, pemeriksa.username)
    case_id = (await service.find(code))["case"]
    await staff.goto(f"/cases/{case_id}")
    panel = staff.locator("[data-testid=submission-panel]")
    assert "Belum ada pesan." in await panel.inner_text()
    await staff.fill("#pemohon-pesan", "Keran sudah kami ganti hari ini. Terima kasih atas laporannya.")
    await staff.check("#pemohon-jawaban")
    await staff.set_input_files("#pemohon-lampiran", files=[{"name": "berita-acara.pdf", "mimeType": "application/pdf",
                                                             "buffer": pdf_bytes("Berita acara perbaikan")}])
    await staff.click("[data-testid=staff-reply] button[type=submit]")
    await staff.locator("[data-testid=staff-thread]").wait_for()
    assert "Keran sudah kami ganti" in await staff.locator("[data-testid=staff-thread]").inner_text()
    await office.close()

    # The citizen, on the phone, follows the case with the code (typed loosely) and reads the answer.
    await citizen.goto("/track")
    await citizen.fill("#f-code", code.lower().replace("-", " "))
    await citizen.click("[data-testid=track-form] button[type=submit]")
    answer = citizen.locator("[data-testid=answer]")
    await answer.wait_for()
    text = await answer.inner_text()
    assert "Keran sudah kami ganti hari ini." in text and "berita-acara.pdf" in text
    assert "Yang sedang dikerjakan petugas: Aduan Anda sedang ditelaah petugas" in \
        await citizen.locator("[data-testid=tracking]").inner_text()
    assert code not in citizen.url and code.lower() not in citizen.url
    assert await fits(citizen)
    async with citizen.expect_download() as download:
        await citizen.click("[data-testid=answer] [data-testid=file]")
    assert (await download.value).suggested_filename == "berita-acara.pdf"

    # And writes back; then leaves the page, which asks the browser to forget this site.
    await citizen.fill("#f-body", "Terima kasih, sekarang sudah tidak bocor.")
    await citizen.click("[data-testid=reply-form] button[type=submit]")
    await citizen.locator("[data-testid=notice]").wait_for()
    mine = citizen.locator("[data-testid=message][data-from=me]")
    assert "sudah tidak bocor" in await mine.inner_text()
    await citizen.click("[data-testid=leave]")
    await citizen.wait_for_url("**/leave")
    assert await citizen.locator("[data-testid=left]").count() == 1
    await phone.close()
    assert outside == [] and errors == []
