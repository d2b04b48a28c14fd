"""The agency's working-day calendar for plugins: ``from balai.api import calendar``.

Every deadline and every leave count goes through here, so that all of Balai counts days one
way: the day of receipt is not counted, counting starts on the next working day, and something
received on a non-working day or after office hours counts as received at the next opening.
``rule`` names a counting rule (a :class:`CountingRule` a plugin declares with the
``counting_rules`` hook; default: the agency's general rule): it decides whether cuti bersama is
a working day. The calendar is the current app's, with the agency's holidays and settings.

    calendar.day_status(date(2026, 3, 20))            # DayStatus(working=False, kind="cuti_bersama", ...)
    calendar.add_working_days(received, 10, rule="ppid.informasi").due_on
    calendar.add_working_days(received, 10).sentence()   # "diterima Senin, 16 Maret 2026; 10 hari kerja; ..."
    calendar.working_days_between(date(2026, 3, 16), date(2026, 3, 27))   # 5 (leave: both ends counted)
"""

from __future__ import annotations

from datetime import date, datetime, time

from balai.calendar.explain import AGENCY, CUTI_BERSAMA, HOLIDAY, WEEKEND, DayStatus, Deadline
from balai.calendar.service import CALENDAR_DAYS, DEFAULT_RULE, WORKING_DAYS, CountingRule, WorkCalendar
from balai.calendar.service import current as _current

__all__ = [
    "AGENCY", "CALENDAR_DAYS", "CUTI_BERSAMA", "DEFAULT_RULE", "HOLIDAY", "WEEKEND", "WORKING_DAYS",
    "CountingRule", "DayStatus", "Deadline", "add_days", "add_working_days", "calendar_for", "day_status",
    "is_working_day", "next_working_day", "received_on", "working_days_between",
]


def calendar_for(rule: str = DEFAULT_RULE) -> WorkCalendar:
    """The current app's calendar counting by ``rule`` (ValueError for an undeclared rule)."""
    return _current().for_rule(rule)


def _moment(received: datetime | date, cal: WorkCalendar) -> datetime:
    """A bare date counts as received during that day's office hours (at its opening)."""
    if isinstance(received, datetime):
        return received
    opening = cal.hours.get(received.weekday(), (time(0),))[0]
    return datetime.combine(received, opening, cal.tz)


def day_status(day: date, rule: str = DEFAULT_RULE) -> DayStatus:
    """Whether ``day`` is a working day and, if not, why (``kind``: weekend, holiday,
    cuti_bersama, agency; ``name``: the holiday's name)."""
    return calendar_for(rule).status(day)


def is_working_day(day: date, rule: str = DEFAULT_RULE) -> bool:
    return calendar_for(rule).is_working_day(day)


def next_working_day(day: date, rule: str = DEFAULT_RULE) -> date:
    """The first working day strictly after ``day``."""
    return calendar_for(rule).next_working_day(day)


def received_on(received: datetime | date, rule: str = DEFAULT_RULE) -> date:
    """The day something received at ``received`` counts as received (the next working day when
    it came on a non-working day or after office hours)."""
    cal = calendar_for(rule)
    return cal.received_on(_moment(received, cal))


def add_working_days(received: datetime | date, days: int, rule: str = DEFAULT_RULE) -> Deadline:
    """The deadline ``days`` working days after ``received`` (the counting rule above):
    ``.due_on`` (date), ``.due_at`` (office closing time that day), ``.sentence()`` and
    ``.lines()`` explain it, ``.skipped`` lists each day passed over with its reason."""
    cal = calendar_for(rule)
    return cal.deadline(_moment(received, cal), int(days), WORKING_DAYS)


def add_days(received: datetime | date, days: int, rule: str = DEFAULT_RULE) -> Deadline:
    """Like :func:`add_working_days` for a length in calendar days (the receipt rule still applies)."""
    cal = calendar_for(rule)
    return cal.deadline(_moment(received, cal), int(days), CALENDAR_DAYS)


def working_days_between(first: date, last: date, rule: str = DEFAULT_RULE) -> int:
    """Working days from ``first`` to ``last``, both included, as leave is counted."""
    return calendar_for(rule).working_days_between(first, last)
