from balai.testing import csrf_from


async def test_dashboard_needs_login(client, demo):
    response = await client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


async def test_login_shows_dashboard_with_menu(login):
    c = await login("admin")
    page = await c.get("/")
    assert page.status_code == 200
    assert "Administrator Balai" in page.text
    assert "Beranda" in page.text
    from balai.i18n import format_date
    from balai.identity.auth import now

    # Today, written as Indonesians write it ("Sabtu, 28 November 2026").
    assert f'data-testid="today">{format_date(now())}<' in page.text


async def test_wrong_password_gives_clear_message_and_keeps_username(client, demo):
    page = await client.get("/login")
    response = await client.post(
        "/login", data={"username": "admin", "password": "salah", "_csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 400
    assert "Nama pengguna atau kata sandi salah." in response.text
    assert 'value="admin"' in response.text


async def test_an_overlong_username_is_an_ordinary_failed_login(client, demo):
    page = await client.get("/login")
    token = csrf_from(page.text)
    long_name = "admin" + "x" * 3000  # longer than any account name the database can hold
    response = await client.post("/login", data={"username": long_name, "password": "demo-pass", "_csrf_token": token})
    assert response.status_code == 400
    assert "Nama pengguna atau kata sandi salah." in response.text


async def test_login_is_throttled_after_repeated_failures(app, demo):
    """Five failures from one address, then even the right password from it waits (429, with
    Retry-After). The account itself stays open to its owner elsewhere: tests/test_throttle.py."""
    import httpx

    from balai.demo import ensure_user
    from balai.throttle.tables import Throttle

    await ensure_user("throttle.me", "Throttle", "benar-sekali")
    transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:
        page = await client.get("/login")
        token = csrf_from(page.text)
        for _ in range(5):
            r = await client.post("/login", data={"username": "throttle.me", "password": "x", "_csrf_token": token})
            assert r.status_code == 400
        r = await client.post("/login", data={"username": "throttle.me", "password": "benar-sekali",
                                              "_csrf_token": token})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "Terlalu banyak percobaan" in r.text
    await Throttle.delete().where(Throttle.key.is_in(["192.0.2.7", "throttle.me"]))


async def test_post_without_csrf_token_is_refused(client, demo):
    await client.get("/login")
    r = await client.post("/login", data={"username": "admin", "password": "demo-pass"})
    assert r.status_code == 403


async def test_security_headers_present(client):
    r = await client.get("/login")
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
