"""Helpers for tests of Balai and its plugins (not fixtures; the fixtures are in ``balai.testing.plugin``)."""

from __future__ import annotations

import os
import re
import socket
from contextlib import contextmanager

DEMO_PASSWORD = "demo-pass"  # the demo users' password in the test database


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


def make_client(app):
    """An HTTP client calling the app in the test's own event loop (one pool, one loop)."""
    import httpx

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local")


CHROMIUM = os.environ.get("BALAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


async def browser_login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    await page.goto("/login")
    await page.fill("#username", username)
    await page.fill("#password", password)
    await page.click("button[type=submit]")
    await page.wait_for_url(lambda url: "/login" not in url)


class TestUser:
    """A user made by the ``make_user`` fixture: log in with ``login(user)``."""

    __test__ = False  # not a test class, whatever pytest's naming rules say

    def __init__(self, id: int, username: str, password: str, app=None):
        self.id, self.username, self.password, self._app = id, username, password, app

    def __repr__(self) -> str:
        return f"TestUser({self.username!r}, id={self.id})"

    async def current(self):
        """The user as the services see a signed-in user (a ``CurrentUser``)."""
        from balai.identity.auth import start_session, user_for_session

        return await user_for_session(await start_session(self.id), self._app.state.catalogue)


@contextmanager
def plugin_registered(host, obj, name: str | None = None):
    """Register ``obj`` (with ``@hookimpl`` functions) with ``host``'s plugin manager for the block."""
    host.pm.register(obj, name=name)
    try:
        yield obj
    finally:
        host.pm.unregister(obj)
