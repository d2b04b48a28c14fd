"""Pages of outgoing letters: drafting from a template, versions and their comparison, the data the
steps of SOP 16 need (signed scan, numbering, delivery receipt)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Response
from markupsafe import Markup

from balai.api import (
    LOGIN, DocumentError, Form, MultipartForm, PathId, QueryNumber, QueryText, _, issued_for, issued_pdf, redirect,
    render, row_id, safe_next, save_upload, timeline, unit_of,
)

from balai_persuratan import alur, keluar, masuk, penomoran
from balai_persuratan.kamus import LABELS, DOK_KELUAR, SIFAT, URGENSI
from balai_persuratan.masuk_pages import berkas, pilihan_klasifikasi
from balai_persuratan.tables import SuratKeluar


def _jenis(code: str | None) -> keluar.Jenis:
    return keluar.JENIS.get(code or "", keluar.JENIS["surat_biasa"])


async def _form_page(request: Request, jenis: keluar.Jenis, form: dict, errors: dict, surat: dict | None = None,
                     asal: dict | None = None, status: int = 200) -> Response:
    # A draft sent back is corrected beside what the reviewers wrote.
    notes = [e for e in await timeline(surat["case_id"]) if e.get("action") == "perbaiki"] \
        if surat and surat["case_id"] else []
    return render(request, L=LABELS, template="persuratan/keluar_form.html", status_code=status, jenis=jenis, form=form,
                  errors=errors, surat=surat, asal=asal, semua_jenis=list(keluar.JENIS.values()),
                  sifat=list(SIFAT.items()), urgensi=list(URGENSI.items()), catatan_perbaikan=notes)


async def _asal(request: Request, membalas) -> dict | None:
    """The incoming letter a reply answers (only one the user may see)."""
    try:
        surat_id = row_id(membalas)
    except (TypeError, ValueError):  # none given, or not an id any letter can have
        return None
    surat = await masuk.get(surat_id)
    if surat and await alur.boleh_lihat_masuk(request.scope["user"], surat):
        return surat
    return None


@get("/keluar/baru", opt={"permission": LOGIN}, name="persuratan:keluar-baru")
async def form_baru(
    request: Request, jenis: QueryText = "surat_biasa", membalas: QueryText = "",
) -> Response:
    kind = _jenis(jenis)
    asal = await _asal(request, membalas)
    form = {"jenis": kind.code, "isi": keluar.awal(kind), "sifat": "biasa", "urgensi": "biasa", "lampiran": "0",
            "membalas": asal["id"] if asal else ""}
    if asal:
        form.update(tujuan=asal["pengirim"], perihal=_("Balasan: %(perihal)s", perihal=asal["perihal"]))
    return await _form_page(request, kind, form, {}, asal=asal)


@post("/keluar/baru", opt={"permission": LOGIN})
async def buat(request: Request, data: Form) -> Response:
    user = request.scope["user"]
    kind = _jenis(data.get("jenis"))
    form = keluar.baca_form(data, kind)
    asal = await _asal(request, data.get("membalas"))
    form["membalas"] = asal["id"] if asal else ""
    clean, errors = keluar.periksa(form, kind)
    if errors:
        return await _form_page(request, kind, form, errors, asal=asal, status=400)
    unit_id = unit_of(user, "staf")
    try:
        async with penomoran.transaksi():
            surat = await keluar.buat(clean, user, unit_id, membalas=asal["id"] if asal else None)
            await alur.buka_surat_keluar(surat, user)
    except alur.ActionError as exc:
        errors["alur"] = " ".join(exc.messages)
        return await _form_page(request, kind, form, errors, asal=asal, status=400)
    if asal:
        await _catat_balasan(asal["id"], surat["id"], user)
    message = _("Konsep surat disimpan (versi 1).")
    if data.get("ajukan"):
        problems = await alur.ajukan_konsep(surat, user)
        message = " ".join(problems) if problems else _("Konsep surat disimpan dan diajukan ke Kepala Bidang.")
    return redirect(request, f"/persuratan/keluar/{surat['id']}", message)


async def _catat_balasan(masuk_id: int, keluar_id: int, user) -> None:
    """Link the reply to the follow-up its author reported (the newest without a reply)."""
    from balai_persuratan.tables import TindakLanjut

    row = await TindakLanjut.select(TindakLanjut.id).where(
        (TindakLanjut.surat_masuk == masuk_id) & (TindakLanjut.oleh == user.id) & TindakLanjut.balasan.is_null()
    ).order_by(TindakLanjut.id, ascending=False).first()
    if row:
        await TindakLanjut.update({TindakLanjut.balasan: keluar_id}).where(TindakLanjut.id == row["id"])


async def surat_terlihat(request: Request, surat_id: int) -> dict:
    surat = await keluar.get(surat_id)
    if surat is None:
        raise NotFoundException(_("Surat tidak ditemukan."))
    if not await alur.boleh_lihat_keluar(request.scope["user"], surat):
        raise PermissionDeniedException(_("Anda tidak berwenang melihat surat ini."))
    return surat


@get("/keluar/{surat_id:int}", opt={"permission": LOGIN}, name="persuratan:keluar")
async def halaman(request: Request, surat_id: PathId) -> Response:
    surat = await surat_terlihat(request, surat_id)
    ctx = await alur.isi_halaman_keluar(request.scope["user"], surat)
    return render(request, L=LABELS, template="persuratan/keluar.html", **ctx)


async def _bisa_ubah(request: Request, surat: dict) -> None:
    user = request.scope["user"]
    if not await alur.tugas_saya(user, surat["case_id"], ("konsep",)):
        raise PermissionDeniedException(_("Konsep hanya dapat diubah pada langkah pembuatan konsep."))


@get("/keluar/{surat_id:int}/surat.pdf", opt={"permission": LOGIN})
async def surat_pdf(request: Request, surat_id: PathId) -> Response:
    """The letter with the letterhead: the numbered letter as kept (with its verification code),
    or, before numbering, the draft to be signed (marked KONSEP, number left open)."""
    from balai_persuratan import naskah

    surat = await surat_terlihat(request, surat_id)
    issued = [d for d in await issued_for(DOK_KELUAR, surat_id) if d["template"] == naskah.SURAT_KELUAR]
    if surat["nomor"] and not issued:  # numbered before letters were kept (or by an older version)
        issued = [await naskah.terbitkan_surat(surat, request.scope["user"], str(request.base_url))]
    pdf = await issued_pdf(issued[0]) if surat["nomor"] else await naskah.konsep_surat(surat)
    name = f"surat-{surat['nomor'].replace('/', '-')}.pdf" if surat["nomor"] else f"konsep-surat-{surat_id}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="{name}"', "cache-control": "private, no-store"})


@get("/keluar/{surat_id:int}/ubah", opt={"permission": LOGIN})
async def form_ubah(request: Request, surat_id: PathId) -> Response:
    surat = await surat_terlihat(request, surat_id)
    await _bisa_ubah(request, surat)
    kind = _jenis(surat["jenis"])
    form = {"jenis": kind.code, "tujuan": surat["tujuan"], "perihal": surat["perihal"], "sifat": surat["sifat"],
            "urgensi": surat["urgensi"], "lampiran": surat["lampiran"], "isi": surat["isi"].get("isi", ""),
            **(surat["isi"].get("isian") or {})}
    return await _form_page(request, kind, form, {}, surat=surat)


@post("/keluar/{surat_id:int}/ubah", opt={"permission": LOGIN})
async def ubah(request: Request, surat_id: PathId, data: Form) -> Response:
    surat = await surat_terlihat(request, surat_id)
    await _bisa_ubah(request, surat)
    kind = _jenis(surat["jenis"])
    form = keluar.baca_form(data, kind)
    clean, errors = keluar.periksa(form, kind)
    if errors:
        return await _form_page(request, kind, form, errors, surat=surat, status=400)
    number = await keluar.ubah(surat, clean, request.scope["user"])
    message = _("Konsep disimpan sebagai versi %(n)s.", n=number)
    if data.get("ajukan"):
        problems = await alur.ajukan_konsep(surat, request.scope["user"])
        message = " ".join(problems) if problems else _("Versi %(n)s diajukan ke Kepala Bidang.", n=number)
    return redirect(request, f"/persuratan/keluar/{surat_id}", message)


@get("/keluar/{surat_id:int}/banding", opt={"permission": LOGIN})
async def banding(
    request: Request, surat_id: PathId, a: QueryNumber = 0, b: QueryNumber = 0,
) -> Response:
    surat = await surat_terlihat(request, surat_id)
    versions = {v["nomor"]: v for v in await keluar.versi(surat_id)}
    if a not in versions or b not in versions:
        latest = max(versions)
        a, b = (latest - 1 if latest > 1 else latest), latest
    table = Markup(keluar.bandingkan(versions[a], versions[b]))
    return render(request, L=LABELS, template="persuratan/banding.html", surat=surat, tabel=table, a=a, b=b,
                  nomor_versi=sorted(versions))


# --- the data the later steps need ----------------------------------------------------------------


async def _tugas(request: Request, surat: dict, step: str) -> dict:
    mine = await alur.tugas_saya(request.scope["user"], surat["case_id"], (step,))
    if not mine:
        raise PermissionDeniedException(_("Anda tidak memegang langkah ini untuk surat ini."))
    return mine[0]


async def _simpan_isi(surat_id: int, key: str, value: dict) -> None:
    surat = await keluar.get(surat_id)
    isi = {**surat["isi"], key: value}
    await SuratKeluar.update({SuratKeluar.isi: isi}).where(SuratKeluar.id == surat_id)


def _kembali(data: dict, surat_id: int) -> str:
    return safe_next(data.get("next"), f"/persuratan/keluar/{surat_id}")


@post("/keluar/{surat_id:int}/scan-ttd", opt={"permission": LOGIN})
async def scan_ttd(request: Request, surat_id: PathId, data: MultipartForm) -> Response:
    surat = await surat_terlihat(request, surat_id)
    await _tugas(request, surat, "terima_ttd")
    files = berkas(data, "scan")
    if not files:
        return redirect(request, _kembali(data, surat_id), _("Pilih berkas scan surat bertanda tangan."), "danger")
    try:
        version = await save_upload(files[0], files[0].filename, DOK_KELUAR, surat_id, request.scope["user"],
                                    title=_("Scan surat bertanda tangan"))
    except DocumentError as exc:
        return redirect(request, _kembali(data, surat_id), exc.message, "danger")
    await _simpan_isi(surat_id, "scan_ttd", {"dokumen": version["document_id"], "versi": version["id"]})
    return redirect(request, _kembali(data, surat_id), _("Scan surat bertanda tangan tersimpan."))


@post("/keluar/{surat_id:int}/penomoran", opt={"permission": "persuratan.penomoran"})
async def data_penomoran(request: Request, surat_id: PathId, data: MultipartForm) -> Response:
    surat = await surat_terlihat(request, surat_id)
    await _tugas(request, surat, "penomoran")
    back = _kembali(data, surat_id)
    kode = str(data.get("klasifikasi") or "").strip()
    unit = str(data.get("kode_unit") or "").strip()
    try:
        tanggal = date.fromisoformat(str(data.get("tanggal") or ""))
    except ValueError:
        return redirect(request, back, _("Tanggal surat wajib diisi."), "danger")
    if kode not in {k for k, _label in await pilihan_klasifikasi()}:
        return redirect(request, back, _("Kode klasifikasi %(kode)s tidak dikenal.", kode=kode), "danger")
    if not unit:
        return redirect(request, back, _("Kode unit wajib diisi."), "danger")
    current = surat["isi"].get("penomoran") or {}
    files = berkas(data, "scan")
    if files and not data.get("lengkap"):
        return redirect(request, back, _("Pastikan scan memuat surat beserta seluruh lampirannya, lalu centang "
                                         "pernyataannya."), "danger")
    if files:
        try:
            version = await save_upload(files[0], files[0].filename, DOK_KELUAR, surat_id, request.scope["user"],
                                        title=_("Scan surat keluar beserta lampiran"))
        except DocumentError as exc:
            return redirect(request, back, exc.message, "danger")
        current["scan"] = {"dokumen": version["document_id"], "versi": version["id"]}
    current.update(kode_unit=unit, tanggal=tanggal.isoformat())
    await SuratKeluar.update({SuratKeluar.klasifikasi: kode}).where(SuratKeluar.id == surat_id)
    await _simpan_isi(surat_id, "penomoran", current)
    return redirect(request, back, _("Data penomoran tersimpan."))


@post("/keluar/{surat_id:int}/tanda-terima", opt={"permission": "persuratan.kirim"})
async def tanda_terima(request: Request, surat_id: PathId, data: MultipartForm) -> Response:
    surat = await surat_terlihat(request, surat_id)
    await _tugas(request, surat, "kirim")
    back = _kembali(data, surat_id)
    penerima = masuk.normal(str(data.get("penerima") or ""))
    try:
        pada = datetime.fromisoformat(str(data.get("diterima_pada") or ""))
    except ValueError:
        return redirect(request, back, _("Isi tanggal dan jam surat diterima."), "danger")
    if not penerima:
        return redirect(request, back, _("Nama penerima surat wajib diisi."), "danger")
    files = berkas(data, "bukti")
    if not files:
        return redirect(request, back, _("Unggah foto atau scan tanda terima."), "danger")
    try:
        version = await save_upload(files[0], files[0].filename, DOK_KELUAR, surat_id, request.scope["user"],
                                    title=_("Tanda terima surat"))
    except DocumentError as exc:
        return redirect(request, back, exc.message, "danger")
    from balai_persuratan.kait import zona

    await _simpan_isi(surat_id, "kirim", {"penerima": penerima, "diterima_pada": zona(pada, request.app.state.config.timezone).isoformat(),
                                          "bukti": version["document_id"]})
    return redirect(request, back, _("Tanda terima tersimpan."))


ROUTES = [form_baru, buat, halaman, surat_pdf, form_ubah, ubah, banding, scan_ttd, data_penomoran, tanda_terima]
