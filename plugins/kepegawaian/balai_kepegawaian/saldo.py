"""The cuti tahunan ledger: one ``SaldoCuti`` row per thing that changed a balance, never updated.

The balance of a year is the sum of its rows. Kinds of row (``jenis``):

- ``hak``: the year's entitlement (12 working days; 0 before one year of service, in a year with
  cuti besar, or for an employment kind without cuti tahunan);
- ``sisa``: unused days carried in from the year before, at most 6 for a total of 18, or a total of
  24 after two or more years running without annual leave. Carry-over follows the year before:
  when that year changes after this one was opened (a late request, a release), a ``sisa`` row with
  the difference is appended, so the sum is always what the rules give;
- ``tangguh``: deferred days (penangguhan): minus in the year they were deferred from, plus in the
  next year, in full within the total of 24;
- ``ganti_bersama``: a day of cuti bersama the employee had to work through, given back;
- ``cadangan`` / ``lepas``: a pending request's days reserved, and released (refused, cancelled,
  changed, or turned into use);
- ``pakai``: leave taken (an approved request); ``hapus``: what was left in a year with cuti besar;
- ``koreksi``: a correction by the Pengelola (e.g. the opening balance of the first year recorded).

Every write runs in :func:`transaksi` after :func:`kunci` bumped ``Pegawai.versi``: two requests
against the same balance queue behind each other instead of both spending the last days.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


from balai.api import _, calendar, format_date, write_transaction

from balai_kepegawaian import aturan
from balai_kepegawaian.tables import Cuti, Pegawai, SaldoCuti

HAK, SISA, TANGGUH, GANTI_BERSAMA, CADANGAN, LEPAS, PAKAI, HAPUS, KOREKSI = (
    "hak", "sisa", "tangguh", "ganti_bersama", "cadangan", "lepas", "pakai", "hapus", "koreksi")


class SaldoError(ValueError):
    """A ledger write refused; the message is Indonesian, for the page."""


@dataclass
class Saldo:
    """A year's cuti tahunan balance, in working days. ``sisa_dari`` is the year the ``sisa`` came
    from (None when nothing was carried); ``dipakai``, ``dicadangkan`` and ``dihapus`` are positive
    numbers taken off; ``tersedia`` is what may still be requested. ``entri``: the ledger rows,
    oldest first, each with ``jenis``, ``hari`` (signed), ``cuti`` (the request behind it),
    ``keterangan`` (where it came from) and ``dibuat_at``."""

    pegawai_id: int
    tahun: int
    hak: int = 0
    sisa: int = 0
    sisa_dari: int | None = None
    tangguh: int = 0
    ganti_bersama: int = 0
    koreksi: int = 0
    dihapus: int = 0
    dipakai: int = 0
    dicadangkan: int = 0
    tersedia: int = 0
    entri: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["entri"] = [{**e, "dibuat_at": e["dibuat_at"].isoformat() if e.get("dibuat_at") else None}
                         for e in self.entri]
        return data


def _dari_baris(pegawai_id: int, tahun: int, rows: list[dict]) -> Saldo:
    s = Saldo(pegawai_id, tahun, entri=rows)
    for r in rows:
        n, j = r["hari"], r["jenis"]
        if j == HAK:
            s.hak += n
        elif j == SISA:
            s.sisa += n
        elif j == TANGGUH:
            s.tangguh += n
        elif j == GANTI_BERSAMA:
            s.ganti_bersama += n
        elif j == KOREKSI:
            s.koreksi += n
        elif j == HAPUS:
            s.dihapus -= n
        elif j == PAKAI:
            s.dipakai -= n
        elif j in (CADANGAN, LEPAS):
            s.dicadangkan -= n
        s.tersedia += n
    s.sisa_dari = tahun - 1 if s.sisa else None
    return s


# --- locking ----------------------------------------------------------------------------------

# One write transaction, joining the caller's; on SQLite taken IMMEDIATE, so that writers queue
# instead of failing when another committed in between (the core's).
transaksi = write_transaction


async def kunci(pegawai_id: int) -> dict:
    """Bump ``Pegawai.versi`` (call inside :func:`transaksi`): the row stays locked until the
    transaction ends, so every balance write of this person waits for the one before. Returns the
    employee's row; LookupError when there is none."""
    rows = await (Pegawai.update({Pegawai.versi: Pegawai.versi + 1}).where(Pegawai.id == pegawai_id)
                  .returning(*Pegawai.all_columns()))
    if not rows:
        raise LookupError(f"pegawai {pegawai_id} tidak ada")
    return rows[0]


