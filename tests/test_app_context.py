"""One application context: two apps with different configurations live side by side in one process.

Each request sees its own app's plugins, SOPs, document storage, time zone, working calendar and
language; building or serving the second app changes nothing of the first (nor of the session's).
"""

from __future__ import annotations

import types
from dataclasses import replace
from datetime import date

from litestar import get

from balai import context
from balai.api import hookimpl
from balai.plugins import load_host
from balai.testing import make_client
from balai.web.app import create_app


@get("/", opt={"public": True})
async def probe() -> dict:
    """What the core's services answer inside this request."""
    from balai import i18n
    from balai.calendar import service as calendar
    from balai.documents import service as documents
    from balai.workflow import engine
    from balai_layanan.waktu import awal_hari

    return {
        "agency": context.current().config.agency_name,
        "sops": sorted(engine.sops()),
        "storage": str(documents.storage().root),
        "zone": i18n.agency_tz().key,
        "calendar_zone": calendar.current().tz.key,
        "layanan_day_starts": awal_hari(date(2026, 1, 1)).isoformat(),
        "locale": i18n.get_locale(),
        "sign_in": i18n._("Masuk ke Balai"),
    }


def probe_plugin():
    module = types.ModuleType("fake_probe")
    module.page_routes = hookimpl(lambda: [probe])
    module.page_routes.__name__ = "page_routes"
    return module


def app_for(config):
    host = load_host(config.plugins)
    host.pm.register(probe_plugin(), name="probe")  # before create_app: routes are mounted at construction
    return create_app(config, host)


async def test_two_apps_with_different_configurations_serve_side_by_side(app, tmp_path):
    session = app.state.balai
    everything = tuple(p.meta.name for p in session.host.enabled)
    first = app_for(replace(session.config, agency_name="Dinas Satu", plugins=everything, timezone="Asia/Jayapura",
                            storage_url=f"file://{tmp_path / 'satu'}", default_locale="id"))
    second = app_for(replace(session.config, agency_name="Dinas Dua",
                             plugins=tuple(p for p in everything if p != "layanan"), timezone="Asia/Jakarta",
                             storage_url=f"file://{tmp_path / 'dua'}", default_locale="en"))
    assert context.current() is session  # building them made neither current

    async with make_client(first) as one, make_client(second) as two:
        for _round in range(2):  # interleaved: neither app's requests leave anything for the other's
            a, b = (await one.get("/probe/")).json(), (await two.get("/probe/")).json()
            assert a["agency"] == "Dinas Satu" and b["agency"] == "Dinas Dua"
            assert {"layanan.skm", "layanan.satu_pintu", "persuratan.surat_masuk"} <= set(a["sops"])
            assert not any(code.startswith("layanan.") for code in b["sops"]) and "persuratan.surat_masuk" in b["sops"]
            assert a["storage"] == str(tmp_path / "satu") and b["storage"] == str(tmp_path / "dua")
            assert (a["zone"], a["calendar_zone"]) == ("Asia/Jayapura", "Asia/Jayapura")
            assert (b["zone"], b["calendar_zone"]) == ("Asia/Jakarta", "Asia/Jakarta")
            # The plugin's own clock follows its app's zone: 1 January begins at 15:00 / 17:00 UTC.
            assert a["layanan_day_starts"] == "2025-12-31T15:00:00+00:00"
            assert b["layanan_day_starts"] == "2025-12-31T17:00:00+00:00"
            assert (a["locale"], a["sign_in"]) == ("id", "Masuk ke Balai")
            assert (b["locale"], b["sign_in"]) == ("en", "Sign in to Balai")

        # The disabled plugin's pages and API are gone in the second app only.
        assert (await one.get("/layanan/etamu")).status_code == 200
        assert (await two.get("/layanan/etamu")).status_code == 404
        assert (await one.get("/api/layanan/ikm")).status_code == 200
        assert (await two.get("/api/layanan/ikm")).status_code == 404
        # Each app's default language, on a real page and on the error page of a path no route matches.
        assert "Masuk ke Balai" in (await one.get("/login")).text
        assert "Sign in to Balai" in (await two.get("/login")).text
        assert "Halaman yang Anda cari tidak ditemukan." in (await one.get("/tidak-ada")).text
        assert "The page you are looking for was not found." in (await two.get("/tidak-ada")).text

    # The session's app is untouched: its context is current, with its own settings.
    assert context.current() is session
    assert session.config.agency_name not in ("Dinas Satu", "Dinas Dua")
    assert "layanan.skm" in session.sops
    # Both apps share the session's database engine (one engine per table class in a process).
    assert first.state.balai.engine is second.state.balai.engine is session.engine
