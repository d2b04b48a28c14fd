"""The core's machinery answers in English (issue 9, "Names"); its old Indonesian addresses redirect.

Bookmarks and links already sent (a notification's link, a printed SOP sheet's address) keep
working: a GET gets 301 and a form posted to the old address gets 308, so the browser posts the
same form to the new one. The query string travels along.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from litestar.routes import HTTPRoute

from balai.testing.support import csrf_from
from balai.web.render import safe_next

CORE = Path(__file__).resolve().parents[1] / "core" / "balai"
REPO = CORE.parents[1]

MOVED_PAGES = [  # old address, new address
    ("/bahasa", "/language"),
    ("/notifikasi", "/notifications"),
    ("/notifikasi/jumlah", "/notifications/count"),
    ("/notifikasi/7/baca", "/notifications/7/read"),
    ("/notifikasi/baca-semua", "/notifications/read-all"),
    ("/delegasi", "/delegations"),
    ("/delegasi/3/batal", "/delegations/3/cancel"),
    ("/admin/kalender", "/admin/calendar"),
    ("/admin/kalender/libur", "/admin/calendar/holidays"),
    ("/admin/kalender/libur/hapus", "/admin/calendar/holidays/delete"),
    ("/admin/kalender/pengaturan", "/admin/calendar/settings"),
    ("/sop/uji.surat_keluar/lembar", "/sop/uji.surat_keluar/sheet"),
    ("/sop/uji.surat_keluar/lembar.pdf", "/sop/uji.surat_keluar/sheet.pdf"),
    ("/sop/uji.surat_keluar/evaluasi", "/sop/uji.surat_keluar/evaluation"),
]

# Indonesian words the core's machinery used in its addresses before the rename.
OLD_WORDS = {"bahasa", "notifikasi", "jumlah", "baca", "semua", "delegasi", "batal", "kalender", "libur", "hapus",
             "pengaturan", "lembar", "evaluasi", "tugas", "kasus", "kotak", "masuk", "dokumen", "unggah", "unduh"}


@pytest.mark.parametrize(("old", "new"), MOVED_PAGES)
async def test_an_old_address_redirects_permanently_with_its_query(client, old, new):
    got = await client.get(f"{old}?tahun=2027&next=/inbox", follow_redirects=False)
    assert got.status_code == 301
    assert got.headers["location"] == f"{new}?tahun=2027&next=/inbox"

    # A form posted to the old address is posted again, unchanged, to the new one (308, not 303).
    token = csrf_from((await client.get("/login")).text)
    posted = await client.post(f"{old}?tahun=2027", data={"locale": "en", "_csrf_token": token},
                               follow_redirects=False)
    assert posted.status_code == 308
    assert posted.headers["location"] == f"{new}?tahun=2027"


async def test_a_bookmarked_old_page_still_opens(login):
    c = await login("admin")
    page = await c.get("/admin/kalender?tahun=2026", follow_redirects=True)
    assert page.status_code == 200
    assert str(page.url).endswith("/admin/calendar?tahun=2026")
    assert 'action="/admin/calendar/holidays"' in page.text


def _core_routes(app):
    for route in app.routes:
        handlers = route.route_handlers if isinstance(route, HTTPRoute) else [route.route_handler]
        for handler in handlers:
            module = getattr(handler.fn, "__module__", "")
            if module.startswith("balai.") and module != "balai.web.moved":
                yield route.path


async def test_no_core_route_speaks_the_old_indonesian_machinery_words(app):
    paths = set(_core_routes(app))
    assert "/notifications" in paths and "/inbox" in paths  # the walk does see the core's pages
    spoken = {path for path in paths for word in re.split(r"[/{}:._-]+", path) if word in OLD_WORDS}
    assert spoken == set()


def test_no_core_template_file_has_an_indonesian_machinery_name():
    names = {p.stem for p in CORE.rglob("templates/**/*.html")}
    assert not names & OLD_WORDS, names & OLD_WORDS


def test_forms_bodies_use_litestars_documented_markers():
    """The plugin guide says ``URLEncodedBody[dict]``; the core and the bundled plugins do as it says."""
    sources = [*CORE.rglob("*.py"), *REPO.glob("plugins/*/balai_*/**/*.py"), *REPO.glob("examples/*/balai_*/**/*.py")]
    offenders = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Body" \
                    and any(k.arg == "media_type" for k in node.keywords):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize(("target", "expected"), [
    ("/inbox?page=2", "/inbox?page=2"),
    ("/", "/"),
    ("//evil.example/login", "/home"),
    ("/\\evil.example", "/home"),
    ("https://evil.example/", "/home"),
    ("javascript:alert(1)", "/home"),
    ("", "/home"),
    (None, "/home"),
    (["/inbox"], "/home"),
])
def test_safe_next_keeps_only_paths_on_this_site(target, expected):
    assert safe_next(target, "/home") == expected


async def test_login_refuses_to_send_the_user_to_another_site(client, demo):
    page = await client.get("/login?next=/\\evil.example")
    assert 'value="/"' in page.text and "evil.example" not in page.text
    answer = await client.post("/login", data={"username": "admin", "password": "demo-pass", "next": "//evil.example",
                                               "_csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
