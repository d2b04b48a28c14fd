"""JSON API of leave under /api/kepegawaian/cuti: balances, requests, the count, approvals.

The same rules as the pages: a request is seen by its employee, the Pengelola Kepegawaian, the heads
over the employee's unit and whoever is on its case (404 for anyone else); a refusal answers 4xx
with the reasons in ``extra.messages``.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec
from litestar import Request, get, post
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException, ValidationException
from litestar.params import JSONBody

from balai.api import (
    LOGIN, ActionError, Id, JSONObject, MaybeQueryId, MaybeYear, PathId, QueryText, _, client_ip, text, today,
)

from balai_kepegawaian import alur, arsip, aturan, cuti, izin, pegawai, saldo
from balai_kepegawaian.cuti import CutiError


def _polos(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _polos(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_polos(v) for v in value]
    return value


def _cuti(row: dict) -> dict:
    keep = ("id", "pegawai", "jenis", "label", "mulai", "selesai", "hari_kerja", "hari_kalender", "tahun", "status",
            "alasan", "alamat_cuti", "telepon_cuti", "keterangan", "dokumen", "case_id", "nomor_surat", "diajukan_at",
            "diputus_at")
    return _polos({k: row.get(k) for k in keep} | {"label": aturan.label(row["jenis"])})


def _tolak(messages, status: int = 400) -> HTTPException:
    messages = [str(m) for m in ([messages] if isinstance(messages, str) else messages)]
    cls = {400: ValidationException, 403: PermissionDeniedException, 404: NotFoundException}.get(status)
    if cls is not None:
        return cls(detail="; ".join(messages), extra={"messages": messages})
    return HTTPException(status_code=status, detail="; ".join(messages), extra={"messages": messages})


async def _pegawai(request: Request, pegawai_id: int | None) -> dict:
    """The employee asked about: oneself by default, else one the caller may see."""
    user = request.scope["user"]
    p = await pegawai.ambil(pegawai_id) if pegawai_id else await pegawai.milik(user.id)
    if p is None or not await pegawai.boleh_lihat(user, p):
        raise _tolak(_("Pegawai tidak ditemukan."), 404)
    return p


async def _terlihat(request: Request, cuti_id: int) -> dict:
    row = await cuti.get_cuti(cuti_id)
    if not await alur.boleh_lihat(request.scope["user"], row):
        raise _tolak(_("Permintaan cuti tidak ditemukan."), 404)
    return row


def _tanggal(value: str, nama: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _tolak(_("%(nama)s harus tanggal berbentuk TTTT-BB-HH.", nama=nama)) from None


@get("/cuti/saldo", opt={"permission": LOGIN}, summary="Saldo cuti tahunan seorang pegawai, dengan asal setiap angka")
async def api_saldo(request: Request, pegawai_id: MaybeQueryId = None, tahun: MaybeYear = None) -> dict:
    p = await _pegawai(request, pegawai_id)
    await alur.catat_lihat(request.scope["user"], p, client_ip(request), fields=("nama",))
    return (await saldo.saldo(p["id"], tahun or today().year)).as_dict()


@get("/cuti/hitung", opt={"permission": LOGIN}, summary="Lama cuti dalam hari kerja, dengan penjelasannya")
async def api_hitung(request: Request, mulai: QueryText, selesai: QueryText) -> dict:
    first, last = _tanggal(mulai, "mulai"), _tanggal(selesai, "selesai")
    if last < first:
        raise _tolak(_("Tanggal selesai cuti sebelum tanggal mulai."))
    try:
        return (await cuti.hitung_lama(first, last)).as_dict()
    except CutiError as exc:
        raise _tolak(exc.messages) from None


@get("/cuti", opt={"permission": LOGIN}, summary="Permintaan cuti seorang pegawai (sendiri bila tidak disebut)")
async def api_daftar(request: Request, pegawai_id: MaybeQueryId = None) -> dict:
    p = await _pegawai(request, pegawai_id)
    await alur.catat_lihat(request.scope["user"], p, client_ip(request), fields=("alamat", "telepon"))
    return {"pegawai_id": p["id"], "cuti": [_cuti(r) for r in await cuti.cuti_pegawai(p["id"])]}


@get("/cuti/{cuti_id:int}", opt={"permission": LOGIN}, summary="Satu permintaan cuti, dengan langkah SOP-nya")
async def api_satu(request: Request, cuti_id: PathId) -> dict:
    row = await _terlihat(request, cuti_id)
    await alur.catat_lihat(request.scope["user"], await pegawai.ambil(row["pegawai"]), client_ip(request),
                           fields=("alamat", "telepon"))
    case = await alur.kasus(row)
    permit = await izin.surat_izin(row["case_id"])
    open_steps = [t["step"] for t in await alur.tugas_terbuka(row["case_id"])]
    return {**_cuti(row), "kasus": _polos({"id": case["id"], "reference": case["reference"], "state": case["state"],
                                           "outcome": case["outcome"], "langkah_terbuka": open_steps}) if case else None,
            "surat_izin": _polos({"nomor": permit["number"], "version_id": permit["version_id"],
                                  "sha256": permit["sha256"], "code": permit["code"]}) if permit else None}


class Permintaan(msgspec.Struct, forbid_unknown_fields=True):
    jenis: text(20)
    mulai: text(10)
    selesai: text(10)
    pegawai_id: Id | None = None
    alasan: text(2000) = ""
    alamat_cuti: text(1000) = ""
    telepon_cuti: text(32) = ""
    keterangan: JSONObject | None = None
    dokumen: list[Id] = []


@post("/cuti", opt={"permission": LOGIN}, status_code=201, summary="Mengajukan cuti (untuk diri sendiri, atau "
      "oleh Pengelola Kepegawaian untuk pegawai lain)")
async def api_ajukan(request: Request, data: JSONBody[Permintaan]) -> dict:
    user = request.scope["user"]
    p = await pegawai.ambil(data.pegawai_id) if data.pegawai_id else await pegawai.milik(user.id)
    if p is None or not await alur.boleh_ajukan_untuk(user, p):
        raise _tolak(_("Pegawai tidak ditemukan."), 404)
    if data.jenis not in aturan.JENIS:
        raise _tolak(_("Jenis cuti tidak dikenal."))
    own = {d["id"] for d in await arsip.dokumen_pegawai(p["id"])}
    if any(d not in own for d in data.dokumen):
        raise _tolak(_("Dokumen yang dipilih tidak ada di arsip pegawai ini."))
    try:
        row = await alur.ajukan(user, p, data.jenis, _tanggal(data.mulai, "mulai"), _tanggal(data.selesai, "selesai"),
                                alasan=data.alasan, alamat_cuti=data.alamat_cuti, telepon_cuti=data.telepon_cuti,
                                keterangan=dict(data.keterangan or {}), dokumen=list(data.dokumen))
    except CutiError as exc:
        raise _tolak(exc.messages) from None
    return _cuti(row)


@get("/cuti/persetujuan", opt={"permission": LOGIN}, summary="Permintaan cuti yang menunggu persetujuan saya")
async def api_menunggu(request: Request) -> dict:
    rows = await alur.menunggu_saya(request.scope["user"])
    return {"cuti": [{**_cuti(r), "nama": pegawai.nama_lengkap(r), "task_id": r["task"]["id"],
                      "langkah": r["task"]["step"]} for r in rows]}


class Putusan(msgspec.Struct, forbid_unknown_fields=True):
    keputusan: text(12)
    catatan: text(2000) = ""
    mulai: text(10) = ""
    selesai: text(10) = ""


@post("/cuti/{cuti_id:int}/putusan", opt={"permission": LOGIN}, status_code=200,
      summary="Keputusan atasan: setujui, ubah (tanggal baru), tangguhkan atau tolak")
async def api_putusan(request: Request, cuti_id: PathId, data: JSONBody[Putusan]) -> dict:
    row = await _terlihat(request, cuti_id)
    mulai = _tanggal(data.mulai, "mulai") if data.keputusan == "ubah" else None
    selesai = _tanggal(data.selesai, "selesai") if data.keputusan == "ubah" else None
    try:
        case = await alur.putuskan(request.scope["user"], row, data.keputusan, catatan=data.catatan, mulai=mulai,
                                   selesai=selesai)
    except ActionError as exc:
        raise _tolak(exc.messages, getattr(exc, "status", 400)) from None
    row = await cuti.get_cuti(cuti_id)
    return {**_cuti(row), "kasus": _polos({"id": case["id"], "state": case["state"], "outcome": case["outcome"],
                                           "langkah_terbuka": [t["step"] for t in await alur.tugas_terbuka(case["id"])]})}


class Pembatalan(msgspec.Struct, forbid_unknown_fields=True):
    catatan: text(2000)


@post("/cuti/{cuti_id:int}/batal", opt={"permission": LOGIN}, status_code=200,
      summary="Pegawai (atau yang mengajukan untuknya) membatalkan cuti yang belum dimulai")
async def api_batal(request: Request, cuti_id: PathId, data: JSONBody[Pembatalan]) -> dict:
    row = await _terlihat(request, cuti_id)
    try:
        await alur.batalkan(request.scope["user"], row, data.catatan)
    except CutiError as exc:
        raise _tolak(exc.messages, 400) from None
    return _cuti(await cuti.get_cuti(cuti_id))


def routes() -> list:
    return [api_saldo, api_hitung, api_daftar, api_menunggu, api_satu, api_ajukan, api_putusan, api_batal]
