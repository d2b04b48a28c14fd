"""The organisation as this plugin needs it: units a visitor may ask for, and who serves them."""

from __future__ import annotations

from balai.api import _, notify, org_units, role_holders, unit_heads

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


PETUGAS = "petugas_layanan"


async def petugas_untuk(unit_id: int) -> list[int]:
    """Who receives a visitor of ``unit_id``: the unit's own Petugas Layanan (or one whose scope
    covers it); where the unit has none, the front desk, that is every Petugas Layanan of the Dinas."""
    return await role_holders(PETUGAS, unit_id) or await role_holders(PETUGAS, None)


async def unit_tanpa_petugas() -> set[int]:
    """The visited units with no Petugas Layanan of their own: the front desk serves their visitors."""
    return {u for u in await unit_tujuan() if not await role_holders(PETUGAS, u)}


async def unit_antrian(user) -> set[int] | None:
    """The units whose queue ``user`` serves (None: all, for an administrator): those of their role,
    and, for the front desk, the units without a Petugas Layanan of their own."""
    units = user.units_for("layanan.serve")
    if units is None:
        return None
    return set(units) | (await unit_tanpa_petugas() if units else set())


async def beri_tahu_petugas(kunjungan: dict) -> list[int]:
    """Tell whoever receives the visited unit's visitors (``petugas_untuk``) and the unit's head that
    a visitor has arrived; the ids told (the kiosk says so only when someone was)."""
    ids = sorted(set(await petugas_untuk(kunjungan["unit_id"])) | set(await unit_heads(kunjungan["unit_id"])))
    pesan = _("Tamu datang: %(nama)s (%(instansi)s) untuk %(unit)s — %(nomor)s",
              nama=kunjungan["nama"], instansi=kunjungan["instansi"] or "-", unit=kunjungan["unit_nama"],
              nomor=kunjungan["nomor"])
    return await notify(ids, pesan, "/layanan/antrian", key=f"layanan.datang.{kunjungan['id']}")
