"""The kiosk (Anjungan Tamu): a tablet signed in by staff, holding its own key in a cookie.

The key works only in the browser that received it (the user agent is bound to it) and only until
the end of its validity or until staff lock the kiosk; visitors never get a staff session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from balai_layanan.tables import Anjungan
from balai_layanan.waktu import sekarang

COOKIE = "balai_anjungan"
BERLAKU_JAM = 12


def _hash(teks: str) -> str:
    return hashlib.sha256(teks.encode()).hexdigest()


async def buka(user, nama: str, user_agent: str) -> str:
    """Sign a kiosk in; returns the key for the device's cookie."""
    kunci = secrets.token_urlsafe(32)
    kini = sekarang()
    await Anjungan.insert(Anjungan(
        kunci_hash=_hash(kunci), perangkat_hash=_hash(user_agent or ""), nama=nama[:80],
        dibuka_oleh=user.id, dibuka_nama=user.full_name, dibuka_at=kini,
        berlaku_sampai=kini + timedelta(hours=BERLAKU_JAM),
    ))
    return kunci


async def sah(kunci: str | None, user_agent: str) -> dict | None:
    """The open kiosk this key belongs to, or None."""
    if not kunci:
        return None
    row = await Anjungan.select().where(Anjungan.kunci_hash == _hash(kunci)).first()
    if row is None or row["ditutup_at"] is not None or row["berlaku_sampai"] <= sekarang():
        return None
    if row["perangkat_hash"] != _hash(user_agent or ""):
        return None
    return row


async def tutup(kunci: str | None) -> None:
    if kunci:
        await Anjungan.update({Anjungan.ditutup_at: sekarang()}).where(Anjungan.kunci_hash == _hash(kunci))


async def terbuka() -> list[dict]:
    """The kiosks open now, newest first (for staff to see and lock)."""
    return await Anjungan.select(Anjungan.id, Anjungan.nama, Anjungan.dibuka_nama, Anjungan.dibuka_at,
                                 Anjungan.berlaku_sampai, Anjungan.kunci_hash).where(
        Anjungan.ditutup_at.is_null() & (Anjungan.berlaku_sampai > sekarang())).order_by(Anjungan.id, ascending=False)


async def tutup_id(anjungan_id: int) -> bool:
    """Lock one kiosk by its row (staff, from any device); False when it was not open."""
    rows = await Anjungan.update({Anjungan.ditutup_at: sekarang()}).where(
        (Anjungan.id == anjungan_id) & Anjungan.ditutup_at.is_null()).returning(Anjungan.id)
    return bool(rows)


def milik(kunci: str | None) -> str:
    """The stored hash of a device's key ("" without one): which open kiosk is this device."""
    return _hash(kunci) if kunci else ""
