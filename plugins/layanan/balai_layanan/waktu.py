"""Clock of the plugin: moments in UTC, calendar days in the agency's time zone.

The agency's day and time zone are the core's (``balai.api.today``/``local``: the app's
configured time zone); this module only adds what the plugin's queries need.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from balai.api import local


def sekarang() -> datetime:
    return datetime.now(timezone.utc)


def lokal(saat: datetime) -> datetime:
    return local(saat)


def awal_hari(tanggal: date) -> datetime:
    """The UTC moment the local day ``tanggal`` begins."""
    zona = local(sekarang()).tzinfo  # the core's time zone for the agency
    return datetime.combine(tanggal, time(0), zona).astimezone(timezone.utc)
