"""SOP 6's page: the Atasan PPID's written answer from the task panel."""

from __future__ import annotations

from litestar import Request, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, Form, PathId, SubmissionError, _, case_tasks, get_case, may_work_on, redirect, render,
    render_fragment,
)
from balai_ppid import keberatan

OPEN = ("terbuka", "menunggu")


async def _konteks(case, task, user, form=None, error=""):
    reasons = dict(keberatan.ALASAN)
    data = case.get("data") or {}
    return {"case": case, "task": task, "data": data, "alasan": str(reasons.get(data.get("alasan"), "")),
            "form": form or {}, "error": error,
            "may_act": task["state"] in OPEN and bool(await may_work_on(user, [task]))}


async def panel(case, task, request: Request):
    return render_fragment(request, "ppid/panel_keberatan.html", **await _konteks(case, task, request.scope["user"]))


@post("/keberatan/{case_id:int}/tugas/{task_id:int}/tanggapi", opt={"permission": LOGIN})
async def tanggapi(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case = await get_case(case_id)
    task = None
    if case is not None and case["sop"] == keberatan.KEBERATAN:
        task = next((t for t in await case_tasks(case_id) if t["id"] == task_id), None)
    user = request.scope["user"]
    if task is None or task["step"] != "tanggapi" or task["state"] not in OPEN or not await may_work_on(user, [task]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    form = {"tanggapan": (data.get("tanggapan") or "").strip()}
    error = ""
    if not form["tanggapan"]:
        error = _("Tulis tanggapan tertulis atas keberatan.")
    elif len(form["tanggapan"]) > 5000:
        error = _("Paling banyak %(n)s karakter.", n=5000)
    if not error:
        try:
            await keberatan.tanggapi(task, form["tanggapan"], user)
        except (ActionError, SubmissionError) as exc:
            error = " ".join(getattr(exc, "messages", None) or [str(exc)])
    if error:
        return render(request, "ppid/panel_galat_keberatan.html", status_code=400,
                      **await _konteks(case, task, user, form, error))
    return redirect(request, "/inbox", _("Tanggapan atas keberatan %(nomor)s dikirim.", nomor=case["reference"]))


def routes() -> list:
    return [tanggapi]
