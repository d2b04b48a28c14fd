"""The "Cuti" pages: one's balance and requests, the application form (its count worked out live as
dates are typed), a request's page, the superiors' change of dates and the signed permit's upload
(from the task pages' panel), the unit's leave calendar and the monthly rekap for Subbag Keuangan."""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Response

from balai.api import (
    LOGIN, ActionError, DocumentError, Form, FormFields, MaybeQueryId, MaybeQueryText, MaybeYear, MultipartForm, PathId,
    _, act, case_url, client_ip, record_export, record_view, redirect, render, row_id, save_upload, task_url, timeline, today,
    unit_tree,
)

from balai_kepegawaian import alur, arsip, aturan, cuti, izin, kalender, pegawai, saldo
from balai_kepegawaian.cuti import CutiError

KELOLA = "kepegawaian.kelola"
REKAP = "kepegawaian.rekap_cuti"
TEKS = ("jenis", "mulai", "selesai", "alasan", "alamat_cuti", "telepon_cuti", "anak_ke", "surat_dokter", "pegawai_id")
CENTANG = ("dokter_pemerintah", "gugur_kandungan", "melahirkan", "perpanjangan")
STATUS_CSS = {cuti.DIAJUKAN: "warning", cuti.DISETUJUI: "success", cuti.DITOLAK: "danger",
              cuti.DITANGGUHKAN: "secondary", cuti.DIBATALKAN: "secondary"}


# --- reading a form -------------------------------------------------------------------------------

def baca_form(data: FormFields) -> dict:
    form = {k: str(data.get(k) or "").strip() for k in TEKS}
    form.update({k: "1" for k in CENTANG if data.get(k)})
    form["dokumen"] = [str(v) for v in data.getall("dokumen") if str(v).strip()]
    return form


def _tanggal(form: dict, name: str, errors: dict, label: str) -> date | None:
    text = form.get(name) or ""
    if not text:
        errors[name] = _("%(label)s wajib diisi.", label=label)
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = _("%(label)s tidak dapat dibaca; tulis sebagai tahun-bulan-tanggal.", label=label)
        return None


def keterangan(form: dict) -> dict:
    """What the request carries besides its dates, for its kind (see :mod:`balai_kepegawaian.cuti`)."""
    jenis, out = form.get("jenis"), {}
    anak = form.get("anak_ke") or ""
    anak_ke = int(anak) if anak.isdigit() and len(anak) <= 2 else None
    if jenis == aturan.SAKIT:
        if form.get("surat_dokter"):
            out["surat_dokter"] = form["surat_dokter"][:100]
        out.update({k: True for k in ("dokter_pemerintah", "gugur_kandungan") if form.get(k)})
    elif jenis == aturan.MELAHIRKAN:
        out["anak_ke"] = anak_ke
    elif jenis == aturan.BESAR and form.get("melahirkan"):
        out.update(melahirkan=True, anak_ke=anak_ke)
    elif jenis == aturan.CLTN and form.get("perpanjangan"):
        out["perpanjangan"] = True
    return out


async def _dengan_surat_dokter(ket: dict, p: dict, dokumen: list[int]) -> dict:
    """A doctor's letter picked from the archive counts as the one sick leave asks for (its number,
    or its title, is what the request records), so nobody types again what is already on file."""
    if "surat_dokter" in ket or not dokumen:
        return ket
    for d in await arsip.dokumen_pegawai(p["id"], "surat_dokter"):
        if d["id"] in dokumen:
            return {**ket, "surat_dokter": (d["nomor"] or d["filename"] or str(d["jenis_label"]))[:100]}
    return ket


async def _dokumen(form: dict, p: dict, errors: dict) -> list[int]:
    """The archive entries chosen, each one of this employee's."""
    own = {d["id"] for d in await arsip.dokumen_pegawai(p["id"])}
    chosen = []
    for value in form.get("dokumen") or []:
        try:
            entry = row_id(value)
        except ValueError:
            entry = None
        if entry not in own:
            errors["dokumen"] = _("Dokumen yang dipilih tidak ada di arsip pegawai ini.")
            continue
        chosen.append(entry)
    return chosen


# --- whose request ----------------------------------------------------------------------------------

