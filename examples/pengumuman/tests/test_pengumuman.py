"""The example plugin, installed like any outside package (bin/test: pip install ./examples/pengumuman)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import balai_pengumuman

from balai.testing import csrf_from

PACKAGE = Path(balai_pengumuman.__file__).parent
HTMX = {"hx-request": "true"}


def test_installed_as_a_package_with_its_data_files():
    assert "site-packages" in str(PACKAGE), f"expected a regular install, found {PACKAGE}"
    for part in ("templates/pengumuman/index.html", "templates/pengumuman/widget.html", "static/pengumuman.css",
                 "locale/en/LC_MESSAGES/pengumuman.po"):
        assert (PACKAGE / part).is_file(), part
    assert list((PACKAGE / "migrations").glob("pengumuman_*.py"))


def test_imports_only_the_public_api():
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name == "balai" or name.startswith("balai."):
                    assert name == "balai.api", f"{source.name} imports {name}"


async def test_everyone_signed_in_reads_announcements_but_cannot_publish(login):
    c = await login("demo.staf")
    page = await c.get("/pengumuman/")
    assert page.status_code == 200
    assert "Apel pagi hari Senin" in page.text  # demo data
    assert 'href="/pengumuman/"' in page.text  # the menu entry
    assert 'name="title"' not in page.text
    refused = await c.post("/pengumuman/", data={"title": "x", "body": "y", "_csrf_token": csrf_from(page.text)})
    assert refused.status_code == 403


async def test_anonymous_is_sent_to_login(client, demo):
    r = await client.get("/pengumuman/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert (await client.get("/api/pengumuman/")).status_code == 401


async def test_publisher_publishes_through_the_plain_form(login):
    c = await login("demo.humas-pengumuman")
    page = await c.get("/pengumuman/")
    assert 'name="title"' in page.text
    r = await c.post("/pengumuman/", data={"title": "Rapat koordinasi", "body": "Kamis pukul 09.00.",
                                           "_csrf_token": csrf_from(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/pengumuman/"
    page = await c.get("/pengumuman/")
    assert "Rapat koordinasi" in page.text
    assert "Pengumuman diterbitkan." in page.text


async def test_invalid_form_keeps_input_and_says_why(login):
    c = await login("demo.humas-pengumuman")
    page = await c.get("/pengumuman/")
    r = await c.post("/pengumuman/", data={"title": "", "body": "Isi tanpa judul", "_csrf_token": csrf_from(page.text)})
    assert r.status_code == 400
    assert "Judul wajib diisi." in r.text
    assert "Isi tanpa judul" in r.text
    assert "<html" in r.text


async def test_htmx_publish_swaps_the_board_fragment(login):
    c = await login("demo.humas-pengumuman")
    r = await c.post("/pengumuman/", data={"title": "Donor darah", "body": "Di aula, Jumat."}, headers=HTMX)
    assert r.status_code == 200
    assert "<html" not in r.text
    assert 'id="papan-pengumuman"' in r.text and "Donor darah" in r.text
    bad = await c.post("/pengumuman/", data={"title": "Judul", "body": ""}, headers=HTMX)
    assert bad.status_code == 400
    assert "Isi pengumuman wajib diisi." in bad.text and "<html" not in bad.text


async def test_api_lists_and_publishes(login):
    staf = await login("demo.staf")
    listed = (await staf.get("/api/pengumuman/")).json()
    assert any(a["title"] == "Apel pagi hari Senin" and a["pinned"] for a in listed)
    assert (await staf.post("/api/pengumuman/", json={"title": "x", "body": "y"})).status_code == 403

    humas = await login("demo.humas-pengumuman")
    r = await humas.post("/api/pengumuman/", json={"title": "Lewat API", "body": "Dari aplikasi lain."})
    assert r.status_code == 201
    assert r.json()["title"] == "Lewat API" and r.json()["author_name"]
    bad = await humas.post("/api/pengumuman/", json={"title": " ", "body": "isi"})
    assert bad.status_code == 400
    assert "Judul wajib diisi." in bad.json()["detail"]


async def test_dashboard_shows_latest_announcements(login):
    c = await login("demo.staf")
    page = await c.get("/")
    assert "Pengumuman terbaru" in page.text
    assert "Apel pagi hari Senin" in page.text


async def test_static_file_is_served(client):
    r = await client.get("/static/pengumuman/pengumuman.css")
    assert r.status_code == 200 and "pengumuman-body" in r.text


async def test_english_interface_uses_the_plugins_catalogue(login):
    c = await login("demo.staf")
    c.cookies.set("balai_locale", "en")
    page = await c.get("/pengumuman/")
    assert "Announcements" in page.text
    assert "Latest announcements" in (await c.get("/")).text


async def test_cli_lists_announcements(demo):
    out = subprocess.run([sys.executable, "-m", "balai.cli", "pengumuman-list", "--limit", "5"],
                         env=dict(os.environ), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Apel pagi hari Senin" in out.stdout
