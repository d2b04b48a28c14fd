"""The personnel clock: when each PNS is due for a periodic raise (KGB), a regular promotion (KP)
and retirement, computed from the file's histories. Plain functions on rows, no database: the
forecast page, the schedule that opens the cases and the API all read these.

The rules (REGULATIONS.md):

- KGB follows the masa kerja golongan (MKG): the gaji pokok tables step every 2 years of MKG
  (golongan I, III, IV at even MKG; golongan II at odd MKG, because II/a's first raise comes
  after 1 year). MKG simply runs with time, so a postponed raise (at most 12 months at a time,
  PP 7/1977 art. 13) is paid later while the next one stays on the cycle: "the postponed time
  counts in full".
- KP reguler: 4 years in the current rank and a performance rating of at least "baik" for each
  of the last 2 years; it takes effect on the 1st of a promotion month, and which months those
  are is a setting that changed on 1 October 2025 (every month) from February, April, ... December.
- Retirement: the first day of the month after the month the person reaches the BUP of their
  current jabatan (``pegawai.tmt_pensiun``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from balai_kepegawaian.pegawai import selisih, tanggal_genap, terakhir, tmt_pensiun

PREDIKAT = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
PREDIKAT_CUKUP = frozenset({"sangat_baik", "baik"})
MASA_PANGKAT_TAHUN = 4  # KP reguler: 4 years in rank
GOLONGAN_PUNCAK = "IV/e"

# The promotion months in force from a date, with the regulation: the agency may record another
# setting (aturan ``kp.bulan_periode``); these are the defaults.
PERIODE_KP = (
    (date(2023, 1, 1), (2, 4, 6, 8, 10, 12), "Peraturan BKN 4/2023"),
    (date(2025, 10, 1), tuple(range(1, 13)), "Peraturan BKN 4/2025"),
)
KP_JENDELA_BULAN = 3  # the proposal is prepared this many months before the period
KGB_PEMBERITAHUAN_BULAN = 2  # PP 7/1977: the notice goes out 2 months before the TMT
PENSIUN_MULAI_BULAN = 12  # the retirement case opens at least a year before the BUP


def tambah_bulan(d: date, bulan: int) -> date:
    """``d`` moved by ``bulan`` months (negative: back), the day kept or clamped to the month's end."""
    total = d.year * 12 + d.month - 1 + bulan
    year, month = divmod(total, 12)
    month += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def golongan_ruang(golongan: str) -> str:
    """"III" of "III/a"."""
    return (golongan or "").split("/")[0]


def langkah_mkg_berikut(golongan: str, mkg_bulan: int) -> int:
    """The MKG (in months) of the next gaji pokok step after ``mkg_bulan``: the next odd year for
    golongan II (1 year first: the II/a exception), the next even year otherwise."""
    tahun = mkg_bulan // 12 + 1
    ganjil = golongan_ruang(golongan) == "II"
    while (tahun % 2 == 1) != ganjil:
        tahun += 1
    return tahun * 12


@dataclass(frozen=True)
class KGBBerikut:
    tmt: date  # when the raise takes effect (after any postponement)
    tmt_semula: date  # on the cycle, before postponement
    golongan: str
    mkg: tuple[int, int]  # masa kerja golongan on ``tmt`` (years, months)
    ditunda_bulan: int = 0
    dasar: dict = field(default_factory=dict)  # the history row it counts from


def dasar_kgb(pangkat: list[dict], kgb: list[dict]) -> dict | None:
    """The row the next raise counts from: the latest of the last KGB and the last rank (each
    records the golongan and the MKG at its TMT)."""
    rows = [dict(r, _asal="kgb") for r in kgb] + [dict(r, _asal="pangkat") for r in pangkat]
    return max(rows, key=lambda r: (r["tmt"], r["_asal"] == "kgb", r["id"]), default=None)


def kgb_berikut(pangkat: list[dict], kgb: list[dict], penundaan: list[dict], setelah: date | None = None) -> KGBBerikut | None:
    """The next periodic raise: the first step on the MKG cycle after the base row (and after
    ``setelah`` when given), moved by the postponements recorded for it (chained: a postponement
    of the postponed date counts too). None without a rank history."""
    dasar = dasar_kgb(pangkat, kgb)
    if dasar is None:
        return None
    golongan = dasar["golongan"] or (terakhir(pangkat) or {}).get("golongan", "")
    mkg0 = dasar["mkg_tahun"] * 12 + dasar["mkg_bulan"]
    langkah = langkah_mkg_berikut(golongan, mkg0)
    while True:
        semula = tambah_bulan(dasar["tmt"], langkah - mkg0)
        if setelah is None or semula > setelah:
            break
        langkah = langkah_mkg_berikut(golongan, langkah)
    tmt, ditunda = semula, 0
    tunda = {r["tmt_semula"]: r["bulan"] for r in penundaan}
    while tmt in tunda and ditunda < 12 * 10:
        ditunda += tunda[tmt]
        tmt = tambah_bulan(semula, ditunda)
    return KGBBerikut(tmt=tmt, tmt_semula=semula, golongan=golongan, mkg=divmod(langkah + ditunda, 12),
                      ditunda_bulan=ditunda, dasar=dasar)


def bulan_periode(pada: date, setelan: list[tuple[date, tuple[int, ...]]] | None = None) -> tuple[int, ...]:
    """The promotion months in force on ``pada``: the agency's recorded settings (each from a date)
    over the regulations' defaults."""
    berlaku = [(mulai, bulan) for mulai, bulan, _ in PERIODE_KP] + list(setelan or [])
    berlaku.sort(key=lambda x: x[0])
    months: tuple[int, ...] = PERIODE_KP[0][1]
    for mulai, bulan in berlaku:
        if mulai <= pada:
            months = tuple(bulan)
    return months


