"""Helpers for the submissions tests: a citizen's browser at some address, sending a public form."""

from __future__ import annotations

import re
import secrets

import httpx

from balai.submissions import abuse
from balai.testing import csrf_from
from tests.documents_support import pdf_bytes

FORM = "ujisop.aduan"
FIELDS = {"nama": "Siti Aminah", "perihal": "Antrean loket terlalu lama", "uraian": "Saya menunggu tiga jam.",
          "kategori": "layanan", "telepon": "0812 3456 7890"}


def address() -> str:
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def citizen(app, ip: str | None = None, **headers) -> httpx.AsyncClient:
    """A browser at address ``ip`` (a fresh one by default): its own cookies, its own throttle."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip or address(), 50000)),
                             base_url="http://testserver.local", headers=headers)


def stamp_from(html: str) -> str:
    match = re.search(r'name="stamp" value="([^"]+)"', html)
    assert match, "no stamp on the form"
    return match.group(1)


def code_from(html: str) -> str:
    match = re.search(r'data-testid="tracking-code"[^>]*>([0-9A-Z-]{19})<', html)
    assert match, "no tracking code on the page"
    return match.group(1)


async def send(c, fields: dict | None = None, files: dict | None = None, *, form: str = FORM, solve: bool = True,
               stamp: str | None = None, email: str = "", extra: dict | None = None, path: str | None = None):
    """Fetch the form, then send it: ``files`` maps a document field to (name, bytes); by default a
    PDF for the required ``bukti``. ``solve`` adds the proof of work the page's script finds."""
    path = path or f"/forms/{form}"
    page = await c.get(path)
    assert page.status_code == 200, page.text[:300]
    stamp = stamp or stamp_from(page.text)
    data = {"_csrf_token": csrf_from(page.text), "stamp": stamp, "nonce": abuse.solve(stamp) if solve else "",
            "email": email, **(FIELDS if fields is None else fields), **(extra or {})}
    chosen = {"bukti": ("bukti.pdf", pdf_bytes("Bukti aduan"))} if files is None else files
    uploads = [(name, (filename, content, "application/octet-stream")) for name, (filename, content) in chosen.items()]
    # A browser sends the form as multipart even without a file; a part without a filename is a field.
    return await c.post(path, data=data, files=uploads or [("_", (None, ""))])


async def track(c, code: str):
    page = await c.get("/track")
    return await c.post("/track", data={"_csrf_token": csrf_from(page.text), "code": code})
