"""Who may read the documents this plugin attaches to its letters (the can_access_document hook)."""

from __future__ import annotations

from balai_persuratan import alur, keluar, masuk
from balai_persuratan.kamus import DOK_KELUAR, DOK_MASUK, DOK_TINDAK_LANJUT, DOK_TITIPAN
from balai_persuratan.tables import TindakLanjut

MINE = (DOK_MASUK, DOK_KELUAR, DOK_TINDAK_LANJUT, DOK_TITIPAN)


def dokumen(user, owner_type: str, owner_id: int, action: str):
    if owner_type not in MINE:
        return None
    # Uploads go through the letter's own forms, which check the step; the generic panel only reads.
    if action != "read":
        return False
    return _baca(user, owner_type, owner_id)


async def _baca(user, owner_type: str, owner_id: int) -> bool:
    if owner_type == DOK_TITIPAN:
        return owner_id == user.id
    if owner_type == DOK_TINDAK_LANJUT:
        row = await TindakLanjut.select(TindakLanjut.surat_masuk).where(TindakLanjut.id == owner_id).first()
        if row is None:
            return False
        owner_id = row["surat_masuk"]
        owner_type = DOK_MASUK
    if owner_type == DOK_MASUK:
        surat = await masuk.get(owner_id)
        return surat is not None and await alur.boleh_lihat_masuk(user, surat)
    surat = await keluar.get(owner_id)
    return surat is not None and await alur.boleh_lihat_keluar(user, surat)
