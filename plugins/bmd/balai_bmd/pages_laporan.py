"""The reports' pages: the laporan persediaan per semester as a page, a PDF and a workbook."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Response

from balai.api import _, audit_record, query_text, render, render_document, today

from balai_bmd import LIHAT, laporan, nilai
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


def routes() -> list:
    return [halaman, unduh_xlsx, unduh_pdf]
