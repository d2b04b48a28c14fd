"""Helpers shared by the persuratan tests, as fixtures (the core's fixtures come from balai.testing)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from balai.api import today as agency_today

from balai.testing import csrf_from

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def isian(**over) -> dict:
    today = agency_today()
    data = {"pengirim": "Dinas Perdagangan Kabupaten Kutai Kartanegara", "nomor_surat": "500/12/DAG",
            "tanggal_surat": (today - timedelta(days=2)).isoformat(), "tanggal_terima": today.isoformat(),
            "perihal": "Permohonan narasumber pelatihan", "sifat": "biasa", "urgensi": "biasa",
            "klasifikasi": "000.1.4", "lampiran": "1", "catatan": ""}
    data.update(over)
    return data


async def daftar(c, data: dict, files=None):
    page = await c.get("/persuratan/masuk/baru")
    assert page.status_code == 200
    body = {**data, "_csrf_token": csrf_from(page.text)}
    if files is None:
        files = [("scan", ("surat.pdf", PDF, "application/pdf"))]
    # A browser sends an empty file part when no file was chosen.
    files = files or [("scan", ("", b"", "application/octet-stream"))]
    return await c.post("/persuratan/masuk/baru", data=body, files=files, follow_redirects=False)


@pytest.fixture
def form():
    return isian


@pytest.fixture
def register():
    return daftar
