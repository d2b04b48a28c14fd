"""The leave rules as data: the seven kinds of leave, who may take which, and every number.

Peraturan BKN 24/2017 as amended by 7/2021 (PP 11/2017 for PNS, PP 49/2018 for PPPK). Each number
is a rule (:data:`BAWAAN`) whose value the Pengelola may change from a date on (an ``Aturan`` row,
``berlaku_mulai``, with its ``sumber``); until then the regulation's value given here holds. A rule
is read for the day it applies to (``await nilai("cuti.tahunan.hak", date(2026, 1, 1))``), so a
change from next January does not alter this year's balances.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from balai.api import CountingRule, _, audit_record, lazy_gettext

from balai_kepegawaian.tables import Aturan

BKN = "Peraturan BKN 24/2017 s.t.d.d. Peraturan BKN 7/2021"
PP11 = "PP 11/2017 s.t.d.d. PP 17/2020"
PP49 = "PP 49/2018 (PPPK)"

TAHUNAN, BESAR, SAKIT, MELAHIRKAN, ALASAN_PENTING, BERSAMA, CLTN = (
    "tahunan", "besar", "sakit", "melahirkan", "alasan_penting", "bersama", "cltn")
KEPEGAWAIAN = ("PNS", "CPNS", "PPPK")

# Leave is counted in working days with cuti bersama skipped (cuti bersama does not reduce the
# annual entitlement); a counting rule of its own so that the agency's choice for task deadlines
# does not change the length of a leave request. Declared by the plugin's ``counting_rules`` hook.
HITUNG_CUTI = CountingRule("kepegawaian.cuti", lazy_gettext("Lama cuti pegawai"), cuti_bersama_libur=True)


@dataclass(frozen=True)
class Jenis:
    """One kind of leave. ``satuan`` is how its length is limited: ``hari_kerja`` (cuti tahunan,
    taken from the ledger) or ``bulan`` (calendar months from the first day). ``diajukan``: False for
    cuti bersama, which the government declares for everyone and nobody requests."""

    kode: str
    label: object
    singkatan: str
    satuan: str
    diajukan: bool = True


JENIS = MappingProxyType({
    TAHUNAN: Jenis(TAHUNAN, lazy_gettext("Cuti Tahunan"), "CT", "hari_kerja"),
    BESAR: Jenis(BESAR, lazy_gettext("Cuti Besar"), "CB", "bulan"),
    SAKIT: Jenis(SAKIT, lazy_gettext("Cuti Sakit"), "CS", "bulan"),
    MELAHIRKAN: Jenis(MELAHIRKAN, lazy_gettext("Cuti Melahirkan"), "CM", "bulan"),
    ALASAN_PENTING: Jenis(ALASAN_PENTING, lazy_gettext("Cuti Karena Alasan Penting"), "CAP", "bulan"),
    BERSAMA: Jenis(BERSAMA, lazy_gettext("Cuti Bersama"), "CBer", "hari_kerja", diajukan=False),
    CLTN: Jenis(CLTN, lazy_gettext("Cuti di Luar Tanggungan Negara"), "CLTN", "bulan"),
})


@dataclass(frozen=True)
class Bawaan:
    """A rule's default: the regulation's value, what it means, its unit and where it comes from."""

    nilai: object
    label: object
    satuan: str
    sumber: str


def _r(nilai, label, satuan, sumber=BKN) -> Bawaan:
    return Bawaan(nilai, label, satuan, sumber)


BAWAAN: MappingProxyType[str, Bawaan] = MappingProxyType({
    # Who may take which kind. CPNS: PP 11/2017 gives them cuti tahunan (after a year), sakit,
    # melahirkan, alasan penting and bersama; cuti besar and CLTN need five years as PNS. PPPK:
    # PP 49/2018 art. 70 lists tahunan, sakit, melahirkan and bersama.
    "cuti.jenis.PNS": _r([TAHUNAN, BESAR, SAKIT, MELAHIRKAN, ALASAN_PENTING, BERSAMA, CLTN],
                         lazy_gettext("Jenis cuti yang dapat diambil PNS"), "jenis", PP11),
    "cuti.jenis.CPNS": _r([TAHUNAN, SAKIT, MELAHIRKAN, ALASAN_PENTING, BERSAMA],
                          lazy_gettext("Jenis cuti yang dapat diambil CPNS"), "jenis", PP11),
    "cuti.jenis.PPPK": _r([TAHUNAN, SAKIT, MELAHIRKAN, BERSAMA],
                          lazy_gettext("Jenis cuti yang dapat diambil PPPK"), "jenis", PP49),
    # Cuti tahunan
    "cuti.tahunan.hak": _r(12, lazy_gettext("Hak cuti tahunan per tahun"), "hari_kerja"),
    "cuti.tahunan.minimal": _r(1, lazy_gettext("Permintaan cuti tahunan paling sedikit"), "hari_kerja"),
    "cuti.tahunan.masa_kerja": _r(
        1, lazy_gettext("Masa kerja terus-menerus sebelum berhak cuti tahunan"), "tahun"),
    "cuti.tahunan.sisa_maks": _r(
        6, lazy_gettext("Sisa cuti tahunan yang dapat dibawa ke tahun berikutnya paling banyak"), "hari_kerja"),
    "cuti.tahunan.total_maks": _r(
        18, lazy_gettext("Cuti tahunan paling banyak termasuk sisa tahun sebelumnya"), "hari_kerja"),
    "cuti.tahunan.total_maks_tidak_diambil": _r(
        24, lazy_gettext("Cuti tahunan paling banyak bila tidak diambil dua tahun atau lebih berturut-turut"),
        "hari_kerja"),
    "cuti.tahunan.tahun_tidak_diambil": _r(
        2, lazy_gettext("Tahun berturut-turut tanpa cuti tahunan agar berlaku batas yang lebih besar"), "tahun"),
    # The deferred days move to the next year (a deferral of at most a year); 0: no deferral.
    "cuti.tahunan.tangguh_maks": _r(1, lazy_gettext("Penangguhan cuti tahunan paling lama"), "tahun"),
    "cuti.tahunan.ganti_bersama": _r(
        True, lazy_gettext("PNS yang bertugas pada cuti bersama mendapat ganti hari cuti tahunan"), "ya_tidak", PP11),
    # Cuti besar
    "cuti.besar.masa_kerja": _r(5, lazy_gettext("Masa kerja terus-menerus sebelum berhak cuti besar"), "tahun"),
    "cuti.besar.maks": _r(3, lazy_gettext("Cuti besar paling lama"), "bulan"),
    "cuti.besar.hapus_tahunan": _r(
        True, lazy_gettext("Tahun dengan cuti besar tidak ada hak cuti tahunan"), "ya_tidak"),
    # Cuti sakit
    "cuti.sakit.surat_dokter": _r(
        1, lazy_gettext("Cuti sakit lebih dari sekian hari memerlukan surat keterangan dokter"), "hari"),
    "cuti.sakit.dokter_pemerintah": _r(
        14, lazy_gettext("Cuti sakit lebih dari sekian hari memerlukan surat keterangan dokter pemerintah"), "hari"),
    "cuti.sakit.maks": _r(18, lazy_gettext("Cuti sakit paling lama (1 tahun 6 bulan)"), "bulan"),
    "cuti.sakit.gugur_kandungan": _r(1.5, lazy_gettext("Cuti sakit karena gugur kandungan paling lama"), "bulan"),
    # Cuti melahirkan
    "cuti.melahirkan.maks": _r(3, lazy_gettext("Cuti melahirkan paling lama"), "bulan"),
    "cuti.melahirkan.anak_maks": _r(
        3, lazy_gettext("Cuti melahirkan diberikan sampai dengan kelahiran anak ke-"), "anak"),
    # From the fourth child the leave is cuti besar, and the regulation (lampiran I.D.3.b) sets aside
    # the five years of service for it ("mengesampingkan ketentuan telah bekerja paling singkat 5 tahun").
    "cuti.melahirkan.anak_keempat_masa_kerja": _r(
        False, lazy_gettext("Cuti besar untuk kelahiran anak keempat dan seterusnya memerlukan masa kerja 5 tahun"),
        "ya_tidak"),
    # Cuti karena alasan penting, CLTN
    "cuti.alasan_penting.maks": _r(1, lazy_gettext("Cuti karena alasan penting paling lama"), "bulan"),
    "cuti.cltn.masa_kerja": _r(5, lazy_gettext("Masa kerja terus-menerus sebelum dapat CLTN"), "tahun"),
    "cuti.cltn.maks": _r(36, lazy_gettext("CLTN paling lama (3 tahun)"), "bulan"),
    "cuti.cltn.perpanjangan": _r(12, lazy_gettext("Perpanjangan CLTN paling lama"), "bulan"),
})

SATUAN = MappingProxyType({
    "hari_kerja": lazy_gettext("hari kerja"), "hari": lazy_gettext("hari"), "bulan": lazy_gettext("bulan"),
    "tahun": lazy_gettext("tahun"), "anak": lazy_gettext("anak"), "ya_tidak": lazy_gettext("ya/tidak"),
    "jenis": lazy_gettext("jenis cuti"),
})


# Where a rule's value only makes sense within narrower bounds than 0..1000.
RENTANG = MappingProxyType({
    "cuti.tahunan.tangguh_maks": (0, 1), "cuti.tahunan.tahun_tidak_diambil": (1, 10),
    "cuti.tahunan.masa_kerja": (0, 40), "cuti.besar.masa_kerja": (0, 40), "cuti.cltn.masa_kerja": (0, 40),
    "cuti.melahirkan.anak_maks": (1, 20),
})


class AturanError(ValueError):
    """A rule's new value that cannot be used; the message is Indonesian, for the form."""


