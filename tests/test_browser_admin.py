"""The admin flow in a real browser: language, new user, scoped role, what that user sees."""

import secrets

from playwright.async_api import expect

from balai import i18n
from balai.demo import ensure_user
from balai.identity.auth import user_for_session
from balai.testing import browser_login


def english(text: str) -> str:
    """What the English catalogue makes of ``text`` (the text itself while it is untranslated)."""
    token = i18n.set_locale("en")
    try:
        return i18n.gettext(text)
    finally:
        i18n._current.reset(token)


async def allowed_menu(app, session_key: str) -> set[str]:
    user = await user_for_session(session_key, app.state.catalogue)
    items = [item for group in app.state.host.hook.menu_items(user=user) for item in group or []]
    return {item.href for item in items if user.can(item.permission)}


async def test_admin_creates_user_with_scoped_role_who_sees_only_their_menu(page, app, demo):
    t = secrets.token_hex(3)
    admin_name, username = f"admin.{t}", f"kabid.{t}"
    await ensure_user(admin_name, "Admin Peramban", "demo-pass", is_admin=True)
    await browser_login(page, admin_name)

    # switch to English: the page reloads in English
    async with page.expect_navigation():
        await page.select_option("#locale", "en")
    assert await page.get_attribute("html", "lang") == "en"
    assert await page.input_value("#locale") == "en"
    await expect(page.locator('nav a.nav-link[href="/admin"]')).to_have_text(english("Administrasi"))
    await expect(page.locator('nav a.nav-link[href="/"]')).to_have_text(english("Beranda"))

    # create a user
    await page.click('nav a.nav-link[href="/admin"]')
    await page.wait_for_url("**/admin/users")
    await page.goto("/admin/users/new")
    await page.fill("#f-username", username)
    await page.fill("#f-full_name", "Kepala Bidang Peramban")
    await page.fill("#f-nip", "19750817 199903 1 002")
    await page.select_option("#f-golongan", "IV/a")
    await page.fill("#f-password", "rahasia-123")
    await page.click('form[action="/admin/users/new"] button[type=submit]')
    await page.wait_for_url("**/admin/users/*")
    assert await page.input_value("#f-nip") == "197508171999031002"

    # HTMX search swaps only the table
    await page.goto("/admin/users")
    await page.fill("#q", username)
    await expect(page.locator("[data-testid=users-table] tbody tr")).to_have_count(1)
    await expect(page.locator("[data-testid=users-table]")).to_contain_text("Kepala Bidang Peramban")

    # give a scoped role: kepala_bidang in Bidang Perindustrian
    await page.goto("/admin/roles")
    await page.fill("#f-user_username", username)
    await page.select_option("#f-role", "kepala_bidang")
    await page.select_option("#f-unit", str(demo["industri"]))
    await page.click('form[action="/admin/roles"] button[type=submit]')
    await page.wait_for_url("**/admin/roles")
    await page.fill("#q", username)
    await page.press("#q", "Enter")
    rows = page.locator("[data-testid=roles-table] tbody tr")
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text("Bidang Perindustrian")
    await page.click('form[action="/logout"] button[type=submit]')
    await page.wait_for_url("**/login")

    # the new user sees only what kepala_bidang allows
    await browser_login(page, username, "rahasia-123")
    session = next(c["value"] for c in await page.context.cookies() if c["name"] == "balai_session")
    shown = set(await page.locator("nav a.nav-link").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert shown == await allowed_menu(app, session)
    assert "/admin" not in shown and "/admin/audit" not in shown
    response = await page.goto("/admin")
    assert response.status == 403
    assert "Traceback" not in await page.content()
    await page.goto("/")
    await page.click('form[action="/logout"] button[type=submit]')
    await page.wait_for_url("**/login")

    # a wrong password says so
    await page.fill("#username", username)
    await page.fill("#password", "salah-sekali")
    await page.click("button[type=submit]")
    error = page.locator("[data-testid=login-error]")
    await expect(error).to_have_text(english("Nama pengguna atau kata sandi salah."))
    assert await page.input_value("#username") == username
