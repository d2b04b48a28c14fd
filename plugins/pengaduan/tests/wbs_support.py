"""Helpers for the WBS tests: a reporter's browser at some address, sending the confidential form."""

from __future__ import annotations

import re

import httpx

from balai.testing import csrf_from

FORM = "/forms/pengaduan.wbs"
ALAMAT = "192.0.2.141"  # the reporter's address, used by no other test: it must be stored nowhere
AGEN = "PerambanPelapor/9.1 (uji)"
LAPORAN = {"apa": "Pemotongan honor narasumber Zamrudwati", "siapa": "Bendahara Kerapukan",
           "terlapor": "lain", "kapan": "Oktober 2026", "dimana": "Aula Gedung Sembilan",
           "bagaimana": "Kuitansi ditandatangani Rp7.250.000 tetapi diterima separuhnya", "cara": "anonim",
           "identitas": ""}
# Words of the report, the thread and the decision that must appear in no plaintext anywhere.
KATA = ("zamrudwati", "kerapukan", "gedung sembilan", "7.250.000", "rompi jingga", "mutasi bendahara",
        "pertanyaan kelabu")


def pelapor(app, ip: str = ALAMAT) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 50000)),
                             base_url="http://testserver.local",
                             headers={"user-agent": AGEN, "referer": "http://intranet.local/" + ip})


def stamp_from(html: str) -> str:
    return re.search(r'name="stamp" value="([^"]+)"', html).group(1)


def code_from(html: str) -> str:
    match = re.search(r'data-testid="tracking-code"[^>]*>([0-9A-Z-]{19})<', html)
    assert match, "no tracking code on the page"
    return match.group(1)


async def kirim(c, fields: dict | None = None, files: list | None = None):
    page = await c.get(FORM)
    assert page.status_code == 200, page.text[:300]
    data = {"_csrf_token": csrf_from(page.text), "stamp": stamp_from(page.text), "nonce": "", "email": "",
            **(LAPORAN if fields is None else fields)}
    return await c.post(FORM, data=data, files=files or [("_", (None, ""))])


async def lacak(c, code: str):
    page = await c.get("/track")
    return await c.post("/track", data={"_csrf_token": csrf_from(page.text), "code": code})


def bocor(text) -> list[str]:
    text = str(text).lower()
    return [w for w in KATA if w in text]
