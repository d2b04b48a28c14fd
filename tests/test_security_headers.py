"""Every answer carries the security headers, also those no route gave (404, 405), and a 405
names the methods the path does take."""

import pytest

from balai.testing import csrf_from

EXPECTED = {"x-frame-options": "DENY", "x-content-type-options": "nosniff"}


def assert_secured(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    assert "default-src 'self'" in response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/nope", 404),
    ("GET", "/api/core/nope", 404),
    ("DELETE", "/login", 405),
    ("PATCH", "/api/core/me", 405),
    ("GET", "/static/theme/no-such-file.css", 404),
    ("GET", "/login", 200),
])
async def test_every_answer_carries_the_security_headers(client, method, path, status):
    response = await client.request(method, path)
    assert response.status_code == status
    assert_secured(response)


async def test_a_refused_post_and_a_redirect_carry_them_too(client, demo):
    assert_secured(await client.post("/login", data={"username": "admin", "password": "x"}))  # 403, no token
    assert_secured(await client.get("/", follow_redirects=False))  # 303 to the login page


async def test_405_says_which_methods_the_path_takes(client):
    response = await client.delete("/login")
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed and "DELETE" not in allowed
    api = await client.patch("/api/core/me")
    assert api.status_code == 405 and "GET" in api.headers["allow"]
    assert api.json()["status_code"] == 405


async def test_the_headers_are_not_doubled(client):
    response = await client.get("/login")
    assert len(response.headers.get_list("x-frame-options")) == 1
    assert len(response.headers.get_list("content-security-policy")) == 1
    assert csrf_from(response.text)


async def small_limit_app(app):
    """The session's app with a body limit of 1 MB, as an agency sets BALAI_MAX_UPLOAD_MB."""
    from dataclasses import replace

    from balai.web.app import create_app

    ctx = app.state.balai
    return create_app(ctx=replace(ctx, config=replace(ctx.config, max_upload_mb=1)))


async def test_an_oversized_page_form_shows_the_form_again_with_a_readable_message(app, demo):
    from balai.testing import make_client

    small = await small_limit_app(app)
    async with make_client(small) as c:
        page = await c.get("/login")
        r = await c.post("/login", data={"username": "admin", "password": "x" * (2 * 1024 * 1024),
                                         "_csrf_token": csrf_from(page.text)},
                         headers={"referer": "http://testserver.local/login?next=/admin"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/admin"
        again = await c.get(r.headers["location"])
        assert again.status_code == 200 and "Kiriman terlalu besar (paling banyak 1 MB)" in again.text
        assert 'name="username"' in again.text
        # Without a page to go back to (or from an API client): 413 with the same words, never "system error".
        bare = await c.post("/login", content=b"u=" + b"x" * (2 * 1024 * 1024),
                            headers={"content-type": "application/x-www-form-urlencoded",
                                     "x-csrftoken": c.cookies.get("balai_csrf")})
        assert bare.status_code == 413 and "Kiriman terlalu besar" in bare.text
        assert "Terjadi kesalahan pada sistem" not in bare.text
        assert_secured(bare)


def session_cookie(response) -> str:
    return next(v for v in response.headers.get_list("set-cookie") if v.startswith("balai_session="))


async def sign_in_at(app, base_url: str, **headers):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url=base_url, headers=headers) as c:
        page = await c.get("/login")
        return await c.post("/login", data={"username": "admin", "password": "demo-pass",
                                            "_csrf_token": csrf_from(page.text)}, follow_redirects=False)


async def test_the_session_cookie_is_secure_over_https_and_plain_on_an_http_intranet(app, demo, monkeypatch):
    from dataclasses import replace

    from balai.config import load_config

    assert load_config().secure_cookies is None  # the default decides per request (bin/start: http)
    plain = await sign_in_at(app, "http://127.0.0.1:8000")
    assert plain.status_code == 303 and "secure" not in session_cookie(plain).lower()
    assert "strict-transport-security" not in plain.headers
    tls = await sign_in_at(app, "https://balai.example.go.id")
    assert "secure" in session_cookie(tls).lower().split("; ")
    assert tls.headers["strict-transport-security"].startswith("max-age=")
    # TLS ended at nginx/Caddy: believed only from a trusted proxy.
    spoofed = await sign_in_at(app, "http://127.0.0.1:8000", **{"x-forwarded-proto": "https"})
    assert "secure" not in session_cookie(spoofed).lower()
    monkeypatch.setattr(app.state, "config", replace(app.state.config, trusted_proxies=("127.0.0.1/32",)))
    proxied = await sign_in_at(app, "http://127.0.0.1:8000", **{"x-forwarded-proto": "https"})
    assert "secure" in session_cookie(proxied).lower().split("; ")
    monkeypatch.setattr(app.state, "config", replace(app.state.config, trusted_proxies=(), secure_cookies=True))
    forced = await sign_in_at(app, "http://127.0.0.1:8000")
    assert "secure" in session_cookie(forced).lower().split("; ")


def test_secure_cookies_reads_on_off_and_auto():
    from balai.config import load_config

    assert [load_config(secure_cookies=v).secure_cookies for v in ("on", "true", "off", "0", "auto", "")] == [
        True, True, False, False, None, None]


async def test_the_favicon_is_the_themes_icon(client):
    """Browsers ask for /favicon.ico on every site: Balai answers with its icon, not a 404."""
    moved = await client.get("/favicon.ico")
    assert moved.status_code == 301 and moved.headers["location"] == "/static/theme/favicon.svg"
    icon = await client.get("/static/theme/favicon.svg")
    assert icon.status_code == 200 and icon.text.startswith("<svg")
    assert 'rel="icon" href="/static/theme/favicon.svg"' in (await client.get("/login")).text