async def _pegawai_untuk(request: Request, pegawai_id) -> dict | None:
    """The employee the form is for: oneself, or (for the Pengelola) the one chosen."""
    user = request.scope["user"]
    if pegawai_id:
        try:
            p = await pegawai.ambil(row_id(pegawai_id))
        except ValueError:
            p = None
        if p is None or not await alur.boleh_ajukan_untuk(user, p):
            raise NotFoundException(_("Pegawai tidak ditemukan."))
        return p
    return await pegawai.milik(user.id)


async def _cuti_terlihat(request: Request, cuti_id: int) -> dict:
    row = await cuti.get_cuti(cuti_id)
    if not await alur.boleh_lihat(request.scope["user"], row):
        raise NotFoundException(_("Permintaan cuti tidak ditemukan."))
    return row


def _tahun_saldo(form: dict) -> int:
    try:
        return date.fromisoformat(form.get("mulai") or "").year
    except ValueError:
        return today().year


# --- the count, live ----------------------------------------------------------------------------------

async def hitungan(p: dict | None, form: dict) -> dict:
    """What the form shows beside the dates: the count and its explanation, the balance of the year
    and what would remain, and what the rules would refuse (before the request is sent)."""
    out = {"lama": None, "saldo": None, "sisa": None, "masalah": [], "jenis": form.get("jenis")}
    try:
        mulai, selesai = date.fromisoformat(form.get("mulai") or ""), date.fromisoformat(form.get("selesai") or "")
    except ValueError:
        return out
    if selesai < mulai:
        out["masalah"] = [_("Tanggal selesai cuti sebelum tanggal mulai.")]
        return out
    try:
        out["lama"] = lama = await cuti.hitung_lama(mulai, selesai)
    except CutiError as exc:
        out["masalah"] = exc.messages
        return out
    if p is None:
        return out
    if form.get("jenis") == aturan.TAHUNAN:
        out["saldo"] = s = await saldo.saldo(p["id"], mulai.year)
        out["sisa"] = s.tersedia - lama.hari_kerja
    if form.get("jenis") in aturan.JENIS:
        out["masalah"] = await cuti.periksa(p["id"], form["jenis"], mulai, selesai, keterangan(form), lama=lama)
    return out


async def _form_page(request: Request, p: dict | None, form: dict, errors: dict, status: int = 200) -> Response:
    user = request.scope["user"]
    jenis, dokumen, orang = [], [], []
    if p is not None:
        boleh = await aturan.jenis_boleh(p["jenis_kepegawaian"], today())
        jenis = [(k, str(j.label)) for k, j in aturan.JENIS.items() if j.diajukan and k in boleh]
        dokumen = await arsip.dokumen_pegawai(p["id"])
    if user.units_for(KELOLA) is None or user.units_for(KELOLA):
        orang = [(str(r["id"]), f"{r['nama_lengkap']} · {r['nip_label'] or '-'}")
                 for r in await pegawai.semua(user, aktif=True) if user.can(KELOLA, r["unit_id"])]
    return render(request, "kepegawaian/cuti/ajukan.html", status_code=status, p=p, form=form, errors=errors,
                  jenis=jenis, dokumen=dokumen, orang=orang, hitung=await hitungan(p, form),
                  nama=pegawai.nama_lengkap(p) if p else "")


@get("/cuti", opt={"permission": LOGIN}, name="kepegawaian:cuti")
async def beranda(request: Request) -> Response:
    user = request.scope["user"]
    p = await pegawai.milik(user.id)
    permintaan = await cuti.cuti_pegawai(p["id"]) if p else []
    # This year's balance, and next year's once something is asked of it.
    tahun = sorted({today().year} | {r["tahun"] for r in permintaan if r["tahun"] > today().year})
    units = await alur.unit_terlihat(user)
    return render(request, "kepegawaian/cuti/beranda.html", p=p,
                  saldo=[await saldo.saldo(p["id"], t) for t in tahun] if p else [], permintaan=permintaan,
                  menunggu=await alur.menunggu_saya(user), status_css=STATUS_CSS, label_status=cuti.label_status,
                  kalender=units is None or bool(units), rekap=user.units_for(REKAP) is None or bool(user.units_for(REKAP)),
                  kelola=user.units_for(KELOLA) is None or bool(user.units_for(KELOLA)))


