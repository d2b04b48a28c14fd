"""Pages of the personnel file under /kepegawaian/: one's own file, the list, a file with its edit
forms (for the Pengelola Kepegawaian), the archive's uploads, corrections, import and export.

A file someone may not see answers 404 (whether it exists is itself personal data); a form someone may
not send answers 403. Every page that shows another person's data records the view (``record_view``),
every export the export (``record_export``).
"""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Response

from balai.api import (
    LOGIN, Form, MultipartForm, Page, PathId, PathText, QueryText, _, client_ip, org_units, record_export, record_view,
    redirect, render, safe_next, today, unit_tree,
)

from balai_kepegawaian import arsip, impor, koreksi, pegawai as pg

KELOLA = pg.KELOLA
BAGIAN_RIWAYAT = tuple(pg.RIWAYAT)
DILIHAT = ("nip", "nama", "tanggal_lahir", "tempat_lahir", "jenis_kelamin", "alamat", "telepon", "email",
           "riwayat", "keluarga", "arsip")


async def pilihan_unit() -> list[tuple[int, str]]:
    """Units in the organisation's order, indented by depth."""
    units = await org_units()
    tree = await unit_tree()
    return [(u["id"], "— " * (len(tree.up(u["id"])) - 1) + u["name"]) for u in units]


def sebagai_form(row: dict | None, names) -> dict:
    row = row or {}
    return {n: (row[n].isoformat() if isinstance(row.get(n), date) else ("" if row.get(n) is None else row[n]))
            for n in names}


async def terlihat(request: Request, pegawai_id: int) -> dict:
    p = await pg.ambil(pegawai_id)
    if not await pg.boleh_lihat(request.scope["user"], p):
        raise NotFoundException(_("Data pegawai tidak ditemukan."))
    return p


async def dapat_diubah(request: Request, pegawai_id: int) -> dict:
    p = await terlihat(request, pegawai_id)
    if not pg.boleh_ubah(request.scope["user"], p):
        raise PermissionDeniedException(_("Hanya Pengelola Kepegawaian yang dapat mengubah data pegawai."))
    return p


async def catat_lihat(request: Request, p: dict, fields=DILIHAT) -> None:
    """Record a view of someone else's file (one's own is not an access to another's data)."""
    user = request.scope["user"]
    if p["user_id"] != user.id:
        await record_view(user, pg.DATA_PRIBADI, (pg.JENIS_PEMILIK, p["id"]), fields=fields,
                          ip=client_ip(request))


def labels() -> dict:
    return {"kelamin": pg.JENIS_KELAMIN, "kawin": pg.STATUS_KAWIN, "jabatan": pg.JENIS_JABATAN,
            "kp": pg.JENIS_KP, "hubungan": pg.HUBUNGAN, "bagian": pg.BAGIAN, "arsip": arsip.JENIS,
            "predikat": pg.PREDIKAT, "tingkat": pg.TINGKAT_HUKDIS,
            "koreksi": koreksi.STATUS}


async def _halaman_berkas(request: Request, p: dict, *, sendiri: bool) -> Response:
    user = request.scope["user"]
    b = await pg.berkas(p["id"])
    await catat_lihat(request, p)
    return render(request, "kepegawaian/pegawai/berkas.html", b=b, p=b["pegawai"], r=b["ringkasan"], L=labels(),
                  arsip=await arsip.dokumen_pegawai(p["id"]), koreksi=await koreksi.daftar(p["id"]),
                  sendiri=sendiri, bisa_ubah=pg.boleh_ubah(user, p), hari_ini=today())


# --- one's own file and corrections ----------------------------------------------------------------


@get("/saya", opt={"permission": LOGIN}, name="kepegawaian:saya")
async def saya(request: Request) -> Response:
    p = await pg.milik(request.scope["user"].id)
    if p is None:
        return render(request, "kepegawaian/pegawai/belum_ada.html")
    return await _halaman_berkas(request, p, sendiri=True)


async def _form_koreksi(request: Request, form: dict, errors: dict, status: int = 200) -> Response:
    return render(request, "kepegawaian/pegawai/koreksi_form.html", status_code=status, form=form, errors=errors,
                  bagian=[(k, str(v)) for k, v in pg.BAGIAN.items()])


