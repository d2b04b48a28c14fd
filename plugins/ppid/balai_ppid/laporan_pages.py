"""The report's pages: the figures with their chart, the XLSX, and the PDF issued as a document."""

from __future__ import annotations

import io

from litestar import Request, get, post
from litestar.response import Response
from markupsafe import Markup

from balai.api import (
    DocumentError, Form, MaybeYear, RenderError, _, issue_document, issued_for, issued_pdf, query_int,
    render, today, write_transaction,
)

from balai_ppid import laporan

REGISTER = "ppid.register"
NASKAH = "ppid/naskah/laporan.html"


def _semester(raw) -> int | None:
    return raw if raw in (1, 2) else None


async def _konteks(tahun: int | None, semester: int | None) -> dict:
    tahun = tahun or today().year - (1 if today().month <= 3 else 0)
    angka = await laporan.hitung(tahun, semester)
    issued = await issued_for(laporan.OWNER, laporan.owner_id(tahun, semester))
    return {"angka": angka, "tabel": laporan.tabel(angka), "grafik": Markup(laporan.grafik(angka)), "tahun": tahun,
            "semester": semester, "terbit": issued[0] if issued else None,
            "judul": _laporan_judul(tahun, semester)}


def _laporan_judul(tahun: int, semester: int | None) -> str:
    if semester:
        return _("Laporan Layanan Informasi Publik Semester %(s)s Tahun %(t)s", s=semester, t=tahun)
    return _("Laporan Tahunan Layanan Informasi Publik Tahun %(t)s", t=tahun)


@get("/laporan", opt={"permission": REGISTER})
async def halaman(request: Request, tahun: MaybeYear = None, semester: query_int(0, 2) = 0) -> Response:
    return render(request, "ppid/laporan.html", form={}, error="", **await _konteks(tahun, _semester(semester)))


@get("/laporan/xlsx", opt={"permission": REGISTER})
async def xlsx(request: Request, tahun: MaybeYear = None, semester: query_int(0, 2) = 0) -> Response:
    import xlsxwriter

    ctx = await _konteks(tahun, _semester(semester))
    angka = ctx["angka"]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Ringkasan")[:31])
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, ctx["judul"], bold)
    lines = [(_("Jumlah permohonan"), angka["jumlah"]), (_("Dijawab tepat waktu"), angka["tepat_waktu"]),
             (_("Dijawab melewati batas waktu"), angka["terlambat"]), (_("Diperpanjang 7 hari kerja"), angka["diperpanjang"]),
             (_("Median waktu jawaban (hari kerja)"), angka["median_hari"] if angka["median_hari"] is not None else ""),
             (_("Jumlah keberatan"), angka["keberatan"])]
    row = 2
    for name, value in lines:
        sheet.write_string(row, 0, str(name))
        sheet.write(row, 1, value)
        row += 1
    for heading, items in ctx["tabel"]:
        row += 1
        sheet.write(row, 0, heading, bold)
        row += 1
        for name, count in items:
            sheet.write_string(row, 0, name)
            sheet.write_number(row, 1, count)
            row += 1
    months = book.add_worksheet(_("Per bulan")[:31])
    months.write(0, 0, _("Bulan"), bold)
    months.write(0, 1, _("Permohonan"), bold)
    for i, (name, count) in enumerate(zip(angka["bulan"], angka["per_bulan"]), start=1):
        months.write_string(i, 0, name)
        months.write_number(i, 1, count)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": str(_("Permohonan")), "categories": [months.name, 1, 0, len(angka["bulan"]), 0],
                      "values": [months.name, 1, 1, len(angka["bulan"]), 1]})
    months.insert_chart("D2", chart)
    sheet.set_column(0, 0, 60)
    book.close()
    name = f"laporan-ppid-{ctx['tahun']}{'-s%d' % ctx['semester'] if ctx['semester'] else ''}.xlsx"
    return Response(out.getvalue(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@post("/laporan/pdf", opt={"permission": REGISTER})
async def pdf(request: Request, data: Form) -> Response:
    """Issue the report as a document (kept, numbered versions); its text parts typed by the PPID."""
    form = {k: (data.get(k) or "").strip()[:5000] for k in ("kebijakan", "hambatan", "rekomendasi")}
    try:
        tahun = int(data.get("tahun") or 0)
        semester = _semester(int(data.get("semester") or 0))
    except (TypeError, ValueError):
        tahun, semester = 0, None
    if not 2000 <= tahun <= 2100:
        return render(request, "ppid/laporan.html", status_code=400, form=form, error=_("Tahun laporan tidak sah."),
                      **await _konteks(None, None))
    ctx = await _konteks(tahun, semester)
    if not form["hambatan"] or not form["rekomendasi"]:
        return render(request, "ppid/laporan.html", status_code=400, form=form,
                      error=_("Tuliskan kendala dan rekomendasi: bagian itu tidak dapat dihitung dari kasus."), **ctx)
    user = request.scope["user"]
    try:
        async with write_transaction():
            row = await issue_document(NASKAH, kind="laporan", title=ctx["judul"], user=user,
                                       owner=(laporan.OWNER, laporan.owner_id(tahun, semester)),
                                       context={**ctx, **form, "tanggal": today()},
                                       filename=f"laporan-ppid-{tahun}{'-s%d' % semester if semester else ''}.pdf",
                                       base_url=str(request.base_url).rstrip("/"))
    except (RenderError, DocumentError) as exc:
        return render(request, "ppid/laporan.html", status_code=400, form=form, error=str(exc), **ctx)
    return Response(await issued_pdf(row), media_type="application/pdf", status_code=200,
                    headers={"Content-Disposition": f'attachment; filename="{row.get("filename") or "laporan.pdf"}"'})


def routes() -> list:
    return [halaman, xlsx, pdf]
