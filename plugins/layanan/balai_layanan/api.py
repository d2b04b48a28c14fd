"""JSON API under /api/layanan/: the published IKM (for the Dinas website) and today's queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from litestar import Request, get

from balai_layanan import kunjungan, org
from balai_layanan.tables import PeriodeIkm


@dataclass
class UnsurOut:
    kode: str
    nrr: str
    nilai: str
    mutu: str


@dataclass
class PeriodeOut:
    periode: str
    ikm: str
    mutu: str
    kinerja: str
    responden: int
    populasi: int
    sampel: int
    diterbitkan_at: datetime
    unsur: list[UnsurOut]


@dataclass
class TamuOut:
    id: int
    nomor: str
    nama: str
    instansi: str
    unit_id: int
    unit_nama: str
    keperluan: str
    status: str
    datang_at: datetime | None
    petugas_nama: str


@get("/ikm", opt={"public": True}, summary="IKM yang telah diterbitkan, per semester")
async def ikm_terbit() -> list[PeriodeOut]:
    rows = await PeriodeIkm.select().order_by(PeriodeIkm.periode, ascending=False).output(load_json=True)
    return [
        PeriodeOut(periode=r["periode"], ikm=r["hasil"]["ikm"], mutu=r["hasil"]["mutu"],
                   kinerja=r["hasil"]["kinerja"], responden=r["hasil"]["responden"],
                   populasi=r["hasil"].get("populasi", 0), sampel=r["hasil"].get("sampel", 0),
                   diterbitkan_at=r["diterbitkan_at"],
                   unsur=[UnsurOut(u["kode"], u["nrr"], u["nilai"], u["mutu"]) for u in r["hasil"]["unsur"]])
        for r in rows
    ]


@get("/antrian", opt={"permission": "layanan.serve"}, summary="Antrian tamu hari ini di unit pengguna")
async def antrian(request: Request) -> list[TamuOut]:
    rows = await kunjungan.antrian(await org.unit_antrian(request.scope["user"]))
    return [TamuOut(**{k: r[k] for k in TamuOut.__dataclass_fields__}) for r in rows]


def routes() -> list:
    return [ikm_terbit, antrian]
