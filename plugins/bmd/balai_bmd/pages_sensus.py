"""Census pages: the rounds, one round's rooms with the findings, and a room's check on a phone."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import Form, PathId, _, redirect, render

from balai_bmd import KELOLA, LIHAT, register, sensus
from balai_bmd.register import BmdError
from balai_bmd.tables import SensusRuang


async def _daftar_page(request, form=None, errors=None, status=200):
    return render(request, "bmd/sensus_daftar.html", status_code=status, rows=await sensus.daftar(),
                  form=form or {}, errors=errors or {}, may_edit=request.scope["user"].can(KELOLA))


@get("/sensus", opt={"permission": LIHAT})
async def daftar(request: Request) -> Response:
    return await _daftar_page(request)


@post("/sensus", opt={"permission": KELOLA})
async def buka(request: Request, data: Form) -> Response:
    form = {"judul": (data.get("judul") or "").strip()}
    try:
        row = await sensus.buka(form["judul"], request.scope["user"])
    except BmdError as exc:
        return await _daftar_page(request, form, exc.errors, 400)
    return redirect(request, f"/bmd/sensus/{row['id']}", _("Inventarisasi dibuka: periksa ruang demi ruang."))


@get("/sensus/{sensus_id:int}", opt={"permission": LIHAT})
async def putaran(request: Request, sensus_id: PathId) -> Response:
    row, lines = await sensus.putaran(sensus_id)
    if row is None:
        raise NotFoundException(_("Inventarisasi tidak ditemukan."))
    ids = set()
    for line in lines:
        t = line["temuan"] or {}
        ids |= set(t.get("hilang", [])) | set(t.get("masuk", [])) | {int(i) for i in t.get("kondisi", {})}
    return render(request, "bmd/sensus.html", s=row, lines=lines, aset=await sensus.nama_aset(ids),
                  selesai=sum(1 for line in lines if line["status"] == "selesai"),
                  may_edit=request.scope["user"].can(KELOLA))


async def _line(line_id: int) -> dict:
    line = await SensusRuang.select().where(SensusRuang.id == line_id).first()
    if line is None:
        raise NotFoundException(_("Ruang tidak ditemukan."))
    return line


async def _periksa_page(request, line, form=None, errors=None, status=200):
    return render(request, "bmd/sensus_ruang.html", status_code=status, line=line,
                  room=await register.ruang(line["ruang"]), kir=await register.kir(line["ruang"]),
                  form=form or {}, errors=errors or {})


@get("/sensus/ruang/{line_id:int}", opt={"permission": KELOLA})
async def ruang(request: Request, line_id: PathId) -> Response:
    return await _periksa_page(request, await _line(line_id))


@post("/sensus/ruang/{line_id:int}", opt={"permission": KELOLA})
async def periksa(request: Request, line_id: PathId, data: Form) -> Response:
    line = await _line(line_id)
    form = {"pindai": data.get("pindai") or ""}
    try:
        temuan = await sensus.periksa(line["id"], form["pindai"], request.scope["user"])
    except BmdError as exc:
        return await _periksa_page(request, line, form, exc.errors, 400)
    return redirect(request, f"/bmd/sensus/{line['sensus']}",
                    _("Ruang diperiksa: %(ada)s ada, %(hilang)s tidak ditemukan, %(masuk)s dari ruang lain.",
                      ada=len(temuan["ada"]), hilang=len(temuan["hilang"]), masuk=len(temuan["masuk"])))


@post("/sensus/{sensus_id:int}/selesai", opt={"permission": KELOLA})
async def tutup(request: Request, sensus_id: PathId) -> Response:
    await sensus.selesai(sensus_id)
    return redirect(request, f"/bmd/sensus/{sensus_id}", _("Inventarisasi selesai."))


def routes() -> list:
    return [daftar, buka, putaran, ruang, periksa, tutup]
