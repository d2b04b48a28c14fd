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
