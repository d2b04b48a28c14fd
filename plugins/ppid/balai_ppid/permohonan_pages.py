"""SOP 7's pages: the task panel's forms (the decisions of step 4, the unit's hand-over, the release)
and the buku register permohonan with its XLSX export."""

from __future__ import annotations

import io

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, DocumentError, Form, MaybeYear, MultipartForm, PathId, SubmissionError, _, case_clocks,
    case_tasks, format_date, format_datetime, get_case, list_documents, may_work_on, record_export, redirect, render,
    render_fragment, row_id, task_url, write_transaction,
)
from balai_ppid import dip, pemeriksaan, pengecualian, permohonan
from balai_ppid.permohonan import BAHAN
from balai_ppid.sop import PERMOHONAN
from balai_ppid.tables import Informasi, Permohonan

REGISTER = "ppid.register"
PERPANJANG = ("putus", "serahkan")  # the PPID's own steps: the unit does not extend
OPEN = ("terbuka", "menunggu")


async def _konteks(case: dict, task: dict, user, form=None, error: str = "") -> dict:
    ctx = {"case": case, "task": task, "data": case.get("data") or {}, "form": form or {}, "error": error,
           "may_act": task["state"] in OPEN and bool(await may_work_on(user, [task]))}
    if task["step"] in PERPANJANG:
        ctx["jam"] = next((c for c in await case_clocks(case["id"]) if c["code"] == "jawab"), None)
    if task["step"] == "putus":
        rows = await Informasi.select().order_by(Informasi.nomor)
        ctx["terbuka"] = [r for r in rows if dip.terbuka(r)]
        ctx["dikecualikan"] = [r for r in rows if r["kategori"] == "dikecualikan"]
    if task["step"] == "serahkan":
        ctx["bahan"] = [d for d in await list_documents("case", case["id"]) if d.get("kind") == BAHAN and d["current"]]
        # The leak check of each file, made when the data officer first sees it.
        ctx["periksa"] = {d["current"]["id"]: await pemeriksaan.hasil(d["current"]["id"], case["id"])
                          for d in ctx["bahan"]}
        # The replace form offers the first file with findings.
        ctx["ganti_pilihan"] = next((d["id"] for d in ctx["bahan"] if ctx["periksa"][d["current"]["id"]]["jumlah"]), None)
    return ctx


async def panel(case: dict, task: dict, request: Request):
    return render_fragment(request, "ppid/panel.html", **await _konteks(case, task, request.scope["user"]))


async def _tugas(request: Request, case_id: int, task_id: int, step: str) -> tuple[dict, dict]:
    """The open task of that step on that case, when the user may work on it; else 404 (nothing told)."""
    case = await get_case(case_id)
    task = None
    if case is not None and case["sop"] == PERMOHONAN:
        task = next((t for t in await case_tasks(case_id) if t["id"] == task_id), None)
    if task is None or task["step"] != step or task["state"] not in OPEN \
            or not await may_work_on(request.scope["user"], [task]):
        raise NotFoundException(_("Tugas tidak ditemukan."))
    return case, task


