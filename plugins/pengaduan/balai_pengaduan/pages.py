"""Pages of the WBS: the Tim Telaah's and the decider's panel on the task page, the Operator's
list (references and dates only) and archive form, the custodian's requests."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, DocumentError, Form, FormFields, MultipartForm, PathId, SubmissionError, _, case_tasks,
    case_url, get_case, lazy_gettext, redirect, render, render_fragment, task_url, unseal_case,
)

from balai_pengaduan import laporan
from balai_pengaduan.akses import boleh_membaca, isi
from balai_pengaduan.sop import KUSTODIAN, TELAAH, TERIMA, TERLAPOR, WBS
from balai_pengaduan.tables import Laporan

TERLAPOR_LABEL = dict(TERLAPOR)
LANGKAH = {"terima": lazy_gettext("Diterima, menunggu diteruskan"), "telaah": lazy_gettext("Ditelaah Tim Telaah"),
           "putuskan": lazy_gettext("Diputuskan Kepala Dinas"),
           "putuskan_sekretaris": lazy_gettext("Diputuskan Sekretaris"),
           "arsip": lazy_gettext("Menunggu diarsipkan dan diinformasikan")}


def _text(data: FormFields, name: str) -> str:
    value = data.get(name, "")
    return value.strip() if isinstance(value, str) else ""


async def _panel_context(case: dict, task: dict, user) -> dict:
    info = await laporan.rahasia_of(case["id"])
    return {
        "case": case, "task": task, "laporan": isi(case), "info": info, "terlapor": TERLAPOR_LABEL,
        "aksi_telaah": laporan.AKSI_TELAAH.get(info.get("pemutus", "kepala_dinas")),
        "telaah": case["unit"] in user.grants.get(TELAAH, ()),
        "punya_identitas": await laporan.punya_identitas(case["id"]),
        "permintaan": [p for p in await laporan.permintaan(case_id=case["id"]) if p["diminta_oleh"] == user.id],
        "identitas": await laporan.identitas_terbuka(user, case["id"]),
    }


async def panel(case: dict, task: dict, request: Request):
    user = request.scope["user"]
    if not await boleh_membaca(user, case):
        return None
    return render_fragment(request, "pengaduan/panel.html", **await _panel_context(case, task, user),
                           values={}, errors=[])


async def _readable(request: Request, case_id: int) -> dict:
    case = await get_case(case_id)
    if case is None or case["sop"] != WBS or not await boleh_membaca(request.scope["user"], case):
        raise NotFoundException()
    return case


@post("/wbs/{case_id:int}/tugas/{task_id:int}", opt={"permission": LOGIN})
async def kerjakan(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    user = request.scope["user"]
    case = await _readable(request, case_id)
    values = {k: _text(data, k) for k in ("hasil_telaah", "alasan", "keputusan")}
    try:
        await laporan.kerjakan(user, case_id, task_id, _text(data, "aksi"), values)
    except (ActionError, SubmissionError) as error:
        task = next((t for t in await case_tasks(case_id) if t["id"] == task_id), None)
        if task is None:
            raise NotFoundException() from error
        context = await _panel_context(unseal_case(case), task, user)
        return render(request, "pengaduan/tugas.html", status_code=400, values=values,
                      errors=getattr(error, "messages", None) or [str(error)], **context)
    return redirect(request, case_url(case_id), _("Tindakan tercatat."))


@post("/wbs/{case_id:int}/identitas", opt={"permission": TELAAH})
async def minta_identitas(request: Request, case_id: PathId, data: Form) -> Response:
    user = request.scope["user"]
    case = await _readable(request, case_id)
    try:
        await laporan.minta_identitas(user, case, _text(data, "alasan"))
    except ActionError as error:
        task = next((t for t in await case_tasks(case_id)), None)
        context = await _panel_context(unseal_case(case), task, user)
        return render(request, "pengaduan/tugas.html", status_code=400, values={"alasan_identitas": _text(data, "alasan")},
                      errors=error.messages, **context)
    return redirect(request, case_url(case_id), _("Permintaan dicatat dan menunggu keputusan kustodian identitas."))


@get("/wbs/", opt={"permission": TERIMA}, name="pengaduan:wbs")
async def daftar(request: Request) -> Response:
    """The Operator's list: that reports arrived, where they stand, never what they say."""
    rows = []
    for row in await Laporan.select(Laporan.case).order_by(Laporan.id, ascending=False).limit(200):
        case = await get_case(row["case"])
        if case is None:
            continue
        tasks = await case_tasks(row["case"])
        open_task = next((t for t in tasks if t["state"] in ("terbuka", "menunggu")), None)
        rows.append({"case": case, "task": open_task,
                     "langkah": LANGKAH.get(open_task["step"], "") if open_task else ""})
    return render(request, "pengaduan/daftar.html", rows=rows, langkah=LANGKAH)


