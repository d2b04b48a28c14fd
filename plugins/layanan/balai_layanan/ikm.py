"""The Indeks Kepuasan Masyarakat of PermenPANRB 14/2017, computed exactly.

NRR per element = sum of scores / respondents. IKM = sum(NRR x 1/9) x 25. The regulation prints
the weight as 0.11 (1/9 rounded); nine times 0.11 is 0.99 and would understate the index by 1 %,
so the weight is the exact fraction 1/9. The IKM is rounded to two decimals before grading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from balai.api import lazy_gettext

# Element code, name, the regulation's question, and the answers for scores 1..4.
UNSUR = [
    ("u1", lazy_gettext("Persyaratan"),
     lazy_gettext("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
     (lazy_gettext("Tidak sesuai"), lazy_gettext("Kurang sesuai"), lazy_gettext("Sesuai"), lazy_gettext("Sangat sesuai"))),
    ("u2", lazy_gettext("Sistem, mekanisme dan prosedur"),
     lazy_gettext("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
     (lazy_gettext("Tidak mudah"), lazy_gettext("Kurang mudah"), lazy_gettext("Mudah"), lazy_gettext("Sangat mudah"))),
    ("u3", lazy_gettext("Waktu penyelesaian"),
     lazy_gettext("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
     (lazy_gettext("Tidak cepat"), lazy_gettext("Kurang cepat"), lazy_gettext("Cepat"), lazy_gettext("Sangat cepat"))),
    ("u4", lazy_gettext("Biaya/tarif"),
     lazy_gettext("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
     (lazy_gettext("Sangat mahal"), lazy_gettext("Cukup mahal"), lazy_gettext("Murah"), lazy_gettext("Gratis"))),
    ("u5", lazy_gettext("Produk spesifikasi jenis pelayanan"),
     lazy_gettext("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
                  "dalam standar pelayanan dengan hasil yang diberikan?"),
     (lazy_gettext("Tidak sesuai"), lazy_gettext("Kurang sesuai"), lazy_gettext("Sesuai"), lazy_gettext("Sangat sesuai"))),
    ("u6", lazy_gettext("Kompetensi pelaksana"),
     lazy_gettext("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
     (lazy_gettext("Tidak kompeten"), lazy_gettext("Kurang kompeten"), lazy_gettext("Kompeten"),
      lazy_gettext("Sangat kompeten"))),
    ("u7", lazy_gettext("Perilaku pelaksana"),
     lazy_gettext("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
     (lazy_gettext("Tidak sopan dan ramah"), lazy_gettext("Kurang sopan dan ramah"), lazy_gettext("Sopan dan ramah"),
      lazy_gettext("Sangat sopan dan ramah"))),
    ("u8", lazy_gettext("Sarana dan prasarana"),
     lazy_gettext("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
     (lazy_gettext("Buruk"), lazy_gettext("Cukup"), lazy_gettext("Baik"), lazy_gettext("Sangat baik"))),
    ("u9", lazy_gettext("Penanganan pengaduan, saran dan masukan"),
     lazy_gettext("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
     (lazy_gettext("Tidak ada"), lazy_gettext("Ada tetapi tidak berfungsi"), lazy_gettext("Berfungsi kurang maksimal"),
      lazy_gettext("Dikelola dengan baik"))),
]
KODE_UNSUR = [u[0] for u in UNSUR]

# (lowest IKM, grade, quality) — PermenPANRB 14/2017
MUTU = [
    (Decimal("88.31"), "A", lazy_gettext("Sangat Baik")),
    (Decimal("76.61"), "B", lazy_gettext("Baik")),
    (Decimal("65.00"), "C", lazy_gettext("Kurang Baik")),
    (Decimal("25.00"), "D", lazy_gettext("Tidak Baik")),
]

# Krejcie–Morgan: chi-square for 1 degree of freedom at 95 %, population proportion, margin of error
CHI2, P, D = Fraction("3.841"), Fraction(1, 2), Fraction("0.05")


@dataclass
class HasilUnsur:
    kode: str
    nama: str
    jumlah: int  # sum of the scores
    nrr: Fraction
    nilai: Decimal  # NRR x 25, two decimals
    mutu: str


@dataclass
class Hasil:
    responden: int
    unsur: list[HasilUnsur]
    ikm: Decimal | None  # None without respondents
    mutu: str
    kinerja: str


def dua_desimal(value: Fraction) -> Decimal:
    """Round half up to two decimals, exactly (no binary floating point on the way)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def mutu(ikm: Decimal) -> tuple[str, str]:
    for lowest, grade, label in MUTU:
        if ikm >= lowest:
            return grade, str(label)
    return "D", str(MUTU[-1][2])