async def _gagal(request: Request, case: dict, task: dict, form: dict, error: str) -> Response:
    ctx = await _konteks(case, task, request.scope["user"], form=form, error=error)
    return render(request, "ppid/panel_galat.html", status_code=400, **ctx)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _pesan(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", None) or [getattr(exc, "message", None) or str(exc)])


@post("/permohonan/{case_id:int}/tugas/{task_id:int}/kembalikan", opt={"permission": LOGIN})
async def kembalikan(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case, task = await _tugas(request, case_id, task_id, "periksa")
    form = {"kekurangan": (data.get("kekurangan") or "").strip()}
    if not form["kekurangan"]:
        return await _gagal(request, case, task, form, _("Sebutkan apa yang harus dilengkapi pemohon."))
    if len(form["kekurangan"]) > 1000:
        return await _gagal(request, case, task, form, _("Paling banyak %(n)s karakter.", n=1000))
    try:
        await permohonan.kembalikan(task, form["kekurangan"], request.scope["user"])
    except (ActionError, SubmissionError) as exc:
        return await _gagal(request, case, task, form, _pesan(exc))
    return redirect(request, "/inbox", _("Permohonan %(nomor)s dikembalikan ke pemohon; jangka waktu dijeda.",
                                         nomor=case["reference"]))


async def _pilih_informasi(data, syarat) -> dict | None:
    try:
        item = await dip.ambil(row_id(data.get("informasi_id")))
    except (TypeError, ValueError):
        return None
    return item if item and syarat(item) else None


@post("/permohonan/{case_id:int}/tugas/{task_id:int}/dip", opt={"permission": LOGIN})
async def berikan_dip(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case, task = await _tugas(request, case_id, task_id, "putus")
    item = await _pilih_informasi(data, dip.terbuka)
    if item is None:
        return await _gagal(request, case, task, {}, _("Pilih informasi DIP yang sudah terbit."))
    try:
        await permohonan.jawab_dari_dip(task, item, request.scope["user"], _base(request))
    except (ActionError, SubmissionError, DocumentError) as exc:
        return await _gagal(request, case, task, {}, _pesan(exc))
    return redirect(request, "/inbox", _("Permohonan %(nomor)s dijawab dari DIP.", nomor=case["reference"]))


@post("/permohonan/{case_id:int}/tugas/{task_id:int}/tolak", opt={"permission": LOGIN})
async def tolak(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case, task = await _tugas(request, case_id, task_id, "putus")
    item = await _pilih_informasi(data, lambda i: i["kategori"] == "dikecualikan" and i["uji_pasal"])
    if item is None:
        return await _gagal(request, case, task, {}, _("Pilih informasi yang dikecualikan dengan uji konsekuensinya."))
    if pengecualian.berakhir(item):
        return await _gagal(request, case, task, {}, _(
            "Jangka waktu pengecualian %(nomor)s telah berakhir pada %(tanggal)s: informasi itu tidak dapat lagi "
            "menjadi dasar penolakan sebelum diuji ulang.", nomor=item["nomor"], tanggal=format_date(item["uji_berakhir"])))
    try:
        await permohonan.tolak(task, item, request.scope["user"], _base(request))
    except (ActionError, SubmissionError, DocumentError) as exc:
        return await _gagal(request, case, task, {}, _pesan(exc))
    return redirect(request, "/inbox", _("Permohonan %(nomor)s ditolak; surat keterangan dikirim ke pemohon.",
                                         nomor=case["reference"]))


@post("/permohonan/{case_id:int}/tugas/{task_id:int}/bahan", opt={"permission": LOGIN},
      request_max_body_size=25 * 1024 * 1024)
async def kirim_bahan(request: Request, case_id: PathId, task_id: PathId, data: MultipartForm) -> Response:
    case, task = await _tugas(request, case_id, task_id, "olah")
    uploads = [f for f in data.getall("berkas") if hasattr(f, "read") and getattr(f, "filename", "")]
    if not uploads:
        return await _gagal(request, case, task, {}, _("Unggah sedikitnya satu berkas informasi."))
    try:
        await permohonan.kirim_bahan(task, uploads, request.scope["user"])
    except (ActionError, DocumentError) as exc:
        return await _gagal(request, case, task, {}, _pesan(exc))
    return redirect(request, "/inbox", _("Informasi untuk permohonan %(nomor)s dikirim ke PPID.",
                                         nomor=case["reference"]))


@post("/permohonan/{case_id:int}/tugas/{task_id:int}/serahkan", opt={"permission": LOGIN})
async def serahkan(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    case, task = await _tugas(request, case_id, task_id, "serahkan")
    form = {"pesan": (data.get("pesan") or "").strip()}
    own = {d["current"]["id"] for d in await list_documents("case", case["id"]) if d.get("kind") == BAHAN and d["current"]}
    chosen = []
    for raw in data.getall("versi"):
        try:
            version_id = row_id(raw)
        except (TypeError, ValueError):
            continue
        if version_id in own:
            chosen.append(version_id)
    form["versi"] = [str(v) for v in chosen]
    form["alasan"] = (data.get("alasan") or "").strip()[:1000]
    form["konfirmasi"] = [str(v) for v in data.getall("konfirmasi")]
    if not chosen:
        return await _gagal(request, case, task, form, _("Pilih sedikitnya satu berkas yang diserahkan."))
    if not form["pesan"] or len(form["pesan"]) > 2000:
        return await _gagal(request, case, task, form, _("Tulis pesan kepada pemohon (paling banyak 2000 karakter)."))
    # The leak check: a file with findings goes out only when the officer confirms it, with a reason.
    flagged = []
    for version_id in chosen:
        check = await pemeriksaan.hasil(version_id, case["id"])
        if check["jumlah"]:
            flagged.append((version_id, check["nama_berkas"]))
    unconfirmed = [name for v, name in flagged if str(v) not in form["konfirmasi"]]
    if unconfirmed:
        return await _gagal(request, case, task, form, _(
            "Berkas %(berkas)s memuat kemungkinan data pribadi atau bagian tersembunyi: periksa temuannya, lalu "
            "centang konfirmasi atau ganti berkasnya.", berkas=", ".join(unconfirmed)))
    if flagged and not form["alasan"]:
        return await _gagal(request, case, task, form, _("Tuliskan alasan berkas bertemuan tetap diserahkan."))
    try:
        async with write_transaction():
            await pemeriksaan.konfirmasi([v for v, _n in flagged], form["alasan"], request.scope["user"])
            await permohonan.serahkan(task, chosen, form["pesan"], request.scope["user"], _base(request))
    except (ActionError, SubmissionError, DocumentError) as exc:
        return await _gagal(request, case, task, form, _pesan(exc))
    return redirect(request, "/inbox", _("Informasi diserahkan kepada pemohon %(nomor)s.", nomor=case["reference"]))


@post("/permohonan/{case_id:int}/tugas/{task_id:int}/ganti", opt={"permission": LOGIN},
      request_max_body_size=25 * 1024 * 1024)
async def ganti(request: Request, case_id: PathId, task_id: PathId, data: MultipartForm) -> Response:
    """The data officer replaces a file by its redacted copy: the copy becomes the file's next version,
    so the release list offers the copy (checked afresh) and no longer the original."""
    case, task = await _tugas(request, case_id, task_id, "serahkan")
    own = {d["id"]: d for d in await list_documents("case", case["id"]) if d.get("kind") == BAHAN}
    uploads = [f for f in data.getall("berkas") if hasattr(f, "read") and getattr(f, "filename", "")]
    try:
        document_id = row_id(data.get("dokumen"))
    except (TypeError, ValueError):
        document_id = None
    if document_id not in own:
        return await _gagal(request, case, task, {}, _("Pilih berkas yang akan diganti."))
    if len(uploads) != 1:
        return await _gagal(request, case, task, {}, _("Pilih satu berkas pengganti yang akan diunggah."))
    try:
        async with write_transaction():
            await permohonan.save_upload(uploads[0], uploads[0].filename, "case", case["id"], request.scope["user"],
                                         document_id=document_id, note=_("Disunting PPID sebelum diserahkan"))
    except DocumentError as exc:
        return await _gagal(request, case, task, {}, _pesan(exc))
    return redirect(request, f"/tasks/{task['id']}", _("Berkas %(berkas)s diganti dengan %(baru)s.",
                                                        berkas=own[document_id]["current"]["filename"],
                                                        baru=uploads[0].filename))


@post("/permohonan/{case_id:int}/tugas/{task_id:int}/perpanjang", opt={"permission": LOGIN})
async def perpanjang(request: Request, case_id: PathId, task_id: PathId, data: Form) -> Response:
    """The PPID extends the answer's deadline once, from its open task (deciding, or releasing)."""
    task = next((t for t in await case_tasks(case_id) if t["id"] == task_id), None)
    case, task = await _tugas(request, case_id, task_id, task["step"] if task and task["step"] in PERPANJANG else "")
    form = {"alasan_perpanjangan": (data.get("alasan_perpanjangan") or "").strip()}
    if not form["alasan_perpanjangan"]:
        return await _gagal(request, case, task, form, _("Tuliskan alasan perpanjangan: pemohon diberi tahu secara "
                                                         "tertulis."))
    if len(form["alasan_perpanjangan"]) > 1000:
        return await _gagal(request, case, task, form, _("Paling banyak %(n)s karakter.", n=1000))
    try:
        jam = await permohonan.perpanjang(task, form["alasan_perpanjangan"], request.scope["user"])
    except (ActionError, SubmissionError) as exc:
        return await _gagal(request, case, task, form, _pesan(exc))
    return redirect(request, f"/tasks/{task['id']}", _("Jangka waktu diperpanjang sampai %(tanggal)s.",
                                                        tanggal=format_date(jam["due_on"])))


# -- the register ------------------------------------------------------------------------------------

async def _register(tahun: int | None) -> list[dict]:
    query = Permohonan.select().order_by(Permohonan.diterima_pada, ascending=False)
    rows = await query
    if tahun:
        rows = [r for r in rows if r["diterima_pada"].year == tahun]
    return rows


@get("/permohonan", opt={"permission": REGISTER})
async def register(request: Request, tahun: MaybeYear = None) -> Response:
    rows = await _register(tahun)
    for r in rows:
        r["status_label"] = permohonan.status_label(r["status"])
    return render(request, "ppid/permohonan.html", rows=rows, tahun=tahun)


@get("/permohonan/xlsx", opt={"permission": REGISTER})
async def register_xlsx(request: Request, tahun: MaybeYear = None) -> Response:
    import xlsxwriter

    rows = await _register(tahun)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Register permohonan")[:31])
    bold = book.add_format({"bold": True})
    heads = [_("Nomor registrasi"), _("Diterima"), _("Nama pemohon"), _("Informasi yang diminta"), _("Tujuan"),
             _("Cara memperoleh"), _("Cara mendapat"), _("Status"), _("Keputusan"), _("Bidang/UPTD"), _("Selesai")]
    for col, head in enumerate(heads):
        sheet.write(0, col, head, bold)
    for i, r in enumerate(rows, start=1):
        values = [r["nomor"], format_datetime(r["diterima_pada"]), r["nama"], r["informasi_diminta"], r["tujuan"],
                  r["cara_memperoleh"], r["cara_mendapat"], permohonan.status_label(r["status"]), r["keputusan"],
                  r["unit_nama"], format_datetime(r["selesai_pada"]) if r["selesai_pada"] else ""]
        for col, value in enumerate(values):
            sheet.write_string(i, col, str(value))
    book.close()
    # The register names requesters: an export of personal data (UU 27/2022).
    await record_export(request.scope["user"], "ppid.pemohon", records=[("case", r["case_id"]) for r in rows],
                        detail={"format": "xlsx"})
    return Response(out.getvalue(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="register-permohonan-informasi.xlsx"'})


def routes() -> list:
    return [kembalikan, berikan_dip, tolak, kirim_bahan, serahkan, ganti, perpanjang, register, register_xlsx]
