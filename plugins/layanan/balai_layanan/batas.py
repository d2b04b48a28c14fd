"""Rate limits for the public forms, counted in the database so every worker sees the same count."""

from __future__ import annotations

from datetime import timedelta

from balai_layanan.tables import Batas
from balai_layanan.waktu import sekarang

# kind -> (submissions allowed, per seconds)
ATURAN = {
    "etamu": (10, 3600),
    "survei": (20, 600),
}


async def lewat_batas(jenis: str, ip: str) -> bool:
    """Count this submission; True when the client has gone over its allowance."""
    jumlah, detik = ATURAN[jenis]
    kunci = f"{jenis}:{ip}"[:100]
    kini = sekarang()
    await Batas.delete().where(Batas.at < kini - timedelta(seconds=detik * 2))
    sudah = await Batas.count().where((Batas.kunci == kunci) & (Batas.at > kini - timedelta(seconds=detik)))
    if sudah >= jumlah:
        return True
    await Batas.insert(Batas(kunci=kunci, at=kini))
    return False


async def kosongkan() -> None:
    """Forget every count (used by the tests and by administrators after a false alarm)."""
    await Batas.delete(force=True)