@get("/saya/koreksi", opt={"permission": LOGIN})
async def koreksi_baru(request: Request, bagian: QueryText = "") -> Response:
    if await pg.milik(request.scope["user"].id) is None:
        raise NotFoundException(_("Data kepegawaian Anda belum ada."))
    return await _form_koreksi(request, {"bagian": bagian if bagian in pg.BAGIAN else ""}, {})


@post("/saya/koreksi", opt={"permission": LOGIN})
async def koreksi_ajukan(request: Request, data: Form) -> Response:
    user = request.scope["user"]
    form = {k: (data.get(k) or "").strip() for k in ("bagian", "uraian")}
    p = await pg.milik(user.id)
    if p is None:
        raise NotFoundException(_("Data kepegawaian Anda belum ada."))
    try:
        await koreksi.ajukan(user, p, form["bagian"], form["uraian"], ip=client_ip(request))
    except pg.Ditolak as exc:
        return await _form_koreksi(request, form, exc.errors, status=exc.status)
    return redirect(request, "/kepegawaian/saya", _("Permohonan koreksi dikirim ke Pengelola Kepegawaian."))


@post("/koreksi/{koreksi_id:int}/putus", opt={"permission": KELOLA})
async def koreksi_putus(request: Request, koreksi_id: PathId, data: Form) -> Response:
    row = await koreksi.satu(koreksi_id)
    if row is None:
        raise NotFoundException(_("Permohonan koreksi tidak ditemukan."))
    await dapat_diubah(request, row["pegawai"])
    back = f"/kepegawaian/pegawai/{row['pegawai']}#koreksi"
    try:
        await koreksi.putus(request.scope["user"], koreksi_id, (data.get("aksi") or "").strip(),
                            data.get("catatan") or "")
    except pg.Ditolak as exc:
        return redirect(request, back, " ".join(str(v) for v in exc.errors.values()), "danger")
    return redirect(request, back, _("Tanggapan koreksi disimpan dan pegawai diberi tahu."))


# --- the list --------------------------------------------------------------------------------------


@get("/pegawai", opt={"permission": LOGIN}, name="kepegawaian:pegawai")
async def daftar(request: Request, q: QueryText = "", unit: QueryText = "", status: QueryText = "aktif",
                 page: Page = 1) -> Response:
    user = request.scope["user"]
    units = await pg.cakupan(user)
    if units is not None and not units:
        raise PermissionDeniedException(_("Daftar pegawai hanya untuk Pengelola Kepegawaian dan pimpinan unit."))
    unit_id = int(unit) if unit.isdigit() and len(unit) < 10 else None
    aktif = {"aktif": True, "nonaktif": False}.get(status)
    rows, total = await pg.daftar(user, q=q, unit_id=unit_id, aktif=aktif, page=page)
    if rows:
        await record_view(user, pg.DATA_PRIBADI, "kepegawaian_pegawai:daftar", fields=("nip", "nama"),
                          ip=client_ip(request), detail={"pegawai": [r["id"] for r in rows]})
    params = {k: v for k, v in {"q": q, "unit": unit, "status": status}.items() if v}
    pilihan = [(i, n) for i, n in await pilihan_unit() if units is None or i in units]
    template = "kepegawaian/pegawai/_daftar_tabel.html" if request.headers.get("hx-target") == "daftar-pegawai" \
        else "kepegawaian/pegawai/daftar.html"
    return render(request, template, rows=rows, total=total, page=page, per_page=pg.PER_HALAMAN, params=params,
                  filters={"q": q, "unit": unit, "status": status}, units=pilihan,
                  bisa_kelola=user.can(KELOLA), hari_ini=today())


