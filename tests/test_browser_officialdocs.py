"""In a real browser: an administrator sets the agency's letterhead and signature block, and sees
them in the preview as the documents print them."""

from __future__ import annotations

import io
import os
import secrets

from playwright.async_api import expect

from balai.demo import ensure_user
from balai.officialdocs import letterhead as lh
from balai.settings import service as settings
from balai.testing import browser_login


def logo_png() -> bytes:
    import segno

    buf = io.BytesIO()
    segno.make("Kalimantan Timur", error="h").save(buf, kind="png", scale=8, dark="#0b5d4b")
    return buf.getvalue()


async def test_admin_sets_the_letterhead_and_sees_the_preview(page, app, demo):
    before = await settings.read([lh.LETTERHEAD, lh.SIGNATURES])
    admin = f"admin.kop.{secrets.token_hex(3)}"
    await ensure_user(admin, "Admin Kop", "demo-pass", is_admin=True)
    try:
        await browser_login(page, admin)
        await page.goto("/admin")
        await page.click('ul.nav-tabs a[href="/admin/letterhead"]')
        await page.wait_for_url("**/admin/letterhead")
        await expect(page.locator('ul.nav-tabs a[href="/admin/letterhead"]')).to_have_class("nav-link active")

        await page.fill("#f-government", "Pemerintah Provinsi Kalimantan Timur")
        await page.fill("#f-agency", "Dinas Peramban Uji Kop")
        await page.fill("#f-address", "Jalan Basuki Rahmat Nomor 55, Samarinda 75117")
        await page.fill("#f-telephone", "(0541) 700100")
        await page.fill("#f-email", "bukan surel")  # a mistake first: the form comes back with it
        await page.set_input_files("#f-logo", files=[{"name": "logo.png", "mimeType": "image/png",
                                                      "buffer": logo_png()}])
        await page.fill("#f-sig_0_code", "kepala_dinas")
        await page.fill("#f-sig_0_title", "Kepala Dinas")
        await page.fill("#f-sig_0_name", "Heni Purwaningsih")
        await page.fill("#f-sig_0_nip", "19730314 199803 2 009")
        await page.click('[data-testid=letterhead-form] button[type=submit]')
        await expect(page.locator("[data-testid=error-email]")).to_have_text("Alamat pos-el tidak sah.")
        assert await page.input_value("#f-agency") == "Dinas Peramban Uji Kop"
        assert await page.input_value("#f-sig_0_name") == "Heni Purwaningsih"

        await page.fill("#f-email", "kop@kaltimprov.go.id")
        await page.set_input_files("#f-logo", files=[{"name": "logo.png", "mimeType": "image/png",
                                                      "buffer": logo_png()}])
        await page.click('[data-testid=letterhead-form] button[type=submit]')
        await expect(page.locator(".alert-success")).to_contain_text("Kop surat dan blok tanda tangan disimpan.")

        preview = page.locator("[data-testid=letterhead-preview]")
        await expect(preview.locator(".kop-instansi")).to_have_text("DINAS PERAMBAN UJI KOP")
        await expect(preview.locator(".kop-pemerintah")).to_have_text("PEMERINTAH PROVINSI KALIMANTAN TIMUR")
        await expect(preview).to_contain_text("Telepon (0541) 700100, Pos-el kop@kaltimprov.go.id")
        await expect(preview.locator(".ttd-nama")).to_have_text("Heni Purwaningsih")
        await expect(preview).to_contain_text("NIP. 19730314 199803 2 009")
        # The logo really is drawn (the browser decoded the stored image), beside the agency's name.
        logo = preview.locator(".kop-logo img")
        await expect(logo).to_be_visible()
        assert await logo.evaluate("img => img.complete && img.naturalWidth > 0")
        logo_box, name_box = await logo.bounding_box(), await preview.locator(".kop-instansi").bounding_box()
        assert logo_box["x"] + logo_box["width"] <= name_box["x"] + name_box["width"] / 2
        if os.environ.get("BALAI_SCREENSHOTS"):
            await page.screenshot(path=os.path.join(os.environ["BALAI_SCREENSHOTS"], "letterhead.png"), full_page=True)

        pdf = await page.request.get("/admin/letterhead/preview.pdf?paper=A4")
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
        assert (await pdf.body()).startswith(b"%PDF-")
    finally:
        for key in (lh.LETTERHEAD, lh.SIGNATURES):
            await settings.write(key, before.get(key, {} if key == lh.LETTERHEAD else []))