# --- reading ----------------------------------------------------------------------------------

async def _baris(pegawai_id: int, tahun: int) -> list[dict]:
    return await (SaldoCuti.select(SaldoCuti.id, SaldoCuti.jenis, SaldoCuti.hari, SaldoCuti.cuti,
                                   SaldoCuti.keterangan, SaldoCuti.dibuat_at)
                  .where((SaldoCuti.pegawai == pegawai_id) & (SaldoCuti.tahun == tahun)).order_by(SaldoCuti.id))


async def _tahun_terbuka(pegawai_id: int) -> list[int]:
    """The years whose ledger was opened (they have their ``hak`` row), ascending."""
    rows = await (SaldoCuti.select(SaldoCuti.tahun).where((SaldoCuti.pegawai == pegawai_id) & (SaldoCuti.jenis == HAK))
                  .order_by(SaldoCuti.tahun))
    return sorted({r["tahun"] for r in rows})


async def saldo(pegawai_id: int, tahun: int) -> Saldo:
    """The balance of ``tahun`` (the year opened first if it was not: :func:`buka_tahun`)."""
    await buka_tahun(pegawai_id, tahun)
    return _dari_baris(pegawai_id, tahun, await _baris(pegawai_id, tahun))


async def cadangan_cuti(cuti_id: int) -> int:
    """The days still reserved for request ``cuti_id`` (positive)."""
    rows = await SaldoCuti.select(SaldoCuti.hari).where(
        (SaldoCuti.cuti == cuti_id) & SaldoCuti.jenis.is_in([CADANGAN, LEPAS]))
    return -sum(r["hari"] for r in rows)


# --- opening a year ---------------------------------------------------------------------------

def mulai_bekerja(pegawai: dict) -> date | None:
    """The day continuous service began: TMT CPNS (PPPK: the TMT of the contract, kept there too),
    else TMT PNS."""
    return pegawai.get("tmt_cpns") or pegawai.get("tmt_pns")


def tambah_tahun(d: date, tahun: int) -> date:
    """``d`` plus whole years (29 February becomes 28 February in a common year)."""
    try:
        return d.replace(year=d.year + tahun)
    except ValueError:
        return d.replace(year=d.year + tahun, day=28)


async def _ada_cuti_besar(pegawai_id: int, tahun: int) -> dict | None:
    return await Cuti.select(Cuti.id, Cuti.pegawai, Cuti.jenis, Cuti.tahun, Cuti.mulai, Cuti.selesai).where(
        (Cuti.pegawai == pegawai_id) & (Cuti.tahun == tahun) & (Cuti.jenis == aturan.BESAR)
        & (Cuti.status == "disetujui")).first()


async def _hak(pegawai: dict, tahun: int) -> tuple[int, str]:
    awal = date(tahun, 1, 1)
    if aturan.TAHUNAN not in await aturan.jenis_boleh(pegawai["jenis_kepegawaian"], awal):
        return 0, _("Tidak ada hak cuti tahunan untuk %(jenis)s", jenis=pegawai["jenis_kepegawaian"])
    mulai = mulai_bekerja(pegawai)
    if mulai is None:
        return 0, _("Tidak ada hak cuti tahunan: TMT belum tercatat di data pegawai")
    masa = int(await aturan.nilai("cuti.tahunan.masa_kerja", awal))
    berhak = tambah_tahun(mulai, masa)
    if berhak > date(tahun, 12, 31):
        return 0, _("Tidak ada hak cuti tahunan %(tahun)s: masa kerja %(masa)s tahun baru tercapai %(tanggal)s",
                    tahun=tahun, masa=masa, tanggal=format_date(berhak, "long"))
    besar = await _ada_cuti_besar(pegawai["id"], tahun)
    if besar and await aturan.nilai("cuti.besar.hapus_tahunan", awal):
        return 0, _("Tidak ada hak cuti tahunan %(tahun)s: tahun cuti besar (%(mulai)s)", tahun=tahun,
                    mulai=format_date(besar["mulai"], "long"))
    hak = int(await aturan.nilai("cuti.tahunan.hak", awal))
    if berhak.year == tahun and berhak > awal:
        return hak, _("Hak cuti tahunan %(tahun)s (berhak sejak %(tanggal)s, setelah %(masa)s tahun masa kerja)",
                      tahun=tahun, tanggal=format_date(berhak, "long"), masa=masa)
    return hak, _("Hak cuti tahunan %(tahun)s", tahun=tahun)


