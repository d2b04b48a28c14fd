"""Personal data as a core plugin: the access log and the tombstones, the permission ``core.pdp`` and
its role, the retention job, the officer's pages (log, retention, a person's export) and the API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request, get, post
from litestar.exceptions import HTTPException
from litestar.params import JSONBody
from litestar.response import Response

from balai.api import hookimpl
from balai.i18n import _, lazy_gettext
from balai.personaldata import service
from balai.personaldata.service import PDP, PersonalData
from balai.registry import Job, MenuItem, Permission, Role
from balai.web.inputs import Form, Id, Page, QueryText, text
from balai.web.render import client_ip, redirect, render, wants_fragment

OPT = MappingProxyType({"permission": PDP})
PATH = "/admin/personal-data"


@hookimpl
def piccolo_apps():
    return ["balai.personaldata.piccolo_app"]


@hookimpl
def permissions():
    return [Permission(PDP, lazy_gettext("Mengawasi pelindungan data pribadi: log akses, retensi, ekspor"))]


@hookimpl
def roles():
    return [Role("pejabat_pdp", lazy_gettext("Pejabat Pelindungan Data Pribadi"), [PDP], demo_unit="sekretariat")]


@hookimpl
def menu_items(user):
    return [MenuItem(lazy_gettext("Data Pribadi"), PATH, permission=PDP, order=920)]


@hookimpl
def personal_data():
    # The core's own: the staff's accounts (found by user id in a person's export).
    return [PersonalData("core.akun", lazy_gettext("Akun pegawai"), fields=("full_name", "nip", "email", "phone"))]


@hookimpl
def scheduled_jobs():
    async def run():
        await service.retention_run()

    return [Job("retensi_data_pribadi", run, every=3600)]


@hookimpl
def startup(app):
    """Check every plugin's declarations now: a broken one stops start-up, naming it."""
    from balai.context import current

    ctx = current()
    ctx.extra[service.EXTRA] = service.load_declarations(ctx)


# --- pages -----------------------------------------------------------------------------------

def _day(text_value: str, tz: ZoneInfo) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(text_value), time.min, tz) if text_value else None
    except ValueError:
        return None


def _kinds() -> list[tuple[str, str]]:
    return sorted(((k, str(d.label)) for k, d in service.declarations().items()), key=lambda p: p[1])


async def _log_context(request: Request, filters: dict, page: int) -> dict:
    tz = ZoneInfo(request.app.state.config.timezone)
    until = _day(filters["until"], tz)
    rows, total = await service.access_log(
        actor=filters["actor"], kind=filters["kind"], action=filters["action"], record=filters["record"],
        since=_day(filters["since"], tz), until=until and until + timedelta(days=1), page=page)
    labels = dict(_kinds())
    for row in rows:
        row["kind_label"] = labels.get(row["kind"], row["kind"])
    return {"rows": rows, "total": total, "page": page, "per_page": service.PER_PAGE, "filters": filters,
            "kinds": _kinds(), "actions": [(a, str(ACTION_LABELS[a])) for a in service.ACTIONS]}


ACTION_LABELS = MappingProxyType({"lihat": lazy_gettext("Dilihat"), "unduh": lazy_gettext("Diunduh"),
                                  "ekspor": lazy_gettext("Diekspor")})


@get(PATH, opt=OPT)
async def log_page(request: Request, actor: QueryText = "", kind: QueryText = "", action: QueryText = "",
                   record: QueryText = "", since: QueryText = "", until: QueryText = "", page: Page = 1) -> object:
    filters = {"actor": actor, "kind": kind, "action": action, "record": record, "since": since, "until": until}
    context = await _log_context(request, filters, page)
    if wants_fragment(request) and request.headers.get("hx-target") == "pdp-table":
        return render(request, "personaldata/_log_table.html", **context)
    return render(request, "personaldata/log.html", **context)


async def _retention_page(request: Request, page: int = 1, status_code: int = 200, errors: dict | None = None,
                          form: dict | None = None) -> object:
    periods = await service.retention()
    rows = [{"kind": k, "label": str(d.label), "fields": d.fields, "document_kinds": d.document_kinds,
             "declared": d.retention_days, "days": periods.get(k)} for k, d in service.declarations().items()]
    stones, total = await service.tombstones(page=page)
    return render(request, "personaldata/retention.html", status_code=status_code, rows=rows, stones=stones,
                  total=total, page=page, per_page=service.PER_PAGE, errors=errors or {}, form=form or {})


