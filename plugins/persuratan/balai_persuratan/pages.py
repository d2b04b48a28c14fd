"""Pages under /persuratan/: the Buku Agenda, the task panel, settings; and the list of all routes."""

from __future__ import annotations

from urllib.parse import urlencode
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from markupsafe import Markup

from balai.api import (
    LOGIN, Case, Task, _, can_view_case, case_tasks, get_case, list_documents, org_units, redirect, render,
    render_fragment, task_url, today,
)

from balai_persuratan import agenda, alur, kait, keluar, keluar_pages, masuk, masuk_pages, penomoran, sop
from balai_persuratan.kamus import DOK_KELUAR, DOK_MASUK, DOK_TINDAK_LANJUT, LABELS, SIFAT, STATUS_KELUAR, STATUS_MASUK
from balai_persuratan.tables import Klasifikasi, TindakLanjut
from balai.api import Form, MaybeQueryText, Page, PathId, PathText, QueryText

LIHAT = "persuratan.lihat"
ATUR = "persuratan.atur"


def _filters(jenis: str, tahun: str | None, q: str, status: str, sifat: str) -> dict:
    """The agenda's filters; no ``tahun`` at all is this year, an empty one every year."""
    tahun = str(today().year) if tahun is None else tahun.strip()
    filters = {"tahun": int(tahun) if len(tahun) == 4 and tahun.isdigit() else None, "q": q.strip(), "status": status}
    if jenis == "masuk":
        filters["sifat"] = sifat
    return filters


@get("/", opt={"permission": LOGIN}, name="persuratan:index")
async def index(request: Request) -> Response:
    return redirect(request, "/persuratan/agenda/masuk")


@get("/agenda/{jenis:str}", opt={"permission": LOGIN}, name="persuratan:agenda")
async def buku_agenda(
    request: Request, jenis: PathText, page: Page = 1, tahun: MaybeQueryText = None, q: QueryText = "",
    status: QueryText = "", sifat: QueryText = "",
) -> Response:
    if jenis not in ("masuk", "keluar"):
        raise NotFoundException(_("Buku agenda tidak dikenal."))
    user = request.scope["user"]
    filters = _filters(jenis, tahun, q, status, sifat)
    if jenis == "masuk":
        rows, more = await agenda.cari_masuk(user, page=page, **filters)
    else:
        rows, more = await agenda.cari_keluar(user, page=page, **filters)
    query = urlencode({k: v for k, v in filters.items() if v})
    template = "persuratan/_agenda_tabel.html" if request.headers.get("hx-target") == "agenda-tabel" \
        else "persuratan/agenda.html"
    return render(request, template, L=LABELS, jenis=jenis, rows=rows, more=more, page=page, filters=filters, query=query,
                  years=await agenda.tahun_tersedia() or [today().year], sifat=list(SIFAT.items()),
                  statuses=list((STATUS_MASUK if jenis == "masuk" else STATUS_KELUAR).items()),
                  can_register=user.can("persuratan.catat_masuk"))


@get("/agenda/{jenis:str}/ekspor/{fmt:str}", opt={"permission": LOGIN})
async def ekspor(
    request: Request, jenis: PathText, fmt: PathText, tahun: MaybeQueryText = None, q: QueryText = "",
    status: QueryText = "", sifat: QueryText = "",
) -> Response:
    if jenis not in ("masuk", "keluar") or fmt not in ("xlsx", "pdf"):
        raise NotFoundException(_("Ekspor tidak dikenal."))
    filters = _filters(jenis, tahun, q, status, sifat)
    rows = await agenda.semua(jenis, request.scope["user"], **filters)
    columns = agenda.kolom_masuk() if jenis == "masuk" else agenda.kolom_keluar()
    values = [agenda.baris_masuk(r) if jenis == "masuk" else agenda.baris_keluar(r) for r in rows]
    title = (_("Buku Agenda Surat Masuk") if jenis == "masuk" else _("Buku Agenda Surat Keluar"))
    if filters["tahun"]:
        title += f" {filters['tahun']}"
    name = f"agenda-{jenis}-{filters['tahun'] or 'semua'}.{fmt}"
    if fmt == "xlsx":
        body = agenda.xlsx(title, columns, values)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        from balai_persuratan import lembar  # fpdf takes 0.7 s to import: loaded with the first report, not at start-up

        body = lembar.buku_agenda(title, columns, values, request.app.state.config.agency_name)
        media = "application/pdf"
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