@get("/cuti/ajukan", opt={"permission": LOGIN})
async def form_ajukan(request: Request, pegawai_id: MaybeQueryText = None) -> Response:
    p = await _pegawai_untuk(request, pegawai_id)
    form = {"jenis": aturan.TAHUNAN, "pegawai_id": str(p["id"]) if p and pegawai_id else ""}
    if p is not None:
        form.update(alamat_cuti=p["alamat"] or "", telepon_cuti=p["telepon"] or "")
    return await _form_page(request, p, form, {})


@post("/cuti/hitung", opt={"permission": LOGIN})
async def hitung(request: Request, data: Form) -> Response:
    """The HTMX fragment beside the dates, recomputed as they change."""
    form = baca_form(data)
    p = await _pegawai_untuk(request, form.get("pegawai_id"))
    return render(request, "kepegawaian/cuti/_hitung.html", hitung=await hitungan(p, form), form=form)


@post("/cuti/ajukan", opt={"permission": LOGIN})
async def kirim(request: Request, data: Form) -> Response:
    user = request.scope["user"]
    form = baca_form(data)
    p = await _pegawai_untuk(request, form.get("pegawai_id"))
    if p is None:
        return await _form_page(request, None, form, {"pegawai_id": _("Data pegawai Anda belum tercatat.")}, 400)
    errors: dict[str, str] = {}
    if form["jenis"] not in aturan.JENIS:
        errors["jenis"] = _("Pilih jenis cuti.")
    mulai = _tanggal(form, "mulai", errors, _("Tanggal mulai"))
    selesai = _tanggal(form, "selesai", errors, _("Tanggal selesai"))
    if form.get("anak_ke") and not (form["anak_ke"].isdigit() and len(form["anak_ke"]) <= 2):
        errors["anak_ke"] = _("Anak ke- diisi dengan angka.")
    dokumen = await _dokumen(form, p, errors)
    if not errors:
        try:
            row = await alur.ajukan(user, p, form["jenis"], mulai, selesai, alasan=form["alasan"],
                                    alamat_cuti=form["alamat_cuti"], telepon_cuti=form["telepon_cuti"],
                                    keterangan=await _dengan_surat_dokter(keterangan(form), p, dokumen),
                                    dokumen=dokumen)
        except CutiError as exc:
            errors.update({f"cuti_{i}": m for i, m in enumerate(exc.messages)})
        else:
            return redirect(request, f"/kepegawaian/cuti/{row['id']}", _("Permintaan cuti diajukan ke atasan langsung."))
    return await _form_page(request, p, form, errors, 400)


# --- one request ----------------------------------------------------------------------------------

async def ringkasan(row: dict) -> dict:
    """The request as every page shows it."""
    p = await pegawai.ambil(row["pegawai"])
    units = await pegawai.nama_unit()
    lama = await cuti.hitung_lama(row["mulai"], row["selesai"])
    return {"cuti": row, "pegawai": p, "nama": pegawai.nama_lengkap(p), "nip": pegawai.format_nip(p["nip"]),
            "unit": units.get(p["unit_id"], ""), "lama": lama, "status_css": STATUS_CSS,
            "label_status": cuti.label_status, "saldo": await saldo.saldo(p["id"], row["tahun"])
            if row["jenis"] == aturan.TAHUNAN else None,
            "arsip": [d for d in await arsip.dokumen_pegawai(p["id"]) if d["id"] in set(row["dokumen"] or [])],
            "izin": await izin.surat_izin(row["case_id"]), "izin_ttd": await izin.surat_bertanda_tangan(row["case_id"])}


async def _kalender_untuk(row: dict, p: dict) -> kalender.Grid:
    """The requester's unit (with the units below) over the months of the request (three at most)."""
    tree = await unit_tree()
    awal = row["mulai"].replace(day=1)
    akhir = min(kalender.akhir_bulan(row["selesai"]), kalender.akhir_bulan(kalender.geser(awal, 2)))
    return await kalender.grid(tree.below.get(p["unit_id"], {p["unit_id"]}), awal, akhir, fokus=row)


