"""JSON API of the workflow, under /api/core/: the inbox, opening a case, reading and acting on a task."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.exceptions import HTTPException, NotFoundException

from balai.identity import directory
from balai.identity.access import LOGIN
from balai.i18n import _
from balai.workflow import engine, inbox, store
from balai.workflow.engine import ActionError

OPT = MappingProxyType({"permission": LOGIN})


def _refused(exc: ActionError) -> HTTPException:
    status = 409 if exc.conflict else 400
    return HTTPException(status_code=status, detail="; ".join(exc.messages), extra={"messages": exc.messages})


MAX_DATA = 64 * 1024  # bytes of JSON in a case's or an action's ``data``: form fields, not files


def _body(data: Any) -> dict:
    if not isinstance(data, dict):
        raise HTTPException(status_code=400, detail=_("Isi permintaan harus berupa objek JSON."))
    if not isinstance(data.get("data") or {}, dict):
        raise HTTPException(status_code=400, detail=_("Kolom %(kolom)s harus berupa objek JSON.", kolom="data"))
    if len(msgspec.json.encode(data.get("data") or {})) > MAX_DATA:
        raise HTTPException(status_code=413, detail=_("Kolom %(kolom)s terlalu besar (paling banyak %(kb)s KB JSON).",
                                                      kolom="data", kb=MAX_DATA // 1024))
    return data


def _may_start(user, sop_code: str, unit_id: int) -> None:
    """The API opens only SOPs with a start permission, in a unit where the user holds it: PUBLIC
    and SYSTEM SOPs are opened by their plugin's own form or code, which checks its own rules."""
    sop = engine.get_sop(sop_code)
    if not sop.start_permission:
        raise HTTPException(status_code=403, detail=_("Kasus SOP ini tidak dapat dibuka melalui API."))
    if not user.can(sop.start_permission, unit_id):
        raise HTTPException(status_code=403, detail=_("Anda tidak berwenang membuka kasus SOP ini di unit tersebut."))


@get("/inbox", opt=OPT, summary="Kotak masuk pengguna (25 per halaman)")
async def api_inbox(request: Request) -> dict:
    filters = inbox.Filters.from_query(request.query_params)
    rows, total = await inbox.inbox(request.scope["user"], filters)
    tasks = [{
        "id": r["id"], "case": r["case"], "reference": r["case.reference"], "subject": r["case.subject"],
        "sop": r["sop"], "step": r["step"], "state": r["state"], "unit": r["unit"], "unit_name": r["unit.name"],
        "role": r["role"], "assignee": r["assignee"], "taken_by": r["taken_by"], "opened_at": r["opened_at"],
        "due_at": r["due_at"], "overdue": r["overdue"], "instruction": r["instruction"],
    } for r in rows]
    return {"total": total, "page": filters.page, "per_page": inbox.PER_PAGE, "tasks": tasks}


@post("/cases", opt=OPT, status_code=201, summary="Membuka kasus baru dari sebuah SOP")
async def api_open_case(request: Request, data: JSONBody[Any]) -> dict:
    body = _body(data)
    unit_id = body.get("unit_id")
    if type(unit_id) is not int:  # bool is an int, 1.5 and "1" are not ids
        raise HTTPException(status_code=400, detail=_("unit_id wajib berupa bilangan bulat (id unit)."))
    sop_code = str(body.get("sop", ""))
    try:
        _may_start(request.scope["user"], sop_code, unit_id)
        return await engine.open_case(sop_code, str(body.get("subject", "")),
                                      user=request.scope["user"], unit_id=unit_id, data=body.get("data") or {})
    except ActionError as exc:
        raise _refused(exc) from None


@get("/tasks/{task_id:int}", opt=OPT, summary="Sebuah tugas, kasusnya, dan aksi yang tersedia")
async def api_task(request: Request, task_id: FromPath[int]) -> dict:
    user = request.scope["user"]
    task = await store.task_row(task_id)
    if task is None or not await engine.can_view_case(user, task["case"]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    case = await store.case_row(task["case"])
    sop = engine.get_sop(case["sop"])
    may_act = task["state"] in store.OPEN and (await directory.reach(user)).may_hold(task)
    actions = engine.available_actions(sop, task) if may_act else []
    return {
        "task": task, "case": case,
        "actions": [{"code": a.code, "label": str(a.label), "kind": a.kind, "to": a.to,
                     "note_required": a.note_required, "fields": list(a.fields)} for a in actions],
    }


@post("/tasks/{task_id:int}/act", opt=OPT, status_code=200, summary="Menindaklanjuti tugas dengan sebuah aksi")
async def api_act(request: Request, task_id: FromPath[int], data: JSONBody[Any]) -> dict:
    body = _body(data)
    task = await store.task_row(task_id)
    if task is None or not await engine.can_view_case(request.scope["user"], task["case"]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    recipients = body.get("recipients") or []
    if not isinstance(recipients, list) or not all(isinstance(r, dict) for r in recipients):
        raise HTTPException(status_code=400, detail=_("recipients harus berupa daftar objek."))
    try:
        return await engine.act(task_id, str(body.get("action", "")), user=request.scope["user"],
                                data=body.get("data") or {}, note=str(body.get("note") or ""),
                                recipients=recipients)
    except ActionError as exc:
        raise _refused(exc) from None


def routes() -> list:
    return [api_inbox, api_open_case, api_task, api_act]
