"""SOP 8's pages: the Pengurus Barang's record of goods received (which opens the case) and the task
panel (the unit head's request, the distribution)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, Form, PathId, _, get_case, may_work_on, redirect, render, render_fragment, task_url,
)

from balai_bmd import KELOLA, alur, persediaan
from balai_bmd.register import BmdError
from balai_bmd.sop import BMD
from balai_bmd.tables import Barang


async def _pilihan() -> dict:
    return {"barang": [(str(b["id"]), f"{b['nama']} ({b['satuan']})") for b in await Barang.select().order_by(Barang.nama)],
            "gudang": [(str(g["id"]), g["nama"]) for g in await persediaan.gudang_semua()],
            "baris_n": range(1, alur.BARIS + 1)}


async def _penerimaan_page(request, form, errors, status=200):
    return render(request, "bmd/penerimaan.html", status_code=status, form=form, errors=errors, **await _pilihan())


@get("/penerimaan/baru", opt={"permission": KELOLA})
async def penerimaan_baru(request: Request) -> Response:
    return await _penerimaan_page(request, {"penerima": request.scope["user"].full_name}, {})


@post("/penerimaan/baru", opt={"permission": KELOLA})
async def penerimaan_simpan(request: Request, data: Form) -> Response:
    try:
        case = await alur.catat_penerimaan(data, request.scope["user"])
    except (BmdError, ActionError) as exc:
        errors = getattr(exc, "errors", None) or {"baris": " ".join(exc.messages)}
        return await _penerimaan_page(request, {k: data.get(k) or "" for k in data.keys()}, errors, 400)
    return redirect(request, f"/cases/{case['id']}",
                    _("Penerimaan %(ref)s dicatat; BAST menunggu Kepala Dinas.", ref=case["reference"]))


async def _konteks(case, task, user, form=None, errors=None) -> dict:
    pen, lines = await alur.penerimaan_kasus(case)
    return {"case": case, "task": task, "penerimaan": pen, "baris_terima": lines,
            "permintaan": await alur.permintaan_kasus(case["id"]), "form": form or {}, "errors": errors or {},
            "may_act": task["state"] in ("terbuka", "menunggu") and bool(await may_work_on(user, [task])),
            **await _pilihan()}


async def panel(case, task, request):
    return render_fragment(request, "bmd/panel.html", **await _konteks(case, task, request.scope["user"]))


async def _tugas(request, case_id, task_id, step):
    case = await get_case(case_id)
    task = await alur.tugas_terbuka(case_id, task_id) if case and case["sop"] == BMD else None
    if task is None or task["step"] != step or not await may_work_on(request.scope["user"], [task]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    return case, task


@post("/kasus/{case_id:int}/tugas/{task_id:int}/ajukan", opt={"permission": LOGIN})
async def ajukan(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case, task = await _tugas(request, case_id, task_id, "usulkan")
    try:
        await alur.ajukan(task, data, request.scope["user"])
    except (BmdError, ActionError) as exc:
        errors = getattr(exc, "errors", None) or {"baris": " ".join(exc.messages)}
        ctx = await _konteks(case, task, request.scope["user"], {k: data.get(k) or "" for k in data.keys()}, errors)
        return render(request, "bmd/panel_halaman.html", status_code=400, **ctx)
    return redirect(request, f"/cases/{case['id']}", _("Permintaan diajukan; persediaan dicadangkan."))


@post("/kasus/{case_id:int}/tugas/{task_id:int}/salurkan", opt={"permission": LOGIN})
async def salurkan(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case, task = await _tugas(request, case_id, task_id, "salurkan")
    try:
        await alur.salurkan(task, request.scope["user"])
    except (BmdError, ActionError) as exc:
        errors = getattr(exc, "errors", None) or {"salurkan": " ".join(exc.messages)}
        ctx = await _konteks(case, task, request.scope["user"], {}, errors)
        return render(request, "bmd/panel_halaman.html", status_code=400, **ctx)
    return redirect(request, f"/cases/{case['id']}", _("Barang disalurkan dengan BAST penyerahan."))


def routes() -> list:
    return [penerimaan_baru, penerimaan_simpan, ajukan, salurkan]