async def _tulis(pegawai_id: int, tahun: int, jenis: str, hari: int, keterangan: str, *, cuti: int | None = None,
                 oleh: int | None = None) -> None:
    await SaldoCuti.insert(SaldoCuti(pegawai=pegawai_id, tahun=tahun, jenis=jenis, hari=int(hari), cuti=cuti,
                                     keterangan=keterangan[:300], dibuat_oleh=oleh))


async def buka_tahun(pegawai_id: int, tahun: int) -> None:
    """Open ``tahun``'s ledger once: its ``hak`` row and the carry-over from the year before (by
    the 6/18/24 rules). The year before is opened first when the ledger began earlier (a year
    between two opened ones is never skipped); the first year of a ledger carries nothing in (the
    opening balance is a ``koreksi``). Does nothing for a year already open."""
    if tahun in await _tahun_terbuka(pegawai_id):
        return
    async with transaksi():
        pegawai = await kunci(pegawai_id)
        terbuka = await _tahun_terbuka(pegawai_id)
        if tahun in terbuka:
            return
        if terbuka and terbuka[0] < tahun - 1 and tahun - 1 not in terbuka:
            await buka_tahun(pegawai_id, tahun - 1)
        hari, keterangan = await _hak(pegawai, tahun)
        await _tulis(pegawai_id, tahun, HAK, hari, keterangan)
        await selaraskan(pegawai_id, tahun - 1)
        if tahun - 1 not in terbuka:  # selaraskan did not reach it
            await _nolkan_tahun_besar(pegawai_id, tahun)


# --- carry-over -------------------------------------------------------------------------------

async def _tanpa_cuti_berturut(pegawai_id: int, sebelum: int, terbuka: list[int]) -> int:
    """Years running, back from ``sebelum``, in which there was a right to cuti tahunan and none
    was taken or is pending (a year outside the ledger, or without a right, ends the run)."""
    run, tahun = 0, sebelum
    while tahun in terbuka:
        s = _dari_baris(pegawai_id, tahun, await _baris(pegawai_id, tahun))
        if s.hak <= 0 or s.dipakai or s.dicadangkan or s.dihapus:
            break
        run += 1
        tahun -= 1
    return run


async def _sisa_seharusnya(pegawai_id: int, tahun: int, terbuka: list[int]) -> tuple[int, str]:
    """What ``tahun`` carries in from ``tahun - 1`` by the rules, and why (the numbers)."""
    lalu = _dari_baris(pegawai_id, tahun - 1, await _baris(pegawai_id, tahun - 1))
    ini = _dari_baris(pegawai_id, tahun, await _baris(pegawai_id, tahun))
    awal = date(tahun, 1, 1)
    tidak_dipakai = max(0, lalu.tersedia)
    batas_24 = int(await aturan.nilai("cuti.tahunan.total_maks_tidak_diambil", awal))
    tangguh_masuk = sum(e["hari"] for e in ini.entri if e["jenis"] == TANGGUH and e["hari"] > 0)
    run = await _tanpa_cuti_berturut(pegawai_id, tahun - 1, terbuka)
    perlu = int(await aturan.nilai("cuti.tahunan.tahun_tidak_diambil", awal))
    if run >= perlu:
        batas = batas_24 - ini.hak - tangguh_masuk
        alasan = _("tidak diambil %(n)s tahun berturut-turut: jumlah paling banyak %(total)s hari kerja",
                   n=run, total=batas_24)
    else:
        sisa_maks = int(await aturan.nilai("cuti.tahunan.sisa_maks", awal))
        total = int(await aturan.nilai("cuti.tahunan.total_maks", awal))
        batas = min(sisa_maks, total - ini.hak, batas_24 - ini.hak - tangguh_masuk)
        alasan = _("paling banyak %(sisa)s hari, jumlah paling banyak %(total)s hari kerja", sisa=sisa_maks,
                   total=total)
    dibawa = max(0, min(tidak_dipakai, batas))
    return dibawa, _("Sisa cuti tahunan %(lalu)s: %(tidak)s hari tidak dipakai, dibawa %(dibawa)s (%(alasan)s)",
                     lalu=tahun - 1, tidak=tidak_dipakai, dibawa=dibawa, alasan=alasan)