async def isi_panel(request: Request, case: Case, task: Task) -> Markup:
    """The letter inside a task page: rendered into the task page itself (the task_panel hook)."""
    mine = any(t["id"] == task["id"] for t in await alur.tugas_saya(request.scope["user"], case["id"]))
    ctx = {"case": case, "task": task, "mine": mine, "next": task_url(task["id"]), "L": LABELS}
    if case["sop"] == sop.SURAT_MASUK:
        surat = await masuk.get(case["record_id"])
        # A follow-up task shows its own report; the archivist's task every report to be filed.
        mana = TindakLanjut.surat_masuk == surat["id"] if task["step"] == "arsip" else TindakLanjut.task_id == task["id"]
        follow = await TindakLanjut.select().where(mana).order_by(TindakLanjut.id)
        for f in follow:  # the report's files shown on the task it finished
            f["dokumen"] = await list_documents(DOK_TINDAK_LANJUT, f["id"])
        return render_fragment(request, "persuratan/panel_masuk.html", surat=surat, tindak_lanjut=follow,
                               rantai=await alur.rantai_disposisi(surat), scans=await list_documents(DOK_MASUK, surat["id"]),
                               **ctx)
    surat = await keluar.get(case["record_id"])
    versions = await keluar.versi(surat["id"])
    setting = await penomoran.pengaturan()
    nomor = surat["isi"].get("penomoran") or {}
    return render_fragment(request, "persuratan/panel_keluar.html", surat=surat, versi=versions,
                           syarat=kait.syarat_keluar(surat, task["step"]),
                           dokumen=await list_documents(DOK_KELUAR, surat["id"]),
                           jenis=keluar.JENIS.get(surat["jenis"]), klasifikasi=await masuk_pages.pilihan_klasifikasi(),
                           kode_unit=nomor.get("kode_unit") or setting["kode_unit"].get(str(surat["unit_id"]), ""),
                           tanggal=nomor.get("tanggal") or today().isoformat(), penomoran=nomor,
                           contoh=penomoran.susun(setting, surat["klasifikasi"] or "000", 1,
                                                  nomor.get("kode_unit") or "Sek.Um", today()), **ctx)


@get("/panel/{case_id:int}/{task_id:int}", opt={"permission": LOGIN})
async def panel(request: Request, case_id: PathId, task_id: PathId) -> Response:
    """The same panel on its own (to refresh it after a change in the panel's forms)."""
    case = await get_case(case_id)
    if case is None or case["sop"] not in kait.MILIK or not await can_view_case(request.scope["user"], case_id):
        raise NotFoundException(_("Kasus tidak ditemukan."))
    task = next((t for t in await case_tasks(case_id) if t["id"] == task_id), None)
    if task is None:
        raise NotFoundException(_("Tugas tidak ditemukan."))
    return Response(await isi_panel(request, case, task), media_type="text/html")


# --- settings: classification codes and the number template ---------------------------------------


async def _atur_page(request: Request, errors: dict | None = None, form: dict | None = None, status: int = 200):
    setting = await penomoran.pengaturan()
    units = await org_units()
    codes = await Klasifikasi.select().order_by(Klasifikasi.kode)
    form = form or {"format": setting["format"], "lingkup": setting["lingkup"]}
    return render(request, L=LABELS, template="persuratan/atur.html", status_code=status, setting=setting, units=units, codes=codes,
                  errors=errors or {}, form=form, scopes=penomoran.SCOPES)


@get("/atur", opt={"permission": ATUR}, name="persuratan:atur")
async def atur(request: Request) -> Response:
    return await _atur_page(request)


@post("/atur/penomoran", opt={"permission": ATUR})
async def atur_penomoran(request: Request, data: Form) -> Response:
    fmt = (data.get("format") or "").strip()
    lingkup = [s for s in data.getall("lingkup", []) if s]
    kode_unit = {k.removeprefix("unit_"): (v or "").strip() for k, v in data.items() if k.startswith("unit_")}
    errors = await penomoran.simpan_pengaturan(fmt, lingkup, kode_unit)
    if errors:
        return await _atur_page(request, errors, {"format": fmt, "lingkup": lingkup}, status=400)
    return redirect(request, "/persuratan/atur", _("Format penomoran tersimpan."))


@post("/atur/klasifikasi", opt={"permission": ATUR})
async def tambah_klasifikasi(request: Request, data: Form) -> Response:
    kode = str(data.get("kode") or "").strip()
    nama = masuk.normal(str(data.get("nama") or ""))
    errors = {}
    if not kode or not all(part.isdigit() for part in kode.split(".")):
        errors["kode"] = _("Kode klasifikasi berupa angka bertitik, mis. 000.1.5.")
    elif await Klasifikasi.exists().where(Klasifikasi.kode == kode):
        errors["kode"] = _("Kode %(kode)s sudah ada.", kode=kode)
    if not nama:
        errors["nama"] = _("Nama klasifikasi wajib diisi.")
    if errors:
        return await _atur_page(request, errors, {"kode": kode, "nama": nama}, status=400)
    parent = kode.rsplit(".", 1)[0] if "." in kode else ""
    await Klasifikasi.insert(Klasifikasi(kode=kode, nama=nama, induk=parent))
    return redirect(request, "/persuratan/atur", _("Kode klasifikasi %(kode)s ditambahkan.", kode=kode))


def routes() -> list:
    return ([index, buku_agenda, ekspor, panel, atur, atur_penomoran, tambah_klasifikasi]
            + masuk_pages.ROUTES + keluar_pages.ROUTES)
