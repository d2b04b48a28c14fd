"""The periodic SOP evaluation from live data: how long each step really takes.

Per step: how many cases and tasks went through it, the median and 90th-percentile time a task
stayed open (``closed_at - opened_at``), those times as a share of the time the standard
allowed (``due_at - opened_at``: 100 % means "just on the deadline"), and the share of tasks
over the standard (closed after ``due_at``, or still open past it). Counts are SQL aggregates;
percentiles are computed here over the step's durations.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from markupsafe import Markup, escape
from piccolo.columns.combination import WhereRaw
from piccolo.query.functions.aggregate import Count

from balai.i18n import _
from balai.workflow.definition import SOP
from balai.workflow.tables import Task

OPEN = ("terbuka", "menunggu")


@dataclass
class StepStats:
    no: int
    code: str
    activity: str
    standard: str
    cases: int = 0
    tasks: int = 0
    closed: int = 0
    late: int = 0
    median: timedelta | None = None
    p90: timedelta | None = None
    median_share: float | None = None  # of the allowed time; 1.0 = on the deadline
    p90_share: float | None = None

    @property
    def late_share(self) -> float | None:
        return self.late / self.tasks if self.tasks else None


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (q in 0..1)."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


async def evaluate(sop: SOP, since: datetime | None = None, until: datetime | None = None,
                   now: datetime | None = None) -> tuple[list[StepStats], int]:
    """Statistics per step of ``sop`` for tasks opened in [since, until); and the number of cases."""
    now = now or datetime.now(timezone.utc)
    where = (Task.sop == sop.code) & (Task.state != "dibatalkan")
    if since is not None:
        where &= Task.opened_at >= since
    if until is not None:
        where &= Task.opened_at < until

    counts = await Task.select(
        Task.step, Count(alias="tasks"), Count(distinct=[Task.case], alias="cases")
    ).where(where).group_by(Task.step)
    late_closed = await Task.select(Task.step, Count(alias="n")).where(
        where & Task.closed_at.is_not_null() & Task.due_at.is_not_null() & WhereRaw("closed_at > due_at")
    ).group_by(Task.step)
    late_open = await Task.select(Task.step, Count(alias="n")).where(
        where & Task.state.is_in(OPEN) & (Task.due_at < now)
    ).group_by(Task.step)
    closed = await Task.select(Task.step, Task.opened_at, Task.closed_at, Task.due_at).where(
        where & (Task.state == "selesai") & Task.closed_at.is_not_null()
    )
    total_cases = await Task.select(Count(distinct=[Task.case], alias="n")).where(where)

    stats = {s.code: StepStats(s.no, s.code, str(s.activity), s.time) for s in sop.steps}
    for row in counts:
        if row["step"] in stats:
            stats[row["step"]].tasks, stats[row["step"]].cases = row["tasks"], row["cases"]
    for row in late_closed + late_open:
        if row["step"] in stats:
            stats[row["step"]].late += row["n"]

    durations: dict[str, list[float]] = {}
    shares: dict[str, list[float]] = {}
    for row in closed:
        opened, closed_at = _aware(row["opened_at"]), _aware(row["closed_at"])
        seconds = max((closed_at - opened).total_seconds(), 0.0)
        durations.setdefault(row["step"], []).append(seconds)
        if row["due_at"] is not None:
            allowed = (_aware(row["due_at"]) - opened).total_seconds()
            if allowed > 0:
                shares.setdefault(row["step"], []).append(seconds / allowed)
    for code, values in durations.items():
        if code not in stats:
            continue
        s = stats[code]
        s.closed = len(values)
        s.median = timedelta(seconds=statistics.median(values))
        s.p90 = timedelta(seconds=percentile(values, 0.9))
        if shares.get(code):
            s.median_share = statistics.median(shares[code])
            s.p90_share = percentile(shares[code], 0.9)
    return [stats[s.code] for s in sop.steps], (total_cases[0]["n"] if total_cases else 0)


def format_duration(value: timedelta | None) -> str:
    """"3 hari 2 jam", "2 jam 5 menit", "45 detik"."""
    if value is None:
        return "–"
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _("%(d)s hari %(h)s jam", d=days, h=hours) if hours else _("%(d)s hari", d=days)
    if hours:
        return _("%(h)s jam %(m)s menit", h=hours, m=minutes) if minutes else _("%(h)s jam", h=hours)
    if minutes:
        return _("%(m)s menit", m=minutes)
    return _("%(s)s detik", s=secs)


# --- the chart ----------------------------------------------------------------------------

CHART_CAP = 3.0  # bars longer than 300 % of the allowed time are drawn to the edge, labelled


def chart_svg(stats: list[StepStats]) -> Markup:
    """Horizontal bars per step: median and 90th percentile as a share of the allowed time."""
    label_w, bar_w, right_w, row_h = 210, 420, 120, 34
    width = label_w + bar_w + right_w
    height = 40 + row_h * len(stats) + 20
    peak = max([s.p90_share or 0 for s in stats] + [1.0])
    scale_max = min(max(peak * 1.1, 1.5), CHART_CAP)
    x_of = lambda share: label_w + bar_w * min(share, scale_max) / scale_max  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'style="max-width: {width}px" role="img" aria-labelledby="grafik-judul" class="sop-chart" '
           f'font-family="sans-serif" font-size="12">',
           f'<title id="grafik-judul">{escape(_("Waktu nyata terhadap standar waktu per langkah"))}</title>']
    # legend
    out.append(f'<rect x="{label_w}" y="8" width="12" height="10" fill="#0d6e57"/>'
               f'<text x="{label_w + 16}" y="17">{escape(_("Median"))}</text>'
               f'<rect x="{label_w + 90}" y="8" width="12" height="10" fill="#f0ad4e"/>'
               f'<text x="{label_w + 106}" y="17">{escape(_("Persentil ke-90"))}</text>'
               f'<text x="{label_w + bar_w + 8}" y="17">{escape(_("Melewati standar"))}</text>')
    top = 30
    for i, s in enumerate(stats):
        y = top + i * row_h
        name = f"{s.no}. {s.activity}"
        name = name if len(name) <= 30 else name[:29] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end"><title>{escape(s.activity)}</title>'
                   f'{escape(name)}</text>')
        for share, colour, dy in ((s.median_share, "#0d6e57", 6), (s.p90_share, "#f0ad4e", 18)):
            if share is None:
                continue
            w = max(x_of(share) - label_w, 1)
            out.append(f'<rect x="{label_w}" y="{y + dy}" width="{w:.1f}" height="10" fill="{colour}">'
                       f'<title>{share * 100:.0f} %</title></rect>')
            if share > scale_max:
                out.append(f'<text x="{label_w + bar_w - 4}" y="{y + dy + 9}" text-anchor="end" fill="#fff" '
                           f'font-size="9">{share * 100:.0f} %</text>')
        if s.median_share is None:
            out.append(f'<text x="{label_w + 4}" y="{y + 20}" fill="#6c757d">{escape(_("belum ada data"))}</text>')
        late = "–" if s.late_share is None else f"{s.late_share * 100:.0f} % ({s.late}/{s.tasks})"
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 20}">{escape(late)}</text>')
    # the standard: 100 % of the allowed time
    x100 = x_of(1.0)
    bottom = top + row_h * len(stats)
    out.append(f'<line x1="{x100:.1f}" y1="{top - 4}" x2="{x100:.1f}" y2="{bottom}" stroke="#dc3545" '
               f'stroke-width="1.5" stroke-dasharray="4 3"/>'
               f'<text x="{x100:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#dc3545">'
               f'{escape(_("standar (100 %)"))}</text>')
    out.append(f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{bottom}" stroke="#212529"/>')
    out.append("</svg>")
    return Markup("".join(out))
