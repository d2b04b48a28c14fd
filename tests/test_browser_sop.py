"""In a real browser: the SOP sheet's swimlanes are drawn inside their cells, the PDF downloads,
and the calendar page takes an agency holiday."""

from balai.testing import browser_login


async def test_sop_sheet_swimlanes_in_browser(page):
    errors = []

    def console(msg):
        # the browser's own favicon request is not the page's business
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} {msg.location}")

    page.on("console", console)
    await browser_login(page, "admin")
    await page.goto("/sop")
    await page.click("a[href='/sop/ujisop.disposisi/sheet']")
    await page.wait_for_url("**/sop/ujisop.disposisi/sheet")
    actors = page.locator("td.sop-actor")
    assert await actors.count() == 6
    for i in range(await actors.count()):
        cell = await actors.nth(i).bounding_box()
        drawing = await actors.nth(i).locator("svg.sop-lane").bounding_box()
        # the drawing fills its cell, however tall the row grew with its text
        assert abs(drawing["height"] - cell["height"]) < 2 and abs(drawing["width"] - cell["width"]) < 2
    assert await page.locator("td[data-symbol=terminator]").count() == 2
    assert errors == []  # no CSP or script errors

    response = await page.request.get("/sop/ujisop.disposisi/sheet.pdf?kertas=f4")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert (await response.body()).startswith(b"%PDF-")


async def test_agency_holiday_added_in_browser(page):
    await browser_login(page, "admin")
    await page.goto("/admin/calendar?tahun=2027")
    await page.fill("#tanggal", "2027-01-09")
    await page.fill("#nama", "HUT Provinsi Kalimantan Timur")
    await page.click("form[action='/admin/calendar/holidays'] button[type=submit]")
    await page.wait_for_url("**/admin/calendar?tahun=2027")
    row = page.locator("[data-testid=holiday-table] tr", has_text="HUT Provinsi Kalimantan Timur")
    assert "Libur instansi" in await row.inner_text()
    await row.locator("button", has_text="Hapus").click()
    await page.wait_for_url("**/admin/calendar?tahun=2027")
    assert await page.locator("[data-testid=holiday-table]", has_text="HUT Provinsi Kalimantan Timur").count() == 0
