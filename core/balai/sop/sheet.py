"""The official SOP sheet (PermenPANRB 35/2012) drawn from the definition that runs the work.

:func:`layout` turns an SOP into rows and swimlanes: which lane holds each activity, which flow
symbol it gets (terminator for *mulai*/*selesai*, process, or decision when the step can send
the work back or reject it) and how the connector runs from one activity to the next. The HTML
page (:func:`lane_svg`) and the PDF (:mod:`balai.sop.sheet_pdf`) draw the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from markupsafe import Markup, escape

from balai.i18n import _
from balai.workflow.definition import BACK, END, SOP, Step

PAPER = MappingProxyType({"a4": (210.0, 297.0), "f4": (215.0, 330.0)})  # the sheet's paper sizes, width x height in mm

TERMINATOR, PROCESS, DECISION = "terminator", "process", "decision"


@dataclass(frozen=True)
class Branch:
    label: str  # "Perbaiki", "Tolak"
    target: int | None  # number of the step the work goes back to; None when the case ends


@dataclass
class Row:
    no: int
    code: str
    activity: str
    lane: int
    symbol: str
    inputs: str
    time: str
    output: str
    note: str
    branches: list[Branch] = field(default_factory=list)
    prev_lane: int | None = None  # lane of the activity before (None for the first)
    next_lane: int | None = None  # lane of the activity after (None for the last)

    @property
    def branch_note(self) -> str:
        """Where the "no" exits of a decision lead, for the Keterangan column."""
        return "; ".join(
            _("%(aksi)s: kembali ke langkah %(no)s", aksi=b.label, no=b.target) if b.target
            else _("%(aksi)s: kasus berakhir", aksi=b.label)
            for b in self.branches
        )

    @property
    def remarks(self) -> str:
        return "\n".join(part for part in (self.note, self.branch_note) if part)


@dataclass
class Sheet:
    sop: SOP
    lanes: list[str]
    rows: list[Row]


def lane_label(actor: str, catalogue=None) -> str:
    role = catalogue.roles.get(actor) if catalogue is not None else None
    return str(role.label) if role is not None else actor.replace("_", " ").title() if "_" in actor else actor


def _symbol(sop: SOP, step: Step, branches: list[Branch]) -> str:
    if step is sop.steps[0]:
        return TERMINATOR
    forward = [a for a in step.actions if a.kind != BACK and not (a.kind == END and a.outcome == "ditolak")]
    if step is sop.steps[-1] or (forward and all(a.kind == END for a in forward)):
        return TERMINATOR
    return DECISION if branches else PROCESS


def _branches(sop: SOP, step: Step) -> list[Branch]:
    numbers = {s.code: s.no for s in sop.steps}
    found = []
    for a in step.actions:
        if a.kind == BACK:
            found.append(Branch(str(a.label), numbers.get(a.to)))
        elif a.kind == END and a.outcome == "ditolak":
            found.append(Branch(str(a.label), None))
    return found


def layout(sop: SOP, catalogue=None) -> Sheet:
    actors = sop.actors()
    rows = []
    for step in sop.steps:
        branches = _branches(sop, step)
        rows.append(Row(
            no=step.no, code=step.code, activity=str(step.activity), lane=actors.index(step.actor),
            symbol=_symbol(sop, step, branches), inputs="\n".join(str(i) for i in step.inputs),
            time=step.time, output=str(step.output), note=str(step.note), branches=branches,
        ))
    for before, after in zip(rows, rows[1:]):
        before.next_lane, after.prev_lane = after.lane, before.lane
    return Sheet(sop=sop, lanes=[lane_label(a, catalogue) for a in actors], rows=rows)


# --- the swimlane cells of the HTML sheet ---------------------------------------------------------
# Each lane cell holds an SVG stretched over the whole cell (rows grow with their text). Lines use
# percentages of the cell; the symbol sits in a nested SVG at the cell's centre with a fixed size.

JOG = 6  # px below the top of a row where a connector turns towards the next lane
STROKE = 'stroke="#212529" stroke-width="1.4" fill="none"'


def _symbol_svg(row: Row) -> str:
    label = escape(str(row.no))
    if row.symbol == TERMINATOR:
        shape = '<rect x="-30" y="-13" width="60" height="26" rx="13" ry="13" fill="#fff" stroke="#212529" stroke-width="1.4"/>'
    elif row.symbol == DECISION:
        shape = '<polygon points="0,-18 26,0 0,18 -26,0" fill="#fff" stroke="#212529" stroke-width="1.4"/>'
    else:
        shape = '<rect x="-28" y="-13" width="56" height="26" fill="#fff" stroke="#212529" stroke-width="1.4"/>'
    text = f'<text x="0" y="4" text-anchor="middle" font-size="11" font-family="sans-serif">{label}</text>'
    branches = ""
    if row.branches:
        # the "no" exit: a dashed stub to the right; the Keterangan column says where it leads
        branches = (f'<line x1="26" y1="0" x2="38" y2="0" {STROKE} stroke-dasharray="3 2"/>'
                    f'<text x="27" y="-4" font-size="8" font-family="sans-serif">{escape(_("Tidak"))}'
                    f'<title>{escape(row.branch_note)}</title></text>')
    return f'<svg x="50%" y="50%" overflow="visible">{shape}{text}{branches}</svg>'


def _half_height(row: Row) -> int:
    return 18 if row.symbol == DECISION else 13


def lane_svg(row: Row, lane: int) -> Markup:
    """The SVG of one swimlane cell of ``row``: symbol, and the connector parts crossing the cell."""
    parts = []
    prev, here = row.prev_lane, row.lane
    if prev is not None:
        low, high = sorted((prev, here))
        if prev == here == lane:
            parts.append(f'<line x1="50%" y1="0" x2="50%" y2="50%" {STROKE}/>')
        elif prev != here and low <= lane <= high:
            if lane == prev:
                parts.append(f'<line x1="50%" y1="0" x2="50%" y2="{JOG}" {STROKE}/>')
            x1 = "50%" if lane == low else "0"
            x2 = "50%" if lane == high else "100%"
            parts.append(f'<line x1="{x1}" y1="{JOG}" x2="{x2}" y2="{JOG}" {STROKE}/>')
            if lane == here:
                parts.append(f'<line x1="50%" y1="{JOG}" x2="50%" y2="50%" {STROKE}/>')
    if lane == here:
        if row.next_lane is not None:
            parts.append(f'<line x1="50%" y1="50%" x2="50%" y2="100%" {STROKE}/>')
        if prev is not None:
            top = -_half_height(row)
            parts.append(f'<svg x="50%" y="50%" overflow="visible"><polygon points="-4,{top - 7} 4,{top - 7} 0,{top}" '
                         f'fill="#212529"/></svg>')
        parts.append(_symbol_svg(row))
    if not parts:
        return Markup("")
    title = f"<title>{escape(_('Langkah %(no)s', no=row.no))}</title>" if lane == here else ""
    return Markup(f'<svg class="sop-lane" width="100%" height="100%" role="img" aria-hidden="{str(lane != here).lower()}">'
                  f'{title}{"".join(parts)}</svg>')
