"""Stock-opname pages: the list and the start form, the count (made for a phone), and the approval."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import Form, PathId, _, issued_for, issued_pdf, query_text, redirect, render, whole_number, InputError

from balai_bmd import KELOLA, LIHAT, TATAUSAHA, opname, persediaan
from balai_bmd.register import BmdError


async def _daftar_page(request, form=None, errors=None, status=200):
    return render(request, "bmd/opname_daftar.html", status_code=status, rows=await opname.daftar(),
                  gudang=[(str(g["id"]), g["nama"]) for g in await persediaan.gudang_semua()],
                  form=form or {}, errors=errors or {}, may_edit=request.scope["user"].can(KELOLA))


@get("/opname", opt={"permission": LIHAT})
async def daftar(request: Request) -> Response:
    return await _daftar_page(request)


@post("/opname", opt={"permission": KELOLA})
async def mulai(request: Request, data: Form) -> Response:
    form = {"gudang": (data.get("gudang") or "").strip()}
    try:
        gudang = whole_number(form["gudang"], 1, 2**31 - 1)
    except InputError:
        return await _daftar_page(request, form, {"gudang": _("Pilih gudang persediaan.")}, 400)
    try:
        row = await opname.mulai(gudang, request.scope["user"])
    except BmdError as exc:
        return await _daftar_page(request, form, exc.errors, 400)
    return redirect(request, f"/bmd/opname/{row['id']}", _("Stock opname dimulai: hitung barangnya."))


async def _row(opname_id: int) -> dict:
    row = await opname.satu(opname_id)
    if row is None:
        raise NotFoundException(_("Stock opname tidak ditemukan."))
    return row


async def _page(request, row, q="", form=None, errors=None, status=200):
    lines = await opname.baris(row["id"])
    room = await persediaan._gudang(row["gudang"])
    doc = None
    if row["status"] == "disetujui":
        docs = await issued_for(opname.DOK_OPNAME, row["id"])
        doc = docs[0] if docs else None  # newest first
    user = request.scope["user"]
    isian = {}
    for r in lines:  # what is saved, under what was just typed
        isian[f"n_{r['id']}"] = "" if r["dihitung"] is None else str(r["dihitung"])
        isian[f"a_{r['id']}"] = r["alasan"]
    isian.update(form or {})
    return render(request, "bmd/opname.html", status_code=status, o=row, room=room, lines=opname.cocok(lines, q),
                  semua=len(lines), dihitung=sum(1 for r in lines if r["dihitung"] is not None),
                  berselisih=[r for r in lines if r["selisih"]], q=q, form=isian, errors=errors or {},
                  may_count=user.can(KELOLA) and row["status"] == "hitung",
                  may_approve=user.can(TATAUSAHA) and row["status"] == "diajukan", doc=doc)


@get("/opname/{opname_id:int}", opt={"permission": LIHAT})
async def halaman(request: Request, opname_id: PathId, q: query_text(100) = "") -> Response:
    return await _page(request, await _row(opname_id), q)


@post("/opname/{opname_id:int}/simpan", opt={"permission": KELOLA})
async def simpan(request: Request, opname_id: PathId, data: Form) -> Response:
    row = await _row(opname_id)
    q = (data.get("q") or "").strip()
    try:
        await opname.simpan(row["id"], data)
    except BmdError as exc:
        return await _page(request, row, q, dict(data), exc.errors, 400)
    if data.get("ajukan"):
        try:
            await opname.ajukan(row["id"])
        except BmdError as exc:
            return await _page(request, await _row(opname_id), "", {}, exc.errors, 400)
        return redirect(request, f"/bmd/opname/{row['id']}", _("Hasil hitung diajukan untuk disetujui."))
    suffix = f"?q={q}" if q else ""
    return redirect(request, f"/bmd/opname/{row['id']}{suffix}", _("Hasil hitung disimpan."))


@post("/opname/{opname_id:int}/setujui", opt={"permission": TATAUSAHA})
async def setujui(request: Request, opname_id: PathId, data: Form) -> Response:
    row = await _row(opname_id)
    if data.get("kembalikan"):
        await opname.kembalikan(row["id"])
        return redirect(request, f"/bmd/opname/{row['id']}", _("Dikembalikan untuk dihitung ulang."))
    try:
        doc = await opname.setujui(row["id"], request.scope["user"])
    except BmdError as exc:
        return await _page(request, row, "", {}, exc.errors, 400)
    return redirect(request, f"/bmd/opname/{row['id']}",
                    _("Selisih dibukukan; Berita Acara Stock Opname %(nomor)s terbit.", nomor=doc["number"]))


@get("/opname/{opname_id:int}/ba.pdf", opt={"permission": LIHAT})
async def ba_pdf(request: Request, opname_id: PathId) -> Response:
    docs = await issued_for(opname.DOK_OPNAME, (await _row(opname_id))["id"])
    if not docs:
        raise NotFoundException(_("Berita acara belum terbit."))
    return Response(await issued_pdf(docs[0]), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="ba-stock-opname-{opname_id}.pdf"'})


def routes() -> list:
    return [daftar, mulai, halaman, simpan, setujui, ba_pdf]