async def isi_panel(request: Request, row: dict, case: dict, task: dict, form: dict | None = None,
                    errors: dict | None = None) -> dict:
    """What the task page's panel shows (kait.panel): the request, the calendar with the overlaps,
    and the step's own form for whoever may act on it."""
    user = request.scope["user"]
    info = await ringkasan(row)
    await alur.catat_lihat(user, info["pegawai"], client_ip(request))
    mine = task["state"] in ("terbuka", "menunggu") and (
        (await alur.tugas_saya(user, row, (task["step"],)) or {}).get("id") == task["id"])
    return {**info, "case": case, "task": task, "mine": mine, "form": form or {}, "errors": errors or {},
            "grid": await _kalender_untuk(row, info["pegawai"]), "next": task_url(task["id"])}


@get("/cuti/{cuti_id:int}", opt={"permission": LOGIN})
async def satu(request: Request, cuti_id: PathId) -> Response:
    return await _halaman_satu(request, await _cuti_terlihat(request, cuti_id))


async def _halaman_satu(request: Request, row: dict, status_code: int = 200, **extra) -> Response:
    info = await ringkasan(row)
    await alur.catat_lihat(request.scope["user"], info["pegawai"], client_ip(request))
    case = await alur.kasus(row)
    events = await timeline(row["case_id"]) if case else []
    return render(request, "kepegawaian/cuti/satu.html", status_code=status_code, **info, case=case, events=events,
                  case_link=case_url(case["id"]) if case else "", putusan=row["keterangan"].get("putusan") or [],
                  boleh_batal=alur.boleh_batal(request.scope["user"], row, info["pegawai"]), **extra)


@post("/cuti/{cuti_id:int}/batalkan", opt={"permission": LOGIN})
async def batalkan(request: Request, cuti_id: PathId, data: Form) -> Response:
    """The employee (or whoever applied for them) withdraws the request, with the reason."""
    row = await _cuti_terlihat(request, cuti_id)
    catatan = str(data.get("catatan") or "").strip()
    try:
        await alur.batalkan(request.scope["user"], row, catatan)
    except CutiError as exc:
        return await _halaman_satu(request, row, status_code=400, batal_errors=exc.messages, batal_catatan=catatan)
    return redirect(request, f"/kepegawaian/cuti/{cuti_id}", _("Permintaan cuti dibatalkan; harinya kembali ke saldo."))


@post("/cuti/{cuti_id:int}/ubah", opt={"permission": LOGIN})
async def ubah(request: Request, cuti_id: PathId, data: Form) -> Response:
    """A superior approves other dates (perubahan), from the task page's panel."""
    row = await _cuti_terlihat(request, cuti_id)
    user = request.scope["user"]
    form = {k: str(data.get(k) or "").strip() for k in ("mulai", "selesai", "catatan")}
    errors: dict[str, str] = {}
    mulai = _tanggal(form, "mulai", errors, _("Tanggal mulai baru"))
    selesai = _tanggal(form, "selesai", errors, _("Tanggal selesai baru"))
    task = await alur.tugas_saya(user, row)
    if task is None:
        raise PermissionDeniedException(_("Permintaan cuti ini tidak sedang menunggu persetujuan Anda."))
    if not errors:
        try:
            await alur.putuskan(user, row, "ubah", catatan=form["catatan"], mulai=mulai, selesai=selesai)
        except ActionError as exc:
            errors.update({f"ubah_{i}": m for i, m in enumerate(exc.messages)})
        else:
            return redirect(request, task_url(task["id"]), _("Tanggal cuti diubah dan disetujui."))
    case = await alur.kasus(row)
    return render(request, "kepegawaian/cuti/ubah.html", status_code=400,
                  **await isi_panel(request, row, case, task, form, errors))