@get("/pegawai/ekspor/{fmt:str}", opt={"permission": LOGIN})
async def ekspor(request: Request, fmt: PathText, unit: QueryText = "", status: QueryText = "aktif") -> Response:
    if fmt not in ("xlsx", "csv"):
        raise NotFoundException(_("Format ekspor tidak dikenal."))
    user = request.scope["user"]
    units = await pg.cakupan(user)
    if units is not None and not units:
        raise PermissionDeniedException(_("Daftar pegawai hanya untuk Pengelola Kepegawaian dan pimpinan unit."))
    unit_id = int(unit) if unit.isdigit() and len(unit) < 10 else None
    rows = await pg.semua(user, unit_id=unit_id, aktif={"aktif": True, "nonaktif": False}.get(status))
    await record_export(user, pg.DATA_PRIBADI, records=[(pg.JENIS_PEMILIK, r["id"]) for r in rows],
                        ip=client_ip(request), detail={"format": fmt, "unit": unit_id})
    name = f"pegawai-{today().isoformat()}.{fmt}"
    if fmt == "xlsx":
        body = await impor.ke_xlsx(rows)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, media = await impor.ke_csv(rows), "text/csv; charset=utf-8"
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


# --- a file and its edit forms ---------------------------------------------------------------------


@get("/pegawai/{pegawai_id:int}", opt={"permission": LOGIN})
async def satu(request: Request, pegawai_id: PathId) -> Response:
    p = await terlihat(request, pegawai_id)
    return await _halaman_berkas(request, p, sendiri=p["user_id"] == request.scope["user"].id)


async def _form_identitas(request: Request, form: dict, errors: dict, p: dict | None, status: int = 200) -> Response:
    return render(request, "kepegawaian/pegawai/identitas_form.html", status_code=status, form=form, errors=errors,
                  p=p, units=await pilihan_unit(), L=labels(), agama=[(a, a) for a in pg.AGAMA],
                  jenis_kepegawaian=list(pg.JENIS_KEPEGAWAIAN.items()))


def _baca(form_data, names) -> dict:
    return {n: (form_data.get(n) or "").strip() for n in names}


@get("/pegawai/baru", opt={"permission": KELOLA})
async def baru(request: Request) -> Response:
    return await _form_identitas(request, {"jenis_kepegawaian": "PNS", "aktif": "1"}, {}, None)


@post("/pegawai/baru", opt={"permission": KELOLA})
async def baru_simpan(request: Request, data: Form) -> Response:
    form = _baca(data, pg.IDENTITAS)
    try:
        pegawai_id = await pg.simpan_identitas(request.scope["user"], form, ip=client_ip(request))
    except pg.Ditolak as exc:
        return await _form_identitas(request, form, exc.errors, None, status=exc.status)
    return redirect(request, f"/kepegawaian/pegawai/{pegawai_id}",
                    _("Data pegawai disimpan. Lengkapi riwayat pangkat dan jabatannya."))


@get("/pegawai/{pegawai_id:int}/identitas", opt={"permission": KELOLA})
async def identitas(request: Request, pegawai_id: PathId) -> Response:
    p = await dapat_diubah(request, pegawai_id)
    form = sebagai_form(p, pg.IDENTITAS)
    form["aktif"] = "1" if p["aktif"] else "0"
    return await _form_identitas(request, form, {}, p)


@post("/pegawai/{pegawai_id:int}/identitas", opt={"permission": KELOLA})
async def identitas_simpan(request: Request, pegawai_id: PathId, data: Form) -> Response:
    p = await dapat_diubah(request, pegawai_id)
    form = _baca(data, pg.IDENTITAS)
    try:
        await pg.simpan_identitas(request.scope["user"], form, pegawai_id, ip=client_ip(request))
    except pg.Ditolak as exc:
        return await _form_identitas(request, form, exc.errors, p, status=exc.status)
    return redirect(request, f"/kepegawaian/pegawai/{pegawai_id}", _("Identitas pegawai disimpan."))


_ISIAN = {
    "pangkat": ("golongan", "tmt", "nomor_sk", "tanggal_sk", "mkg_tahun", "mkg_bulan", "jenis"),
    "jabatan": ("nama_jabatan", "jenis", "jenjang", "unit_id", "tmt", "nomor_sk", "tanggal_sk", "bup"),
    "kgb": ("tmt", "golongan", "gaji_pokok", "mkg_tahun", "mkg_bulan", "nomor_sk", "tanggal_sk"),
    "pendidikan": ("jenjang", "nama_sekolah", "jurusan", "tahun_lulus", "nomor_ijazah"),
    "keluarga": ("hubungan", "nama", "tanggal_lahir", "anak_ke", "tanggungan"),
    "kinerja": ("tahun", "predikat"),
    "hukdis": ("tingkat", "jenis", "mulai", "selesai", "nomor_sk", "tanggal_sk"),
    "penundaan": ("tmt_semula", "bulan", "alasan", "nomor_sk"),
}


