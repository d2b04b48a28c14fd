"""A case through the browser: opened by one role, checked by another, sent back once, finished."""

from __future__ import annotations

from balai.testing import browser_login
from tests.workflow_support import new_unit, person


async def _open_from_inbox(page, reference: str) -> None:
    await page.goto("/inbox")
    await page.click(f"[data-testid=inbox-table] a:text-is('{reference}')")
    await page.wait_for_selector("[data-testid=task-main]")


async def _act(page, button: str) -> None:
    await page.click(f"[data-testid=act-form] button:has-text('{button}')")


async def test_case_round_trip_between_two_roles(app, demo, browser, live_server, page):
    unit = await new_unit(demo["umum"], name="Seksi Uji Peramban")
    pemohon = await person(app, ("ujisop_pemohon", unit), name="Pemohon Peramban")
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit), name="Pemeriksa Peramban")

    # The pemohon opens a case through the plugin's own form and finds it in the inbox.
    await browser_login(page, pemohon.username)
    await page.goto("/ujisop/baru")
    await page.fill("#subject", "Permohonan lewat peramban")
    await page.click("main button:has-text('Ajukan')")
    await page.wait_for_url("**/inbox")
    flash = await page.locator(".alert").first.inner_text()
    reference = flash.split()[1]
    assert reference.startswith("UJI/")
    row = page.locator("[data-testid=inbox-table] tr", has_text=reference)
    assert "Menyusun permohonan" in await row.inner_text()
    await page.click(f"[data-testid=inbox-table] a:text-is('{reference}')")
    await page.wait_for_selector("[data-testid=ujisop-panel]")
    await _act(page, "Kirim ke pemeriksa")
    await page.wait_for_selector("#task-main[data-state=selesai]")

    # The pemeriksa, in another browser, sends it back: first without the required note.
    context = await browser.new_context(base_url=live_server, locale="id-ID")
    other = await context.new_page()
    other.set_default_timeout(10_000)
    await browser_login(other, pemeriksa.username)
    badge = other.locator("nav a[href='/inbox'] .badge")  # the notifications link has a badge too
    await badge.filter(has_text="1").wait_for()
    await _open_from_inbox(other, reference)
    await _act(other, "Perbaiki")
    error = other.locator("[data-testid=task-errors]")
    assert "Catatan wajib diisi untuk aksi ini." in await error.inner_text()
    await other.fill("#note", "Lampirkan surat pengantar")
    await _act(other, "Perbaiki")
    await other.wait_for_selector("#task-main[data-state=selesai]")

    # Back to the pemohon, who sees the note in the timeline and sends it again.
    await _open_from_inbox(page, reference)
    assert "Lampirkan surat pengantar" in await page.locator("[data-testid=timeline]").inner_text()
    await _act(page, "Kirim ke pemeriksa")
    await page.wait_for_selector("#task-main[data-state=selesai]")

    # The pemeriksa approves; the case is finished and the inbox is empty again.
    await _open_from_inbox(other, reference)
    await _act(other, "Setujui")
    await other.wait_for_selector("#task-main[data-state=selesai]")
    await other.click("text=Lihat kasus")
    assert await other.locator("[data-testid=case-state]").inner_text() == "Selesai"
    await other.goto("/inbox")
    assert await other.locator("[data-testid=inbox-empty]").count() == 1
    await context.close()
