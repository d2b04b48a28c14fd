"""The whole way in a real browser: e-tamu -> kiosk check-in -> service -> survey by the QR link -> report."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from playwright.async_api import expect

from balai.api import calendar
from balai.testing import browser_login


KONTRAS_JS = """el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  let bg = el, back = "rgb(255, 255, 255)";
  while (bg) { const c = getComputedStyle(bg).backgroundColor; if (c && !c.endsWith(", 0)") && c !== "transparent") { back = c; break; } bg = bg.parentElement; }
  const [a, b] = [lum(getComputedStyle(el).color), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


async def kontras(page, selector: str) -> float:
    """The WCAG contrast ratio of the first element's text against the background behind it."""
    return await page.locator(selector).first.evaluate(KONTRAS_JS)


async def test_visit_from_pre_registration_to_the_semester_report(browser, live_server, demo, bantu):
    from balai_layanan import ikm
    from balai.api import today as hari_ini
    from balai_layanan.waktu import awal_hari, sekarang

    # The scenario is a same-day visit; the queue is "today's". Close to the agency's midnight the
    # day would turn between check-in and service, so such a run waits for the new day first.
    before_midnight = (awal_hari(hari_ini() + timedelta(days=1)) - sekarang()).total_seconds()
    if before_midnight < 90:
        await asyncio.sleep(before_midnight + 1)

    contexts = []

    async def context(**kw):
        ctx = await browser.new_context(base_url=live_server, locale="id-ID", **kw)
        contexts.append(ctx)
        p = await ctx.new_page()
        p.set_default_timeout(15_000)
        return p

    try:
        # 1. The visitor registers on e-tamu from a phone.
        phone = await context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        await phone.goto("/layanan/etamu")
        await phone.fill("#f-nama", "Wahyu Pratama")
        await phone.fill("#f-nomor_identitas", "6472019876543210")
        await phone.fill("#f-instansi", "CV Tenun Samarinda")
        await phone.fill("#f-telepon", "0813 5000 1234")
        await phone.select_option("#f-unit_id", label="Sub Bagian Umum")
        await phone.fill("#f-keperluan", "Konsultasi pameran kerajinan tenun")
        # A Saturday is refused with the reason; the next working day is taken.
        sabtu = calendar.next_working_day(hari_ini())
        while sabtu.weekday() != 5:
            sabtu += timedelta(days=1)
        await phone.fill("#f-tanggal", sabtu.isoformat())
        await phone.click("main button[type=submit]")
        await expect(phone.locator("#e-tanggal")).to_contain_text("kantor tutup (akhir pekan)")
        await expect(phone.locator("#f-nama")).to_have_value("Wahyu Pratama")
        await phone.fill("#f-tanggal", calendar.next_working_day(hari_ini()).isoformat())
        await phone.click("main button[type=submit]")
        nomor = (await phone.locator("[data-testid=nomor-registrasi]").inner_text()).strip()
        assert re.fullmatch(r"TM\d{6}-[A-Z0-9]{4}", nomor)
        assert await phone.locator("[data-testid=qr-registrasi] svg").count() == 1
        # The code is drawn in the middle of its box, at the box's size (it sat top-left, off-centre).
        qr_box = await phone.locator("[data-testid=qr-registrasi] svg").bounding_box()
        drawn = await phone.locator("[data-testid=qr-registrasi] svg path").bounding_box()
        page_width = (phone.viewport_size or {})["width"]
        assert abs((drawn["x"] + drawn["width"] / 2) - page_width / 2) < 3, (drawn, page_width)
        assert drawn["width"] > 0.8 * qr_box["width"]
        assert await kontras(phone, ".qr-aksi .btn-outline-secondary") >= 4.5
        await bantu.jadikan_hari_ini(nomor)  # the day of the visit has come

        # 2. The officer keeps the live queue open at the desk.
        desk = await context()
        await browser_login(desk, "demo.petugas-layanan")
        await desk.goto("/layanan/antrian")
        assert await desk.locator(f"tr[data-nomor='{nomor}']").count() == 0

        # 3. Staff unlock the kiosk; the visitor's QR is read by a scanner that types and presses Enter.
        kiosk = await context(viewport={"width": 1280, "height": 800})
        await browser_login(kiosk, "demo.petugas-layanan")
        await kiosk.goto("/layanan/anjungan/buka")
        await kiosk.fill("#f-nama", "Lobi lantai 1")
        await kiosk.click("main button[type=submit]")
        await kiosk.wait_for_url("**/layanan/anjungan")
        assert await kontras(kiosk, "main .btn-outline-secondary") >= 4.5  # "Daftar langsung di sini"
        await kiosk.locator("#f-nomor").press_sequentially("TM000000-ZZZZ")
        await kiosk.keyboard.press("Enter")
        assert "tidak ditemukan" in await kiosk.locator("[data-testid=kiosk-error]").inner_text()
        assert await kiosk.input_value("#f-nomor") == "TM000000-ZZZZ"
        await kiosk.fill("#f-nomor", "")
        await kiosk.locator("#f-nomor").press_sequentially(nomor)
        await kiosk.keyboard.press("Enter")
        assert "Wahyu Pratama" in await kiosk.locator("[data-testid=kiosk-welcome]").inner_text()
        # the staff session did not stay on the tablet
        await kiosk.goto("/layanan/antrian")
        await kiosk.wait_for_url("**/login**")

        # 4. The queue shows the visitor without reloading (HTMX polling); the officer serves them.
        row = desk.locator(f"tr[data-nomor='{nomor}']")
        await row.wait_for(state="visible", timeout=15_000)
        await row.locator("button", has_text="Layani").click()
        await desk.wait_for_url("**/layanan/kunjungan/*")
        await desk.fill("#f-layanan", "Penjelasan jadwal dan syarat pameran")
        await desk.select_option("#f-hasil", "selesai")
        await desk.click("text=Tutup kunjungan dan terbitkan survei")
        link = desk.locator("[data-testid=tautan-survei]")
        survey_url = await link.get_attribute("href")
        assert "/layanan/survei/" in survey_url
        assert await desk.locator(".qr svg").count() == 1

        # 5. The visitor opens the survey link (the QR's content) on the phone and answers.
        await phone.goto(survey_url)
        await phone.click("main button[type=submit]")  # nothing chosen yet: the answers are asked for
        assert "Masih ada pertanyaan" in await phone.locator("[data-testid=form-message]").inner_text()
        for kode in ikm.KODE_UNSUR:
            await phone.click(f"label[for={kode}-4]")
        await phone.select_option("#f-usia", "31-40")
        await phone.select_option("#f-jenis_kelamin", "L")
        await phone.select_option("#f-pendidikan", "s1")
        await phone.select_option("#f-pekerjaan", "wirausaha")
        await phone.fill("#f-saran", "Parkir tamu perlu diperluas.")
        await phone.wait_for_timeout(6_000)  # a person takes longer than the minimum fill time
        await phone.click("main button[type=submit]")
        assert "Terima kasih" in await phone.locator("[data-testid=survei-terima-kasih]").inner_text()
        await phone.goto(survey_url)
        assert "sudah diisi" in await phone.locator("[data-testid=survei-ditolak]").inner_text()
        await desk.reload()
        assert await desk.locator("[data-testid=survei-sudah-diisi]").count() == 1

        # 6. Kehumasan sees the answer in this semester's report and publishes it.
        humas = await context()
        await browser_login(humas, "demo.kehumasan")
        await humas.goto("/layanan/ikm")
        assert "Parkir tamu perlu diperluas." in await humas.content()
        assert int(await humas.locator("[data-testid=jumlah-responden]").inner_text()) >= 1
        assert await humas.locator(".grafik svg").count() >= 2
        # The period is named, not coded; the running semester asks for a confirmation first.
        assert await humas.locator("#f-periode option:checked").inner_text() == ikm.label_periode(ikm.periode_dari(hari_ini()))
        publish = humas.get_by_test_id("form-terbit").locator("button[type=submit]")  # first or again
        await publish.click()
        # Not sent: the browser asks for the tick first (the server refuses without it too).
        assert await humas.locator("#f-sementara:invalid").count() == 1
        assert "diterbitkan di halaman publik" not in await humas.content()
        await humas.check("#f-sementara")
        await publish.click()
        assert "diterbitkan di halaman publik" in await humas.content()
        ikm_value = (await humas.locator("[data-testid=ikm-besar]").inner_text()).strip()
        assert f"(IKM {ikm_value})" in await humas.locator("[data-testid=status-terbit]").inner_text()
        await phone.goto("/layanan/ikm/publik")
        periode = ikm.periode_dari(hari_ini())
        assert (await phone.locator(f"[data-testid=ikm-publik-{periode}]").inner_text()).strip() == ikm_value
    finally:
        for ctx in contexts:
            await ctx.close()