def bawaan(kunci: str) -> Bawaan:
    try:
        return BAWAAN[kunci]
    except KeyError:
        raise KeyError(f"aturan cuti tidak dikenal: {kunci}") from None


async def _baris(kunci: str, pada: date) -> dict | None:
    return await (Aturan.select().where((Aturan.kunci == kunci) & (Aturan.berlaku_mulai <= pada))
                  .order_by(Aturan.berlaku_mulai, ascending=False).order_by(Aturan.id, ascending=False)
                  .output(load_json=True).first())


def _isi(row: dict):
    """A row's value. Stored wrapped (``{"nilai": 12}``): a bare number in a JSON column would be
    turned into a number by SQLite's type affinity and no longer read back as JSON."""
    value = row["nilai"]
    return value["nilai"] if isinstance(value, dict) and "nilai" in value else value


async def nilai(kunci: str, pada: date):
    """The value of rule ``kunci`` on day ``pada``: the latest ``Aturan`` row in force that day,
    else the regulation's default. KeyError for a key not in :data:`BAWAAN`."""
    default = bawaan(kunci)
    row = await _baris(kunci, pada)
    return default.nilai if row is None else _isi(row)


def _periksa(kunci: str, baru) -> object:
    """The new value in the rule's type, or AturanError."""
    default = bawaan(kunci).nilai
    if isinstance(default, bool):
        if not isinstance(baru, bool):
            raise AturanError(_("Nilai aturan ini harus ya atau tidak."))
        return baru
    if isinstance(default, list):
        if not isinstance(baru, list) or any(k not in JENIS for k in baru):
            raise AturanError(_("Nilai aturan ini harus daftar jenis cuti yang dikenal."))
        return [k for k in JENIS if k in baru]
    if isinstance(baru, bool) or not isinstance(baru, (int, float)):
        raise AturanError(_("Nilai aturan ini harus berupa angka."))
    low, high = RENTANG.get(kunci, (0, 1000))
    if baru < low or baru > high:
        raise AturanError(_("Nilai aturan ini harus antara %(dari)s dan %(sampai)s.", dari=low, sampai=high))
    # Lengths in months may be fractional (1.5 months for a miscarriage); days and years may not.
    if float(baru) != int(baru) and bawaan(kunci).satuan != "bulan":
        raise AturanError(_("Nilai aturan ini harus bilangan bulat."))
    return int(baru) if float(baru) == int(baru) else float(baru)


