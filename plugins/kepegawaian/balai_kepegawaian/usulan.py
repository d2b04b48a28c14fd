"""Proposals being worked (SOP 11 KGB, SOP 14 KP, SOP 12 pensiun): one ``Usulan`` row and its case,
opened together and once per person and date.

The row's ``kunci`` is unique: the schedule (``jadwal``) and a Pengelola pressing "Buat usulan" at
the same moment, or two workers, open one case between them. The figures the letters need are
copied into ``data`` at opening (what the clock computed then), so a letter says what was proposed
even if the file changes later.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from balai.api import ActionError, _, format_date, open_case, today, write_transaction

from balai_kepegawaian import prakiraan
from balai_kepegawaian.tables import Usulan

REKAM = "kepegawaian_usulan"  # the cases' record type


def label_status(status: str) -> str:
    return {"proses": _("sedang diproses"), "diajukan": _("diajukan ke BKN"), "tms": _("dikembalikan (TMS)"),
            "disetujui": _("disetujui BKN"), "ditolak": _("ditolak"), "selesai": _("selesai"),
            "dibatalkan": _("dibatalkan")}.get(status, status)


def subjek_singkat(u: dict) -> str:
    return {"kgb": _("kenaikan gaji berkala"), "kp": _("kenaikan pangkat"), "pensiun": _("pensiun")}.get(u["jenis"], "")


def kunci(jenis: str, pegawai_id: int, tmt: date) -> str:
    return f"{jenis}:{pegawai_id}:{tmt.isoformat()}"


def _sop(jenis: str) -> str:
    from balai_kepegawaian import kgb, kp, pensiun

    return {"kgb": kgb.KGB, "kp": kp.KP, "pensiun": pensiun.PENSIUN}[jenis]


def _json(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def data_awal(item: dict) -> dict:
    """What the clock computed, as kept on the proposal."""
    skip = {"pegawai", "usulan", "label", "kurang", "jatuh_tempo", "nama", "nip", "unit_nama"}
    return _json({k: v for k, v in item.items() if k not in skip and not k.endswith("_label")})


def subjek(item: dict) -> str:
    tanggal = format_date(item["tanggal"], "long")
    if item["jenis"] == "kgb":
        return _("KGB %(nama)s, TMT %(tanggal)s", nama=item["nama"], tanggal=tanggal)
    if item["jenis"] == "kp":
        return _("Kenaikan pangkat %(nama)s ke %(golongan)s, periode %(tanggal)s", nama=item["nama"],
                 golongan=item["golongan_ke"], tanggal=tanggal)
    return _("Pensiun BUP %(nama)s, TMT %(tanggal)s", nama=item["nama"], tanggal=tanggal)


def _unik_dilanggar(exc: Exception) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return "unique" in text or "integrity" in text


async def buka(item: dict, *, user=None, pada: date | None = None) -> dict | None:
    """Open the proposal of a forecast item and its case; None when it is already open (by anyone).
    A user opening it early is refused: the raise or promotion is not yet due."""
    pada = pada or today()
    if user is not None and item["buka"] > pada:
        raise ActionError(_("%(nama)s belum masuk periode %(jenis)s: usulan dapat dibuat mulai %(tanggal)s.",
                            nama=item["nama"], jenis=item["label"], tanggal=format_date(item["buka"], "long")))
    p = item["pegawai"]
    key = kunci(item["jenis"], p["id"], item["tanggal"])
    try:
        async with write_transaction():
            if await Usulan.exists().where(Usulan.kunci == key):
                return None
            rows = await Usulan.insert(Usulan(
                kunci=key, jenis=item["jenis"], pegawai=p["id"], tmt=item["tanggal"], data=data_awal(item),
                dibuat_oleh=getattr(user, "id", None))).returning(Usulan.id)
            usulan_id = rows[0]["id"]
            case = await open_case(_sop(item["jenis"]), subjek(item), user=user, unit_id=p["unit_id"],
                                   data={"usulan_id": usulan_id, "pegawai_id": p["id"]}, record=(REKAM, usulan_id),
                                   opened_as=_("Jadwal kepegawaian"), requester=p.get("user_id"))
            await Usulan.update({Usulan.case_id: case["id"]}).where(Usulan.id == usulan_id)
    except Exception as exc:
        if _unik_dilanggar(exc):  # another worker opened it between our check and our insert
            return None
        raise
    return await ambil(usulan_id)


async def catat_pengajuan(u: dict, nomor, at: str) -> dict:
    """One more submission to the outside system (a TMS return is followed by another), in order."""
    kiriman = list(u["data"].get("pengajuan") or []) + [{"nomor": str(nomor or "").strip(), "at": at}]
    return await ubah(u["id"], status="diajukan", pengajuan=kiriman)


async def ambil(usulan_id: int | None) -> dict | None:
    if not usulan_id:
        return None
    return await Usulan.select().where(Usulan.id == usulan_id).output(load_json=True).first()


async def dari_kasus(case: dict) -> dict | None:
    if case.get("record_type") != REKAM:
        return None
    return await ambil(case.get("record_id"))


async def ubah(usulan_id: int, *, status: str | None = None, **data) -> dict:
    """Change a proposal's status and merge ``data`` into its data (inside the caller's transaction)."""
    row = await ambil(usulan_id)
    values = {Usulan.data: {**(row["data"] or {}), **_json(data)}}
    if status is not None:
        values[Usulan.status] = status
        if status in ("selesai", "ditolak", "dibatalkan"):
            values[Usulan.selesai_at] = datetime.now(timezone.utc)
    await Usulan.update(values).where(Usulan.id == usulan_id)
    return await ambil(usulan_id)


async def item_untuk(pegawai_id: int, jenis: str, pada: date | None = None) -> dict | None:
    """The forecast item of one person and kind (for a Pengelola opening it by hand)."""
    pada = pada or today()
    b = await prakiraan._bahan([pegawai_id])
    if not b["pegawai"]:
        return None
    return next((it for it in prakiraan.hitung(b["pegawai"][0], b, pada) if it["jenis"] == jenis), None)


async def daftar(*, jenis: str = "", status: str = "") -> list[dict]:
    query = Usulan.select(Usulan.all_columns(), Usulan.pegawai.nama.as_alias("nama"),
                          Usulan.pegawai.nip.as_alias("nip")).output(load_json=True)
    if jenis:
        query = query.where(Usulan.jenis == jenis)
    if status:
        query = query.where(Usulan.status == status)
    return await query.order_by(Usulan.tmt)