async def _form_riwayat(request: Request, p: dict, bagian: str, form: dict, errors: dict,
                        riwayat_id: int | None = None, status: int = 200) -> Response:
    from balai.api import GOLONGAN

    golongan = list(pg.GOLONGAN_PPPK) if p["jenis_kepegawaian"] == "PPPK" else list(GOLONGAN)
    return render(request, "kepegawaian/pegawai/riwayat_form.html", status_code=status, p=p, bagian=bagian,
                  form=form, errors=errors, riwayat_id=riwayat_id, L=labels(), units=await pilihan_unit(),
                  golongan=[(g, pg.label_pangkat(g)) for g in golongan], nama=pg.nama_lengkap(p),
                  jenjang=[(k, f"{k} ({pg.JENIS_JABATAN[j]}, BUP {pg.bup_bawaan(j, k)})")
                           for j, levels in pg.JENJANG.items() for k in levels if k],
                  jenjang_pendidikan=[(j, j) for j in pg.JENJANG_PENDIDIKAN])


def _bagian(bagian: str) -> str:
    if bagian not in BAGIAN_RIWAYAT:
        raise NotFoundException(_("Bagian data tidak dikenal."))
    return bagian


async def _baris(pegawai_id: int, bagian: str, riwayat_id: int) -> dict:
    row = next((r for r in await pg.riwayat(pegawai_id, bagian) if r["id"] == riwayat_id), None)
    if row is None:
        raise NotFoundException(_("Baris riwayat tidak ditemukan."))
    return row


@get("/pegawai/{pegawai_id:int}/riwayat/{bagian:str}", opt={"permission": KELOLA})
async def riwayat_baru(request: Request, pegawai_id: PathId, bagian: PathText) -> Response:
    p = await dapat_diubah(request, pegawai_id)
    bagian = _bagian(bagian)
    form = {"unit_id": p["unit_id"], "jenis": "reguler" if bagian == "pangkat" else ""}
    return await _form_riwayat(request, p, bagian, form, {})


@post("/pegawai/{pegawai_id:int}/riwayat/{bagian:str}", opt={"permission": KELOLA})
async def riwayat_tambah(request: Request, pegawai_id: PathId, bagian: PathText, data: Form) -> Response:
    return await _simpan_riwayat(request, pegawai_id, bagian, data, None)


@get("/pegawai/{pegawai_id:int}/riwayat/{bagian:str}/{riwayat_id:int}", opt={"permission": KELOLA})
async def riwayat_ubah(request: Request, pegawai_id: PathId, bagian: PathText, riwayat_id: PathId) -> Response:
    p = await dapat_diubah(request, pegawai_id)
    bagian = _bagian(bagian)
    row = await _baris(pegawai_id, bagian, riwayat_id)
    form = sebagai_form(row, _ISIAN[bagian])
    if bagian == "keluarga":
        form["tanggungan"] = "1" if row["tanggungan"] else ""
    return await _form_riwayat(request, p, bagian, form, {}, riwayat_id)


@post("/pegawai/{pegawai_id:int}/riwayat/{bagian:str}/{riwayat_id:int}", opt={"permission": KELOLA})
async def riwayat_simpan(request: Request, pegawai_id: PathId, bagian: PathText, riwayat_id: PathId,
                         data: Form) -> Response:
    return await _simpan_riwayat(request, pegawai_id, bagian, data, riwayat_id)


