"""The working calendar's admin page (/admin/calendar): agency holidays, cuti bersama, office hours."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from types import MappingProxyType

from litestar import Request, get, post

from balai.audit import service as audit
from balai.identity.access import ADMIN
from balai.api import hookimpl
from balai.i18n import _, format_date, lazy_gettext
from balai.settings import service as settings
from balai.registry import MenuItem
from balai.web.moved import moved
from balai.web.render import client_ip, redirect, render
from balai.calendar import service as calendar
from balai.web.inputs import Form, MaybeYear

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
    rules = [(rule, cal.rules.get(rule.code, rule.cuti_bersama_libur))
             for rule in calendar.declared_rules(request.app.state.host)]
    return render(request, "calendar/admin.html", status_code=status_code, cal=cal, year=year,
                  holidays=cal.holidays_of_year(year), weekdays=WEEKDAYS, errors=errors or {},
                  form={**_hours_form(cal), **(form or {})}, rules=rules)


@get(PATH, opt=OPT)
async def calendar_page(request: Request, tahun: MaybeYear = None) -> object:
    return await _page(request, year=tahun if tahun and 1990 <= tahun <= 2100 else None)


async def _add_day(request: Request, data, key: str, action: str, done: str) -> object:
    """Add a named day to the list setting ``key`` (agency holidays, extra cuti bersama), then
    recompute the open deadlines that day touches, in one transaction."""
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
        prefix = "cuti_" if key == calendar.EXTRA_CUTI_BERSAMA else ""
        return await _page(request, 400, {prefix + k: v for k, v in errors.items()},
                           {prefix + "tanggal": data.get("tanggal", ""), prefix + "nama": name})
    values = await calendar.read_settings()
    kept = [h for h in values.get(key) or [] if h["date"] != day.isoformat()]
    kept.append({"date": day.isoformat(), "name": name})
    kept.sort(key=lambda h: h["date"])
    await _change(request, key, kept, action, day.isoformat(), {"nama": name}, day,
                  _("%(jenis)s ditambahkan: %(hari)s (%(nama)s)", jenis=_kind(key), hari=format_date(day), nama=name))
    return redirect(request, f"{PATH}?tahun={day.year}", done)


async def _remove_day(request: Request, data, key: str, action: str, done: str) -> object:
    target = (data.get("tanggal") or "").strip()
    values = await calendar.read_settings()
    current = values.get(key) or []
    kept = [h for h in current if h["date"] != target]
    if len(kept) == len(current):
        message = _("Tanggal itu bukan hari libur instansi.") if key == calendar.AGENCY_HOLIDAYS \
            else _("Tanggal itu bukan cuti bersama tambahan.")
        return await _page(request, 400, {"hapus": message})
    day = date.fromisoformat(target)
    name = next(h.get("name", "") for h in current if h["date"] == target)
    await _change(request, key, kept, action, target, {"nama": name}, day,
                  _("%(jenis)s dihapus: %(hari)s (%(nama)s)", jenis=_kind(key), hari=format_date(day), nama=name))
    return redirect(request, f"{PATH}?tahun={target[:4]}", done)


def _kind(key: str) -> str:
    return _("Hari libur instansi") if key == calendar.AGENCY_HOLIDAYS else _("Cuti bersama tambahan")


async def _change(request: Request, key: str, value, action: str, target: str, detail: dict,
                  day: date | None, reason: str) -> None:
    """Write one calendar setting, audit it, and recompute every open deadline the change touches
    (``day``: only those spanning that day; None: all), all in one transaction."""
    from balai.clocks import recompute

    tz, rules = request.app.state.config.timezone, calendar.declared_rules(request.app.state.host)
    values = await calendar.read_settings()
    before = calendar.from_settings(values, tz, rules)
    after = calendar.from_settings({**values, key: value}, tz, rules)
    user = request.scope["user"]
    async with settings.transaction():
        await calendar.write_setting(key, value)
        await audit.record(user, action, "kalender", target, detail, client_ip(request))
        await recompute.deadlines(before, after, day=day, reason=reason, user=user)
    await calendar.refresh()


@post(f"{PATH}/holidays", opt=OPT)
async def add_holiday(request: Request, data: Form) -> object:
    return await _add_day(request, data, calendar.AGENCY_HOLIDAYS, "kalender.libur_tambah",
                          _("Hari libur instansi ditambahkan."))


@post(f"{PATH}/holidays/delete", opt=OPT)
async def remove_holiday(request: Request, data: Form) -> object:
    return await _remove_day(request, data, calendar.AGENCY_HOLIDAYS, "kalender.libur_hapus",
                             _("Hari libur instansi dihapus."))


@post(f"{PATH}/cuti-bersama", opt=OPT)
async def add_cuti_bersama(request: Request, data: Form) -> object:
    return await _add_day(request, data, calendar.EXTRA_CUTI_BERSAMA, "kalender.cuti_tambah",
                          _("Cuti bersama tambahan dicatat."))


@post(f"{PATH}/cuti-bersama/delete", opt=OPT)
async def remove_cuti_bersama(request: Request, data: Form) -> object:
    return await _remove_day(request, data, calendar.EXTRA_CUTI_BERSAMA, "kalender.cuti_hapus",
                             _("Cuti bersama tambahan dihapus."))


@post(f"{PATH}/rules", opt=OPT)
async def save_rules(request: Request, data: Form) -> object:
    """Per counting rule: is cuti bersama a working day? (A ticked box: it is not.)"""
    chosen = {rule.code: {"cuti_bersama_libur": data.get(f"rule_{rule.code}") in ("1", "on", "ya")}
              for rule in calendar.declared_rules(request.app.state.host)}
    await _change(request, calendar.COUNTING_RULES, chosen, "kalender.aturan_hitung", "", chosen, None,
                  _("Pengaturan cuti bersama per aturan hitung diubah."))
    return redirect(request, PATH, _("Aturan hitung disimpan."))


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
    from balai.clocks import recompute

    rules = calendar.declared_rules(request.app.state.host)
    values = await calendar.read_settings()
    before = calendar.from_settings(values, tz, rules)
    after = calendar.from_settings({**values, calendar.OFFICE_HOURS: {"timezone": tz, "days": days},
                                    calendar.CUTI_BERSAMA_LIBUR: {"value": cuti_libur}}, tz, rules)
    user = request.scope["user"]
    async with settings.transaction():
        await calendar.write_setting(calendar.OFFICE_HOURS, {"timezone": tz, "days": days})
        await calendar.write_setting(calendar.CUTI_BERSAMA_LIBUR, {"value": cuti_libur})
        await audit.record(user, "kalender.pengaturan", "kalender", "",
                           {"jam_kantor": days, "cuti_bersama_libur": cuti_libur}, client_ip(request))
        await recompute.deadlines(before, after, day=None, reason=_("Jam kantor atau cuti bersama diubah."), user=user)
    await calendar.refresh()
    return redirect(request, PATH, _("Pengaturan kalender kerja disimpan."))


@hookimpl
def page_routes():
    return [calendar_page, add_holiday, remove_holiday, add_cuti_bersama, remove_cuti_bersama, save_rules, save_settings,
            moved("/admin/kalender", PATH), moved("/admin/kalender/libur", f"{PATH}/holidays"),
            moved("/admin/kalender/libur/hapus", f"{PATH}/holidays/delete"),
            moved("/admin/kalender/pengaturan", f"{PATH}/settings")]
