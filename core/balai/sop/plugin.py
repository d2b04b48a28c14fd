"""SOP pages as a core plugin: the list of SOPs, each SOP's official sheet (HTML and PDF), and its
evaluation against the time standards from live data."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import MappingProxyType

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.identity.access import LOGIN
from balai.api import hookimpl
from balai.i18n import _, lazy_gettext
from balai.registry import MenuItem
from balai.web.moved import moved
from balai.web.render import render
from balai.workflow import engine
from balai.calendar import service as calendar
from balai.sop import clock_evaluation, evaluation as compliance
from balai.workflow.definition import SOP
from balai.sop.sheet import PAPER, lane_svg, layout
from balai.web.inputs import PathText, QueryText

OPT = MappingProxyType({"permission": LOGIN})


@hookimpl
def menu_items(user):
    return [MenuItem(lazy_gettext("SOP"), "/sop", permission=LOGIN, order=80)]


def _sop(code: str) -> SOP:
    sop = engine.sops().get(code)
    if sop is None:
        raise NotFoundException(_("SOP tidak ditemukan."))
    return sop


@get("/sop", opt=OPT)
async def sop_list(request: Request) -> object:
    sops = sorted(engine.sops().values(), key=lambda s: (s.code.split(".")[0], str(s.name)))
    return render(request, "sop/list.html", sops=sops)


@get("/sop/{code:str}/sheet", opt=OPT)
async def sop_sheet(request: Request, code: PathText) -> object:
    sop = _sop(code)
    return render(request, "sop/sheet.html", sheet=layout(sop, request.app.state.catalogue), lane_svg=lane_svg,
                  sop=sop, papers=list(PAPER))


@get("/sop/{code:str}/sheet.pdf", opt=OPT)
async def sop_sheet_pdf(request: Request, code: PathText, kertas: QueryText = "a4") -> Response:
    sop = _sop(code)
    paper = kertas.lower()
    if paper not in PAPER:
        paper = "a4"
    from balai.sop.sheet_pdf import render_pdf  # fpdf takes 0.7 s to import: loaded with the first report, not at start-up

    content = render_pdf(layout(sop, request.app.state.catalogue), request.app.state.config.agency_name, paper)
    filename = f"SOP-{sop.code.replace('.', '-')}.pdf"
    return Response(content=content, media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="{filename}"'})


def _period(value: str | None, end: bool = False) -> datetime | None:
    """A date from the form as the start of that day (of the next day for ``end``), agency time."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime.combine(day + timedelta(days=1) if end else day, time(0), calendar.current().tz)


@get("/sop/{code:str}/evaluation", opt=OPT)
async def sop_evaluation(request: Request, code: PathText, dari: QueryText = "", sampai: QueryText = "") -> object:
    sop = _sop(code)
    start, finish = dari, sampai
    since, until = _period(start), _period(finish, end=True)
    error = ""
    if (start and since is None) or (finish and until is None):
        error = _("Tanggal tidak sah (tulis TTTT-BB-HH).")
    elif since and until and since >= until:
        error = _("Tanggal awal harus sebelum tanggal akhir.")
    if error:
        return render(request, "sop/evaluation.html", status_code=400, sop=sop, stats=[], cases=0, chart="", clocks=[],
                      start=start, finish=finish, error=error, duration=compliance.format_duration)
    stats, cases = await compliance.evaluate(sop, since, until)
    clocks = await clock_evaluation.evaluate_clocks(sop, since, until)
    return render(request, "sop/evaluation.html", sop=sop, stats=stats, cases=cases, chart=compliance.chart_svg(stats),
                  clocks=clocks, clock_chart=clock_evaluation.clock_chart_svg(clocks) if clocks else "",
                  start=start, finish=finish, error="", duration=compliance.format_duration)


@hookimpl
def page_routes():
    return [sop_list, sop_sheet, sop_sheet_pdf, sop_evaluation,
            moved("/sop/{code:str}/lembar", "/sop/{code}/sheet"),
            moved("/sop/{code:str}/lembar.pdf", "/sop/{code}/sheet.pdf"),
            moved("/sop/{code:str}/evaluasi", "/sop/{code}/evaluation")]