async def _simpan_riwayat(request: Request, pegawai_id: int, bagian: str, data, riwayat_id: int | None) -> Response:
    p = await dapat_diubah(request, pegawai_id)
    bagian = _bagian(bagian)
    if riwayat_id is not None:
        await _baris(pegawai_id, bagian, riwayat_id)
    form = _baca(data, _ISIAN[bagian])
    try:
        await pg.simpan_riwayat(request.scope["user"], pegawai_id, bagian, form, riwayat_id, ip=client_ip(request))
    except pg.Ditolak as exc:
        return await _form_riwayat(request, p, bagian, form, exc.errors, riwayat_id, status=exc.status)
    return redirect(request, f"/kepegawaian/pegawai/{pegawai_id}#{bagian}",
                    _("%(bagian)s disimpan.", bagian=str(pg.BAGIAN[bagian])))


@post("/pegawai/{pegawai_id:int}/riwayat/{bagian:str}/{riwayat_id:int}/hapus", opt={"permission": KELOLA})
async def riwayat_hapus(request: Request, pegawai_id: PathId, bagian: PathText, riwayat_id: PathId) -> Response:
    await dapat_diubah(request, pegawai_id)
    bagian = _bagian(bagian)
    try:
        await pg.hapus_riwayat(request.scope["user"], pegawai_id, bagian, riwayat_id, ip=client_ip(request))
    except pg.Ditolak as exc:
        if exc.status == 404:
            raise NotFoundException(str(exc)) from None
        raise
    return redirect(request, f"/kepegawaian/pegawai/{pegawai_id}#{bagian}", _("Baris riwayat dihapus."))


# --- the archive -----------------------------------------------------------------------------------


_ISIAN_ARSIP = ("jenis", "tahun", "tanggal", "nomor", "keterangan")


async def _form_arsip(request: Request, p: dict, form: dict, errors: dict, entri: dict | None,
                      status: int = 200, sendiri: bool = False) -> Response:
    """The upload form: the Pengelola's for any file and kind, or the employee's own (their kinds)."""
    jenis = arsip.jenis_sendiri() if sendiri else [(k, str(v.label)) for k, v in arsip.JENIS.items()]
    aksi, kembali = ("/kepegawaian/saya/arsip", "/kepegawaian/saya#arsip") if sendiri else (
        f"/kepegawaian/pegawai/{p['id']}/arsip", f"/kepegawaian/pegawai/{p['id']}#arsip")
    return render(request, "kepegawaian/pegawai/arsip_form.html", status_code=status, p=p, form=form, errors=errors,
                  entri=entri, nama=pg.nama_lengkap(p), jenis=jenis, aksi=aksi, kembali=kembali)


async def _entri(pegawai_id: int, arsip_id: int | None) -> dict | None:
    if arsip_id is None:
        return None
    entri = await arsip.satu(arsip_id)
    if entri is None or entri["pegawai"] != pegawai_id:
        raise NotFoundException(_("Dokumen arsip tidak ditemukan."))
    return entri


@get("/pegawai/{pegawai_id:int}/arsip", opt={"permission": KELOLA})
async def arsip_form(request: Request, pegawai_id: PathId, entri: QueryText = "", jenis: QueryText = "") -> Response:
    p = await dapat_diubah(request, pegawai_id)
    found = await _entri(pegawai_id, int(entri) if entri.isdigit() and len(entri) < 10 else None)
    form = sebagai_form(found, _ISIAN_ARSIP) if found else {"jenis": jenis if jenis in arsip.JENIS else ""}
    return await _form_arsip(request, p, form, {}, found)


@post("/pegawai/{pegawai_id:int}/arsip", opt={"permission": KELOLA})
async def arsip_unggah(request: Request, pegawai_id: PathId, data: MultipartForm) -> Response:
    return await _unggah(request, await dapat_diubah(request, pegawai_id), data, sendiri=False)


async def _milik_sendiri(request: Request) -> dict:
    p = await pg.milik(request.scope["user"].id)
    if p is None:
        raise NotFoundException(_("Data pegawai Anda belum tercatat."))
    return p