async def _tugas_arsip(case_id: int, task_id: int) -> tuple[dict, dict]:
    case = await get_case(case_id)
    task = next((t for t in await case_tasks(case_id) if t["id"] == task_id and t["step"] == "arsip"
                 and t["state"] in ("terbuka", "menunggu")), None) if case and case["sop"] == WBS else None
    if task is None:
        raise NotFoundException()
    return case, task


@get("/wbs/{case_id:int}/arsip/{task_id:int}", opt={"permission": TERIMA})
async def form_arsip(request: Request, case_id: PathId, task_id: PathId) -> Response:
    case, task = await _tugas_arsip(case_id, task_id)
    return render(request, "pengaduan/arsip.html", case=case, task=task, pesan="", errors=[])


@post("/wbs/{case_id:int}/arsip/{task_id:int}", opt={"permission": TERIMA})
async def arsipkan(request: Request, case_id: PathId, task_id: PathId, data: MultipartForm) -> Response:
    case, task = await _tugas_arsip(case_id, task_id)
    pesan = _text(data, "pesan")
    files = [(f.filename, f.file) for f in data.getall("berkas") if hasattr(f, "read") and getattr(f, "filename", "")]
    try:
        await laporan.arsipkan(request.scope["user"], case_id, task_id, pesan, files)
    except (ActionError, SubmissionError, DocumentError) as error:
        return render(request, "pengaduan/arsip.html", status_code=400, case=case, task=task, pesan=pesan,
                      errors=getattr(error, "messages", None) or [str(error)])
    return redirect(request, "/pengaduan/wbs/", _("Laporan diarsipkan dan pelapor sudah diberi tahu."))


@get("/identitas", opt={"permission": KUSTODIAN}, name="pengaduan:identitas")
async def daftar_permintaan(request: Request) -> Response:
    user = request.scope["user"]
    return render(request, "pengaduan/identitas.html", sah=laporan.kustodian_sah(user),
                  rows=await laporan.permintaan(), errors=[], values={})


@post("/identitas/{request_id:int}", opt={"permission": KUSTODIAN})
async def putus_permintaan(request: Request, request_id: PathId, data: Form) -> Response:
    user = request.scope["user"]
    catatan = _text(data, "catatan")
    try:
        await laporan.putus_permintaan(user, request_id, _text(data, "keputusan") == "setujui", catatan)
    except ActionError as error:
        return render(request, "pengaduan/identitas.html", status_code=400, sah=laporan.kustodian_sah(user),
                      rows=await laporan.permintaan(), errors=error.messages,
                      values={"id": request_id, "catatan": catatan})
    return redirect(request, "/pengaduan/identitas", _("Keputusan tercatat."))


ROUTES = [kerjakan, minta_identitas, daftar, form_arsip, arsipkan, daftar_permintaan, putus_permintaan]
__all__ = ["ROUTES", "panel", "task_url"]
