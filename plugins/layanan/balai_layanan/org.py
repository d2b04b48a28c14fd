"""The organisation as this plugin needs it: units a visitor may ask for, and who serves them."""

from __future__ import annotations

from balai.api import _, notify, org_units, role_holders

# Visitors choose among these; a Seksi is reached through its Bidang.
JENIS_TUJUAN = ("dinas", "sekretariat", "subbag", "bidang", "uptd")
JENIS_PEMBERI_LAYANAN = ("sekretariat", "subbag", "bidang", "uptd")


async def unit_tujuan() -> dict[int, str]:
    return {u["id"]: u["name"] for u in await org_units() if u["kind"] in JENIS_TUJUAN}


async def unit_pemberi_layanan(user=None, permission: str | None = None) -> dict[int, str]:
    """Units that give services; with a user, only those within the user's scope for ``permission``."""
    allowed = user.units_for(permission) if user is not None and permission else None
    return {u["id"]: u["name"] for u in await org_units()
            if u["kind"] in JENIS_PEMBERI_LAYANAN and (allowed is None or u["id"] in allowed)}


async def beri_tahu_petugas(kunjungan: dict) -> list[int]:
    """Tell the Petugas Layanan of the visited unit that a visitor has arrived."""
    ids = await role_holders("petugas_layanan", kunjungan["unit_id"])
    pesan = _("Tamu datang: %(nama)s (%(instansi)s) untuk %(unit)s — %(nomor)s",
              nama=kunjungan["nama"], instansi=kunjungan["instansi"] or "-", unit=kunjungan["unit_nama"],
              nomor=kunjungan["nomor"])
    return await notify(ids, pesan, "/layanan/antrian", key=f"layanan.datang.{kunjungan['id']}")