def hitung(jawaban: list[dict]) -> Hasil:
    """The IKM of a list of responses (dicts with ``u1`` .. ``u9`` scored 1–4)."""
    return dari_jumlah(len(jawaban), {kode: sum(int(r[kode]) for r in jawaban) for kode, *_ in UNSUR})


def dari_jumlah(n: int, jumlah_unsur: dict[str, int]) -> Hasil:
    """The IKM of ``n`` responses from each element's sum of scores (what SQL's SUM gives)."""
    bobot = Fraction(1, len(UNSUR))
    unsur, total = [], Fraction(0)
    for kode, nama, _q, _a in UNSUR:
        jumlah = int(jumlah_unsur.get(kode) or 0)
        nrr = Fraction(jumlah, n) if n else Fraction(0)
        total += nrr * bobot
        nilai = dua_desimal(nrr * 25)
        unsur.append(HasilUnsur(kode, str(nama), jumlah, nrr, nilai, mutu(nilai)[0] if n else "-"))
    if not n:
        return Hasil(0, unsur, None, "-", "")
    ikm = dua_desimal(total * 25)
    grade, label = mutu(ikm)
    return Hasil(n, unsur, ikm, grade, label)


def ukuran_sampel(populasi: int) -> int:
    """Krejcie–Morgan sample size for a population of ``populasi`` (N=100 -> 80, N=1000 -> 278)."""
    if populasi <= 0:
        return 0
    s = CHI2 * populasi * P * (1 - P) / (D * D * (populasi - 1) + CHI2 * P * (1 - P))
    return min(math.ceil(s), populasi)


# --- periods: this Dinas surveys per semester ---------------------------------------------------

def periode_dari(tanggal: date) -> str:
    return f"{tanggal.year}-{1 if tanggal.month <= 6 else 2}"


def batas_periode(periode: str) -> tuple[date, date]:
    """First day of the semester and first day after it."""
    tahun, semester = _pecah(periode)
    if semester == 1:
        return date(tahun, 1, 1), date(tahun, 7, 1)
    return date(tahun, 7, 1), date(tahun + 1, 1, 1)


def label_periode(periode: str) -> str:
    from balai.api import _

    tahun, semester = _pecah(periode)
    if semester == 1:
        return _("Semester I %(tahun)s (Januari–Juni)", tahun=tahun)
    return _("Semester II %(tahun)s (Juli–Desember)", tahun=tahun)


def label_pendek(periode: str) -> str:
    """The period under a chart's column: "Sem. I 2019" (the code "2019-1" means nothing to a reader)."""
    from balai.api import _

    tahun, semester = _pecah(periode)
    return _("Sem. I %(tahun)s", tahun=tahun) if semester == 1 else _("Sem. II %(tahun)s", tahun=tahun)


def periode_sah(periode: str) -> bool:
    try:
        _pecah(periode)
        return True
    except ValueError:
        return False


def _pecah(periode: str) -> tuple[int, int]:
    tahun, _sep, semester = (periode or "").partition("-")
    if not (tahun.isdigit() and len(tahun) == 4 and semester in ("1", "2")):
        raise ValueError(periode)
    return int(tahun), int(semester)


def periode_sebelumnya(periode: str) -> str:
    tahun, semester = _pecah(periode)
    return f"{tahun}-1" if semester == 2 else f"{tahun - 1}-2"
