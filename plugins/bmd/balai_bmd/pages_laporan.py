"""The reports' pages: the laporan persediaan per semester as a page, a PDF and a workbook."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Response

from balai.api import _, audit_record, query_text, render, render_document, today

from balai_bmd import LIHAT, kib, laporan, laporan_aset, nilai
from balai_bmd.pages_persediaan import _metode


def _pilih(tahun: str, semester: str) -> tuple[tuple[int, int] | None, str]:
    """The semester asked for (the current one when nothing is), or a message for what cannot be read."""
    if not tahun and not semester:
        return nilai.semester(today()), ""
    if not (tahun.isdigit() and 2000 <= int(tahun) <= 2100) or semester not in ("1", "2"):
        return None, _("Pilih tahun (empat angka) dan semester I atau II.")
    return (int(tahun), int(semester)), ""


async def _laporan(request, tahun: str, semester: str):
    chosen, error = _pilih(tahun, semester)
    if chosen is None:
        return None, render(request, "bmd/laporan_persediaan.html", status_code=400, lap=None, error=error,
                            form={"tahun": tahun, "semester": semester}, metode=_metode(), angka=laporan.angka)
    return await laporan.semester(*chosen), None


@get("/persediaan/laporan", opt={"permission": LIHAT})
async def halaman(request: Request, tahun: query_text(4) = "", semester: query_text(1) = "") -> Response:
    lap, refused = await _laporan(request, tahun, semester)
    if refused:
        return refused
    return render(request, "bmd/laporan_persediaan.html", lap=lap, error="", metode=_metode(), angka=laporan.angka,
                  form={"tahun": str(lap["tahun"]), "semester": str(lap["semester"])})


def _nama(lap: dict, ext: str) -> str:
    return f"laporan-persediaan-{lap['tahun']}-{lap['semester']}.{ext}"


@get("/persediaan/laporan.xlsx", opt={"permission": LIHAT})
async def unduh_xlsx(request: Request, tahun: query_text(4) = "", semester: query_text(1) = "") -> Response:
    lap, refused = await _laporan(request, tahun, semester)
    if refused:
        return refused
    await audit_record(request.scope["user"], "bmd.laporan_persediaan.unduh", "bmd_mutasi", 0,
                       {"semester": f"{lap['tahun']}-{lap['semester']}", "format": "xlsx"})
    return Response(laporan.xlsx(lap, _metode()[lap["metode"]]),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{_nama(lap, "xlsx")}"'})


@get("/persediaan/laporan.pdf", opt={"permission": LIHAT})
async def unduh_pdf(request: Request, tahun: query_text(4) = "", semester: query_text(1) = "") -> Response:
    lap, refused = await _laporan(request, tahun, semester)
    if refused:
        return refused
    context = {"lap": lap, "nama_metode": _metode()[lap["metode"]], "judul_kolom": laporan.judul_kolom(),
               "title": _("Laporan Persediaan %(semester)s", semester=lap["judul"])}
    # An open semester's figures may still change: its report prints as a draft (KONSEP).
    pdf = await render_document("bmd/naskah/laporan_persediaan.html", context, landscape=True, draft=not lap["ditutup"])
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{_nama(lap, "pdf")}"'})


# -- assets: the KIB per card, the register by condition ------------------------------------------------

async def _kondisi_page(request, error: str = "", status: int = 200) -> Response:
    return render(request, "bmd/laporan_aset.html", status_code=status, rekap=await laporan_aset.per_kondisi(),
                  nama_kib={k: str(v) for k, v in kib.NAMA_KIB.items()},
                  kondisi_pilihan={k: str(v) for k, v in kib.KONDISI.items()}, angka=laporan.angka, error=error)


@get("/laporan/aset", opt={"permission": LIHAT})
async def aset_kondisi(request: Request) -> Response:
    return await _kondisi_page(request)


@get("/laporan/aset.xlsx", opt={"permission": LIHAT})
async def aset_kondisi_xlsx(request: Request) -> Response:
    await audit_record(request.scope["user"], "bmd.laporan_aset.unduh", "bmd_aset", 0, {"laporan": "kondisi"})
    return Response(laporan_aset.xlsx_kondisi(await laporan_aset.per_kondisi()),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="aset-per-kondisi.xlsx"'})


def _kartu_salah(kartu: str, kondisi: str) -> str:
    if kartu not in kib.NAMA_KIB:
        return _("Pilih kartu KIB A sampai F.")
    if kondisi and kondisi not in kib.KONDISI:
        return _("Kondisi B, KB atau RB.")
    return ""


@get("/laporan/kib.xlsx", opt={"permission": LIHAT})
async def kib_xlsx(request: Request, kartu: query_text(1) = "", kondisi: query_text(2) = "") -> Response:
    error = _kartu_salah(kartu, kondisi)
    if error:
        return await _kondisi_page(request, error, 400)
    await audit_record(request.scope["user"], "bmd.laporan_aset.unduh", "bmd_aset", 0,
                       {"laporan": f"kib-{kartu}", "kondisi": kondisi})
    rows = await laporan_aset.kartu(kartu, kondisi)
    return Response(laporan_aset.xlsx_kartu(kartu, rows),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="kib-{kartu}{("-" + kondisi) if kondisi else ""}.xlsx"'})


@get("/laporan/kib.pdf", opt={"permission": LIHAT})
async def kib_pdf(request: Request, kartu: query_text(1) = "", kondisi: query_text(2) = "") -> Response:
    error = _kartu_salah(kartu, kondisi)
    if error:
        return await _kondisi_page(request, error, 400)
    rows = await laporan_aset.kartu(kartu, kondisi)
    context = {"title": str(kib.NAMA_KIB[kartu]), "rows": rows, "kolom": kib.KARTU[kartu],
               "kondisi": str(kib.KONDISI[kondisi]) if kondisi else "", "total": sum(a["nilai"] for a in rows),
               "sumber_dana": {k: str(v) for k, v in kib.SUMBER_DANA.items()}}
    pdf = await render_document("bmd/naskah/kib.html", context, landscape=True)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="kib-{kartu}.pdf"'})


def routes() -> list:
    return [halaman, unduh_xlsx, unduh_pdf, aset_kondisi, aset_kondisi_xlsx, kib_xlsx, kib_pdf]
