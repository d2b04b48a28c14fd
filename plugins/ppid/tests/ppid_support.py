"""Helpers for the PPID tests: a requester's browser sending the public form, and the tracking page."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from balai.testing import csrf_from

FORM = "/forms/ppid.permohonan"
WITA = ZoneInfo("Asia/Makassar")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
# A one-page PDF with a line of text (the leak check reads it: a PDF without text is flagged).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R>>endobj\n"
       b"4 0 obj<</Length 47>>stream\nBT /F1 12 Tf 10 50 Td (Data IKM rotan 2025) Tj ET\nendstream\nendobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
ISIAN = {"jenis_pemohon": "perorangan", "nama": "Rahmawati Said", "nik": "6472015708900003",
         "alamat": "Jl. Juanda No. 7, Samarinda", "telepon": "0812 5512 3344", "pekerjaan": "Peneliti",
         "rincian": "Data jumlah IKM pengolahan rotan per kabupaten tahun 2025",
         "tujuan": "Bahan penelitian skripsi", "cara_memperoleh": "salinan", "cara_mendapat": "unduh"}


def wita(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=WITA)


def pemohon(app) -> httpx.AsyncClient:
    """A requester's browser at an address of its own (its own throttle and cookies)."""
    ip = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 50000)),
                             base_url="http://testserver.local")


def code_from(html: str) -> str:
    match = re.search(r'data-testid="tracking-code"[^>]*>([0-9A-Z-]{19})<', html)
    assert match, "no tracking code on the page"
    return match.group(1)


def reference_from(html: str) -> str:
    return re.search(r'data-testid="reference">([^<]+)<', html).group(1)


async def ajukan(c, fields: dict | None = None, ktp=("ktp.png", PNG, "image/png")):
    page = await c.get(FORM)
    assert page.status_code == 200, page.text[:300]
    stamp = re.search(r'name="stamp" value="([^"]+)"', page.text).group(1)
    data = {"_csrf_token": csrf_from(page.text), "stamp": stamp, "nonce": "", "email": "",
            **(ISIAN if fields is None else fields)}
    files = [("ktp", ktp)] if ktp else [("_", (None, ""))]
    return await c.post(FORM, data=data, files=files)


async def lacak(c, code: str):
    page = await c.get("/track")
    return await c.post("/track", data={"_csrf_token": csrf_from(page.text), "code": code})
