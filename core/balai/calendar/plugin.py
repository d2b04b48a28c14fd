"""The working calendar's admin page (/admin/calendar): agency holidays, cuti bersama, office hours."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from types import MappingProxyType

from litestar import Request, get, post

from balai.audit import service as audit
from balai.identity.access import ADMIN
from balai.api import hookimpl
from balai.i18n import _, lazy_gettext
from balai.web.inputs import Form, MaybeYear
from balai.settings import service as settings
from balai.registry import MenuItem
from balai.web.moved import moved
from balai.web.render import client_ip, redirect, render
from balai.calendar import service as calendar

OPT = MappingProxyType({"permission": ADMIN})
PATH = "/admin/calendar"
WEEKDAYS = (lazy_gettext("Senin"), lazy_gettext("Selasa"), lazy_gettext("Rabu"), lazy_gettext("Kamis"),
            lazy_gettext("Jumat"), lazy_gettext("Sabtu"), lazy_gettext("Minggu"))


@hookimpl
def menu_items(user):
    return [MenuItem(lazy_gettext("Kalender Kerja"), PATH, permission=ADMIN, order=95)]


@hookimpl
async def startup(app):
    """The agency's settings before serving, then a refresher (another worker may change them)."""
    await calendar.refresh()
    refresher = asyncio.create_task(calendar.keep_fresh())

    async def stop(_app) -> None:
        refresher.cancel()
        await asyncio.gather(refresher, return_exceptions=True)

    app.state.on_stop.append(stop)


def _hours_form(cal: calendar.WorkCalendar) -> dict:
    form = {}
    for day in range(7):
        span = cal.hours.get(day)
        form[f"mulai_{day}"] = span[0].strftime("%H:%M") if span else ""
        form[f"selesai_{day}"] = span[1].strftime("%H:%M") if span else ""
    return form


async def _page(request: Request, status_code: int = 200, errors: dict | None = None, form: dict | None = None,
                year: int | None = None):
    cal = await calendar.refresh(request.app.state.config.timezone)
    year = year or datetime.now(cal.tz).year
    return render(request, "calendar/admin.html", status_code=status_code, cal=cal, year=year,
                  holidays=cal.holidays_of_year(year), weekdays=WEEKDAYS, errors=errors or {},
                  form={**_hours_form(cal), **(form or {})})


@get(PATH, opt=OPT)
async def calendar_page(request: Request, tahun: MaybeYear = None) -> object:
    return await _page(request, year=tahun if tahun and 1990 <= tahun <= 2100 else None)


@post(f"{PATH}/holidays", opt=OPT)
async def add_holiday(request: Request, data: Form) -> object:
    errors = {}
    name = (data.get("nama") or "").strip()
    try:
        day = date.fromisoformat((data.get("tanggal") or "").strip())
    except ValueError:
        day = None
        errors["tanggal"] = _("Tanggal tidak sah (tulis TTTT-BB-HH).")
    if not name:
        errors["nama"] = _("Nama hari libur wajib diisi.")
    elif len(name) > 200:
        errors["nama"] = _("Nama hari libur paling banyak 200 karakter.")
    if errors:
        return await _page(request, 400, errors, {"tanggal": data.get("tanggal", ""), "nama": name})
    values = await calendar.read_settings()
    kept = [h for h in values.get(calendar.AGENCY_HOLIDAYS) or [] if h["date"] != day.isoformat()]
    kept.append({"date": day.isoformat(), "name": name})
    kept.sort(key=lambda h: h["date"])
    async with settings.transaction():
        await calendar.write_setting(calendar.AGENCY_HOLIDAYS, kept)
        await audit.record(request.scope["user"], "kalender.libur_tambah", "kalender", day.isoformat(),
                           {"nama": name}, client_ip(request))
    await calendar.refresh()
    return redirect(request, f"{PATH}?tahun={day.year}", _("Hari libur instansi ditambahkan."))


@post(f"{PATH}/holidays/delete", opt=OPT)
async def remove_holiday(request: Request, data: Form) -> object:
    target = (data.get("tanggal") or "").strip()
    values = await calendar.read_settings()
    current = values.get(calendar.AGENCY_HOLIDAYS) or []
    kept = [h for h in current if h["date"] != target]
    if len(kept) == len(current):
        return await _page(request, 400, {"hapus": _("Tanggal itu bukan hari libur instansi.")})
    async with settings.transaction():
        await calendar.write_setting(calendar.AGENCY_HOLIDAYS, kept)
        await audit.record(request.scope["user"], "kalender.libur_hapus", "kalender", target, {}, client_ip(request))
    await calendar.refresh()
    return redirect(request, f"{PATH}?tahun={target[:4]}", _("Hari libur instansi dihapus."))


@post(f"{PATH}/settings", opt=OPT)
async def save_settings(request: Request, data: Form) -> object:
    days, errors = {}, {}
    for day in range(7):
        start, end = (data.get(f"mulai_{day}") or "").strip(), (data.get(f"selesai_{day}") or "").strip()
        if not start and not end:
            continue
        days[str(day)] = [start, end]
        try:
            calendar.parse_hours({str(day): [start, end]})
        except ValueError:
            errors[f"jam_{day}"] = _("Jam kantor tidak sah: isi jam mulai dan selesai (JJ:MM), mulai sebelum selesai.")
    if not days:
        errors["jam"] = _("Minimal satu hari kerja dalam seminggu.")
    if errors:
        return await _page(request, 400, errors, dict(data))
    cuti_libur = data.get("cuti_bersama_libur") in ("1", "on", "ya")
    tz = request.app.state.config.timezone
    async with settings.transaction():
        await calendar.write_setting(calendar.OFFICE_HOURS, {"timezone": tz, "days": days})
        await calendar.write_setting(calendar.CUTI_BERSAMA_LIBUR, {"value": cuti_libur})
        await audit.record(request.scope["user"], "kalender.pengaturan", "kalender", "",
                           {"jam_kantor": days, "cuti_bersama_libur": cuti_libur}, client_ip(request))
    await calendar.refresh()
    return redirect(request, PATH, _("Pengaturan kalender kerja disimpan."))


@hookimpl
def page_routes():
    return [calendar_page, add_holiday, remove_holiday, save_settings,
            moved("/admin/kalender", PATH), moved("/admin/kalender/libur", f"{PATH}/holidays"),
            moved("/admin/kalender/libur/hapus", f"{PATH}/holidays/delete"),
            moved("/admin/kalender/pengaturan", f"{PATH}/settings")]
