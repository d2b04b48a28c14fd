from tests.fixtures import browser_login


async def test_login_dashboard_and_logout_in_browser(page):
    await browser_login(page, "admin")
    assert await page.locator("[data-testid=current-user]").inner_text() == "Administrator Balai"
    await page.click("form[action=\"/logout\"] button")
    await page.wait_for_url("**/login")
    assert "Anda telah keluar." in await page.content()


async def test_wrong_password_message_in_browser(page):
    await page.goto("/login")
    await page.fill("#username", "admin")
    await page.fill("#password", "keliru")
    await page.click("button[type=submit]")
    error = page.locator("[data-testid=login-error]")
    assert await error.inner_text() == "Nama pengguna atau kata sandi salah."
    assert await page.input_value("#username") == "admin"
