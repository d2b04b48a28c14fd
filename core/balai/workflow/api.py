"""JSON API of the workflow, under /api/core/: the inbox, opening a case, reading and acting on a task."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import msgspec
from litestar import Request, get, post
from litestar.params import JSONBody
from litestar.exceptions import HTTPException, NotFoundException

from balai.identity import directory
from balai.identity.access import LOGIN
from balai.i18n import _
from balai.sealed import service as sealing
from balai.workflow import engine, inbox, store, views
from balai.workflow.engine import ActionError
from balai.web.inputs import FIELD, Id, JSONObject, Page, PathId, QueryText, text

OPT = MappingProxyType({"permission": LOGIN})


def _refused(exc: ActionError) -> HTTPException:
    status = 409 if exc.conflict else 400
    return HTTPException(status_code=status, detail="; ".join(exc.messages), extra={"messages": exc.messages})


MAX_DATA = 64 * 1024  # bytes of JSON in a case's or an action's ``data``: form fields, not files


class CaseIn(msgspec.Struct):
    sop: text(100)
    subject: text(300)
    unit_id: Id
    data: JSONObject = msgspec.field(default_factory=dict)


class RecipientIn(msgspec.Struct):
    """A branch of a disposition: a unit or a person, with its instruction and due date."""

    unit_id: Id | None = None
    user_id: Id | None = None
    instruction: text(2000) = ""
    due: date | None = None


class ActIn(msgspec.Struct):
    action: text(64)
    note: text(FIELD) = ""
    data: JSONObject = msgspec.field(default_factory=dict)
    recipients: list[RecipientIn] = msgspec.field(default_factory=list)


def _bounded(data: dict) -> dict:
    if len(msgspec.json.encode(data)) > MAX_DATA:
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
async def api_inbox(
    request: Request, sop: QueryText = "", task_state: inbox.StateParam = "", overdue: QueryText = "", due_today: QueryText = "",
    q: QueryText = "", sort: QueryText = "", page: Page = 1,
) -> dict:
    filters = inbox.Filters.from_query(
        {"sop": sop, "state": task_state, "overdue": overdue, "due_today": due_today, "q": q, "sort": sort, "page": page})
    rows, total = await inbox.inbox(request.scope["user"], filters)
    clocks = await views.nearest_clocks(rows)
    tasks = [{
        "id": r["id"], "case": r["case"], "reference": r["case.reference"], "subject": r["case.subject"],
        "sop": r["sop"], "step": r["step"], "state": r["state"], "unit": r["unit"], "unit_name": r["unit.name"],
        "role": r["role"], "assignee": r["assignee"], "taken_by": r["taken_by"], "opened_at": r["opened_at"],
        "due_at": r["due_at"], "overdue": r["overdue"], "instruction": r["instruction"],
        "clock": clocks.get(r["case"]),
    } for r in rows]
    return {"total": total, "page": filters.page, "per_page": inbox.PER_PAGE, "tasks": tasks}


@post("/cases", opt=OPT, status_code=201, summary="Membuka kasus baru dari sebuah SOP")
async def api_open_case(request: Request, data: JSONBody[CaseIn]) -> dict:
    try:
        _may_start(request.scope["user"], data.sop, data.unit_id)
        case = await engine.open_case(data.sop, data.subject, user=request.scope["user"], unit_id=data.unit_id,
                                      data=_bounded(data.data))
        return (await sealing.case_view(request.scope["user"], case))[0]
    except ActionError as exc:
        raise _refused(exc) from None


@get("/tasks/{task_id:int}", opt=OPT, summary="Sebuah tugas, kasusnya, dan aksi yang tersedia")
async def api_task(request: Request, task_id: PathId) -> dict:
    user = request.scope["user"]
    task = await store.task_row(task_id)
    if task is None or not await engine.can_view_case(user, task["case"]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    case, readable = await sealing.case_view(user, await store.case_row(task["case"]))
    task = sealing.unseal_task(task) if readable else sealing.mask_task(task)
    sop = engine.get_sop(case["sop"])
    may_act = task["state"] in store.OPEN and (await directory.reach(user)).may_hold(task)
    actions = engine.available_actions(sop, task) if may_act else []
    return {
        "task": task, "case": case,
        "actions": [{"code": a.code, "label": str(a.label), "kind": a.kind, "to": a.to,
                     "note_required": a.note_required, "fields": list(a.fields)} for a in actions],
    }


@post("/tasks/{task_id:int}/act", opt=OPT, status_code=200, summary="Menindaklanjuti tugas dengan sebuah aksi")
async def api_act(request: Request, task_id: PathId, data: JSONBody[ActIn]) -> dict:
    task = await store.task_row(task_id)
    if task is None or not await engine.can_view_case(request.scope["user"], task["case"]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    recipients = [{k: v for k, v in msgspec.structs.asdict(r).items() if v is not None} for r in data.recipients]
    try:
        case = await engine.act(task_id, data.action, user=request.scope["user"], data=_bounded(data.data),
                                note=data.note, recipients=recipients)
        return (await sealing.case_view(request.scope["user"], case))[0]
    except ActionError as exc:
        raise _refused(exc) from None


def routes() -> list:
    return [api_inbox, api_open_case, api_task, api_act]