async def selaraskan(pegawai_id: int, dari_tahun: int) -> None:
    """Bring the carry-over of every opened year after ``dari_tahun`` in line with the years before
    (call inside :func:`transaksi` after :func:`kunci`, after writing to ``dari_tahun``): appends a
    ``sisa`` row with the difference where the rules now give another number."""
    terbuka = await _tahun_terbuka(pegawai_id)
    if dari_tahun in terbuka:  # e.g. a day of cuti bersama given back in a year with cuti besar
        await _nolkan_tahun_besar(pegawai_id, dari_tahun)
    for tahun in terbuka:
        if tahun <= dari_tahun or tahun - 1 not in terbuka:
            continue
        seharusnya, keterangan = await _sisa_seharusnya(pegawai_id, tahun, terbuka)
        rows = await _baris(pegawai_id, tahun)
        ada = sum(r["hari"] for r in rows if r["jenis"] == SISA)
        if seharusnya != ada:
            if any(r["jenis"] == SISA for r in rows):
                keterangan = _("Penyesuaian: %(keterangan)s", keterangan=keterangan)
            await _tulis(pegawai_id, tahun, SISA, seharusnya - ada, keterangan)
        await _nolkan_tahun_besar(pegawai_id, tahun)


async def _nolkan_tahun_besar(pegawai_id: int, tahun: int, *, oleh: int | None = None) -> int:
    """A year with an approved cuti besar has no cuti tahunan: whatever its balance holds (its
    entitlement, what was carried in, also when the carry-over changes later) is taken off by a
    ``hapus`` row, and given back when the carry-over shrinks. Days of cuti bersama worked through
    stay: they were earned by work, not given with the year (they follow the carry-over into the
    next year, as no cuti tahunan can be taken in this one). Returns the days taken off."""
    besar = await _ada_cuti_besar(pegawai_id, tahun)
    if besar is None or not await aturan.nilai("cuti.besar.hapus_tahunan", date(tahun, 1, 1)):
        return 0
    s = _dari_baris(pegawai_id, tahun, await _baris(pegawai_id, tahun))
    tetap = max(0, s.ganti_bersama)
    if s.tersedia > tetap:
        hari = tetap - s.tersedia
    elif s.tersedia < tetap and s.dihapus:
        hari = min(tetap - s.tersedia, s.dihapus)
    else:
        return 0
    await _tulis(pegawai_id, tahun, HAPUS, hari,
                 _("Tahun cuti besar, tidak ada cuti tahunan: %(uraian)s", uraian=_uraian_cuti(besar)),
                 cuti=besar["id"], oleh=oleh)
    return -hari


# --- the writes a request makes -----------------------------------------------------------------

def _uraian_cuti(cuti: dict) -> str:
    return _("%(jenis)s %(mulai)s s.d. %(selesai)s", jenis=aturan.label(cuti["jenis"]),
             mulai=format_date(cuti["mulai"], "d MMM yyyy"), selesai=format_date(cuti["selesai"], "d MMM yyyy"))


async def cadangkan(cuti: dict, hari: int, *, oleh: int | None = None) -> None:
    """Reserve ``hari`` days of ``cuti["tahun"]`` for the pending request ``cuti`` (a Cuti row).
    Inside :func:`transaksi` after :func:`kunci`."""
    await buka_tahun(cuti["pegawai"], cuti["tahun"])
    await _tulis(cuti["pegawai"], cuti["tahun"], CADANGAN, -hari,
                 _("Dicadangkan untuk permintaan %(uraian)s", uraian=_uraian_cuti(cuti)), cuti=cuti["id"], oleh=oleh)
    await selaraskan(cuti["pegawai"], cuti["tahun"])


async def _tahun_cadangan(cuti_id: int) -> dict[int, int]:
    rows = await SaldoCuti.select(SaldoCuti.tahun, SaldoCuti.hari).where(
        (SaldoCuti.cuti == cuti_id) & SaldoCuti.jenis.is_in([CADANGAN, LEPAS]))
    per: dict[int, int] = {}
    for r in rows:
        per[r["tahun"]] = per.get(r["tahun"], 0) - r["hari"]
    return {t: n for t, n in per.items() if n}


