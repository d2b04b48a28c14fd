"""Hand-over as a core plugin: its link table, the form "Serahkan ke SOP lain" and its API."""

from __future__ import annotations

from types import MappingProxyType

import msgspec
from litestar import Request, get, post
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import JSONBody

from balai.api import hookimpl
from balai.i18n import _
from balai.identity.access import LOGIN
from balai.web.inputs import Form, JSONObject, PathId, text
from balai.web.render import redirect, render

OPT = MappingProxyType({"permission": LOGIN})


@hookimpl
def piccolo_apps():
    return ["balai.handover.piccolo_app"]


@hookimpl
def startup(app):
    """Check every plugin's hand-over targets now: a broken one stops start-up, naming it."""
    from balai.context import current
    from balai.handover import service

    ctx = current()
    ctx.extra[service.EXTRA] = service.load_targets(ctx)


async def _visible_case(user, case_id: int) -> dict:
    from balai.workflow import engine

    case = await engine.get_case(case_id)
    if case is None or not await engine.can_view_case(user, case_id):
        raise NotFoundException(_("Kasus tidak ditemukan."))
    return case


# --- pages -----------------------------------------------------------------------------------

async def _form_page(request: Request, case: dict, status_code: int = 200, errors: dict | None = None,
                     form: dict | None = None) -> object:
    from balai.handover import service
    from balai.sealed import service as sealing

    user = request.scope["user"]
    options = await service.handover_options(case["id"], user=user)
    shown, _readable = await sealing.case_view(user, case)
    return render(request, "handover/form.html", status_code=status_code, case=shown, options=options,
                  choices=[(o["sop"], o["label"]) for o in options], errors=errors or {},
                  form=form or {"perihal": shown["subject"]}, may=await service.may_hand_over(user, case))


@get("/cases/{case_id:int}/handover", opt=OPT)
async def handover_form(request: Request, case_id: PathId) -> object:
    return await _form_page(request, await _visible_case(request.scope["user"], case_id))


@post("/cases/{case_id:int}/handover", opt=OPT)
async def handover_post(request: Request, case_id: PathId, data: Form) -> object:
    from balai.handover import service
    from balai.workflow import engine
    from balai.workflow.rows import case_url

    user = request.scope["user"]
    case = await _visible_case(user, case_id)
    form = {k: (data.get(k) or "").strip() for k in ("sop", "alasan", "perihal")}
    errors = {}
    if not form["sop"]:
        errors["sop"] = _("Pilih SOP tujuan.")
    if not form["alasan"]:
        errors["alasan"] = _("Alasan penyerahan wajib diisi.")
    if not form["perihal"]:
        errors["perihal"] = _("Perihal wajib diisi.")
    if errors:
        return await _form_page(request, case, 400, errors, form)
    try:
        new = await service.hand_over(case_id, form["sop"], user=user, reason=form["alasan"], subject=form["perihal"])
    except service.HandoverError as exc:
        field = {404: "sop", 409: "sop"}.get(exc.status, "alasan")
        return await _form_page(request, case, exc.status, {field: "; ".join(exc.messages)}, form)
    message = _("Kasus diteruskan ke %(sop)s: %(ref)s.", sop=service.sop_name(new["sop"]), ref=new["reference"])
    target = case_url(new["id"]) if await engine.can_view_case(user, new["id"]) else case_url(case_id)
    return redirect(request, target, message)


@hookimpl
def page_routes():
    return [handover_form, handover_post]


# --- API -------------------------------------------------------------------------------------

class HandoverIn(msgspec.Struct):
    to_sop: text(100)
    reason: text(2000) = ""
    subject: text(300) | None = None
    data: JSONObject = msgspec.field(default_factory=dict)


@get("/cases/{case_id:int}/handover", opt=OPT,
     summary="Penyerahan sebuah kasus: SOP yang dapat menerimanya dan tautan ke/dari kasus lain")
async def api_handover(request: Request, case_id: PathId) -> dict:
    from balai.handover import service

    user = request.scope["user"]
    await _visible_case(user, case_id)
    return {"options": await service.handover_options(case_id, user=user), "links": await service.case_links(case_id)}


@post("/cases/{case_id:int}/handover", opt=OPT, status_code=201,
      summary="Menyerahkan kasus ke SOP plugin lain (kasus baru, tertaut dua arah, dengan alasan)")
async def api_hand_over(request: Request, case_id: PathId, data: JSONBody[HandoverIn]) -> dict:
    from balai.handover import service
    from balai.sealed import service as sealing
    from balai.workflow.api import _bounded

    user = request.scope["user"]
    await _visible_case(user, case_id)
    try:
        new = await service.hand_over(case_id, data.to_sop, user=user, reason=data.reason, subject=data.subject,
                                      data=_bounded(data.data))
    except service.HandoverError as exc:
        raise HTTPException(status_code=exc.status, detail="; ".join(exc.messages),
                            extra={"messages": exc.messages}) from None
    return (await sealing.case_view(user, new))[0]


@hookimpl
def api_routes():
    return [api_handover, api_hand_over]
