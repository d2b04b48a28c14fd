"""DIP pages: the register for the data officer, and the public page anyone may read without an account."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response, Stream

from balai.api import (
    DocumentError, MaybeQueryId, MaybeYear, MultipartForm, PathId, QueryText, _, list_documents, open_download,
    org_units, query_text, redirect, render, save_upload, today, write_transaction,
)

from balai_ppid import dip
from balai_ppid.dip import KELOLA

DOK_DIP = "ppid_informasi"  # owner type of an item's documents in the core store


def _pilihan(units: list[dict]) -> dict:
    return {
        "kategori": [(k, str(v)) for k, v in dip.KATEGORI.items()],
        "kategori_singkat": {k: str(v) for k, v in dip.KATEGORI_SINGKAT.items()},
        "bentuk": [(k, str(v)) for k, v in dip.BENTUK.items()],
        "pasal": [(k, str(v)) for k, v in dip.PASAL_17.items()],
        "units": [(str(u["id"]), u["name"]) for u in units],
    }


# -- the register (staff) ---------------------------------------------------------------------------

@get("/informasi", opt={"permission": KELOLA})
async def register(request: Request, q: QueryText = "", kategori: query_text(20) = "", unit: MaybeQueryId = None,
                   tahun: MaybeYear = None) -> Response:
    items = await dip.cari(q.strip(), kategori, unit, tahun, publik=False)
    units = await org_units()
    return render(request, "ppid/register.html", items=items, q=q, kategori_pilih=kategori, unit=unit, tahun=tahun,
                  **_pilihan(units))


async def _form(request, form, errors, item=None, status=200, documents=()):
    return render(request, "ppid/informasi_form.html", status_code=status, form=form, errors=errors, item=item,
                  documents=documents, **_pilihan(await org_units()))


@get("/informasi/baru", opt={"permission": KELOLA})
async def baru(request: Request) -> Response:
    return await _form(request, {"tahun": str(today().year), "kategori": "berkala", "bentuk": "elektronik"}, {})


@post("/informasi/baru", opt={"permission": KELOLA}, request_max_body_size=25 * 1024 * 1024)
async def simpan_baru(request: Request, data: MultipartForm) -> Response:
    user = request.scope["user"]
    form = dip.isian(data)
    values, errors = await dip.periksa(form)
    if errors:
        return await _form(request, form, errors, status=400)
    berkas = [f for f in data.getall("berkas") if hasattr(f, "read") and getattr(f, "filename", "")]
    try:
        async with write_transaction():
            informasi_id = await dip.simpan(values, user)
            for upload in berkas:
                await save_upload(upload, upload.filename, DOK_DIP, informasi_id, user, kind="ppid.dip")
    except DocumentError as exc:
        return await _form(request, form, {"berkas": exc.message}, status=400)
    return redirect(request, f"/ppid/informasi/{informasi_id}", _("Informasi %(nomor)s dicatat dalam DIP.",
                                                                  nomor=values["nomor"]))


async def _item(informasi_id: int) -> dict:
    item = await dip.ambil(informasi_id)
    if item is None:
        raise NotFoundException(_("Informasi tidak ditemukan."))
    return item


def _as_form(item: dict) -> dict:
    form = {k: ("" if item.get(k) is None else str(item[k])) for k in dip.KOLOM}
    form["terbit"] = "1" if item["terbit"] else ""
    return form


@get("/informasi/{informasi_id:int}", opt={"permission": KELOLA})
async def ubah(request: Request, informasi_id: PathId) -> Response:
    item = await _item(informasi_id)
    return await _form(request, _as_form(item), {}, item=item, documents=await list_documents(DOK_DIP, item["id"]))


@post("/informasi/{informasi_id:int}", opt={"permission": KELOLA}, request_max_body_size=25 * 1024 * 1024)
async def simpan_ubah(request: Request, informasi_id: PathId, data: MultipartForm) -> Response:
    user = request.scope["user"]
    item = await _item(informasi_id)
    form = dip.isian(data)
    values, errors = await dip.periksa(form)
    documents = await list_documents(DOK_DIP, item["id"])
    if errors:
        return await _form(request, form, errors, item=item, status=400, documents=documents)
    berkas = [f for f in data.getall("berkas") if hasattr(f, "read") and getattr(f, "filename", "")]
    try:
        async with write_transaction():
            await dip.simpan(values, user, item["id"])
            for upload in berkas:
                await save_upload(upload, upload.filename, DOK_DIP, item["id"], user, kind="ppid.dip")
    except DocumentError as exc:
        return await _form(request, form, {"berkas": exc.message}, item=item, status=400, documents=documents)
    return redirect(request, f"/ppid/informasi/{item['id']}", _("Informasi %(nomor)s disimpan.", nomor=values["nomor"]))


# -- the public page ---------------------------------------------------------------------------------

@get("/dip", opt={"public": True})
async def publik(request: Request, q: QueryText = "", kategori: query_text(20) = "", unit: MaybeQueryId = None,
                 tahun: MaybeYear = None) -> Response:
    items = await dip.cari(q.strip(), kategori if kategori in dip.TERBUKA else "", unit, tahun, publik=True)
    for item in items:
        item["dokumen"] = [d for d in await list_documents(DOK_DIP, item["id"]) if d["current"]]
    units = await org_units()
    pilihan = _pilihan(units)
    pilihan["kategori"] = [(k, v) for k, v in pilihan["kategori"] if k in dip.TERBUKA]
    template = "ppid/_dip_daftar.html" if request.headers.get("hx-request") else "ppid/dip.html"
    return render(request, template, items=items, q=q, kategori_pilih=kategori, unit=unit, tahun=tahun,
                  years=await dip.tahun_tersedia(), **pilihan)


@get("/dip/{informasi_id:int}/berkas/{version_id:int}", opt={"public": True})
async def unduh(request: Request, informasi_id: PathId, version_id: PathId) -> Response:
    item = await dip.ambil(informasi_id)
    missing = NotFoundException(_("Berkas tidak ditemukan."))
    if not dip.terbuka(item):
        raise missing  # unpublished or excluded: as if it did not exist
    try:
        download = await open_download(version_id)
    except DocumentError:
        raise missing from None
    doc = download.document
    if doc["owner_type"] != DOK_DIP or doc["owner_id"] != item["id"]:
        raise missing
    name = download.download_name
    return Stream(download.chunks(), media_type=download.version["content_type"],
                  headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def routes() -> list:
    return [register, baru, simpan_baru, ubah, simpan_ubah, publik, unduh]