async def lepas(cuti: dict, keterangan: str, *, oleh: int | None = None, selaras: bool = True) -> int:
    """Release whatever is still reserved for request ``cuti``; returns the days released.
    ``selaras=False`` when the caller writes the days again at once (use, deferral, new dates) and
    brings the carry-over in line itself: the ledger then shows no back-and-forth."""
    total = 0
    for tahun, hari in (await _tahun_cadangan(cuti["id"])).items():
        await _tulis(cuti["pegawai"], tahun, LEPAS, hari, keterangan, cuti=cuti["id"], oleh=oleh)
        if selaras:
            await selaraskan(cuti["pegawai"], tahun)
        total += hari
    return total


async def pakai(cuti: dict, *, oleh: int | None = None) -> None:
    """The approved request ``cuti`` takes its days: the reservation is released and the same
    days written as ``pakai``."""
    await lepas(cuti, _("Cadangan menjadi cuti yang diambil: %(uraian)s", uraian=_uraian_cuti(cuti)), oleh=oleh,
                selaras=False)
    await _tulis(cuti["pegawai"], cuti["tahun"], PAKAI, -cuti["hari_kerja"],
                 _("Cuti diambil: %(uraian)s", uraian=_uraian_cuti(cuti)), cuti=cuti["id"], oleh=oleh)
    await selaraskan(cuti["pegawai"], cuti["tahun"])


async def batal_pakai(cuti: dict, *, oleh: int | None = None) -> None:
    """An approved request cancelled: the days it took come back."""
    rows = await SaldoCuti.select(SaldoCuti.tahun, SaldoCuti.hari).where(
        (SaldoCuti.cuti == cuti["id"]) & (SaldoCuti.jenis == PAKAI))
    per: dict[int, int] = {}
    for r in rows:
        per[r["tahun"]] = per.get(r["tahun"], 0) + r["hari"]
    for tahun, hari in per.items():
        if hari:
            await _tulis(cuti["pegawai"], tahun, PAKAI, -hari,
                         _("Cuti dibatalkan, hari dikembalikan: %(uraian)s", uraian=_uraian_cuti(cuti)),
                         cuti=cuti["id"], oleh=oleh)
            await selaraskan(cuti["pegawai"], tahun)


async def tangguhkan(cuti: dict, *, oleh: int | None = None) -> int:
    """The official defers request ``cuti`` (penangguhan): its reservation is released and its days
    move to the next year in full, as far as that year's total stays within 24 (the rest stays in
    this year's balance and follows the ordinary carry-over). Returns the days moved."""
    uraian = _uraian_cuti(cuti)
    await lepas(cuti, _("Permintaan ditangguhkan, cadangan dilepas: %(uraian)s", uraian=uraian), oleh=oleh,
                selaras=False)
    tahun, berikut = cuti["tahun"], cuti["tahun"] + 1
    await buka_tahun(cuti["pegawai"], berikut)
    ini = _dari_baris(cuti["pegawai"], tahun, await _baris(cuti["pegawai"], tahun))
    nanti = _dari_baris(cuti["pegawai"], berikut, await _baris(cuti["pegawai"], berikut))
    batas_24 = int(await aturan.nilai("cuti.tahunan.total_maks_tidak_diambil", date(berikut, 1, 1)))
    tangguh_masuk = sum(e["hari"] for e in nanti.entri if e["jenis"] == TANGGUH and e["hari"] > 0)
    hari = max(0, min(cuti["hari_kerja"], ini.tersedia, batas_24 - nanti.hak - tangguh_masuk))
    if hari:
        await _tulis(cuti["pegawai"], tahun, TANGGUH, -hari,
                     _("Ditangguhkan ke tahun %(tahun)s: %(uraian)s", tahun=berikut, uraian=uraian),
                     cuti=cuti["id"], oleh=oleh)
        await _tulis(cuti["pegawai"], berikut, TANGGUH, hari,
                     _("Penangguhan dari tahun %(tahun)s: %(uraian)s", tahun=tahun, uraian=uraian),
                     cuti=cuti["id"], oleh=oleh)
    await selaraskan(cuti["pegawai"], tahun)
    return hari