async def ubah(kunci: str, nilai_baru, berlaku_mulai: date, sumber: str, user) -> dict:
    """Give rule ``kunci`` the value ``nilai_baru`` from ``berlaku_mulai`` on, citing ``sumber`` (the
    regulation or decision; required). Earlier values stay for the days before. A date in the past
    is allowed (a regulation recorded late) but rewrites nothing: ledger rows already written stay,
    and only what is computed from then on follows the new value. ``user``: a CurrentUser or user
    id, audited. Returns the new row; AturanError (Indonesian) for a bad value, KeyError for an
    unknown ``kunci``."""
    bawaan(kunci)
    value = _periksa(kunci, nilai_baru)
    sumber = (sumber or "").strip()
    if not sumber:
        raise AturanError(_("Sebutkan dasar perubahan aturan (peraturan atau keputusan)."))
    if len(sumber) > 500:
        raise AturanError(_("Dasar perubahan terlalu panjang (paling banyak 500 karakter)."))
    user_id = getattr(user, "id", user)
    rows = await Aturan.insert(Aturan(kunci=kunci, nilai={"nilai": value}, berlaku_mulai=berlaku_mulai, sumber=sumber,
                                      dibuat_oleh=user_id)).returning(*Aturan.all_columns())
    await audit_record(user, "kepegawaian.aturan.ubah", "kepegawaian_aturan", rows[0]["id"],
                       {"kunci": kunci, "nilai": value, "berlaku_mulai": berlaku_mulai.isoformat(), "sumber": sumber})
    return {**rows[0], "nilai": value}


