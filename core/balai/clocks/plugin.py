"""Legal clocks as a core plugin: their tables, the clock page and its forms, the API, and the
reminder and escalation jobs."""

from __future__ import annotations

from types import MappingProxyType

import msgspec
from litestar import Request, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import JSONBody

from balai.api import hookimpl
from balai.i18n import _
from balai.identity.access import LOGIN
from balai.registry import Job
from balai.sealed import service as sealing
from balai.web.inputs import Form, PathId, path_text, text
from balai.web.render import redirect, render, safe_next

OPT = MappingProxyType({"permission": LOGIN})
ClockCode = path_text(64)
OPERATIONS = ("extend", "pause", "resume")


@hookimpl
def piccolo_apps():
    return ["balai.clocks.piccolo_app"]


@hookimpl
def sealed_columns():
    from balai.clocks.tables import ClockEvent

    return [ClockEvent.reason]  # the written reasons of a sealed case's extensions and pauses


@hookimpl
def scheduled_jobs():
    from balai.clocks import reminders

    return [Job("pengingat_jam", reminders.remind, every=300), Job("eskalasi_jam", reminders.escalate, every=300)]


async def _visible_case(user, case_id: int) -> dict:
    from balai.workflow import engine

    case = await engine.get_case(case_id)
    if case is None or not await engine.can_view_case(user, case_id):
        raise NotFoundException(_("Kasus tidak ditemukan."))
    return case


async def _run(operation: str, case_id: int, code: str, user, reason: str):
    from balai.clocks import service

    do = {"extend": service.extend_clock, "pause": service.pause_clock, "resume": service.resume_clock}[operation]
    return await do(case_id, code, user=user, reason=reason)


# --- pages -----------------------------------------------------------------------------------

async def _clock_page(request: Request, case_id: int, code: str, status_code: int = 200, error: str = "",
                      form: dict | None = None) -> object:
    from balai.clocks import service

    user = request.scope["user"]
    case = await _visible_case(user, case_id)
    readable = await sealing.may_unseal(user, case)
    clock = next((c for c in await service.case_clocks(case_id, readable=readable) if c["code"] == code), None)
    if clock is None:
        raise NotFoundException(_("Jam tidak ditemukan pada kasus ini."))
    return render(request, "clocks/clock.html", status_code=status_code, case=case, clock=clock, error=error,
                  form=form or {}, may_manage=await service.may_manage(user, case),
                  next_url=safe_next((form or {}).get("next")) if form and form.get("next") else f"/cases/{case_id}")


@get("/cases/{case_id:int}/clocks/{code:str}", opt=OPT)
async def clock_page(request: Request, case_id: PathId, code: ClockCode) -> object:
    return await _clock_page(request, case_id, code)


async def _operate(request: Request, operation: str, case_id: int, code: str, data) -> object:
    from balai.clocks.service import ClockError

    await _visible_case(request.scope["user"], case_id)
    form = {"alasan": data.get("alasan") or "", "next": data.get("next") or "", "operasi": operation}
    try:
        await _run(operation, case_id, code, request.scope["user"], form["alasan"])
    except ClockError as exc:
        if exc.status == 404:
            raise NotFoundException(exc.messages[0]) from None
        return await _clock_page(request, case_id, code, status_code=exc.status, error=exc.messages[0], form=form)
    done = {"extend": _("Jangka waktu diperpanjang."), "pause": _("Jangka waktu dijeda."),
            "resume": _("Jangka waktu dilanjutkan.")}[operation]
    return redirect(request, safe_next(form["next"]) if form["next"] else f"/cases/{case_id}", done)


@post("/cases/{case_id:int}/clocks/{code:str}/extend", opt=OPT)
async def clock_extend(request: Request, case_id: PathId, code: ClockCode, data: Form) -> object:
    return await _operate(request, "extend", case_id, code, data)


@post("/cases/{case_id:int}/clocks/{code:str}/pause", opt=OPT)
async def clock_pause(request: Request, case_id: PathId, code: ClockCode, data: Form) -> object:
    return await _operate(request, "pause", case_id, code, data)


@post("/cases/{case_id:int}/clocks/{code:str}/resume", opt=OPT)
async def clock_resume(request: Request, case_id: PathId, code: ClockCode, data: Form) -> object:
    return await _operate(request, "resume", case_id, code, data)


@hookimpl
def page_routes():
    return [clock_page, clock_extend, clock_pause, clock_resume]


# --- API -------------------------------------------------------------------------------------

class ReasonIn(msgspec.Struct):
    reason: text(2000) = ""


@get("/cases/{case_id:int}/clocks", opt=OPT, summary="Jam (jangka waktu menurut hukum) sebuah kasus")
async def api_clocks(request: Request, case_id: PathId) -> list[dict]:
    from balai.clocks import service

    case = await _visible_case(request.scope["user"], case_id)
    readable = await sealing.may_unseal(request.scope["user"], case)
    return [dict(c) for c in await service.case_clocks(case_id, readable=readable)]


async def _api_operate(request: Request, operation: str, case_id: int, code: str, data: ReasonIn) -> dict:
    from balai.clocks.service import ClockError

    await _visible_case(request.scope["user"], case_id)
    try:
        return dict(await _run(operation, case_id, code, request.scope["user"], data.reason))
    except ClockError as exc:
        raise HTTPException(status_code=exc.status, detail=exc.messages[0], extra={"messages": exc.messages}) from None


@post("/cases/{case_id:int}/clocks/{code:str}/extend", opt=OPT, status_code=200,
      summary="Memperpanjang jam sebuah kasus (dengan alasan tertulis)")
async def api_extend(request: Request, case_id: PathId, code: ClockCode, data: JSONBody[ReasonIn]) -> dict:
    return await _api_operate(request, "extend", case_id, code, data)


@post("/cases/{case_id:int}/clocks/{code:str}/pause", opt=OPT, status_code=200, summary="Menjeda jam sebuah kasus")
async def api_pause(request: Request, case_id: PathId, code: ClockCode, data: JSONBody[ReasonIn]) -> dict:
    return await _api_operate(request, "pause", case_id, code, data)


@post("/cases/{case_id:int}/clocks/{code:str}/resume", opt=OPT, status_code=200,
      summary="Melanjutkan jam sebuah kasus yang dijeda")
async def api_resume(request: Request, case_id: PathId, code: ClockCode, data: JSONBody[ReasonIn]) -> dict:
    return await _api_operate(request, "resume", case_id, code, data)


@hookimpl
def api_routes():
    return [api_clocks, api_extend, api_pause, api_resume]