@post("/cuti/{cuti_id:int}/izin-ttd", opt={"permission": KELOLA})
async def unggah_izin(request: Request, cuti_id: PathId, data: MultipartForm) -> Response:
    """SOP 13 step 5: the signed permit is kept on the case, and the step is done."""
    row = await _cuti_terlihat(request, cuti_id)
    user = request.scope["user"]
    task = await alur.tugas_saya(user, row, ("unggah",))
    if task is None:
        raise PermissionDeniedException(_("Langkah unggah surat izin cuti ini bukan tugas Anda."))
    files = [f for f in data.getall("berkas") if hasattr(f, "read") and getattr(f, "filename", "")]
    if not files:
        return redirect(request, task_url(task["id"]), _("Pilih berkas Surat Izin Cuti yang telah ditandatangani."),
                        "danger")
    try:
        await save_upload(files[0], files[0].filename, "case", row["case_id"], user,
                          title=_("Surat Izin Cuti (ditandatangani)"), kind=izin.TTD_DIUNGGAH)
    except DocumentError as exc:
        return redirect(request, task_url(task["id"]), exc.message, "danger")
    try:
        await act(task["id"], "unggah", user=user)
    except ActionError as exc:
        return redirect(request, task_url(task["id"]), " ".join(exc.messages), "danger")
    return redirect(request, f"/kepegawaian/cuti/{cuti_id}", _("Surat izin bertanda tangan tersimpan; cuti selesai."))


# --- the unit's calendar and the rekap -------------------------------------------------------------

async def _pilihan_unit(user) -> list[tuple[int, str]]:
    units = await alur.unit_terlihat(user)
    names = await pegawai.nama_unit()
    tree = await unit_tree()
    ordered = sorted(names, key=lambda u: (len(tree.up(u)), names[u]))
    return [(u, names[u]) for u in ordered if units is None or u in units]


@get("/cuti/kalender", opt={"permission": LOGIN})
async def kalender_unit(request: Request, unit_id: MaybeQueryId = None, bulan: MaybeQueryText = None) -> Response:
    user = request.scope["user"]
    pilihan = await _pilihan_unit(user)
    if not pilihan:
        raise PermissionDeniedException(_("Kalender cuti hanya untuk kepala unit dan Pengelola Kepegawaian."))
    unit = unit_id if unit_id in {u for u, _n in pilihan} else pilihan[0][0]
    awal = kalender.bulan_dari(bulan, today())
    tree = await unit_tree()
    grid = await kalender.grid_bulan(tree.below.get(unit, {unit}), awal)
    return render(request, "kepegawaian/cuti/kalender.html", grid=grid, pilihan=pilihan, unit=unit, awal=awal,
                  sebelum=kalender.geser(awal, -1), sesudah=kalender.geser(awal, 1),
                  judul=kalender.judul_bulan(awal), label_status=cuti.label_status)


async def _unit_rekap(user) -> set[int]:
    units = user.units_for(REKAP)
    tree = await unit_tree()
    if units is None:
        return set(tree.parent)
    covered: set[int] = set()
    for unit in units:
        covered |= tree.below.get(unit, {unit})
    return covered


@get("/cuti/rekap", opt={"permission": REKAP})
async def rekap(request: Request, tahun: MaybeYear = None) -> Response:
    year = tahun or today().year
    user = request.scope["user"]
    data = await kalender.rekap(await _unit_rekap(user), year)
    await record_view(user, pegawai.DATA_PRIBADI, "kepegawaian_cuti:rekap", fields=("nip", "nama"),
                      ip=client_ip(request), detail={"tahun": year, "orang": len(data["orang"])})
    return render(request, "kepegawaian/cuti/rekap.html", data=data, tahun=year,
                  bulan=[date(year, m, 1) for m in range(1, 13)])


@get("/cuti/rekap.xlsx", opt={"permission": REKAP})
async def rekap_xlsx(request: Request, tahun: MaybeYear = None) -> Response:
    year = tahun or today().year
    user = request.scope["user"]
    data = await kalender.rekap(await _unit_rekap(user), year)
    await record_export(user, pegawai.DATA_PRIBADI, ip=client_ip(request), detail={"format": "xlsx", "tahun": year},
                        records=[(pegawai.JENIS_PEMILIK, o["pegawai_id"]) for o in data["orang"]])
    body = kalender.xlsx(data, _("Rekap cuti pegawai tahun %(tahun)s untuk perhitungan TPP", tahun=year))
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="rekap-cuti-{year}.xlsx"'})


def routes() -> list:
    return [beranda, form_ajukan, hitung, kirim, satu, batalkan, ubah, unggah_izin, kalender_unit, rekap, rekap_xlsx]
