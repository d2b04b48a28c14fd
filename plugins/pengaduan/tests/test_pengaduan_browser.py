"""SOP 2 in a real browser: an anonymous report, the Tim Telaah asks through the thread, the
reporter answers with the code, the Kepala Dinas decides, the reporter reads the outcome."""

from __future__ import annotations

from contextlib import asynccontextmanager

from playwright.async_api import expect

from balai.api import case_tasks
from balai.testing import browser_login

from balai_pengaduan.tables import Laporan


@asynccontextmanager
async def jendela(browser, live_server, username: str | None = None):
    context = await browser.new_context(base_url=live_server, locale="id-ID")
    page = await context.new_page()
    page.set_default_timeout(15_000)
    if username:
        await browser_login(page, username)
    try:
        yield page
    finally:
        await context.close()


async def tugas(case_id: int, step: str) -> int:
    return next(t["id"] for t in await case_tasks(case_id) if t["step"] == step and t["state"] == "terbuka")


async def lacak(page, code: str) -> None:
    await page.goto("/track")
    await page.fill("#f-code", code)
    await page.get_by_role("button", name="Lacak").click()
    await expect(page.get_by_test_id("tracking")).to_be_visible()


async def test_sop2_in_the_browser_an_anonymous_report_to_its_outcome(browser, live_server, app, demo):
    async with jendela(browser, live_server) as reporter:
        await reporter.goto("/forms/pengaduan.wbs")
        await reporter.fill("#f-apa", "Honor narasumber dipotong separuh")
        await reporter.fill("#f-siapa", "Bendahara pelatihan")
        await reporter.fill("#f-kapan", "Oktober 2026")
        await reporter.fill("#f-dimana", "Aula Dinas")
        await reporter.fill("#f-bagaimana", "Kuitansi tidak sesuai dengan uang yang diterima")
        await reporter.get_by_role("button", name="Kirim", exact=True).click()
        code = (await reporter.get_by_test_id("tracking-code").first.inner_text()).strip()
    assert len(code) == 19
    case_id = (await Laporan.select(Laporan.case).order_by(Laporan.id, ascending=False).first())["case"]

    async with jendela(browser, live_server, "demo.pengaduan-operator") as operator:
        await operator.goto(f"/tasks/{await tugas(case_id, 'terima')}")
        await expect(operator.get_by_text("Honor narasumber")).to_have_count(0)  # the Operator reads nothing
        await operator.get_by_role("button", name="Teruskan ke Tim Telaah").click()
        await expect(operator.get_by_test_id("task-state")).to_have_text("Selesai")

    review = await tugas(case_id, "telaah")
    async with jendela(browser, live_server, "demo.tim-telaah") as telaah:
        await telaah.goto(f"/tasks/{review}")
        await expect(telaah.get_by_test_id("wbs-isi")).to_contain_text("Honor narasumber dipotong separuh")
        await telaah.fill("#pemohon-pesan", "Siapa saja narasumber yang menerima honor?")
        await telaah.get_by_role("button", name="Kirim kepada pemohon").click()

    async with jendela(browser, live_server) as reporter:
        await lacak(reporter, code)
        await expect(reporter.get_by_test_id("thread")).to_contain_text("Siapa saja narasumber")
        await reporter.fill("#f-body", "Tiga narasumber dari universitas")
        await reporter.get_by_role("button", name="Kirim pesan").click()
        await expect(reporter.get_by_test_id("thread")).to_contain_text("Tiga narasumber dari universitas")

    async with jendela(browser, live_server, "demo.tim-telaah") as telaah:
        await telaah.goto(f"/tasks/{review}")
        await expect(telaah.get_by_test_id("staff-thread")).to_contain_text("Tiga narasumber dari universitas")
        await telaah.fill("#hasil-telaah", "Memenuhi kriteria WBS: bukti kuitansi cukup")
        await telaah.get_by_role("button", name="Ajukan ke Kepala Dinas").click()
        await telaah.wait_for_url(f"**/cases/{case_id}")

    async with jendela(browser, live_server, "demo.kepala-dinas") as kadis:
        await kadis.goto(f"/tasks/{await tugas(case_id, 'putuskan')}")
        await expect(kadis.get_by_test_id("wbs-isi")).to_contain_text("Honor narasumber dipotong separuh")
        await kadis.fill("#keputusan", "Pemeriksaan oleh Inspektorat dan pengembalian honor")
        await kadis.get_by_role("button", name="Tetapkan tindak lanjut").click()
        await kadis.wait_for_url(f"**/cases/{case_id}")

    async with jendela(browser, live_server, "demo.pengaduan-operator") as operator:
        await operator.goto("/pengaduan/wbs/")
        await operator.get_by_role("link", name="Arsipkan dan informasikan").first.click()
        await operator.fill("#pesan", "Laporan Anda sudah ditindaklanjuti.")
        await operator.get_by_role("button", name="Arsipkan dan informasikan pelapor").click()
        await operator.wait_for_url("**/pengaduan/wbs/")

    async with jendela(browser, live_server) as reporter:
        await lacak(reporter, code)
        answer = reporter.get_by_test_id("answer")
        await expect(answer).to_contain_text("Pemeriksaan oleh Inspektorat dan pengembalian honor")
        await expect(answer).to_contain_text("Laporan Anda sudah ditindaklanjuti.")
