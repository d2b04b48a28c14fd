"""The working calendar: office hours, holidays, and the deadline of a task.

"Hari kerja" skips weekends, national holidays and — unless the agency says otherwise —
cuti bersama (the ``holidays`` package, country ``ID``, categories ``public`` and
``government``), plus the days the agency adds itself. Minutes and hours of a time standard
count office time: a task opened on Friday at 16:20 with "30 menit" is due on Monday at 07:50.

The calculation is pure (:class:`WorkCalendar`); the agency's settings are read from the
database by :func:`refresh` (at start-up, after an administrator edits them, and every minute
by a background loop), so the engine's call to :func:`due_at` never waits for a query. The
calendar in use is the app's (``balai.context.current().calendar``), replaced on each refresh.
"""

from __future__ import annotations

import asyncio
import calendar as _cal
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays as _holidays

from balai import context, i18n
from balai.workflow.timestandard import Amount, TimeStandard

# Setting keys (rows of core_setting)
AGENCY_HOLIDAYS = "agency_holidays"  # [{"date": "2026-12-31", "name": "..."}]
CUTI_BERSAMA_LIBUR = "cuti_bersama_libur"  # {"value": true}: cuti bersama is not a working day
OFFICE_HOURS = "office_hours"  # {"timezone": "Asia/Makassar", "days": {"0": ["07:30", "16:00"], ...}}

DEFAULT_TIMEZONE = "Asia/Makassar"
# Monday = 0. Saturday and Sunday are absent: no office hours, not a working day.
DEFAULT_HOURS: Mapping[int, tuple[time, time]] = MappingProxyType({
    0: (time(7, 30), time(16, 0)),
    1: (time(7, 30), time(16, 0)),
    2: (time(7, 30), time(16, 0)),
    3: (time(7, 30), time(16, 0)),
    4: (time(7, 30), time(16, 30)),
})
REFRESH_SECONDS = 60
log = logging.getLogger("balai.calendar")


# Balai's locale -> the language of the `holidays` package's names for Indonesia.
HOLIDAY_LANGUAGES = MappingProxyType({"id": "id", "en": "en_US"})


@lru_cache(maxsize=64)
def national_holidays(year: int, category: str, language: str = "id") -> dict[date, str]:
    """Indonesia's ``public`` holidays or ``government`` cuti bersama of one year, named in ``language``."""
    found = _holidays.country_holidays("ID", years=year, categories=(category,), language=language)
    return dict(found.items())


def _names_language() -> str:
    return HOLIDAY_LANGUAGES.get(i18n.get_locale(), "id")


@lru_cache(maxsize=64)
def closed_days(year: int, with_cuti_bersama: bool) -> frozenset[date]:
    """The national non-working days of a year, as one set: the check made for every day counted."""
    days = set(national_holidays(year, "public"))
    if with_cuti_bersama:
        days |= set(national_holidays(year, "government"))
    return frozenset(days)


