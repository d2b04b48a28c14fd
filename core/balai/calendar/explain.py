"""A computed deadline that explains itself, to staff and to the public.

One sentence ("diterima Senin, 16 Maret 2026; 10 hari kerja; dilewati: Sabtu/Minggu; 18 Maret
(Cuti Bersama Hari Suci Nyepi), …; jatuh tempo Selasa, 7 April 2026") and a short list of the
same facts, in the reader's language at the time they are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from balai.i18n import _, format_date, format_datetime, ngettext

# Why a day is not a working day (DayStatus.kind)
WEEKEND, HOLIDAY, CUTI_BERSAMA, AGENCY = "weekend", "holiday", "cuti_bersama", "agency"


@dataclass(frozen=True)
class DayStatus:
    """Whether ``day`` is a working day and, if not, why: ``kind`` is ``"weekend"`` (no office
    hours that weekday), ``"holiday"`` (a national holiday), ``"cuti_bersama"`` or ``"agency"``
    (an agency holiday); ``name`` is the holiday's name ("" for a plain weekend). A holiday on a
    weekend is a weekend named after the holiday."""

    day: date
    working: bool
    kind: str = ""
    name: str = ""


@dataclass(frozen=True)
class Deadline:
    """``count`` working (``unit="hari_kerja"``) or calendar (``"hari"``) days after the day
    something received at ``received_at`` counts as received (``received_on``, not counted)."""

    received_at: datetime
    received_on: date
    count: int
    unit: str
    due_on: date
    due_at: datetime  # closing time of the office on ``due_on``
    skipped: tuple[DayStatus, ...]  # the non-working days passed over while counting
    rule: str
    moved: bool  # received on a non-working day or after office hours: counted from the next opening

    def amount(self) -> str:
        if self.unit == "hari":
            return ngettext("%(num)s hari", "%(num)s hari", self.count)
        return ngettext("%(num)s hari kerja", "%(num)s hari kerja", self.count)

    def received(self) -> str:
        if self.moved:
            return _("%(waktu)s, dihitung diterima %(hari)s", waktu=format_datetime(self.received_at, "full"),
                     hari=format_date(self.received_on))
        return format_date(self.received_on)

    def weekend_days(self) -> str:
        """"Sabtu/Minggu": the weekdays skipped as weekends, in weekday order."""
        days = sorted({s.day.weekday(): s.day for s in self.skipped if s.kind == WEEKEND}.items())
        return "/".join(format_date(d, "EEEE") for _wd, d in days)

    def skipped_groups(self) -> list[str]:
        """"18 Maret (Cuti Bersama Hari Suci Nyepi)", "20, 23, 24 Maret (Cuti Bersama …)": the named
        days off, neighbours of the same name and month together."""
        groups: list[list[DayStatus]] = []
        for s in self.skipped:
            if s.kind == WEEKEND:
                continue
            last = groups[-1][-1] if groups else None
            if last and last.name == s.name and last.day.month == s.day.month:
                groups[-1].append(s)
            else:
                groups.append([s])
        out = []
        for group in groups:
            days = ", ".join([str(s.day.day) for s in group[:-1]] + [format_date(group[-1].day, "d MMMM")])
            reason = group[0].name
            if group[0].kind == AGENCY:
                reason = _("libur instansi: %(nama)s", nama=reason)
            out.append(f"{days} ({reason})")
        return out

    def sentence(self) -> str:
        parts = [_("diterima %(hari)s", hari=self.received()), self.amount()]
        skipped = [self.weekend_days()] if self.weekend_days() else []
        if self.skipped_groups():
            skipped.append(", ".join(self.skipped_groups()))
        if skipped:
            parts.append(_("dilewati: %(hari)s", hari="; ".join(skipped)))
        parts.append(_("jatuh tempo %(hari)s", hari=format_date(self.due_on)))
        return "; ".join(parts)

    def lines(self) -> list[str]:
        out = [_("Diterima: %(hari)s", hari=self.received()),
               _("Jangka waktu: %(jumlah)s, dihitung mulai hari kerja sesudah hari diterima", jumlah=self.amount())]
        if self.weekend_days():
            out.append(_("Dilewati: setiap %(hari)s", hari=self.weekend_days()))
        out += [_("Dilewati: %(hari)s", hari=g) for g in self.skipped_groups()]
        out.append(_("Jatuh tempo: %(waktu)s", waktu=format_datetime(self.due_at, "full")))
        return out

    def as_dict(self) -> dict:
        """For JSON answers: the facts, the sentence and the list."""
        return {
            "received_at": self.received_at.isoformat(), "received_on": self.received_on.isoformat(),
            "count": self.count, "unit": self.unit, "rule": self.rule,
            "due_on": self.due_on.isoformat(), "due_at": self.due_at.isoformat(),
            "skipped": [{"date": s.day.isoformat(), "kind": s.kind, "name": s.name} for s in self.skipped],
            "sentence": self.sentence(), "lines": self.lines(),
        }
