"""The pytest plugin of ``balai.testing``: one fresh database per run, the app, signed-in clients.

Registered through the ``pytest11`` entry point, so any project with ``balai`` installed (the
core, its bundled plugins, a third-party plugin in a folder of its own) gets these fixtures with
plain ``pytest``: no conftest, no ``-p``, no ``-o`` options.

``BALAI_TEST_DB=sqlite`` (default) or ``postgres``. With ``postgres`` a database named
``balai_test_<random>`` is created on 127.0.0.1:5432 and dropped at the end. With ``CI=true``
PostgreSQL must be reachable; elsewhere its absence skips the run with a visible notice.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pytest

from balai.testing.support import (
    CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD, free_port, make_client, pg_admin_url, postgres_available, sign_in,
)

# The app's database pool lives in one event loop, so async fixtures and tests share the
# session's loop. Set here (unless the project's own configuration says otherwise) so that a
# plugin's tests need no pytest options of their own.
ASYNCIO_DEFAULTS = MappingProxyType({
    "asyncio_mode": "auto",
    "asyncio_default_fixture_loop_scope": "session",
    "asyncio_default_test_loop_scope": "session",
})


@dataclass
class _Run:
    kind: str
    tmp: Path
    pg_name: str
    pg_missing: bool = False


_RUN = pytest.StashKey[_Run]()


def _prepare(config) -> _Run:
    """The run's database and folders, in the environment before any Balai configuration is read."""
    if _RUN in config.stash:
        return config.stash[_RUN]
    run = _Run(kind=os.environ.get("BALAI_TEST_DB", "sqlite"), tmp=Path(tempfile.mkdtemp(prefix="balai-test-")),
               pg_name=f"balai_test_{secrets.token_hex(4)}")
    config.stash[_RUN] = run
    os.environ["BALAI_VAR_DIR"] = str(run.tmp / "var")
    os.environ["BALAI_SECRET_KEY"] = "test-secret-key-" + "x" * 32
    os.environ.pop("BALAI_CONFIG", None)
    os.environ.setdefault("BALAI_PLUGINS", "*")
    # The session app would otherwise run reminders and escalations in the middle of other tests;
    # the scheduler's own tests run their schedulers explicitly.
    os.environ.setdefault("BALAI_SCHEDULER", "off")
    if run.kind == "postgres":
        os.environ["BALAI_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{run.pg_name}"
    else:
        os.environ["BALAI_DATABASE_URL"] = f"sqlite:///{run.tmp / 'var' / 'test.sqlite'}"
    return run


def _set_asyncio_defaults(config) -> None:
    # pytest has no public "default for another plugin's ini option": fill pytest's ini cache
    # for the options the project's configuration (file or -o) leaves unset.
    given = set(getattr(config, "_inicfg", {}))
    for name, value in ASYNCIO_DEFAULTS.items():
        if name not in given:
            config._inicache[name] = value
    if config.getoption("asyncio_mode", None) is None and "asyncio_mode" not in given:
        config.option.asyncio_mode = ASYNCIO_DEFAULTS["asyncio_mode"]


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # Before the project's conftest files import anything of Balai.
    _prepare(early_config)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    _prepare(config)  # when loaded late (``pytest_plugins`` in a conftest)
    _set_asyncio_defaults(config)
    config.addinivalue_line("markers", "postgres: about PostgreSQL itself; collected in the PostgreSQL run only")


def pytest_report_header(config):
    return f"Balai test database: {config.stash[_RUN].kind} ({os.environ['BALAI_DATABASE_URL']})"


def pytest_sessionstart(session):
    run = session.config.stash[_RUN]
    if run.kind != "postgres":
        return
    if not postgres_available():
        if os.environ.get("CI") == "true":
            raise pytest.UsageError("CI=true but PostgreSQL on 127.0.0.1:5432 is not reachable")
        run.pg_missing = True
        return
    import asyncio

    import asyncpg

    async def create():
        conn = await asyncpg.connect(pg_admin_url())
        await conn.execute(f'CREATE DATABASE "{run.pg_name}"')
        await conn.close()

    asyncio.run(create())


def pytest_collection_modifyitems(config, items):
    run = config.stash[_RUN]
    if run.kind != "postgres":
        # Tests of PostgreSQL's own behaviour run in the PostgreSQL pass, not skipped in this one.
        postgres_only = [item for item in items if item.get_closest_marker("postgres")]
        if postgres_only:
            config.hook.pytest_deselected(items=postgres_only)
            items[:] = [item for item in items if not item.get_closest_marker("postgres")]
    if run.pg_missing:
        marker = pytest.mark.skip(reason="PostgreSQL tidak tersedia di 127.0.0.1:5432 — run PostgreSQL dilewati")
        for item in items:
            item.add_marker(marker)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if config.stash[_RUN].pg_missing:
        terminalreporter.write_line("NOTICE: PostgreSQL tidak tersedia; seluruh run PostgreSQL dilewati.", yellow=True)


def pytest_sessionfinish(session, exitstatus):
    run = session.config.stash[_RUN]
    shutil.rmtree(run.tmp, ignore_errors=True)
    if run.kind != "postgres" or run.pg_missing:
        return
    import asyncio

    import asyncpg

    async def drop():
        conn = await asyncpg.connect(pg_admin_url())
        await conn.execute(f'DROP DATABASE IF EXISTS "{run.pg_name}" WITH (FORCE)')
        await conn.close()

    asyncio.run(drop())


@pytest.fixture(scope="session")
def db_url() -> str:
    return os.environ["BALAI_DATABASE_URL"]


@pytest.fixture(scope="session")
async def migrated():
    """The run's app context (balai.context), built once from the environment above, with its
    database migrated."""
    from balai import context
    from balai.db import migrate

    ctx = context.build()
    await migrate(ctx)
    yield ctx


@pytest.fixture(scope="session")
async def app(migrated):
    from balai import context
    from balai.web.app import create_app

    application = create_app(ctx=migrated)
    # Current for the whole run: pytest-asyncio carries context variables set in an async
    # fixture over to the tests, so a test calling Balai directly acts in this app.
    context.activate(application.state.balai)
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

    await seed_demo(app.state.host, app.state.catalogue, password=DEMO_PASSWORD)
    from balai.identity.tables import Unit

    return {u["code"]: u["id"] for u in await Unit.select(Unit.id, Unit.code)}


@pytest.fixture
async def client(app):
    async with make_client(app) as c:
        yield c


@pytest.fixture
async def login(app, demo):
    """``await login("admin")`` (or ``login(user)`` with a :func:`make_user` user) returns a
    signed-in httpx client, closed after the test. The demo users' password is ``demo-pass``."""
    opened = []

    async def _login(user, password: str = DEMO_PASSWORD):
        username = getattr(user, "username", user)
        password = getattr(user, "password", password)
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


@pytest.fixture(scope="session")
async def browser():
    """Debian's chromium driven by Playwright (its own browser download is not used)."""
    from playwright.async_api import async_playwright, expect

    # The suite's runs share two cores: a page that answers in 6 s under that load is slow, not wrong
    # (speed is the benchmarks' business), so an expectation waits up to 20 s before it fails.
    expect.set_options(timeout=20_000)
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


@pytest.fixture
def make_user(app, demo):
    """``await make_user(roles=[("kasubag_umum", "umum")], unit="umum")`` -> a :class:`TestUser`.

    Each call makes a new user (password ``demo-pass``) holding ``roles``, pairs of (role code,
    unit code of the demo tree); a bare role code is held in ``unit``. ``unit`` also gives the
    user a staff position in that unit. ``login(user)`` signs the user in; ``user.current()``
    is the :class:`balai.api.CurrentUser` a service function expects.
    """
    from balai.testing.support import TestUser

    async def make(roles=(), unit: str | None = None, username: str | None = None, full_name: str | None = None,
                   is_admin: bool = False) -> TestUser:
        from balai.demo import assign, ensure_user
        from balai.identity.tables import Position

        username = username or f"uji.{secrets.token_hex(4)}"
        uid = await ensure_user(username, full_name or f"Pegawai {username}", DEMO_PASSWORD, is_admin=is_admin)
        for role in roles:
            role, code = (role, unit) if isinstance(role, str) else role
            if code not in demo:
                raise KeyError(f"make_user: unit {code!r} is not in the demo tree ({', '.join(sorted(demo))})")
            await assign(uid, role, demo[code])
        if unit is not None:
            await Position.insert(Position(name="Pelaksana", unit=demo[unit], holder=uid))
        return TestUser(id=uid, username=username, password=DEMO_PASSWORD, app=app)

    return make


@pytest.fixture
def plugin_registered(app):
    """``with plugin_registered(obj, name="x"):`` — ``obj``'s hooks answer for the block only.

    ``obj`` is any object (a module, a class instance) with ``@hookimpl`` methods; it is
    registered with the app's plugin manager and unregistered afterwards, even if the block
    fails. Hooks the core calls per request or per event see it (widgets, menus, task panels,
    notification channels, case events). Hooks read once when the app is built (routes,
    templates, permissions, SOPs, Piccolo apps) do not: give those a fresh app
    (``balai.testing.support.plugin_registered`` on a host before ``create_app``).
    """
    from balai.testing.support import plugin_registered as registered

    def use(obj, name: str | None = None):
        return registered(app.state.host, obj, name=name)

    return use
