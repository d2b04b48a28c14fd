"""JSON API of the personnel clock and the proposals (Pengelola Kepegawaian only): the forecast under
/api/kepegawaian/jadwal and the proposals under /api/kepegawaian/usulan."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import JSONBody

from balai.api import ActionError, Id, MaybeQueryText, _, text

from balai_kepegawaian import prakiraan, usulan
from balai_kepegawaian.usulan_pages import kelola

KELOLA = "kepegawaian.kelola"


@get("/jadwal", opt={"permission": KELOLA}, summary="Yang jatuh tempo KGB, kenaikan pangkat atau pensiun, dan yang kurang")
async def api_jadwal(request: Request, bulan: MaybeQueryText = None, jenis: MaybeQueryText = None) -> dict:
    kelola(request)
    try:
        n = int(bulan or 12)
    except ValueError:
        n = 0
    if n not in prakiraan.HORIZON:
        raise ValidationException(_("bulan harus salah satu dari %(pilihan)s.", pilihan=", ".join(map(str, prakiraan.HORIZON))))
    if jenis and jenis not in prakiraan.JENIS:
        raise ValidationException(_("jenis harus kgb, kp atau pensiun."))
    items = await prakiraan.daftar(bulan=n, jenis=jenis or "")
    return {"bulan": n, "items": [prakiraan.sebagai_json(it) for it in items]}


def _json(u: dict) -> dict:
    return {"id": u["id"], "jenis": u["jenis"], "pegawai_id": u["pegawai"], "nama": u.get("nama", ""),
            "tmt": u["tmt"].isoformat(), "status": u["status"], "case_id": u["case_id"],
            "nomor_sk": (u["data"] or {}).get("nomor_sk", "")}


@get("/usulan", opt={"permission": KELOLA}, summary="Usulan KGB, kenaikan pangkat dan pensiun")
async def api_usulan(request: Request, jenis: MaybeQueryText = None, status: MaybeQueryText = None) -> list[dict]:
    kelola(request)
    return [_json(u) for u in await usulan.daftar(jenis=jenis or "", status=status or "")]


@dataclass
class UsulanIn:
    pegawai_id: Id
    jenis: text(10)  # kgb, kp, pensiun


@post("/usulan", opt={"permission": KELOLA}, summary="Buat usulan yang sudah jatuh tempo (sekali per orang dan tanggal)",
      status_code=201)
async def api_buka(request: Request, data: JSONBody[UsulanIn]) -> dict:
    user = kelola(request)
    item = await usulan.item_untuk(data.pegawai_id, data.jenis)
    if item is None:
        raise NotFoundException(_("Tidak ada jadwal kepegawaian untuk pilihan ini."))
    try:
        row = await usulan.buka(item, user=user)
    except ActionError as exc:
        raise ValidationException("; ".join(str(m) for m in exc.messages)) from None
    if row is None:
        raise ValidationException(_("Usulan ini sudah dibuat sebelumnya."))
    return _json(row)


def routes() -> list:
    return [api_jadwal, api_usulan, api_buka]