async def hapus_tahun_cuti_besar(cuti: dict, *, oleh: int | None = None) -> int:
    """An approved cuti besar: what is left of that year's cuti tahunan is gone (no cuti tahunan
    in a year with cuti besar). Returns the days taken off."""
    await buka_tahun(cuti["pegawai"], cuti["tahun"])
    hari = await _nolkan_tahun_besar(cuti["pegawai"], cuti["tahun"], oleh=oleh)
    await selaraskan(cuti["pegawai"], cuti["tahun"])
    return hari


async def batal_hapus(cuti: dict, *, oleh: int | None = None) -> None:
    """A cuti besar cancelled after approval (its status already changed): the year's cuti tahunan
    comes back, both what was taken off and the entitlement when the year was opened without it."""
    uraian = _uraian_cuti(cuti)
    rows = await SaldoCuti.select(SaldoCuti.hari).where((SaldoCuti.cuti == cuti["id"]) & (SaldoCuti.jenis == HAPUS))
    hari = -sum(r["hari"] for r in rows)
    if hari:
        await _tulis(cuti["pegawai"], cuti["tahun"], HAPUS, hari,
                     _("Cuti besar dibatalkan, cuti tahunan dikembalikan: %(uraian)s", uraian=uraian),
                     cuti=cuti["id"], oleh=oleh)
    pegawai = await Pegawai.select().where(Pegawai.id == cuti["pegawai"]).first()
    seharusnya, _keterangan = await _hak(pegawai, cuti["tahun"])
    ada = sum(r["hari"] for r in await _baris(cuti["pegawai"], cuti["tahun"]) if r["jenis"] == HAK)
    if seharusnya != ada:
        await _tulis(cuti["pegawai"], cuti["tahun"], HAK, seharusnya - ada,
                     _("Cuti besar dibatalkan, hak cuti tahunan dikembalikan: %(uraian)s", uraian=uraian),
                     cuti=cuti["id"], oleh=oleh)
    await selaraskan(cuti["pegawai"], cuti["tahun"])


# --- entries by the Pengelola -----------------------------------------------------------------------

async def ganti_bersama(pegawai_id: int, tanggal: date, *, oleh: int | None = None) -> None:
    """The employee had to work on the cuti bersama day ``tanggal``: one day is added to that
    year's cuti tahunan. SaldoError when the day is no cuti bersama or was already given back."""
    status = calendar.day_status(tanggal, rule=aturan.HITUNG_CUTI.code)
    if status.kind != calendar.CUTI_BERSAMA:
        raise SaldoError(_("%(tanggal)s bukan hari cuti bersama.", tanggal=format_date(tanggal)))
    if not await aturan.nilai("cuti.tahunan.ganti_bersama", tanggal):
        raise SaldoError(_("Ganti hari cuti bersama tidak berlaku pada %(tanggal)s.", tanggal=format_date(tanggal)))
    tanda = tanggal.strftime("%d-%m-%Y")
    async with transaksi():
        await kunci(pegawai_id)
        await buka_tahun(pegawai_id, tanggal.year)
        sudah = await SaldoCuti.exists().where(
            (SaldoCuti.pegawai == pegawai_id) & (SaldoCuti.jenis == GANTI_BERSAMA)
            & SaldoCuti.keterangan.like(f"%{tanda}%"))
        if sudah:
            raise SaldoError(_("Cuti bersama %(tanggal)s sudah diganti.", tanggal=format_date(tanggal)))
        await _tulis(pegawai_id, tanggal.year, GANTI_BERSAMA, 1,
                     _("Bertugas pada cuti bersama %(tanda)s (%(nama)s)", tanda=tanda, nama=status.name), oleh=oleh)
        await selaraskan(pegawai_id, tanggal.year)


async def koreksi(pegawai_id: int, tahun: int, hari: int, keterangan: str, *, oleh: int | None = None) -> None:
    """A correction of ``hari`` days (signed) in ``tahun`` by the Pengelola, e.g. the balance
    carried in before the ledger began; ``keterangan`` (required) says why."""
    keterangan = (keterangan or "").strip()
    if not keterangan:
        raise SaldoError(_("Tuliskan alasan koreksi saldo cuti."))
    if not hari or abs(int(hari)) > 48:
        raise SaldoError(_("Koreksi saldo cuti harus antara -48 dan 48 hari, bukan nol."))
    async with transaksi():
        await kunci(pegawai_id)
        await buka_tahun(pegawai_id, tahun)
        await _tulis(pegawai_id, tahun, KOREKSI, int(hari), keterangan, oleh=oleh)
        await selaraskan(pegawai_id, tahun)