def periode_berikut(dari: date, setelan=None) -> date:
    """The first promotion period (the 1st of a promotion month) on or after ``dari``."""
    d = date(dari.year, dari.month, 1)
    if d < dari:
        d = tambah_bulan(d, 1)
    for _ in range(36):
        if d.month in bulan_periode(d, setelan):
            return d
        d = tambah_bulan(d, 1)
    raise ValueError("tidak ada periode kenaikan pangkat dalam 3 tahun")


@dataclass(frozen=True)
class KPBerikut:
    periode: date  # the earliest period a regular promotion can take effect
    golongan_dari: str
    golongan_ke: str
    syarat_masa: date  # 4 years in rank reached
    kurang: tuple[str, ...]  # what is missing: predikat years, ...
    predikat: dict  # {year: predikat} of the two years that count


def golongan_berikut(golongan: str) -> str | None:
    from balai.api import GOLONGAN

    urut = list(GOLONGAN)
    try:
        i = urut.index(golongan)
    except ValueError:
        return None
    return urut[i + 1] if i + 1 < len(urut) else None


def kp_berikut(pangkat: list[dict], penilaian: list[dict], setelan=None, setelah: date | None = None) -> KPBerikut | None:
    """The earliest regular promotion: the first period on or after 4 years in the current rank
    (and after ``setelah``), with the ratings of the two years before that period. None without a
    rank or at IV/e."""
    pk = terakhir(pangkat)
    if pk is None or not pk["golongan"] or pk["golongan"] == GOLONGAN_PUNCAK:
        return None
    ke = golongan_berikut(pk["golongan"])
    if ke is None:
        return None
    syarat = tanggal_genap(pk["tmt"], MASA_PANGKAT_TAHUN)
    periode = periode_berikut(syarat, setelan)
    if setelah is not None and periode <= setelah:
        periode = periode_berikut(date.fromordinal(setelah.toordinal() + 1), setelan)
    nilai = {r["tahun"]: r["predikat"] for r in penilaian}
    tahun = (periode.year - 2, periode.year - 1)
    kurang = []
    for t in tahun:
        if t not in nilai:
            kurang.append(f"predikat:{t}:belum")
        elif nilai[t] not in PREDIKAT_CUKUP:
            kurang.append(f"predikat:{t}:{nilai[t]}")
    return KPBerikut(periode=periode, golongan_dari=pk["golongan"], golongan_ke=ke, syarat_masa=syarat,
                     kurang=tuple(kurang), predikat={t: nilai.get(t) for t in tahun})


@dataclass(frozen=True)
class PensiunBerikut:
    tmt: date
    bup: int
    usia_bup: date  # the day the person reaches the BUP


def pensiun(lahir: date, jabatan: list[dict]) -> PensiunBerikut | None:
    jb = terakhir(jabatan)
    if jb is None or not jb.get("bup"):
        return None
    return PensiunBerikut(tmt=tmt_pensiun(lahir, jb["bup"]), bup=jb["bup"], usia_bup=tanggal_genap(lahir, jb["bup"]))


def mundur_hari_kerja(d: date, hari: int, is_working_day) -> date:
    """The day ``hari`` working days before ``d`` (``is_working_day`` is the calendar's)."""
    while hari > 0:
        d = date.fromordinal(d.toordinal() - 1)
        if is_working_day(d):
            hari -= 1
    return d


def kgb_dibuka(tmt: date, hari_kerja_langkah: int, is_working_day) -> date:
    """When the KGB case opens: early enough that its working-day steps before the notice are done
    by the notice date (2 months before the TMT)."""
    return mundur_hari_kerja(tambah_bulan(tmt, -KGB_PEMBERITAHUAN_BULAN), hari_kerja_langkah, is_working_day)


def kp_dibuka(periode: date) -> date:
    return tambah_bulan(periode, -KP_JENDELA_BULAN)


def pensiun_dibuka(p: PensiunBerikut) -> date:
    return tambah_bulan(p.usia_bup, -PENSIUN_MULAI_BULAN)


def mkg_pada(dasar: dict, pada: date) -> tuple[int, int]:
    """The MKG on ``pada`` counted from a history row's MKG at its TMT."""
    t, b = selisih(dasar["tmt"], pada)
    return divmod(dasar["mkg_tahun"] * 12 + dasar["mkg_bulan"] + t * 12 + b, 12)


def gaji_dari_tabel(baris: list[dict], golongan: str, mkg_tahun: int, pada: date) -> dict | None:
    """The gaji pokok row for ``golongan`` at ``mkg_tahun`` on ``pada``: the table in force that day
    (latest ``berlaku_mulai``), its row with the greatest MKG not above ``mkg_tahun``. None when
    the table has no such row (the structure is shipped, not every row: see data/gaji_pokok.csv)."""
    berlaku = [r for r in baris if r["berlaku_mulai"] <= pada]
    if not berlaku:
        return None
    terbaru = max(r["berlaku_mulai"] for r in berlaku)
    cocok = [r for r in berlaku if r["berlaku_mulai"] == terbaru and r["golongan"] == golongan and r["mkg"] <= mkg_tahun]
    if not cocok:
        return None
    best = max(cocok, key=lambda r: r["mkg"])
    # a row only stands for MKGs up to the next step: 2 years (golongan II: 1 year at MKG 0)
    if mkg_tahun - best["mkg"] >= 2:
        return None
    return best
