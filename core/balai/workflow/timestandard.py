"""Time standards as the SOP sheets write them, parsed once when a definition loads.

"5 menit", "2 jam", "1 hari kerja", "2 hari", "1 minggu", "6 bulan sekali",
"2 – 3 menit per surat", "30 menit s/d 5 hari", "5 menit - 1 jam". A range keeps both ends;
the deadline uses the upper end. "per surat" is kept as the unit of work it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

UNITS = MappingProxyType({
    "menit": "menit",
    "jam": "jam",
    "hari kerja": "hari_kerja",
    "hari": "hari",
    "minggu": "minggu",
    "bulan": "bulan",
})
_UNIT_RE = r"(menit|jam|hari\s+kerja|hari|minggu|bulan)"
_PART = re.compile(rf"^(\d+(?:[.,]\d+)?)\s*{_UNIT_RE}?$")
_SEP = re.compile(r"\s*(?:–|—|-|s/d|s\.d\.?|sampai(?:\s+dengan)?)\s*")


@dataclass(frozen=True)
class Amount:
    value: float
    unit: str  # menit, jam, hari_kerja, hari, minggu, bulan


@dataclass(frozen=True)
class TimeStandard:
    raw: str
    low: Amount
    high: Amount
    per: str = ""  # "surat": the time counts per item of work

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def parse_time_standard(text: str) -> TimeStandard:
    raw = text
    t = " ".join(text.lower().replace(",", ".").split())
    per = ""
    m = re.search(r"\s*(?:per|/)\s*(\w+)$", t)
    if m and m.group(1) not in UNITS:
        per, t = m.group(1), t[: m.start()].strip()
    t = re.sub(r"\s+sekali$", "", t)
    parts = _SEP.split(t)
    if len(parts) not in (1, 2) or not all(parts):
        raise ValueError("bentuk yang dikenal: '5 menit', '2–3 menit', '30 menit s/d 5 hari'")
    amounts = []
    for part in parts:
        pm = _PART.match(part.strip())
        if not pm:
            raise ValueError(f"tidak dikenal: '{part}'")
        unit = pm.group(2)
        amounts.append((float(pm.group(1)), UNITS[" ".join(unit.split())] if unit else None))
    if amounts[-1][1] is None:
        raise ValueError("satuan waktu tidak disebut")
    if amounts[0][1] is None:  # "2 - 3 menit": the unit of the upper end applies to both
        amounts[0] = (amounts[0][0], amounts[-1][1])
    low, high = (Amount(v, u) for v, u in (amounts[0], amounts[-1]))
    if approx_minutes(low) > approx_minutes(high):
        raise ValueError("batas bawah lebih besar dari batas atas (tulis mis. '5 menit - 1 jam')")
    return TimeStandard(raw=raw, low=low, high=high, per=per)


# Only for comparing and ordering amounts; deadlines are computed on the working calendar.
_APPROX = MappingProxyType({"menit": 1, "jam": 60, "hari_kerja": 510, "hari": 1440, "minggu": 10080, "bulan": 43200})


def approx_minutes(amount: Amount) -> float:
    return amount.value * _APPROX[amount.unit]
