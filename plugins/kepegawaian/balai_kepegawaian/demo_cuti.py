"""The leave the demo roster took, and the requests waiting now (``balai demo``).

Dates are counted back (or forward) from the day the demo is seeded, and every first and last day
is a working day by the leave's own counting rule. Past leave goes through the leave service
(``cuti.ajukan`` then ``cuti.putuskan``), so every cuti tahunan ledger is what the rules make of it,
opened with the balance carried in from the year before the ledger begins (a ``koreksi``, as a
Pengelola records the old leave cards). The waiting requests are applied for through SOP 13
(``alur.ajukan``), so their approval tasks sit in the superiors' inboxes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from balai.api import CurrentUser, calendar, local, superiors

from balai_kepegawaian import alur, cuti, saldo
from balai_kepegawaian.aturan import HITUNG_CUTI
from balai_kepegawaian.data.demo_pegawai import CUTI, LAHIR, MENUNGGU, ROSTER, TANGGUH
from balai_kepegawaian.pegawai import nama_lengkap
from balai_kepegawaian.tables import Cuti, Pegawai, SaldoCuti

BULANAN = ("melahirkan", "besar", "cltn")  # lengths given in months; the others in working days
PENGELOLA = "analis-sdm"  # the roster's Pengelola Kepegawaian, who records decisions and opening balances


def _kerja(d: date) -> bool:
    return calendar.is_working_day(d, rule=HITUNG_CUTI.code)


def hari_kerja_mulai(d: date) -> date:
    """``d``, or the first working day after it."""
    while not _kerja(d):
        d += timedelta(days=1)
    return d


def hari_kerja_ke(mulai: date, n: int) -> date:
    """The ``n``-th working day counted from ``mulai`` (itself the first)."""
    d, hitung = mulai, 0
    while True:
        if _kerja(d):
            hitung += 1
            if hitung >= n:
                return d
        d += timedelta(days=1)


def rencana(hari_ini: date) -> list[dict]:
    """The past leave of :data:`CUTI` with its dates, earliest first."""
    out = []
    for kunci, jenis, lalu, lama, alasan, keterangan, putusan in CUTI:
        mulai = hari_kerja_mulai(hari_ini - timedelta(days=lalu))
        if jenis in BULANAN:
            selesai = cuti.akhir_paling_lambat(mulai, lama)
            while not _kerja(selesai):
                selesai -= timedelta(days=1)
        else:
            selesai = hari_kerja_ke(mulai, lama)
        if selesai >= hari_ini:
            raise ValueError(f"demo: cuti {kunci} {jenis} belum selesai hari ini")
        out.append(dict(kunci=kunci, jenis=jenis, mulai=mulai, selesai=selesai, alasan=alasan,
                        keterangan=dict(keterangan), putusan=putusan))
    return sorted(out, key=lambda c: c["mulai"])


def kelahiran(hari_ini: date) -> dict[str, list[tuple[str, date]]]:
    """The children born during a cuti melahirkan of the demo: kunci -> [(name, birth date)]."""
    mulai = {c["kunci"]: c["mulai"] for c in rencana(hari_ini) if c["jenis"] == "melahirkan"}
    return {kunci: [(nama, mulai[kunci] + timedelta(days=hari))] for kunci, nama, hari in LAHIR if kunci in mulai}


def _sebagai(p: dict) -> CurrentUser:
    """The employee as the workflow sees someone acting (their account, no roles needed: the
    request is their own, an approval task is assigned to its holder)."""
    return CurrentUser(id=p["user_id"], username="", full_name=nama_lengkap(p))


async def _atasan(p: dict) -> list[int]:
    """Who approves for ``p``: the direct superior and the next, people of the Dinas (none for the
    Kepala Dinas, whose superior is outside)."""
    return [s.user_id for s in await superiors(p["user_id"]) if not s.outside and s.user_id is not None][:2]


def _pada(d: date, jam: int) -> datetime:
    """``jam`` o'clock on ``d`` in the agency's time zone."""
    return datetime.combine(d, time(jam), local(datetime.now(timezone.utc)).tzinfo)


async def _mundurkan(row: dict, diajukan: date, diputus: date) -> None:
    """Date a past request as it happened: applied for and decided on working days before it
    began (the service stamps them with now). The ledger rows it wrote move with it."""
    diajukan_at, diputus_at = _pada(diajukan, 9), _pada(diputus, 14)
    keterangan = dict(row["keterangan"])
    for putusan in keterangan.get("putusan", []):
        putusan["pada"] = diputus_at.isoformat()
    await Cuti.update({Cuti.diajukan_at: diajukan_at, Cuti.diputus_at: diputus_at, Cuti.keterangan: keterangan}).where(
        Cuti.id == row["id"])
    await SaldoCuti.update({SaldoCuti.dibuat_at: diajukan_at}).where(
        (SaldoCuti.cuti == row["id"]) & (SaldoCuti.jenis == saldo.CADANGAN))
    await SaldoCuti.update({SaldoCuti.dibuat_at: diputus_at}).where(
        (SaldoCuti.cuti == row["id"]) & (SaldoCuti.jenis != saldo.CADANGAN))


def _sebelum(d: date, hari: int) -> date:
    d -= timedelta(days=hari)
    while not _kerja(d):
        d -= timedelta(days=1)
    return d


async def _saldo_awal(orang: dict[str, dict], tahun: int, oleh: int | None) -> None:
    """Open each ledger in ``tahun`` with what the year before left (0–6 days, the carry-over cap)."""
    for o in ROSTER:
        p = orang.get(o["kunci"])
        if p is None or p["jenis_kepegawaian"] != "PNS" or saldo.tambah_tahun(p["tmt_cpns"], 1) > date(tahun - 1, 1, 1):
            continue
        sisa = o["urut"] * 5 % 7
        if sisa:
            await saldo.koreksi(p["id"], tahun, sisa, f"Saldo awal: sisa cuti tahunan {tahun - 1} dari kartu cuti",
                                oleh=oleh)


async def _yang_lalu(orang: dict[str, dict], hari_ini: date) -> None:
    pengelola = orang[PENGELOLA]["user_id"] if PENGELOLA in orang else None
    for c in rencana(hari_ini):
        p = orang.get(c["kunci"])
        if p is None:
            continue
        row = await cuti.ajukan(p["id"], c["jenis"], c["mulai"], c["selesai"], alasan=c["alasan"],
                                alamat_cuti=p["alamat"], telepon_cuti=p["telepon"], keterangan=c["keterangan"],
                                oleh=p["user_id"])
        atasan = await _atasan(p)
        if c["putusan"] == cuti.DITANGGUHKAN:
            await cuti.putuskan(row["id"], cuti.DITANGGUHKAN, oleh=atasan[0] if atasan else pengelola, catatan=TANGGUH)
        else:
            catatan = ("Disetujui atasan langsung dan atasan dari atasan langsung" if atasan
                       else "Disetujui atasan di luar Dinas") + "; disetujui verifikator BKD di si-Pecut"
            row = await cuti.putuskan(row["id"], cuti.DISETUJUI, oleh=pengelola, catatan=catatan)
        await _mundurkan(row, _sebelum(c["mulai"], 7), _sebelum(c["mulai"], 2))


async def _menunggu(orang: dict[str, dict], hari_ini: date) -> None:
    for kunci, nanti, lama, alasan, disetujui in MENUNGGU:
        p = orang.get(kunci)
        if p is None:
            continue
        mulai = hari_kerja_ke(hari_kerja_mulai(hari_ini + timedelta(days=1)), nanti)
        row = await alur.ajukan(_sebagai(p), p, cuti.TAHUNAN, mulai, hari_kerja_ke(mulai, lama), alasan=alasan,
                                alamat_cuti=p["alamat"], telepon_cuti=p["telepon"])
        atasan = await _atasan(p)
        for user_id in atasan[:disetujui]:
            q = await Pegawai.select().where(Pegawai.user_id == user_id).first()
            await alur.putuskan(_sebagai(q), row, "setujui")


async def seed(units: dict, hari_ini: date) -> None:
    """Add the demo's leave once: while none of the roster has any."""
    from balai_kepegawaian.demo import dipakai, nip

    orang = {}
    for o in dipakai(units):
        p = await Pegawai.select().where(Pegawai.nip == nip(o)).first()
        if p is not None and p["user_id"] is not None:
            orang[o["kunci"]] = p
    if not orang or await Cuti.exists().where(Cuti.pegawai.is_in([p["id"] for p in orang.values()])):
        return
    pengelola = orang[PENGELOLA]["user_id"] if PENGELOLA in orang else None
    await _saldo_awal(orang, min(c["mulai"].year for c in rencana(hari_ini)), pengelola)
    await _yang_lalu(orang, hari_ini)
    await _menunggu(orang, hari_ini)
