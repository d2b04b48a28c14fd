"""The administrator's page of Plh/Plt appointments (/admin/stand-ins): who stands in for which
head position, from when to when, by which letter; appoint and cancel."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from litestar import Request, get, post

from balai.documents.service import DocumentError, list_documents, save_upload
from balai.i18n import _
from balai.identity import positions
from balai.web.inputs import MultipartForm, PathId
from balai.web.render import client_ip, redirect, render
from balai.workflow import delegation
from balai.workflow.engine import ActionError
from balai.workflow.store import tx

PERMISSION = "core.plh"
OPT = MappingProxyType({"permission": PERMISSION})
PATH = "/admin/stand-ins"
LETTER_OWNER = "core_delegation"  # the appointing letter's scan: a document of the appointment
LETTER_MAX = 20 * 1024 * 1024
FIELDS = ("kind", "position", "to_user", "starts_on", "ends_on", "letter_number", "letter_date", "role", "note")


async def _page(request: Request, form: dict | None = None, errors: dict | None = None, status_code: int = 200):
    catalogue = request.app.state.catalogue
    rows = await delegation.appointments()
    for r in rows:
        r["documents"] = await list_documents(LETTER_OWNER, r["id"])
    heads = await positions.head_positions()
    return render(request, "workflow/stand_ins.html", status_code=status_code, form=form or {"kind": "plh"},
                  errors=errors or {}, appointments=rows,
                  positions=[(str(p["id"]), f"{p['name']} — {p['holder_name'] or _('kosong')}") for p in heads],
                  people=[(str(u["id"]), f"{u['full_name']} ({u['username']})") for u in await positions.active_people()],
                  kinds=[("plh", _("Plh. (pelaksana harian)")), ("plt", _("Plt. (pelaksana tugas)"))],
                  roles=sorted(((code, str(role.label)) for code, role in catalogue.roles.items()),
                               key=lambda pair: pair[1]))


@get(PATH, opt=OPT, name="stand_ins")
async def stand_ins_page(request: Request) -> object:
    return await _page(request)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


@post(PATH, opt=OPT)
async def appoint(request: Request, data: MultipartForm) -> object:
    form = {k: value.strip() if isinstance(value := data.get(k), str) else "" for k in FIELDS}
    letter = [f for f in data.getall("letter_file") if hasattr(f, "read") and getattr(f, "filename", "")]
    user = request.scope["user"]
    bad_dates = {k: _("Tanggal tidak sah.") for k in ("starts_on", "ends_on", "letter_date")
                 if form[k] and _day(form[k]) is None}
    try:
        async with tx():
            row = await delegation.appoint(
                user, position_id=_number(form["position"]), to_user_id=_number(form["to_user"]), kind=form["kind"],
                starts_on=_day(form["starts_on"]), ends_on=_day(form["ends_on"]), letter_number=form["letter_number"],
                letter_date=_day(form["letter_date"]), role=form["role"], note=form["note"],
                roles=set(request.app.state.catalogue.roles), notify_after=False)
            if letter:
                await save_upload(letter[0], letter[0].filename, LETTER_OWNER, row["id"], user,
                                  title=_("Surat penunjukan %(nomor)s", nomor=row["letter_number"]),
                                  max_bytes=LETTER_MAX, ip=client_ip(request))
    except delegation.AppointmentError as exc:
        return await _page(request, form, {**exc.fields, **bad_dates}, 400)
    except DocumentError as exc:
        return await _page(request, form, {"letter_file": exc.message}, exc.status_code)
    await delegation.tell_appointee(row)
    return redirect(request, PATH, _("%(jabatan)s ditunjuk: %(nama)s.", jabatan=row["title"],
                                     nama=row["to_user.full_name"]))


@post(PATH + "/{appointment_id:int}/cancel", opt=OPT)
async def cancel(request: Request, appointment_id: PathId) -> object:
    try:
        await delegation.cancel_appointment(request.scope["user"], appointment_id)
    except ActionError as exc:
        return await _page(request, errors={"_": " ".join(exc.messages)}, status_code=400)
    return redirect(request, PATH, _("Penunjukan dibatalkan."))


def routes() -> list:
    return [stand_ins_page, appoint, cancel]
