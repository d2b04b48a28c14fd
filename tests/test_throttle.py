"""One throttle for sign-in and public forms: a client that keeps failing waits longer each time
(429 with Retry-After), an account others fail on is only slowed down, so its owner still gets
in; forwarded addresses are believed only from configured proxies; an administrator sees and
clears the throttles."""

import json
import secrets
import time
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest

from balai.audit.tables import AuditEntry
from balai.config import load_config
from balai.testing import csrf_from
from balai.throttle import service as throttle
from balai.throttle.tables import Throttle


@pytest.fixture(autouse=True)
async def forget_throttles(app):
    """What a test here counted is cleared after it: later sign-ins of the run are not slowed."""
    yield
    await Throttle.delete().where(Throttle.id > 0)


def client_from(app, ip: str) -> httpx.AsyncClient:
    """A browser at address ``ip`` (the server's view of its peer)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 50000)),
                             base_url="http://testserver.local")


def address() -> str:
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


async def try_login(c, username: str, password: str, **headers):
    page = await c.get("/login")
    return await c.post("/login", data={"username": username, "password": password, "next": "/",
                                        "_csrf_token": csrf_from(page.text)}, headers=headers, follow_redirects=False)


async def pass_time(purpose: str, key: str) -> None:
    """As if the bucket's wait were over (its failures stay counted)."""
    await Throttle.update({Throttle.until: throttle.now() - timedelta(seconds=1)}).where(
        Throttle.bucket == f"{purpose}|client|{key}")


def test_the_wait_doubles_after_the_free_failures_and_stops_at_its_cap():
    rule = throttle.CLIENT_RULE
    assert [rule.delay(n) for n in range(rule.free)] == [0.0] * rule.free
    assert [rule.delay(n) for n in range(rule.free, rule.free + 4)] == [2.0, 4.0, 8.0, 16.0]
    assert rule.delay(10_000) == 900.0
    assert throttle.ACCOUNT_RULE.delay(10_000) == throttle.ACCOUNT_RULE.cap <= 5


async def test_a_client_that_keeps_failing_waits_longer_each_time(app, make_user):
    user = await make_user()
    ip = address()
    async with client_from(app, ip) as c:
        for n in range(throttle.CLIENT_RULE.free):
            r = await try_login(c, f"tidak.ada.{secrets.token_hex(3)}", "salah")
            assert r.status_code == 400, n
        refused = await try_login(c, user.username, user.password)  # even the right password waits
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 2
        assert "Tunggu" in refused.text and 'value="%s"' % user.username in refused.text
        await pass_time("login", ip)
        assert (await try_login(c, "tidak.ada.lagi", "salah")).status_code == 400
        assert 3 <= int((await try_login(c, user.username, user.password)).headers["retry-after"]) <= 4
        await pass_time("login", ip)
        signed_in = await try_login(c, user.username, user.password)
        assert signed_in.status_code == 303  # waited it out: in, and the client's failures forgotten
    assert await throttle.client_wait("login", ip) == 0
    assert not await Throttle.exists().where(Throttle.bucket == f"login|client|{ip}")


async def test_strangers_failing_on_an_account_slow_its_owner_but_never_shut_them_out(app, make_user):
    user = await make_user()
    for _ in range(40):  # forty failed guesses at the account, from many addresses
        await throttle.failed("login", client=address(), account=user.username)
    assert await throttle.account_delay("login", user.username) <= throttle.ACCOUNT_RULE.cap
    started = time.monotonic()
    async with client_from(app, address()) as owner:
        r = await try_login(owner, user.username, user.password)
    assert r.status_code == 303, r.text
    assert time.monotonic() - started < throttle.ACCOUNT_RULE.cap + 2


async def test_a_failed_sign_in_counts_against_the_client_and_the_account(app, make_user):
    user = await make_user()
    ip = address()
    async with client_from(app, ip) as c:
        assert (await try_login(c, user.username, "salah")).status_code == 400
    rows = {(r["kind"], r["key"]): r["failures"] for r in await throttle.current() if r["purpose"] == "login"}
    assert rows[("client", ip)] == 1 and rows[("account", user.username)] == 1


