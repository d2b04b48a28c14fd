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


async def test_a_button_reached_by_keyboard_keeps_its_colour_and_shows_a_focus_ring(page):
    """Issue 22 item 11: keyboard users see where they are; the button does not go blank."""
    await page.goto("/login")
    await page.fill("#username", "admin")
    await page.focus("#password")
    await page.keyboard.press("Tab")
    style = await page.evaluate("""() => {
        const b = document.activeElement, s = getComputedStyle(b);
        return {tag: b.tagName, type: b.type, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                bg: s.backgroundColor, color: s.color};
    }""")
    assert (style["tag"], style["type"]) == ("BUTTON", "submit"), style
    assert style["outline"] != "none" and style["width"] >= 2, style
    assert style["bg"] == "rgb(11, 93, 75)" and style["color"] == "rgb(255, 255, 255)", style
