"""How long the engine's deadline calculation takes: balai.calendar.service.due_at.

The engine calls it on every task open. Prints microseconds per call for the standards the SOPs
use, with the holiday sets of the year already cached (the normal case) and the first call of a
year (the `holidays` package computes the year).

    .venv/bin/python bench/bench_calendar.py
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from balai.calendar.service import WorkCalendar, closed_days, national_holidays
from balai.workflow.timestandard import parse_time_standard

WITA = ZoneInfo("Asia/Makassar")
STANDARDS = ["5 menit", "2 – 3 menit per surat", "2 jam", "1 hari kerja", "10 hari kerja", "30 hari kerja",
             "1 minggu", "6 bulan"]
N = 20_000


def per_call(cal: WorkCalendar, ts, starts) -> float:
    began = time.perf_counter()
    for moment in starts:
        cal.due_at(moment, ts)
    return (time.perf_counter() - began) / len(starts) * 1e6


def main() -> None:
    cal = WorkCalendar()
    # openings spread over 2026 at every hour, Lebaran and weekends included
    starts = [datetime(2026, 1, 1, tzinfo=WITA) + timedelta(minutes=(i * 997) % (365 * 24 * 60)) for i in range(N)]
    national_holidays.cache_clear()
    closed_days.cache_clear()
    began = time.perf_counter()
    cal.due_at(datetime(2026, 3, 17, 15, 50, tzinfo=WITA), parse_time_standard("2 jam"))
    cold = (time.perf_counter() - began) * 1e3
    print(f"first call of a year (holidays computed): {cold:.1f} ms")
    for text in STANDARDS:
        print(f"due_at {text!r:26} {per_call(cal, parse_time_standard(text), starts):7.1f} µs/call  ({N} calls)")


if __name__ == "__main__":
    main()
