"""Test set-up: one fresh database per run (SQLite or PostgreSQL), the app, signed-in clients.

``BALAI_TEST_DB=sqlite`` (default) or ``postgres``. With ``postgres`` a database named
``balai_test_<random>`` is created on 127.0.0.1:5432 and dropped at the end. With ``CI=true``
PostgreSQL must be reachable; elsewhere its absence skips the run with a visible notice.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support import pg_admin_url, postgres_available

_DB_KIND = os.environ.get("BALAI_TEST_DB", "sqlite")
_TMP = Path(tempfile.mkdtemp(prefix="balai-test-"))
_PG_NAME = f"balai_test_{secrets.token_hex(4)}"

# Everything below must be in the environment before balai.piccolo_conf is imported.
os.environ["BALAI_VAR_DIR"] = str(_TMP / "var")
os.environ["BALAI_SECRET_KEY"] = "test-secret-key-" + "x" * 32
os.environ.pop("BALAI_CONFIG", None)
os.environ.setdefault("BALAI_PLUGINS", "*")
# The session app would otherwise run reminders and escalations in the middle of other tests;
# the scheduler's own tests run their schedulers explicitly.
os.environ.setdefault("BALAI_SCHEDULER", "off")
if _DB_KIND == "postgres":
    os.environ["BALAI_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{_PG_NAME}"
else:
    os.environ["BALAI_DATABASE_URL"] = f"sqlite:///{_TMP / 'var' / 'test.sqlite'}"


def pytest_report_header(config):
    return f"Balai test database: {_DB_KIND} ({os.environ['BALAI_DATABASE_URL']})"


def pytest_sessionstart(session):
    if _DB_KIND != "postgres":
        return
    if not postgres_available():
        if os.environ.get("CI") == "true":
            raise pytest.UsageError("CI=true but PostgreSQL on 127.0.0.1:5432 is not reachable")
        session.config._balai_pg_missing = True
        return
    import asyncpg
    import asyncio

    async def create():
        conn = await asyncpg.connect(pg_admin_url())
        await conn.execute(f'CREATE DATABASE "{_PG_NAME}"')
        await conn.close()

    asyncio.run(create())


def pytest_collection_modifyitems(config, items):
    if _DB_KIND != "postgres":
        # Tests of PostgreSQL's own behaviour run in the PostgreSQL pass, not skipped in this one.
        postgres_only = [item for item in items if item.get_closest_marker("postgres")]
        if postgres_only:
            config.hook.pytest_deselected(items=postgres_only)
            items[:] = [item for item in items if not item.get_closest_marker("postgres")]
    if getattr(config, "_balai_pg_missing", False):
        marker = pytest.mark.skip(reason="PostgreSQL tidak tersedia di 127.0.0.1:5432 — run PostgreSQL dilewati")
        for item in items:
            item.add_marker(marker)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if getattr(config, "_balai_pg_missing", False):
        terminalreporter.write_line("NOTICE: PostgreSQL tidak tersedia; seluruh run PostgreSQL dilewati.", yellow=True)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_TMP, ignore_errors=True)
    if _DB_KIND != "postgres" or getattr(session.config, "_balai_pg_missing", False):
        return
    import asyncio

    import asyncpg

    async def drop():
        conn = await asyncpg.connect(pg_admin_url())
        await conn.execute(f'DROP DATABASE IF EXISTS "{_PG_NAME}" WITH (FORCE)')
        await conn.close()

    asyncio.run(drop())


@pytest.fixture(scope="session")
def db_url() -> str:
    return os.environ["BALAI_DATABASE_URL"]


@pytest.fixture(scope="session")
async def migrated():
    from balai.db import migrate
    await migrate()
    yield


@pytest.fixture(scope="session")
async def app(migrated):
    from balai.web.app import create_app

    application = create_app()
    # Run start-up and shut-down in this loop (Litestar's lifespan helper needs a single task).
    for handler in application.on_startup:
        await handler(application)
    yield application
    for handler in application.on_shutdown:
        await handler(application)


@pytest.fixture(scope="session")
async def demo(app):
    """The demo org tree and users (password ``demo-pass``); returns unit code -> id."""
    from balai.demo import seed_demo

    await seed_demo(app.state.host, app.state.catalogue, password="demo-pass")
    from balai.identity.tables import Unit

    return {u["code"]: u["id"] for u in await Unit.select(Unit.id, Unit.code)}


def make_client(app):
    """An HTTP client calling the app in the test's own event loop (one pool, one loop)."""
    import httpx

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local")


@pytest.fixture
async def client(app):
    async with make_client(app) as c:
        yield c


@pytest.fixture
async def login(app, demo):
    """``await login("admin")`` returns a signed-in AsyncTestClient (closed after the test)."""
    from tests.support import sign_in

    opened = []

    async def _login(username: str, password: str = "demo-pass"):
        c = make_client(app)
        await c.__aenter__()
        opened.append(c)
        await sign_in(c, username, password)
        return c

    yield _login
    for c in opened:
        await c.__aexit__(None, None, None)


# --- a real server and a real browser, for the browser tests -------------------------------


@pytest.fixture(scope="session")
def live_server(demo):
    """``balai serve`` in a subprocess on a free port, on this run's database. Yields its URL."""
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.support import free_port

    port = free_port()
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "balai.cli", "serve", "--no-migrate", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/login", timeout=1)
            break
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                proc.kill()
                raise RuntimeError(f"balai serve did not start:\n{output}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


CHROMIUM = os.environ.get("BALAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
async def browser():
    """Debian's chromium driven by Playwright (its own browser download is not used)."""
    from playwright.async_api import async_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium")
    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        await b.close()


@pytest.fixture
async def page(browser, live_server):
    """A fresh browser context (no cookies) with a page; ``page.base_url`` is the server."""
    context = await browser.new_context(base_url=live_server, locale="id-ID")
    p = await context.new_page()
    p.set_default_timeout(10_000)
    yield p
    await context.close()


async def browser_login(page, username: str, password: str = "demo-pass") -> None:
    await page.goto("/login")
    await page.fill("#username", username)
    await page.fill("#password", password)
    await page.click("button[type=submit]")
    await page.wait_for_url(lambda url: "/login" not in url)
