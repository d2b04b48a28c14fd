"""Pages of incoming letters: registration, the letter's page, the disposition sheet, follow-ups."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, DocumentError, FormFields, MultipartForm, PathId, QueryText, _, act, issued_pdf, open_download, redirect, render,
    row_id,
    safe_next, save_upload, today, unit_of,
)

from balai_persuratan import alur, masuk, penomoran
from balai_persuratan.kamus import LABELS, DOK_TINDAK_LANJUT, DOK_TITIPAN, SIFAT, URGENSI
from balai_persuratan.tables import Klasifikasi, TindakLanjut

CATAT = "persuratan.catat_masuk"


def berkas(data: FormFields, name: str) -> list:
    """Uploaded files of a multipart field, in the order chosen (empty file inputs dropped)."""
    return [f for f in data.getall(name) if hasattr(f, "read") and getattr(f, "filename", "")]


def daftar(data: FormFields, name: str) -> list[str]:
    return [str(v) for v in data.getall(name) if str(v).strip()]


async def pilihan_klasifikasi() -> list[tuple[str, str]]:
    rows = await Klasifikasi.select(Klasifikasi.kode, Klasifikasi.nama).where(
        Klasifikasi.aktif == True  # noqa: E712
    ).order_by(Klasifikasi.kode)
    return [(r["kode"], f"{r['kode']} — {r['nama']}") for r in rows]


async def _form_page(request: Request, form: dict, errors: dict, titipan: list[dict], status: int = 200):
    return render(request, L=LABELS, template="persuratan/masuk_baru.html", status_code=status, form=form, errors=errors,
                  titipan=titipan, sifat=list(SIFAT.items()), urgensi=list(URGENSI.items()),
                  klasifikasi=await pilihan_klasifikasi())


@get("/masuk/baru", opt={"permission": CATAT}, name="persuratan:masuk-baru")
async def form_baru(request: Request) -> Response:
    return await _form_page(request, {"tanggal_terima": today().isoformat(), "sifat": "biasa",
                                      "urgensi": "biasa", "lampiran": "0"}, {}, [])


async def _titipan(user, ids: list[str]) -> list:
    """Scans kept from an earlier refused submission of this same user."""
    held = []
    for raw in ids:
        try:
            download = await open_download(row_id(raw))
        except (ValueError, DocumentError):
            continue
        doc = download.document
        if doc["owner_type"] == DOK_TITIPAN and doc["owner_id"] == user.id:
            held.append(download)
    return held


@post("/masuk/baru", opt={"permission": CATAT})
async def catat_baru(request: Request, data: MultipartForm) -> Response:
    user = request.scope["user"]
    form = masuk.baca_form(data)
    scans = berkas(data, "scan")
    held = await _titipan(user, daftar(data, "titipan"))
    clean, errors = await masuk.periksa(form, ada_scan=bool(scans or held))
    if errors:
        # Keep the chosen scans so the clerk does not have to pick them again.
        for upload in scans:
            try:
                version = await save_upload(upload, upload.filename, DOK_TITIPAN, user.id, user,
                                            title=_("Scan titipan"))
                held.append(await open_download(version["id"]))
            except DocumentError as exc:
                errors["scan"] = exc.message
        return await _form_page(request, form, errors, [h.version for h in held], status=400)
    unit_id = unit_of(user, "pengelola_surat_umum")
    try:
        async with penomoran.transaksi():
            surat = await masuk.catat(clean, scans, user, unit_id, titipan=held)
            await alur.buka_surat_masuk(surat, user)
    except DocumentError as exc:
        errors["scan"] = exc.message
        return await _form_page(request, form, errors, [h.version for h in held], status=400)
    except alur.ActionError as exc:
        errors["alur"] = " ".join(exc.messages)
        return await _form_page(request, form, errors, [h.version for h in held], status=400)
    message = _("Surat masuk dicatat dengan nomor agenda %(nomor)s/%(tahun)s.", nomor=surat["nomor_agenda"],
                tahun=surat["tahun"])
    return redirect(request, f"/persuratan/masuk/{surat['id']}", message)


@get("/masuk/pengirim", opt={"permission": CATAT})
async def saran_pengirim(request: Request, pengirim: QueryText = "") -> Response:
    names = await masuk.saran_pengirim(pengirim)
    return render(request, L=LABELS, template="persuratan/_pengirim.html", names=names)


async def surat_terlihat(request: Request, surat_id: int) -> dict:
    surat = await masuk.get(surat_id)
    if surat is None:
        raise NotFoundException(_("Surat tidak ditemukan."))
    if not await alur.boleh_lihat_masuk(request.scope["user"], surat):
        raise PermissionDeniedException(_("Anda tidak berwenang melihat surat ini."))
    return surat


@get("/masuk/{surat_id:int}", opt={"permission": LOGIN}, name="persuratan:masuk")
async def halaman_surat(request: Request, surat_id: PathId) -> Response:
    surat = await surat_terlihat(request, surat_id)
    ctx = await alur.isi_halaman_masuk(request.scope["user"], surat, request.url.path)
    return render(request, L=LABELS, template="persuratan/masuk.html", **ctx)


@get("/masuk/{surat_id:int}/lembar-disposisi.pdf", opt={"permission": LOGIN})
async def lembar_disposisi(request: Request, surat_id: PathId) -> Response:
    surat = await surat_terlihat(request, surat_id)
    rantai = await alur.rantai_disposisi(surat)
    from balai_persuratan import naskah

    # Kept among the letter's documents; a new version only when the chain has grown since.
    row = await naskah.terbitkan_lembar(surat, rantai, request.scope["user"], str(request.base_url))
    name = f"lembar-disposisi-{surat['tahun']}-{surat['nomor_agenda']}.pdf"
    return Response(await issued_pdf(row), media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="{name}"', "cache-control": "private, no-store"})


@post("/masuk/{surat_id:int}/tindak-lanjut", opt={"permission": LOGIN})
async def tindak_lanjut(request: Request, surat_id: PathId, data: MultipartForm) -> Response:
    user = request.scope["user"]
    surat = await surat_terlihat(request, surat_id)
    task_id = int(data.get("task_id") or 0) or None
    if task_id is None or not await alur.memegang_tugas(user, surat["case_id"], task_id,
                                                        ("tindak_lanjut_kabid", "tindak_lanjut_staf")):
        raise PermissionDeniedException(_("Laporan tindak lanjut dibuat oleh pemegang disposisi."))
    isi = str(data.get("isi") or "").strip()
    if not isi:
        return await _laporan_ditolak(request, surat, task_id, isi, _("Isi laporan tindak lanjut wajib diisi."))
    # The report, its files and the "lapor" action together: a refused file or action keeps nothing.
    try:
        async with penomoran.transaksi():
            rows = await TindakLanjut.insert(TindakLanjut(
                surat_masuk=surat_id, task_id=task_id, isi=isi, oleh=user.id, oleh_nama=user.full_name,
            )).returning(TindakLanjut.id)
            for upload in berkas(data, "berkas"):
                await save_upload(upload, upload.filename, DOK_TINDAK_LANJUT, rows[0]["id"], user)
            await act(task_id, "lapor", user=user)
    except DocumentError as exc:
        return await _laporan_ditolak(request, surat, task_id, isi, exc.message)
    except ActionError as exc:
        return await _laporan_ditolak(request, surat, task_id, isi, " ".join(exc.messages))
    target = safe_next(data.get("next"), f"/persuratan/masuk/{surat_id}")
    return redirect(request, target, _("Hasil tindak lanjut dilaporkan; surat diteruskan untuk diarsipkan."))


async def _laporan_ditolak(request: Request, surat: dict, task_id: int, isi: str, pesan: str) -> Response:
    """The letter's page again with the report form holding what was typed, and why it was refused."""
    ctx = await alur.isi_halaman_masuk(request.scope["user"], surat, f"/persuratan/masuk/{surat['id']}")
    return render(request, L=LABELS, template="persuratan/masuk.html", draf={task_id: isi}, galat={task_id: pesan},
                  status_code=400, **ctx)


ROUTES = [form_baru, catat_baru, saran_pengirim, halaman_surat, lembar_disposisi, tindak_lanjut]
