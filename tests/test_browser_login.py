from balai.testing import browser_login


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


async def test_the_menu_fits_a_laptop_and_folds_on_a_phone(page):
    await browser_login(page, "admin")  # the longest menu: every plugin and the admin pages
    await page.set_viewport_size({"width": 1280, "height": 800})
    await page.goto("/")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert await page.locator("#menu a[href='/inbox']").is_visible()

    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto("/")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    inbox_link = page.locator("#menu a[href='/inbox']")
    assert not await inbox_link.is_visible()
    await page.click("button.navbar-toggler")
    await inbox_link.click()
    await page.wait_for_url("**/inbox")
