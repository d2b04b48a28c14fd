"""The working calendar: office hours, holidays, and the deadline of a task.

"Hari kerja" skips weekends, national holidays and — unless the agency says otherwise —
cuti bersama (the ``holidays`` package, country ``ID``, categories ``public`` and
``government``, plus any the government decided late and the administrator marked), plus the
days the agency adds itself. Minutes and hours of a time standard count office time: a task
opened on Friday at 16:20 with "30 menit" is due on Monday at 07:50.

One counting rule for every deadline in days: the day of receipt is not counted, counting
starts on the next working day, and something received on a non-working day or after office
hours counts as received at the next opening. Whether cuti bersama is a working day is a
setting per *counting rule* (:class:`CountingRule`, declared by plugins; ``default`` is the
agency's general setting, used for task deadlines).

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
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays as _holidays

from balai import context, i18n
from balai.calendar.explain import AGENCY, CUTI_BERSAMA, HOLIDAY, WEEKEND, DayStatus, Deadline
from balai.workflow.timestandard import Amount, TimeStandard

# Setting keys (rows of core_setting)
AGENCY_HOLIDAYS = "agency_holidays"  # [{"date": "2026-12-31", "name": "..."}]
CUTI_BERSAMA_LIBUR = "cuti_bersama_libur"  # {"value": true}: cuti bersama is not a working day
EXTRA_CUTI_BERSAMA = "extra_cuti_bersama"  # [{"date": ..., "name": ...}]: decided late by the government
COUNTING_RULES = "counting_rules"  # {"<rule code>": {"cuti_bersama_libur": false}}: the agency's choice per rule
DEFAULT_RULE = "default"  # the general rule: task deadlines; its cuti bersama setting is CUTI_BERSAMA_LIBUR
WORKING_DAYS = "hari_kerja"
CALENDAR_DAYS = "hari"
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
class CountingRule:
    """A named way of counting days that a plugin declares (hook ``counting_rules``), e.g.
    ``CountingRule("ppid.informasi", lazy_gettext("Permintaan informasi publik"))``. Whether cuti
    bersama is a working day under it is the agency's setting (/admin/calendar); until the
    administrator chooses, ``cuti_bersama_libur`` is the default (True: not a working day)."""

    code: str
    label: object
    cuti_bersama_libur: bool = True


@dataclass(frozen=True)
class WorkCalendar:
    hours: dict[int, tuple[time, time]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    agency_holidays: dict[date, str] = field(default_factory=dict)
    cuti_bersama_libur: bool = True  # under the rule this calendar counts by (``rule``)
    extra_cuti_bersama: dict[date, str] = field(default_factory=dict)
    rules: dict[str, bool] = field(default_factory=dict)  # rule code -> cuti bersama is not a working day
    rule: str = DEFAULT_RULE
    # This calendar under each rule, made once (the inbox asks per row); shared with those views.
    views: dict[str, WorkCalendar] = field(default_factory=dict, compare=False, repr=False)

    def for_rule(self, code: str | None) -> WorkCalendar:
        """This calendar counting by rule ``code`` (its cuti bersama setting). Raises ValueError
        for a rule no plugin declared."""
        code = code or DEFAULT_RULE
        if code == self.rule:
            return self
        if code in self.views:
            return self.views[code]
        if code == DEFAULT_RULE:
            libur = self.rules.get(DEFAULT_RULE, self.cuti_bersama_libur)
        elif code in self.rules:
            libur = self.rules[code]
        else:
            raise ValueError(f"aturan hitung hari tidak dikenal: '{code}'")
        view = self.views[code] = replace(self, cuti_bersama_libur=libur, rule=code)
        return view

    def _cuti_bersama(self, day: date, language: str | None = None) -> str | None:
        name = national_holidays(day.year, "government", language or "id").get(day)
        return name if name is not None else self.extra_cuti_bersama.get(day)

    def status(self, day: date) -> DayStatus:
        """Whether ``day`` is a working day under this calendar's rule, and if not, why."""
        language = _names_language()
        if day in self.agency_holidays:
            return DayStatus(day, False, AGENCY, self.agency_holidays[day])
        name = national_holidays(day.year, "public", language).get(day)
        cuti = self._cuti_bersama(day, language) if self.cuti_bersama_libur else None
        if day.weekday() not in self.hours:
            return DayStatus(day, False, WEEKEND, name or cuti or "")
        if name is not None:
            return DayStatus(day, False, HOLIDAY, name)
        if cuti is not None:
            return DayStatus(day, False, CUTI_BERSAMA, cuti)
        return DayStatus(day, True)

    def holiday(self, day: date) -> str | None:
        """The name of the holiday on ``day``, or ``None`` (weekends are not named)."""
        if day in self.agency_holidays:
            return self.agency_holidays[day]
        language = _names_language()
        name = national_holidays(day.year, "public", language).get(day)
        if name is None and self.cuti_bersama_libur:
            name = self._cuti_bersama(day, language)
        return name

    def is_working_day(self, day: date) -> bool:
        return (day.weekday() in self.hours and day not in self.agency_holidays
                and day not in closed_days(day.year, self.cuti_bersama_libur)
                and not (self.cuti_bersama_libur and day in self.extra_cuti_bersama))

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

    def received_on(self, moment: datetime) -> date:
        """The day ``moment`` counts as received: that day, or the next working day when it came
        on a non-working day or after office hours (before opening is that day's opening)."""
        local = moment.astimezone(self.tz)
        day = local.date()
        if not self.is_working_day(day) or local >= self.office_window(day)[1]:
            day = self.next_working_day(day)
        return day

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """Closing time of the ``days``-th working day after the day ``moment`` counts as
        received (:meth:`received_on`; 0 days: that day itself)."""
        day = self.received_on(moment)
        for _ in range(days):
            day = self.next_working_day(day)
        return self.office_window(day)[1]

    def working_days_between(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last``, both included (as leave is counted); 0 when
        ``last`` is before ``first``."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count

    def deadline(self, moment: datetime, count: int, unit: str = WORKING_DAYS) -> Deadline:
        """The deadline of something received at ``moment``: ``count`` working days (or calendar
        days, ``unit="hari"``) after the day it counts as received, with what was skipped."""
        if moment.tzinfo is None:  # the database hands back UTC
            moment = moment.replace(tzinfo=timezone.utc)
        start = self.received_on(moment)
        skipped: list[DayStatus] = []
        if unit == CALENDAR_DAYS:
            due = start + timedelta(days=count)
            due_at = (self.office_window(due)[1] if due.weekday() in self.hours
                      else datetime.combine(due, time(23, 59), self.tz))
        elif unit == WORKING_DAYS:
            due = start
            for _ in range(count):
                due += timedelta(days=1)
                while not self.is_working_day(due):
                    skipped.append(self.status(due))
                    due += timedelta(days=1)
            due_at = self.office_window(due)[1]
        else:
            raise ValueError(f"satuan hari tidak dikenal: {unit}")
        return Deadline(received_at=moment, received_on=start, count=count, unit=unit, due_on=due,
                        due_at=due_at, skipped=tuple(skipped), rule=self.rule,
                        moved=start != moment.astimezone(self.tz).date())

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
        """(date, name, kind) for the year, kind being "nasional", "cuti_bersama", "cuti_tambahan"
        (marked by the administrator) or "instansi"."""
        language = _names_language()
        rows = [(d, n, "nasional") for d, n in national_holidays(year, "public", language).items()]
        rows += [(d, n, "cuti_bersama") for d, n in national_holidays(year, "government", language).items()]
        rows += [(d, n, "cuti_tambahan") for d, n in self.extra_cuti_bersama.items() if d.year == year]
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


def from_settings(values: dict[str, object], default_tz: str = DEFAULT_TIMEZONE,
                  rules: list[CountingRule] = ()) -> WorkCalendar:
    """Build the calendar from the raw setting values (missing keys keep the defaults) and the
    counting rules the plugins declare (the agency's choice per rule, else the rule's default)."""
    office = values.get(OFFICE_HOURS) or {}
    hours = parse_hours(office["days"]) if office.get("days") else dict(DEFAULT_HOURS)
    tz = ZoneInfo(office.get("timezone") or default_tz)
    agency = {date.fromisoformat(h["date"]): h.get("name", "") for h in values.get(AGENCY_HOLIDAYS) or []}
    extra = {date.fromisoformat(h["date"]): h.get("name", "") for h in values.get(EXTRA_CUTI_BERSAMA) or []}
    cuti = values.get(CUTI_BERSAMA_LIBUR)
    libur = bool(cuti.get("value", True) if isinstance(cuti, dict) else True)
    chosen = values.get(COUNTING_RULES) or {}
    per_rule = {DEFAULT_RULE: libur}
    for rule in rules:
        setting = chosen.get(rule.code) if isinstance(chosen, dict) else None
        per_rule[rule.code] = bool(setting["cuti_bersama_libur"]) if isinstance(setting, dict) \
            and "cuti_bersama_libur" in setting else rule.cuti_bersama_libur
    return WorkCalendar(hours=hours, tz=tz, agency_holidays=agency, cuti_bersama_libur=libur,
                        extra_cuti_bersama=extra, rules=per_rule)


def declared_rules(host) -> list[CountingRule]:
    """Every enabled plugin's counting rules (hook ``counting_rules``), each code once."""
    found: dict[str, CountingRule] = {}
    for owner, rules in host.per_plugin("counting_rules"):
        for rule in rules or []:
            if not isinstance(rule, CountingRule):
                raise ValueError(f"Plugin '{owner}': counting_rules harus berisi CountingRule, bukan {rule!r}")
            if rule.code == DEFAULT_RULE or rule.code in found:
                raise ValueError(f"Plugin '{owner}': aturan hitung '{rule.code}' dideklarasikan dua kali")
            if not owner.startswith("core.") and not rule.code.startswith(f"{owner}."):
                raise ValueError(f"Plugin '{owner}': kode aturan hitung harus diawali '{owner}.', bukan '{rule.code}'")
            found[rule.code] = rule
    return list(found.values())


async def read_settings() -> dict[str, object]:
    from balai.settings import service as settings

    return await settings.read([AGENCY_HOLIDAYS, CUTI_BERSAMA_LIBUR, OFFICE_HOURS, EXTRA_CUTI_BERSAMA, COUNTING_RULES])


async def load(default_tz: str | None = None) -> WorkCalendar:
    """The calendar the agency's current settings make (not yet the app's: see :func:`refresh`)."""
    ctx = context.current()
    return from_settings(await read_settings(), default_tz or ctx.config.timezone, declared_rules(ctx.host))


async def refresh(default_tz: str | None = None) -> WorkCalendar:
    """Reload the agency's settings from the database into the current app's calendar (the one
    :func:`due_at` uses). ``default_tz``: for settings that name no time zone (default: the
    configured one)."""
    ctx = context.current()
    fresh = await load(default_tz)
    this_year = datetime.now(fresh.tz).year
    for year in (this_year, this_year + 1):  # computing a year takes ~150 ms: not during a request
        for libur in (True, False):  # counting rules may differ on cuti bersama
            closed_days(year, libur)
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
