"""JSON API under /api/persuratan/: the Buku Agenda and one letter, for integrations."""

from __future__ import annotations

from datetime import date

from litestar import Request, get
from litestar.exceptions import NotFoundException

from balai.api import LOGIN, _, MaybeYear, Page, PathId, QueryText

from balai_persuratan import agenda, alur, keluar, masuk


def _plain(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}


@get("/masuk", opt={"permission": LOGIN}, summary="Buku agenda surat masuk")
async def daftar_masuk(
    request: Request, tahun: MaybeYear = None, q: QueryText = "", page: Page = 1,
) -> dict:
    rows, more = await agenda.cari_masuk(request.scope["user"], tahun=tahun, q=q, page=page)
    return {"surat": [_plain(r) for r in rows], "berikutnya": more}


@get("/masuk/{surat_id:int}", opt={"permission": LOGIN}, summary="Satu surat masuk")
async def satu_masuk(request: Request, surat_id: PathId) -> dict:
    surat = await masuk.get(surat_id)
    if surat is None or not await alur.boleh_lihat_masuk(request.scope["user"], surat):
        raise NotFoundException(_("Surat tidak ditemukan."))
    return {**_plain(surat), "disposisi": [_plain(e) for e in await alur.rantai_disposisi(surat)]}


@get("/keluar", opt={"permission": LOGIN}, summary="Buku agenda surat keluar")
async def daftar_keluar(
    request: Request, tahun: MaybeYear = None, q: QueryText = "", page: Page = 1,
) -> dict:
    rows, more = await agenda.cari_keluar(request.scope["user"], tahun=tahun, q=q, page=page)
    return {"surat": [_plain(r) for r in rows], "berikutnya": more}


@get("/keluar/{surat_id:int}", opt={"permission": LOGIN}, summary="Satu surat keluar dengan versinya")
async def satu_keluar(request: Request, surat_id: PathId) -> dict:
    surat = await keluar.get(surat_id)
    if surat is None or not await alur.boleh_lihat_keluar(request.scope["user"], surat):
        raise NotFoundException(_("Surat tidak ditemukan."))
    versions = [{"nomor": v["nomor"], "dibuat_nama": v["dibuat_nama"], "dibuat_pada": v["dibuat_pada"].isoformat(),
                 "teks": v["teks"]} for v in await keluar.versi(surat_id)]
    return {**_plain(surat), "versi": versions}


def routes() -> list:
    return [daftar_masuk, satu_masuk, daftar_keluar, satu_keluar]
