"""Fixtures of the layanan tests (the shared ones come from balai.testing)."""

from __future__ import annotations

import itertools
import re
import secrets
import sys
from datetime import timedelta

import pytest

from balai.testing import csrf_from

_n = itertools.count(1)


@pytest.fixture(autouse=True)
async def _tanpa_batas(app):
    """Every test starts with empty rate-limit counters (all test clients share one IP)."""
    from balai_layanan import batas

    await batas.kosongkan()
    yield


@pytest.fixture
def pegawai(make_user):
    """``await pegawai(("petugas_layanan", "industri"), ...)`` -> (CurrentUser, username); password demo-pass."""

    async def make(*roles: tuple[str, str]):
        user = await make_user(roles=roles, username=f"layanan{next(_n)}.{secrets.token_hex(3)}")
        return await user.current(), user.username

    return make


@pytest.fixture
def bantu():
    """The helpers below, for test modules (which cannot import each other under importlib mode)."""
    return sys.modules[__name__]

# --- helpers ---------------------------------------------------------------------------------

KIOSK_UA = "Tablet-Anjungan/1.0"


def hari_ini():
    from balai.api import today

    return today()


def hari_kerja_berikut():
    """The first working day after today: e-tamu takes no visits on weekends and holidays."""
    from balai.api import calendar

    return calendar.next_working_day(hari_ini())


async def jadikan_hari_ini(nomor: str) -> None:
    """The day of a registered visit has come (today may itself be a holiday when the suite runs)."""
    from balai_layanan.tables import Kunjungan

    await Kunjungan.update({Kunjungan.tanggal: hari_ini()}).where(Kunjungan.nomor == nomor)


async def daftar_hari_ini(client, unit, **over) -> str:
    """A visitor registered on e-tamu for a working day that is now today: their number."""
    nomor = nomor_dari((await daftar_etamu(client, unit, **over)).text)
    await jadikan_hari_ini(nomor)
    return nomor


def data_tamu(unit, **over) -> dict:
    data = {"nama": "Rina Wulandari", "nomor_identitas": "6472011234567890", "instansi": "CV Amplang Samarinda",
            "telepon": "0812 3456 7890", "keperluan": "Konsultasi sertifikasi halal", "unit_id": str(unit),
            "tanggal": hari_kerja_berikut().isoformat()}
    data.update(over)
    return data


async def daftar_etamu(client, unit, **over):
    page = await client.get("/layanan/etamu")
    return await client.post("/layanan/etamu", data={**data_tamu(unit, **over), "_csrf_token": csrf_from(page.text)})


def nomor_dari(html: str) -> str:
    m = re.search(r'data-testid="nomor-registrasi">(TM\d{6}-[A-Z0-9]{4})<', html)
    assert m, "no registration number on the page"
    return m.group(1)


async def buka_anjungan(app, login_client):
    """A kiosk client: the staff member unlocks it, then it carries only the kiosk cookie."""
    import httpx

    page = await login_client.get("/layanan/anjungan/buka", headers={"user-agent": KIOSK_UA})
    r = await login_client.post("/layanan/anjungan/buka", data={"nama": "Lobi", "_csrf_token": csrf_from(page.text)},
                                headers={"user-agent": KIOSK_UA}, follow_redirects=False)
    assert r.status_code == 303, r.text
    kunci = r.cookies.get("balai_anjungan")
    assert kunci
    kiosk = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local",
                              headers={"user-agent": KIOSK_UA})
    kiosk.cookies.set("balai_anjungan", kunci, path="/layanan/anjungan")
    return kiosk, r


async def kiosk_post(kiosk, path: str, data: dict):
    page = await kiosk.get("/layanan/anjungan")
    return await kiosk.post(path, data={**data, "_csrf_token": csrf_from(page.text)})
