"""The SOP evaluation of legal clocks: per clock and period, the share of cases that met it and
the days they used (median and 90th percentile), with a server-rendered chart.

A clock counts in the period its case's clock started in. It *met* its deadline when it stopped
by it; it *missed* when it stopped after it, or still runs past it. Clocks still running within
their time are neither (shown as running). Days used are those of stopped clocks (working days,
or calendar days for a clock counted so), as the clock counted them: pauses given back.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timezone

from markupsafe import Markup, escape

from balai.i18n import _
from balai.sop.evaluation import percentile
from balai.workflow.definition import SOP

from balai.clocks.tables import CaseClock


@dataclass
class ClockStats:
    code: str
    label: str
    length: int
    unit: str
    started: int = 0
    running: int = 0  # within their time
    met: int = 0
    missed: int = 0
    median_used: float | None = None
    p90_used: float | None = None

    @property
    def decided(self) -> int:
        return self.met + self.missed

    @property
    def met_share(self) -> float | None:
        return self.met / self.decided if self.decided else None


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


async def evaluate_clocks(sop: SOP, since: datetime | None = None, until: datetime | None = None,
                          now: datetime | None = None) -> list[ClockStats]:
    """One :class:`ClockStats` per clock the SOP declares, for clocks started in [since, until)."""
    if not sop.clocks:
        return []
    now = now or datetime.now(timezone.utc)
    where = CaseClock.sop == sop.code
    if since is not None:
        where &= CaseClock.started_at >= since
    if until is not None:
        where &= CaseClock.started_at < until
    rows = await CaseClock.select(CaseClock.code, CaseClock.state, CaseClock.due_at, CaseClock.met,
                                  CaseClock.used).where(where)
    stats = {c.code: ClockStats(c.code, str(c.label), c.length, c.unit) for c in sop.clocks}
    used: dict[str, list[float]] = {}
    for row in rows:
        s = stats.get(row["code"])
        if s is None:
            continue
        s.started += 1
        if row["state"] == "berhenti":
            if row["met"]:
                s.met += 1
            else:
                s.missed += 1
            used.setdefault(row["code"], []).append(float(row["used"] or 0))
        elif row["state"] == "berjalan" and row["due_at"] is not None and _aware(row["due_at"]) < now:
            s.missed += 1
        else:
            s.running += 1
    for code, values in used.items():
        stats[code].median_used = statistics.median(values)
        stats[code].p90_used = percentile(values, 0.9)
    return [stats[c.code] for c in sop.clocks]


def clock_chart_svg(stats: list[ClockStats]) -> Markup:
    """Per clock: the share that met it (green) against those that missed (red), and the median and
    90th percentile of days used against the clock's length (the dashed line)."""
    label_w, bar_w, right_w, row_h = 210, 360, 150, 54
    width, height = label_w + bar_w + right_w, 40 + row_h * len(stats) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'style="max-width: {width}px" role="img" aria-labelledby="grafik-jam" class="sop-chart" '
           f'font-family="sans-serif" font-size="12">',
           f'<title id="grafik-jam">{escape(_("Jangka waktu menurut ketentuan: dipenuhi dan hari terpakai"))}</title>',
           f'<rect x="{label_w}" y="8" width="12" height="10" fill="#198754"/>'
           f'<text x="{label_w + 16}" y="17">{escape(_("Dipenuhi"))}</text>'
           f'<rect x="{label_w + 90}" y="8" width="12" height="10" fill="#dc3545"/>'
           f'<text x="{label_w + 106}" y="17">{escape(_("Terlewati"))}</text>'
           f'<rect x="{label_w + 190}" y="8" width="12" height="10" fill="#0d6e57"/>'
           f'<text x="{label_w + 206}" y="17">{escape(_("Median / persentil ke-90 hari terpakai"))}</text>']
    top = 30
    for i, s in enumerate(stats):
        y = top + i * row_h
        name = s.label if len(s.label) <= 30 else s.label[:29] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end"><title>{escape(s.label)}</title>'
                   f'{escape(name)}</text>')
        if s.decided:
            met_w = bar_w * s.met / s.decided
            out.append(f'<rect x="{label_w}" y="{y + 6}" width="{met_w:.1f}" height="12" fill="#198754">'
                       f'<title>{s.met}/{s.decided}</title></rect>'
                       f'<rect x="{label_w + met_w:.1f}" y="{y + 6}" width="{bar_w - met_w:.1f}" height="12" '
                       f'fill="#dc3545"><title>{s.missed}/{s.decided}</title></rect>')
            share = f"{s.met_share * 100:.0f} % ({s.met}/{s.decided})"
        else:
            out.append(f'<text x="{label_w + 4}" y="{y + 16}" fill="#6c757d">{escape(_("belum ada yang selesai"))}</text>')
            share = "–"
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 16}">{escape(share)}</text>')
        # days used against the length: the dashed line is the length, the scale 150 % of it
        scale = max(s.length * 1.5, (s.p90_used or 0) * 1.1, 1)
        for value, dy, colour in ((s.median_used, 24, "#0d6e57"), (s.p90_used, 34, "#f0ad4e")):
            if value is not None:
                w = max(bar_w * min(value, scale) / scale, 1)
                out.append(f'<rect x="{label_w}" y="{y + dy}" width="{w:.1f}" height="8" fill="{colour}">'
                           f'<title>{value:g}</title></rect>')
        x_len = label_w + bar_w * s.length / scale
        out.append(f'<line x1="{x_len:.1f}" y1="{y + 22}" x2="{x_len:.1f}" y2="{y + 44}" stroke="#212529" '
                   f'stroke-dasharray="3 2"><title>{s.length}</title></line>')
        if s.median_used is not None:
            out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 38}" font-size="11">'
                       f'{escape(_("%(m)s / %(p)s dari %(n)s hari", m=f"{s.median_used:g}", p=f"{s.p90_used:g}", n=s.length))}'
                       f'</text>')
    out.append("</svg>")
    return Markup("".join(out))