async def test_a_forwarded_address_is_ignored_unless_it_comes_from_a_trusted_proxy(app, monkeypatch, make_user):
    user = await make_user()
    peer = address()
    async with client_from(app, peer) as c:
        for n in range(throttle.CLIENT_RULE.free):  # rotating the header does not make a new client
            r = await try_login(c, f"tidak.ada.{n}", "salah", **{"x-forwarded-for": address()})
            assert r.status_code == 400
        r = await try_login(c, user.username, user.password, **{"x-forwarded-for": address()})
        assert r.status_code == 429
    monkeypatch.setattr(app.state, "config", replace(app.state.config, trusted_proxies=(f"{peer}/32",)))
    behind = address()
    async with client_from(app, peer) as proxy:  # now the proxy's word is taken: the client behind it counts
        spoofed = address()
        r = await try_login(proxy, "tidak.ada.x", "salah", **{"x-forwarded-for": f"{spoofed}, {behind}"})
        assert r.status_code == 400
    keys = {r["key"] for r in await throttle.current() if r["kind"] == "client"}
    assert behind in keys and spoofed not in keys


def test_trusted_proxies_are_read_as_networks_and_a_typo_stops_start_up():
    assert load_config(trusted_proxies="10.0.0.0/8, 127.0.0.1").trusted_proxies == ("10.0.0.0/8", "127.0.0.1/32")
    assert load_config().trusted_proxies == ()
    with pytest.raises(ValueError, match="BALAI_TRUSTED_PROXIES"):
        load_config(trusted_proxies="10.0.0.300")


@pytest.mark.parametrize("proxies, expected", [((), {"proxy_headers": False}),
                                               (("10.0.0.1/32",), {"proxy_headers": True,
                                                                   "forwarded_allow_ips": "10.0.0.1/32"})])
def test_balai_serve_gives_uvicorn_only_the_configured_proxies(monkeypatch, proxies, expected):
    import argparse
    import types

    import uvicorn

    from balai import cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    monkeypatch.setattr(cli.context, "current",
                        lambda: types.SimpleNamespace(config=replace(load_config(), trusted_proxies=proxies)))
    cli.cmd_serve(argparse.Namespace(no_migrate=True, demo=False, workers=2, host="127.0.0.1", port=8000))
    assert {k: seen.get(k) for k in expected} == expected


async def test_the_administrator_sees_and_clears_throttles(login, app, make_user):
    user = await make_user()
    ip = address()
    await throttle.failed("login", client=ip, account=user.username)
    admin = await login("admin")
    page = await admin.get("/admin/throttles")
    assert page.status_code == 200 and ip in page.text and user.username in page.text
    row = await Throttle.select().where(Throttle.bucket == f"login|client|{ip}").first()
    r = await admin.post("/admin/throttles/clear", data={"id": str(row["id"]), "_csrf_token": csrf_from(page.text)},
                         follow_redirects=False)
    assert r.status_code == 303
    assert not await Throttle.exists().where(Throttle.id == row["id"])
    assert await Throttle.exists().where(Throttle.bucket == f"login|account|{user.username}")
    entry = await AuditEntry.select().where(AuditEntry.action == "throttle.clear").order_by(
        AuditEntry.id, ascending=False).first()
    assert entry["actor_name"] == "admin" and f"login client {ip}" in json.loads(entry["detail"])["buckets"]
    r = await admin.post("/admin/throttles/clear", data={"_csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and await Throttle.count() == 0
    assert (await admin.post("/admin/throttles/clear", data={"id": "abc", "_csrf_token": csrf_from(page.text)},
                             follow_redirects=False)).status_code == 303
    staff = await login(await make_user())
    assert (await staff.get("/admin/throttles")).status_code == 403


async def test_a_limit_counts_uses_per_client_and_in_total_and_opens_again_when_its_window_ends(app):
    purpose = f"uji.batas.{secrets.token_hex(3)}"
    per_client, total = throttle.Limit(count=2, per=3600), throttle.Limit(count=3, per=600)
    first, second = address(), address()
    assert [await throttle.spend(purpose, first, per_client, total) for _ in range(2)] == [0, 0]
    wait = await throttle.spend(purpose, first, per_client, total)
    assert 3590 <= wait <= 3600  # the client's window: an hour from its first use
    assert await throttle.spend(purpose, second, per_client, total) == 0  # the third use of everyone
    assert 590 <= await throttle.spend(purpose, second, per_client, total) <= 600  # the total is full
    with pytest.raises(Exception) as refused:
        await throttle.refuse_over_limit(purpose, address(), per_client, total)
    assert refused.value.status_code == 429 and int(refused.value.headers["Retry-After"]) <= 600
    rows = {(r["kind"], r["key"]): r["failures"] for r in await throttle.current() if r["purpose"] == purpose}
    assert rows[("limit", first)] == 2 and rows[("total", "*")] == 3
    await Throttle.update({Throttle.first_at: throttle.now() - timedelta(seconds=3601)}).where(
        Throttle.purpose == purpose)
    assert await throttle.spend(purpose, first, per_client, total) == 0  # both windows are over
