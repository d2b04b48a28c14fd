"""Clock of the plugin: moments in UTC, calendar days in the agency's time zone."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

_zona = ZoneInfo("Asia/Makassar")


def atur_zona(nama: str) -> None:
    """Called at start-up with the configured time zone."""
    global _zona
    _zona = ZoneInfo(nama)


def sekarang() -> datetime:
    return datetime.now(timezone.utc)


def lokal(saat: datetime) -> datetime:
    return saat.astimezone(_zona)


def hari_ini() -> date:
    return lokal(sekarang()).date()


def awal_hari(tanggal: date) -> datetime:
    """The UTC moment the local day ``tanggal`` begins."""
    return datetime(tanggal.year, tanggal.month, tanggal.day, tzinfo=_zona).astimezone(timezone.utc)
