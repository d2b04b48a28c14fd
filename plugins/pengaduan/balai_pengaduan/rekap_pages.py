"""The Sekretaris's monthly recap of SP4N-LAPOR! complaints: the page and its XLSX."""

from __future__ import annotations

import re

from litestar import Request, get
from litestar.response import Response

from balai.api import MaybeQueryText, _, audit_record, render, today

from balai_pengaduan import rekap

REKAP = "pengaduan.rekap"
_BULAN = re.compile(r"^(\d{4})-(\d{2})$")


def _bulan(text: str | None) -> tuple[str, tuple[int, int] | None, str]:
    """(the month as typed, (year, month) or None, the error): "2026-12", the month input's format."""
    text = (text or "").strip() or today().strftime("%Y-%m")
    match = _BULAN.match(text)
    if match and 2000 <= int(match[1]) <= 2999 and 1 <= int(match[2]) <= 12:
        return text, (int(match[1]), int(match[2])), ""
    return text, None, _("Bulan ditulis sebagai tahun-bulan, misalnya 2026-12.")


@get("/rekap", opt={"permission": REKAP}, name="pengaduan:rekap")
async def halaman(request: Request, bulan: MaybeQueryText = None) -> Response:
    typed, chosen, error = _bulan(bulan)
    hasil = await rekap.rekap(*chosen) if chosen else None
    return render(request, "pengaduan/rekap.html", status_code=400 if error else 200, bulan=typed, hasil=hasil,
                  error=error)


@get("/rekap.xlsx", opt={"permission": REKAP})
async def unduh(request: Request, bulan: MaybeQueryText = None) -> Response:
    typed, chosen, error = _bulan(bulan)
    if chosen is None:
        return render(request, "pengaduan/rekap.html", status_code=400, bulan=typed, hasil=None, error=error)
    hasil = await rekap.rekap(*chosen)
    judul = _("Rekap pengaduan SP4N-LAPOR! %(bulan)s", bulan=typed)
    await audit_record(request.scope["user"], "pengaduan.rekap.unduh", "pengaduan_aduan", 0, {"bulan": typed})
    return Response(rekap.xlsx(hasil, judul),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="rekap-pengaduan-{typed}.xlsx"'})


ROUTES = [halaman, unduh]
