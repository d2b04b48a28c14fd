"""JSON API of the personnel file under /api/kepegawaian/pegawai…, with the pages' rules: one's own
file, the Pengelola's units, a head's units; any other file is a 404. Writes are the Pengelola's (403
otherwise) and answer 400 with the reasons by field (``extra``) when the input is refused."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from litestar import Request, get, post, put
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException, ValidationException
from litestar.params import JSONBody

from balai.api import LOGIN, Page, PathId, PathText, QueryText, _, client_ip, integer, query_text, record_view, text

from balai_kepegawaian import arsip, koreksi, pegawai as pg

KELOLA = pg.KELOLA
Angka = integer(0, 100_000_000) | text(20)


def polos(value):
    """Rows as JSON: dates as ISO text, lazy labels as text."""
    if isinstance(value, dict):
        return {k: polos(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, (list, tuple)):
        return [polos(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def gagal(exc: pg.Ditolak):
    if exc.status == 404:
        return NotFoundException(str(exc))
    if exc.status == 403:
        return PermissionDeniedException(str(exc))
    if exc.status == 400:
        return ValidationException(detail=str(exc), extra={k: str(v) for k, v in exc.errors.items()})
    return HTTPException(status_code=exc.status, detail=str(exc))


async def _terlihat(request: Request, pegawai_id: int) -> dict:
    p = await pg.ambil(pegawai_id)
    if not await pg.boleh_lihat(request.scope["user"], p):
        raise NotFoundException(_("Data pegawai tidak ditemukan."))
    return p


async def _berkas_json(request: Request, p: dict) -> dict:
    user = request.scope["user"]
    if p["user_id"] != user.id:
        await record_view(user, pg.DATA_PRIBADI, (pg.JENIS_PEMILIK, p["id"]), fields=("berkas",),
                          ip=client_ip(request), detail={"api": True})
    b = await pg.berkas(p["id"])
    r = b["ringkasan"]
    return polos({
        **{k: b[k] for k in ("pegawai", "unit_nama", "pangkat", "jabatan", "kgb", "pendidikan", "keluarga")},
        "ringkasan": {
            "nama_lengkap": r["nama_lengkap"], "nip": r["nip"], "pangkat": r["pangkat_label"],
            "jabatan": r["jabatan"]["nama_jabatan"] if r["jabatan"] else None,
            "usia": {"tahun": r["usia"][0], "bulan": r["usia"][1]},
            "masa_kerja": {"tahun": r["masa_kerja"][0], "bulan": r["masa_kerja"][1]} if r["masa_kerja"] else None,
            "masa_kerja_golongan": {"tahun": r["mkg"][0], "bulan": r["mkg"][1]} if r["mkg"] else None,
            "bup": r["bup"], "tmt_pensiun": r["tmt_pensiun"],
        },
        "arsip": [{k: d[k] for k in ("id", "jenis", "jenis_label", "tahun", "tanggal", "nomor", "keterangan",
                                     "document_id", "versi", "version_id", "filename")}
                  for d in await arsip.dokumen_pegawai(p["id"])],
        "koreksi": [{k: c[k] for k in ("id", "bagian", "uraian", "status", "tanggapan", "case_id", "diajukan_at")}
                    for c in await koreksi.daftar(p["id"])],
    })


@get("/pegawai", opt={"permission": LOGIN}, summary="Daftar pegawai yang boleh dilihat")
async def daftar(request: Request, q: QueryText = "", unit: query_text(10) = "", page: Page = 1) -> dict:
    user = request.scope["user"]
    units = await pg.cakupan(user)
    if units is not None and not units:
        raise PermissionDeniedException(_("Daftar pegawai hanya untuk Pengelola Kepegawaian dan pimpinan unit."))
    rows, total = await pg.daftar(user, q=q, unit_id=int(unit) if unit.isdigit() and len(unit) < 10 else None,
                                 page=page)
    if rows:
        await record_view(user, pg.DATA_PRIBADI, "kepegawaian_pegawai:daftar", fields=("nip", "nama"),
                          ip=client_ip(request), detail={"pegawai": [r["id"] for r in rows], "api": True})
    return {"pegawai": [polos({"id": r["id"], "nip": r["nip"], "nama": r["nama_lengkap"], "unit_id": r["unit_id"],
                               "unit": r["unit_nama"], "jenis_kepegawaian": r["jenis_kepegawaian"],
                               "golongan": (r["pangkat"] or {}).get("golongan"), "pangkat": r["pangkat_label"],
                               "jabatan": (r["jabatan"] or {}).get("nama_jabatan"), "tmt_pensiun": r["tmt_pensiun"],
                               "aktif": r["aktif"]}) for r in rows],
            "total": total, "halaman": page, "per_halaman": pg.PER_HALAMAN}


@get("/pegawai/saya", opt={"permission": LOGIN}, summary="Data kepegawaian saya")
async def saya(request: Request) -> dict:
    p = await pg.milik(request.scope["user"].id)
    if p is None:
        raise NotFoundException(_("Data kepegawaian Anda belum ada."))
    return await _berkas_json(request, p)


@get("/pegawai/{pegawai_id:int}", opt={"permission": LOGIN}, summary="Data satu pegawai dengan riwayatnya")
async def satu(request: Request, pegawai_id: PathId) -> dict:
    return await _berkas_json(request, await _terlihat(request, pegawai_id))


@get("/pegawai/{pegawai_id:int}/dokumen", opt={"permission": LOGIN}, summary="Arsip dokumen pribadi pegawai")
async def dokumen(request: Request, pegawai_id: PathId, jenis: query_text(30) = "") -> dict:
    p = await _terlihat(request, pegawai_id)
    found = await arsip.dokumen_pegawai(p["id"], jenis or None)
    return {"dokumen": [polos({k: d[k] for k in ("id", "jenis", "jenis_label", "tahun", "tanggal", "nomor",
                                                  "keterangan", "document_id", "versi", "version_id", "filename",
                                                  "content_type", "diunggah_at")}) for d in found]}


@dataclass
class IdentitasIn:
    nama: text(200)
    tanggal_lahir: text(10)
    jenis_kelamin: text(1)
    unit_id: Angka = ""
    nip: text(24) = ""
    gelar_depan: text(40) = ""
    gelar_belakang: text(60) = ""
    tempat_lahir: text(100) = ""
    agama: text(20) = ""
    status_kawin: text(20) = ""
    jenis_kepegawaian: text(8) = "PNS"
    tmt_cpns: text(10) = ""
    tmt_pns: text(10) = ""
    alamat: text(2000) = ""
    telepon: text(32) = ""
    email: text(200) = ""
    aktif: bool = True


def _form(body) -> dict:
    values = asdict(body)
    if "aktif" in values:
        values["aktif"] = "1" if values["aktif"] else "0"
    if "tanggungan" in values:
        values["tanggungan"] = "1" if values["tanggungan"] else ""
    return {k: "" if v is None else str(v) for k, v in values.items()}


@post("/pegawai", opt={"permission": KELOLA}, summary="Tambah data pegawai", status_code=201)
async def tambah(request: Request, data: JSONBody[IdentitasIn]) -> dict:
    try:
        pegawai_id = await pg.simpan_identitas(request.scope["user"], _form(data), ip=client_ip(request))
    except pg.Ditolak as exc:
        raise gagal(exc) from None
    return {"id": pegawai_id}


@put("/pegawai/{pegawai_id:int}", opt={"permission": KELOLA}, summary="Ubah identitas pegawai")
async def ubah(request: Request, pegawai_id: PathId, data: JSONBody[IdentitasIn]) -> dict:
    await _terlihat(request, pegawai_id)
    try:
        await pg.simpan_identitas(request.scope["user"], _form(data), pegawai_id, ip=client_ip(request))
    except pg.Ditolak as exc:
        raise gagal(exc) from None
    return {"id": pegawai_id}


@dataclass
class RiwayatIn:
    """One history row: the fields of its part (pangkat, jabatan, kgb, pendidikan, keluarga), as the forms."""

    golongan: text(8) = ""
    tmt: text(10) = ""
    nomor_sk: text(100) = ""
    tanggal_sk: text(10) = ""
    mkg_tahun: Angka = ""
    mkg_bulan: Angka = ""
    jenis: text(20) = ""
    nama_jabatan: text(200) = ""
    jenjang: text(30) = ""
    unit_id: Angka = ""
    bup: Angka = ""
    gaji_pokok: Angka = ""
    nama_sekolah: text(200) = ""
    jurusan: text(200) = ""
    tahun_lulus: Angka = ""
    nomor_ijazah: text(100) = ""
    hubungan: text(12) = ""
    nama: text(200) = ""
    tanggal_lahir: text(10) = ""
    anak_ke: Angka = ""
    tanggungan: bool = False


@post("/pegawai/{pegawai_id:int}/{bagian:str}", opt={"permission": KELOLA}, summary="Tambah satu baris riwayat",
      status_code=201)
async def tambah_riwayat(request: Request, pegawai_id: PathId, bagian: PathText, data: JSONBody[RiwayatIn]) -> dict:
    await _terlihat(request, pegawai_id)
    if bagian not in pg.RIWAYAT:
        raise NotFoundException(_("Bagian data tidak dikenal."))
    try:
        row_id = await pg.simpan_riwayat(request.scope["user"], pegawai_id, bagian, _form(data), ip=client_ip(request))
    except pg.Ditolak as exc:
        raise gagal(exc) from None
    return {"id": row_id, "bagian": bagian}


@dataclass
class KoreksiIn:
    bagian: text(30)
    uraian: text(4000)


@post("/pegawai/saya/koreksi", opt={"permission": LOGIN}, summary="Ajukan koreksi data saya", status_code=201)
async def ajukan_koreksi(request: Request, data: JSONBody[KoreksiIn]) -> dict:
    user = request.scope["user"]
    p = await pg.milik(user.id)
    if p is None:
        raise NotFoundException(_("Data kepegawaian Anda belum ada."))
    try:
        row = await koreksi.ajukan(user, p, data.bagian, data.uraian, ip=client_ip(request))
    except pg.Ditolak as exc:
        raise gagal(exc) from None
    return polos({k: row[k] for k in ("id", "bagian", "status", "case_id")})


def routes() -> list:
    return [daftar, saya, satu, dokumen, tambah, ubah, tambah_riwayat, ajukan_koreksi]