async def daftar(pada: date) -> list[dict]:
    """Every rule as in force on ``pada``, for the settings page: ``kunci``, ``label``, ``satuan``
    (its label), ``nilai``, ``bawaan`` (the regulation's value), ``sumber``, ``berlaku_mulai`` (None
    for the default), ``diubah`` (differs from the default) and ``riwayat`` (every row, newest first,
    including those taking effect after ``pada``)."""
    rows = await (Aturan.select().order_by(Aturan.berlaku_mulai, ascending=False)
                  .order_by(Aturan.id, ascending=False).output(load_json=True))
    per_kunci: dict[str, list[dict]] = {}
    for row in rows:
        per_kunci.setdefault(row["kunci"], []).append(row)
    out = []
    for kunci, default in BAWAAN.items():
        riwayat = per_kunci.get(kunci, [])
        berlaku = next((r for r in riwayat if r["berlaku_mulai"] <= pada), None)
        value = default.nilai if berlaku is None else _isi(berlaku)
        out.append({"kunci": kunci, "label": str(default.label), "satuan": str(SATUAN[default.satuan]),
                    "nilai": value, "bawaan": default.nilai,
                    "sumber": berlaku["sumber"] if berlaku else default.sumber,
                    "berlaku_mulai": berlaku["berlaku_mulai"] if berlaku else None,
                    "diubah": value != default.nilai, "riwayat": [{**r, "nilai": _isi(r)} for r in riwayat]})
    return out


async def jenis_boleh(jenis_kepegawaian: str, pada: date) -> list[str]:
    """The kinds of leave an employee of ``jenis_kepegawaian`` (PNS, CPNS, PPPK) may take on ``pada``."""
    if jenis_kepegawaian not in KEPEGAWAIAN:
        return []
    return list(await nilai(f"cuti.jenis.{jenis_kepegawaian}", pada))


def label(jenis: str) -> str:
    """The kind's name ("Cuti Tahunan"), in the reader's language."""
    found = JENIS.get(jenis)
    return str(found.label) if found else jenis