@dataclass(frozen=True)
class WorkCalendar:
    hours: dict[int, tuple[time, time]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    agency_holidays: dict[date, str] = field(default_factory=dict)
    cuti_bersama_libur: bool = True

    def holiday(self, day: date) -> str | None:
        """The name of the holiday on ``day``, or ``None`` (weekends are not named)."""
        if day in self.agency_holidays:
            return self.agency_holidays[day]
        language = _names_language()
        name = national_holidays(day.year, "public", language).get(day)
        if name is None and self.cuti_bersama_libur:
            name = national_holidays(day.year, "government", language).get(day)
        return name

    def is_working_day(self, day: date) -> bool:
        return (day.weekday() in self.hours and day not in self.agency_holidays
                and day not in closed_days(day.year, self.cuti_bersama_libur))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        for _ in range(3660):  # a decade without a working day means the settings are broken
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("tidak ada hari kerja dalam sepuluh tahun: periksa jam kantor")

    def office_window(self, day: date) -> tuple[datetime, datetime]:
        start, end = self.hours[day.weekday()]
        return datetime.combine(day, start, self.tz), datetime.combine(day, end, self.tz)

    def add_office_minutes(self, moment: datetime, minutes: float) -> datetime:
        """``moment`` plus ``minutes`` of office time; outside office hours the count starts
        at the next opening. A count that ends exactly at closing time ends that day."""
        local = moment.astimezone(self.tz)
        day = local.date()
        if not self.is_working_day(day):
            day = self.next_working_day(day)
            local = self.office_window(day)[0]
        left = timedelta(minutes=minutes)
        while True:
            start, end = self.office_window(day)
            if local < start:
                local = start
            if local < end:
                if local + left <= end:
                    return local + left
                left -= end - local
            day = self.next_working_day(day)
            local = self.office_window(day)[0]

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """Closing time of the ``days``-th working day after the day of ``moment``."""
        day = moment.astimezone(self.tz).date()
        if days <= 0:
            if not self.is_working_day(day):
                day = self.next_working_day(day)
        for _ in range(days):
            day = self.next_working_day(day)
        return self.office_window(day)[1]

    def add(self, moment: datetime, amount: Amount) -> datetime:
        local = moment.astimezone(self.tz)
        if amount.unit == "menit":
            return self.add_office_minutes(local, amount.value)
        if amount.unit == "jam":
            return self.add_office_minutes(local, amount.value * 60)
        if amount.unit == "hari_kerja":
            return self.add_working_days(local, math.ceil(amount.value))
        if amount.unit == "hari":
            return local + timedelta(days=amount.value)
        if amount.unit == "minggu":
            return local + timedelta(weeks=amount.value)
        if amount.unit == "bulan":
            whole = int(amount.value)
            return add_months(local, whole) + timedelta(days=(amount.value - whole) * 30)
        raise ValueError(f"satuan waktu tidak dikenal: {amount.unit}")

    def due_at(self, opened_at: datetime, ts: TimeStandard) -> datetime:
        if opened_at.tzinfo is None:  # the database hands back UTC
            opened_at = opened_at.replace(tzinfo=timezone.utc)
        return self.add(opened_at, ts.high).astimezone(opened_at.tzinfo)

    def holidays_of_year(self, year: int) -> list[tuple[date, str, str]]:
        """(date, name, kind) for the year, kind being "nasional", "cuti_bersama" or "instansi"."""
        language = _names_language()
        rows = [(d, n, "nasional") for d, n in national_holidays(year, "public", language).items()]
        rows += [(d, n, "cuti_bersama") for d, n in national_holidays(year, "government", language).items()]
        rows += [(d, n, "instansi") for d, n in self.agency_holidays.items() if d.year == year]
        return sorted(rows)


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months; the 31st plus one month is the last day of a shorter month."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, _cal.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --- the agency's settings --------------------------------------------------------------

def current() -> WorkCalendar:
    """The current app's calendar."""
    return context.current().calendar


def due_at(opened_at: datetime, ts: TimeStandard) -> datetime:
    """Deadline of a task opened at ``opened_at`` with time standard ``ts`` (its upper end)."""
    return current().due_at(opened_at, ts)


def parse_hours(days: dict) -> dict[int, tuple[time, time]]:
    """``{"0": ["07:30", "16:00"], ...}`` -> weekday -> (start, end). Raises ValueError."""
    hours = {}
    for key, span in days.items():
        weekday = int(key)
        start, end = (time.fromisoformat(v) for v in span)
        if not 0 <= weekday <= 6 or start >= end:
            raise ValueError(f"jam kantor tidak sah untuk hari {key}: {span}")
        hours[weekday] = (start, end)
    if not hours:
        raise ValueError("minimal satu hari kerja dalam seminggu")
    return hours


def from_settings(values: dict[str, object], default_tz: str = DEFAULT_TIMEZONE) -> WorkCalendar:
    """Build the calendar from the raw setting values (missing keys keep the defaults)."""
    office = values.get(OFFICE_HOURS) or {}
    hours = parse_hours(office["days"]) if office.get("days") else dict(DEFAULT_HOURS)
    tz = ZoneInfo(office.get("timezone") or default_tz)
    agency = {date.fromisoformat(h["date"]): h.get("name", "") for h in values.get(AGENCY_HOLIDAYS) or []}
    cuti = values.get(CUTI_BERSAMA_LIBUR)
    libur = cuti.get("value", True) if isinstance(cuti, dict) else True
    return WorkCalendar(hours=hours, tz=tz, agency_holidays=agency, cuti_bersama_libur=bool(libur))


async def read_settings() -> dict[str, object]:
    from balai.settings import service as settings

    return await settings.read([AGENCY_HOLIDAYS, CUTI_BERSAMA_LIBUR, OFFICE_HOURS])


async def refresh(default_tz: str | None = None) -> WorkCalendar:
    """Reload the agency's settings from the database into the current app's calendar (the one
    :func:`due_at` uses). ``default_tz``: for settings that name no time zone (default: the
    configured one)."""
    ctx = context.current()
    fresh = from_settings(await read_settings(), default_tz or ctx.config.timezone)
    this_year = datetime.now(fresh.tz).year
    for year in (this_year, this_year + 1):  # computing a year takes ~150 ms: not during a request
        closed_days(year, fresh.cuti_bersama_libur)
    ctx.calendar = fresh
    return fresh


async def write_setting(key: str, value) -> None:
    from balai.settings import service as settings

    await settings.write(key, value)


async def keep_fresh(every: float = REFRESH_SECONDS) -> None:
    """Background loop (in the app's context): another worker may have changed the settings."""
    while True:
        await asyncio.sleep(every)
        try:
            await refresh()
        except Exception:  # a database hiccup must not stop the loop; the old settings stay
            log.warning("Pengaturan kalender kerja gagal dimuat ulang", exc_info=True)
