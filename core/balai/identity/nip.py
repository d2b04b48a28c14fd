"""NIP (Nomor Induk Pegawai) and golongan/pangkat, as BKN defines them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from balai.i18n import _

GOLONGAN = MappingProxyType({
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya", "IV/e": "Pembina Utama",
})


@dataclass(frozen=True)
class NIP:
    digits: str
    birth_date: date
    tmt_cpns: tuple[int, int]  # (year, month)
    sex: str  # "L" or "P"
    serial: str

    def __str__(self) -> str:
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


def parse_nip(text: str) -> NIP:
    """Parse an 18-digit NIP, spaces allowed. Raises ValueError with an Indonesian message."""
    digits = re.sub(r"[\s.]", "", text or "")
    if not re.fullmatch(r"\d{18}", digits):
        raise ValueError(_("NIP harus 18 digit angka."))
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValueError(_("NIP tidak sah: 8 digit pertama harus tanggal lahir (TTTTBBHH).")) from None
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12 or year < birth.year + 15:
        raise ValueError(_("NIP tidak sah: digit 9–14 harus TMT CPNS (TTTTBB) setelah usia 15 tahun."))
    if digits[14] not in "12":
        raise ValueError(_("NIP tidak sah: digit ke-15 harus 1 (laki-laki) atau 2 (perempuan)."))
    if digits[15:] == "000":
        raise ValueError(_("NIP tidak sah: nomor urut tidak boleh 000."))
    return NIP(digits, birth, (year, month), "L" if digits[14] == "1" else "P", digits[15:])


def pangkat(golongan: str) -> str:
    return GOLONGAN.get(golongan, "")
