"""The dashboard panel: this year's letters and the letter tasks waiting for the user."""

from __future__ import annotations

from balai.api import today

from balai_persuratan import agenda


async def isi(user) -> dict:
    year = today().year
    masuk, _more = await agenda.cari_masuk(user, tahun=year, per_page=5)
    keluar, _more = await agenda.cari_keluar(user, tahun=year, per_page=5)
    return {"masuk": masuk, "keluar": keluar, "tahun": year,
            "can_register": user.can("persuratan.catat_masuk")}