@get(f"{PATH}/retention", opt=OPT)
async def retention_page(request: Request, page: Page = 1) -> object:
    return await _retention_page(request, page)


@post(f"{PATH}/retention", opt=OPT)
async def retention_set(request: Request, data: Form) -> object:
    from balai.web.inputs import InputError, whole_number

    form = {"kind": (data.get("kind") or "").strip(), "hari": (data.get("hari") or "").strip()}
    try:
        days = whole_number(form["hari"], 1, 36500) if form["hari"] else None
        await service.set_retention(request.scope["user"], form["kind"], days, client_ip(request))
    except InputError:
        return await _retention_page(request, status_code=400, form=form,
                                     errors={"hari": _("Masa retensi harus 1 sampai 36500 hari.")})
    except service.PersonalDataError as exc:
        return await _retention_page(request, status_code=exc.status, form=form, errors={"hari": exc.message})
    return redirect(request, f"{PATH}/retention", _("Masa retensi tersimpan."))


def _export_form(request: Request, status_code: int = 200, errors: dict | None = None, form: dict | None = None):
    return render(request, "personaldata/export.html", status_code=status_code, errors=errors or {}, form=form or {})


@get(f"{PATH}/export", opt=OPT)
async def export_page(request: Request) -> object:
    return _export_form(request)


@post(f"{PATH}/export", opt=OPT, status_code=200)
async def export_post(request: Request, data: Form) -> object:
    form = {k: (data.get(k) or "").strip() for k in ("user_id", "nik", "dasar")}
    try:
        archive = await service.export_subject(request.scope["user"], user_id=form["user_id"] or None, nik=form["nik"],
                                               reason=form["dasar"], ip=client_ip(request), files=True)
    except service.PersonalDataError as exc:
        field = "user_id" if exc.field == "subjek" else exc.field
        return _export_form(request, exc.status, {field or "dasar": exc.message}, form)
    name = f"data-pribadi-{'pengguna-' + form['user_id'] if form['user_id'] else 'nik-' + form['nik']}.zip"
    return Response(archive, media_type="application/zip", headers={
        "content-disposition": f'attachment; filename="{name}"', "cache-control": "private, no-store"})


@hookimpl
def page_routes():
    return [log_page, retention_page, retention_set, export_page, export_post]


# --- API -------------------------------------------------------------------------------------

@get("/personal-data/log", opt=OPT, summary="Log akses data pribadi (terbaru dulu, 50 per halaman)")
async def api_log(request: Request, actor: QueryText = "", kind: QueryText = "", action: QueryText = "",
                  record: QueryText = "", since: QueryText = "", until: QueryText = "", page: Page = 1) -> dict:
    filters = {"actor": actor, "kind": kind, "action": action, "record": record, "since": since, "until": until}
    context = await _log_context(request, filters, page)
    return {"total": context["total"], "page": page, "per_page": service.PER_PAGE,
            "entries": [{k: v for k, v in r.items() if k != "kind_label"} for r in context["rows"]]}


@get("/personal-data/deleted", opt=OPT, summary="Dokumen yang dihapus karena masa retensinya berakhir")
async def api_deleted(request: Request, page: Page = 1) -> dict:
    rows, total = await service.tombstones(page=page)
    return {"total": total, "page": page, "per_page": service.PER_PAGE, "entries": rows}


class ExportIn(msgspec.Struct):
    reason: text(2000) = ""
    user_id: Id | None = None
    nik: text(16) = ""


@post("/personal-data/export", opt=OPT, status_code=200,
      summary="Ekspor data pribadi seseorang atas permintaannya (nomor pengguna atau NIK), tercatat di log")
async def api_export(request: Request, data: JSONBody[ExportIn]) -> dict:
    try:
        return await service.export_subject(request.scope["user"], user_id=data.user_id, nik=data.nik,
                                            reason=data.reason, ip=client_ip(request))
    except service.PersonalDataError as exc:
        raise HTTPException(status_code=exc.status, detail=exc.message, extra={"field": exc.field}) from None


@hookimpl
def api_routes():
    return [api_log, api_deleted, api_export]
