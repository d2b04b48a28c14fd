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


async def test_a_public_form_refuses_a_huge_body_before_reading_it(app, demo):
    """Anyone may post to the sign-in form: a 1 MB body is refused (413) unread, while a form
    of ordinary size, even a long one, is still answered as a sign-in (issue 12, item 5)."""
    import httpx

    from balai.throttle.tables import Throttle

    transport = httpx.ASGITransport(app=app, client=("192.0.2.9", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:
        token = csrf_from((await client.get("/login")).text)
        huge = await client.post("/login", data={"username": "admin", "password": "x" * 1024 * 1024,
                                                 "_csrf_token": token})
        long = await client.post("/login", data={"username": "admin", "password": "x" * 60_000,
                                                 "_csrf_token": token})
    assert huge.status_code == 413 and "Kiriman terlalu besar" in huge.text
    assert long.status_code == 400 and "Nama pengguna atau kata sandi salah." in long.text
    await Throttle.delete().where(Throttle.key.is_in(["192.0.2.9", "admin"]))


async def test_a_public_route_may_name_its_own_body_limit():
    from litestar import post

    from balai.web.app import PUBLIC_BODY_LIMIT

    @post("/unggah-publik", opt={"public": True}, request_max_body_size=5 * 1024 * 1024)
    async def unggah() -> str:
        return "ok"

    @post("/formulir-publik", opt={"public": True})
    async def formulir() -> str:
        return "ok"

    from litestar import Litestar

    from balai.web.app import _bound_public_bodies

    app = Litestar([unggah, formulir])
    _bound_public_bodies(app)
    limits = {next(iter(h.paths)): h.request_max_body_size for r in app.routes for h in getattr(r, "route_handlers", [])
              if "POST" in h.http_methods}
    assert limits == {"/unggah-publik": 5 * 1024 * 1024, "/formulir-publik": PUBLIC_BODY_LIMIT}
