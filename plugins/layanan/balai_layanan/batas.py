"""Rate limits of layanan's public forms, kept by the core's throttle (balai.api.throttle).

Each form has an allowance per client and one for everyone together, so a crowd of addresses
cannot flood the front desk either; every worker sees the same counts (they are rows of
core_throttle), and an administrator sees and clears them at /admin/throttles.
"""

from __future__ import annotations

from types import MappingProxyType

from balai.api import throttle

# form -> (per client, everyone together)
ATURAN = MappingProxyType({
    "etamu": (throttle.Limit(count=10, per=3600), throttle.Limit(count=400, per=3600)),
    "survei": (throttle.Limit(count=20, per=600), throttle.Limit(count=1000, per=600)),
})


def _tujuan(jenis: str) -> str:
    return f"layanan.{jenis}"


async def lewat_batas(jenis: str, ip: str) -> bool:
    """Count this submission; True when the client, or everyone together, has gone over the allowance."""
    per_client, total = ATURAN[jenis]
    return bool(await throttle.spend(_tujuan(jenis), ip, per_client, total))


async def kosongkan() -> None:
    """Forget every count of these forms (the tests; administrators use /admin/throttles)."""
    await throttle.forget([_tujuan(j) for j in ATURAN])