@get("/saya/arsip", opt={"permission": LOGIN})
async def arsip_form_sendiri(request: Request, entri: QueryText = "", jenis: QueryText = "") -> Response:
    """The employee files their own documents (KTP, KK, a doctor's letter, ...), once, to pick later."""
    p = await _milik_sendiri(request)
    found = await _entri(p["id"], int(entri) if entri.isdigit() and len(entri) < 10 else None)
    if found is not None and not arsip.boleh_unggah(request.scope["user"], p, found["jenis"]):
        raise NotFoundException(_("Dokumen arsip tidak ditemukan."))
    own = dict(arsip.jenis_sendiri())
    form = sebagai_form(found, _ISIAN_ARSIP) if found else {"jenis": jenis if jenis in own else ""}
    return await _form_arsip(request, p, form, {}, found, sendiri=True)


@post("/saya/arsip", opt={"permission": LOGIN})
async def arsip_unggah_sendiri(request: Request, data: MultipartForm) -> Response:
    return await _unggah(request, await _milik_sendiri(request), data, sendiri=True)


async def _unggah(request: Request, p: dict, data, sendiri: bool) -> Response:
    pegawai_id = p["id"]
    entri_text = str(data.get("entri") or "")
    found = await _entri(pegawai_id, int(entri_text) if entri_text.isdigit() and len(entri_text) < 10 else None)
    form = {n: str(data.get(n) or "").strip() for n in _ISIAN_ARSIP}
    upload = data.get("berkas")
    has_file = hasattr(upload, "read") and bool(getattr(upload, "filename", ""))
    try:
        saved = await arsip.simpan(request.scope["user"], pegawai_id, form, upload if has_file else None,
                                   getattr(upload, "filename", None) if has_file else None,
                                   arsip_id=found["id"] if found else None, ip=client_ip(request))
    except pg.Ditolak as exc:
        return await _form_arsip(request, p, form, exc.errors, found, status=exc.status, sendiri=sendiri)
    back = "/kepegawaian/saya#arsip" if sendiri else f"/kepegawaian/pegawai/{pegawai_id}#arsip"
    return redirect(request, safe_next(str(data.get("next") or ""), back),
                    _("%(jenis)s tersimpan (versi %(versi)s).", jenis=saved["jenis_label"], versi=saved["versi"]))


# --- import ----------------------------------------------------------------------------------------


@get("/pegawai/impor", opt={"permission": KELOLA})
async def impor_form(request: Request) -> Response:
    return render(request, "kepegawaian/pegawai/impor.html", hasil=None, error="", kolom=impor.KOLOM,
                  wajib=impor.WAJIB)


@post("/pegawai/impor", opt={"permission": KELOLA}, request_max_body_size=impor.BATAS_BYTE + 64 * 1024)
async def impor_kirim(request: Request, data: MultipartForm) -> Response:
    upload = data.get("berkas")
    error, hasil = "", None
    if not (hasattr(upload, "read") and getattr(upload, "filename", "")):
        error = _("Pilih berkas XLSX atau CSV.")
    else:
        isi = await upload.read()
        try:
            hasil = await impor.impor(isi, upload.filename, user=request.scope["user"],
                                      periksa=bool(data.get("periksa")), ip=client_ip(request))
        except impor.BerkasDitolak as exc:
            error = str(exc)
    return render(request, "kepegawaian/pegawai/impor.html", status_code=400 if error else 200, hasil=hasil,
                  error=error, kolom=impor.KOLOM, wajib=impor.WAJIB)


@get("/pegawai/impor/contoh/{fmt:str}", opt={"permission": KELOLA})
async def impor_contoh(request: Request, fmt: PathText) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise NotFoundException(_("Format tidak dikenal."))
    media = "text/csv; charset=utf-8" if fmt == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(impor.CONTOH.with_suffix(f".{fmt}").read_bytes(), media_type=media,
                    headers={"content-disposition": f'attachment; filename="contoh_pegawai.{fmt}"'})


def routes() -> list:
    return [saya, koreksi_baru, koreksi_ajukan, koreksi_putus, daftar, ekspor, satu, baru, baru_simpan, identitas,
            identitas_simpan, riwayat_baru, riwayat_tambah, riwayat_ubah, riwayat_simpan, riwayat_hapus, arsip_form,
            arsip_unggah, arsip_form_sendiri, arsip_unggah_sendiri, impor_form, impor_kirim, impor_contoh]
