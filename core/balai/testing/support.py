"""Helpers shared by the tests (not fixtures)."""

from __future__ import annotations

import re
import socket


def postgres_available(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def pg_admin_url() -> str:
    return "postgresql://postgres@127.0.0.1:5432/postgres"


def csrf_from(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def sign_in(client, username: str, password: str) -> None:
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={"username": username, "password": password, "next": "/", "_csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, f"login as {username} failed: {response.status_code}"
    # API and HTMX calls send the token as a header, like the pages' hx-headers do
    client.headers["x-csrftoken"] = client.cookies.get("balai_csrf")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
