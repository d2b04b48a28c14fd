"""SOP 6's page: the Atasan PPID's written answer from the task panel."""

from __future__ import annotations

import io

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, Form, MaybeYear, PathId, SubmissionError, _, case_clocks, case_tasks, format_date,
    format_datetime, get_case, local, may_work_on, record_export, redirect, render, render_fragment,
)
from balai_ppid import keberatan
from balai_ppid.tables import Keberatan

OPEN = ("terbuka", "menunggu")


async def _konteks(case, task, user, form=None, error=""):
    reasons = dict(keberatan.ALASAN)
    data = case.get("data") or {}
    return {"case": case, "task": task, "data": data, "alasan": str(reasons.get(data.get("alasan"), "")),
            "form": form or {}, "error": error, "putusan": [(k, str(v)) for k, v in keberatan.PUTUSAN],
            "may_act": task["state"] in OPEN and bool(await may_work_on(user, [task]))}


async def panel(case, task, request: Request):
    return render_fragment(request, "ppid/panel_keberatan.html", **await _konteks(case, task, request.scope["user"]))


@post("/keberatan/{case_id:int}/tugas/{task_id:int}/tanggapi", opt={"permission": LOGIN})
async def tanggapi(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case = await get_case(case_id)
    task = None
    if case is not None and case["sop"] == keberatan.KEBERATAN:
        task = next((t for t in await case_tasks(case_id) if t["id"] == task_id), None)
    user = request.scope["user"]
    if task is None or task["step"] != "tanggapi" or task["state"] not in OPEN or not await may_work_on(user, [task]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    form = {"tanggapan": (data.get("tanggapan") or "").strip(), "putusan": (data.get("putusan") or "").strip()}
    error = ""
    if not form["tanggapan"]:
        error = _("Tulis tanggapan tertulis atas keberatan.")
    elif form["putusan"] not in dict(keberatan.PUTUSAN):
        error = _("Pilih putusan atas keberatan.")
    elif len(form["tanggapan"]) > 5000:
        error = _("Paling banyak %(n)s karakter.", n=5000)
    if not error:
        try:
            await keberatan.tanggapi(task, form["tanggapan"], user, form["putusan"])
        except (ActionError, SubmissionError) as exc:
            error = " ".join(getattr(exc, "messages", None) or [str(exc)])
    if error:
        return render(request, "ppid/panel_galat_keberatan.html", status_code=400,
                      **await _konteks(case, task, user, form, error))
    return redirect(request, "/inbox", _("Tanggapan atas keberatan %(nomor)s dikirim.", nomor=case["reference"]))


# -- the buku register keberatan ---------------------------------------------------------------------

REGISTER = "ppid.register"


async def _register(tahun: int | None) -> list[dict]:
    rows = await Keberatan.select().order_by(Keberatan.diterima_pada, ascending=False)
    if tahun:
        rows = [r for r in rows if local(r["diterima_pada"]).year == tahun]
    reasons = {k: str(v) for k, v in keberatan.ALASAN}
    outcomes = {k: str(v) for k, v in keberatan.PUTUSAN}
    for r in rows:
        r["alasan_label"] = reasons.get(r["alasan"], r["alasan"])
        r["putusan_label"] = outcomes.get(r["putusan"], "")
        r["status_label"] = keberatan.status_label(r["status"])
        clocks = await case_clocks(r["case_id"])
        jam = next((c for c in clocks if c["code"] == keberatan.TANGGAPAN), None)
        r["batas"] = jam["due_on"] if jam else None
        r["tepat"] = jam["met"] if jam else None
    return rows


@get("/keberatan", opt={"permission": REGISTER})
async def register(request: Request, tahun: MaybeYear = None) -> Response:
    return render(request, "ppid/keberatan.html", rows=await _register(tahun), tahun=tahun)


@get("/keberatan/xlsx", opt={"permission": REGISTER})
async def register_xlsx(request: Request, tahun: MaybeYear = None) -> Response:
    import xlsxwriter

    rows = await _register(tahun)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Register keberatan")[:31])
    bold = book.add_format({"bold": True})
    heads = [_("Nomor registrasi"), _("Diterima"), _("Nama pemohon"), _("Nomor permohonan"), _("Alasan"),
             _("Uraian"), _("Status"), _("Batas tanggapan"), _("Putusan"), _("Tanggapan"), _("Selesai")]
    for col, head in enumerate(heads):
        sheet.write(0, col, head, bold)
    for i, r in enumerate(rows, start=1):
        values = [r["nomor"], format_datetime(r["diterima_pada"]), r["nama"], r["nomor_permohonan"], r["alasan_label"],
                  r["uraian"], r["status_label"], format_date(r["batas"]) if r["batas"] else "", r["putusan_label"],
                  r["tanggapan"], format_datetime(r["selesai_pada"]) if r["selesai_pada"] else ""]
        for col, value in enumerate(values):
            sheet.write_string(i, col, str(value))
    book.close()
    await record_export(request.scope["user"], "ppid.pemohon", records=[("case", r["case_id"]) for r in rows],
                        detail={"format": "xlsx", "register": "keberatan"})
    return Response(out.getvalue(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="register-keberatan-informasi.xlsx"'})


def routes() -> list:
    return [tanggapi, register, register_xlsx]
