"""The checks of the personnel file: what the Pengelola (or an import) typed, read into the values of a
row, with a reason in the reader's language for each field that cannot be used.

:func:`periksa_identitas` checks a person's identity — the NIP against the birth date, sex and TMT CPNS
typed beside it, an NI PPPK against the birth date and sex — and :data:`RIWAYAT` maps each history to its
table and its check. Nothing here writes; :mod:`balai_kepegawaian.pegawai` saves what passes, and
imports this module (import it through ``pegawai``: the two refer to each other).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from types import MappingProxyType

from balai.api import _, format_date, today

from balai_kepegawaian import pegawai as pg  # the catalogue of kinds and levels (read when a check runs)
from balai_kepegawaian.tables import (
    HukumanDisiplin, Keluarga, Pegawai, PenilaianKinerja, Pendidikan, PenundaanKGB, RiwayatJabatan, RiwayatKGB,
    RiwayatPangkat,
)


class Ditolak(Exception):
    """A save that cannot be done; ``errors`` by field, in the reader's language; ``status`` for HTTP."""

    def __init__(self, errors: dict[str, str] | str, status: int = 400):
        self.errors = errors if isinstance(errors, dict) else {"_": errors}
        self.status = status
        super().__init__(" ".join(str(v) for v in self.errors.values()))


def _teks(form: dict, name: str) -> str:
    value = form.get(name)
    return "" if value is None else str(value).strip()


def baca_tanggal(value) -> date | None:
    """A date typed as 2026-03-14 (a date input), 14-03-2026 or 14/03/2026; None when empty.
    Raises ValueError with the reason."""
    if isinstance(value, datetime):  # an XLSX date cell
        return value.date()
    if isinstance(value, date):
        return value
    text = ("" if value is None else str(value)).strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text) \
        or re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if match:
        a, b, c = (int(x) for x in match.groups())
        y, m, d = (a, b, c) if a > 31 else (c, b, a)
        try:
            return date(y, m, d)
        except ValueError:
            pass
    raise ValueError(_("Tanggal tidak sah; tulis sebagai TTTT-BB-HH, misalnya 1985-03-14."))


def _tanggal(form: dict, name: str, errors: dict, wajib: bool = False) -> date | None:
    try:
        value = baca_tanggal(form.get(name))
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if value is None and wajib:
        errors[name] = _("Wajib diisi.")
    elif value is not None and not date(1900, 1, 1) <= value <= date(2200, 12, 31):
        errors[name] = _("Tanggal di luar rentang yang masuk akal.")
        return None
    return value


def _bilangan(form: dict, name: str, errors: dict, lo: int, hi: int, bawaan: int | None = None) -> int | None:
    text = _teks(form, name)
    if not text:
        if bawaan is None:
            errors[name] = _("Wajib diisi.")
        return bawaan
    text = text.replace(".", "") if name == "gaji_pokok" else text  # "3.034.900" as Indonesians write it
    if not re.fullmatch(r"\d{1,12}", text) or not lo <= int(text) <= hi:
        errors[name] = _("Harus bilangan bulat antara %(lo)s dan %(hi)s.", lo=lo, hi=hi)
        return None
    return int(text)


def _panjang(values: dict, limits: dict, errors: dict) -> None:
    for name, limit in limits.items():
        if len(values.get(name) or "") > limit:
            errors.setdefault(name, _("Paling banyak %(n)s karakter.", n=limit))


IDENTITAS = ("nip", "gelar_depan", "nama", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "agama",
             "status_kawin", "jenis_kepegawaian", "tmt_cpns", "tmt_pns", "unit_id", "alamat", "telepon", "email", "aktif")


def periksa_nip(nip_text: str, lahir: date | None, kelamin: str, tmt_cpns: date | None, errors: dict) -> str | None:
    """The NIP's 18 digits, checked against the birth date, sex and TMT CPNS typed beside it."""
    from balai.api import parse_nip

    try:
        nip = parse_nip(nip_text)
    except ValueError as exc:
        errors["nip"] = str(exc)
        return None
    if lahir is not None and nip.birth_date != lahir:
        errors["tanggal_lahir"] = _(
            "Tanggal lahir tidak sesuai dengan NIP: 8 digit pertama NIP menyatakan %(nip)s, yang diisi %(isi)s.",
            nip=format_date(nip.birth_date, "long"), isi=format_date(lahir, "long"))
    if kelamin in pg.JENIS_KELAMIN and nip.sex != kelamin:
        errors["jenis_kelamin"] = _(
            "Jenis kelamin tidak sesuai dengan NIP: digit ke-15 NIP (%(digit)s) menyatakan %(nip)s.",
            digit=nip.digits[14], nip=str(pg.JENIS_KELAMIN[nip.sex]).lower())
    if tmt_cpns is not None and (tmt_cpns.year, tmt_cpns.month) != nip.tmt_cpns:
        errors["tmt_cpns"] = _(
            "TMT CPNS tidak sesuai dengan NIP: digit 9–14 NIP menyatakan %(bulan)02d/%(tahun)s.",
            bulan=nip.tmt_cpns[1], tahun=nip.tmt_cpns[0])
    return nip.digits


def periksa_ni_pppk(text: str, lahir: date | None, kelamin: str, errors: dict) -> str | None:
    """An NI PPPK: 18 digits like a NIP (birth date, the year of appointment, sex, serial), but its digits
    13–14 are not a month ("21" is common), so only the birth date, the year and the sex are checked."""
    digits = re.sub(r"[\s.]", "", text or "")
    if not re.fullmatch(r"\d{18}", digits):
        errors["nip"] = _("NI PPPK harus 18 digit angka.")
        return None
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        errors["nip"] = _("NI PPPK tidak sah: 8 digit pertama harus tanggal lahir (TTTTBBHH).")
        return None
    if int(digits[8:12]) < born.year + 15 or digits[14] not in "12":
        errors["nip"] = _("NI PPPK tidak sah: digit 9–12 harus tahun pengangkatan dan digit ke-15 jenis kelamin.")
        return None
    if lahir is not None and born != lahir:
        errors["tanggal_lahir"] = _(
            "Tanggal lahir tidak sesuai dengan NI PPPK: 8 digit pertamanya menyatakan %(nip)s, yang diisi %(isi)s.",
            nip=format_date(born, "long"), isi=format_date(lahir, "long"))
    sex = "L" if digits[14] == "1" else "P"
    if kelamin in pg.JENIS_KELAMIN and sex != kelamin:
        errors["jenis_kelamin"] = _(
            "Jenis kelamin tidak sesuai dengan NIP: digit ke-15 NIP (%(digit)s) menyatakan %(nip)s.",
            digit=digits[14], nip=str(pg.JENIS_KELAMIN[sex]).lower())
    return digits


async def periksa_identitas(form: dict, pegawai_id: int | None = None) -> tuple[dict, dict]:
    """(values for the Pegawai row, errors by field) from a typed form."""
    errors: dict[str, str] = {}
    v = {name: _teks(form, name) for name in IDENTITAS}
    if not v["nama"]:
        errors["nama"] = _("Nama wajib diisi.")
    if v["jenis_kelamin"] not in pg.JENIS_KELAMIN:
        errors["jenis_kelamin"] = _("Pilih laki-laki atau perempuan.")
    if v["jenis_kepegawaian"] not in pg.JENIS_KEPEGAWAIAN:
        errors["jenis_kepegawaian"] = _("Pilih PNS, CPNS atau PPPK.")
    lahir = _tanggal(form, "tanggal_lahir", errors, wajib=True)
    if lahir and lahir > today():
        errors["tanggal_lahir"] = _("Tanggal lahir tidak boleh setelah hari ini.")
    tmt_cpns = _tanggal(form, "tmt_cpns", errors)
    tmt_pns = _tanggal(form, "tmt_pns", errors)
    if tmt_cpns and tmt_pns and tmt_pns < tmt_cpns:
        errors["tmt_pns"] = _("TMT PNS tidak boleh sebelum TMT CPNS.")
    if lahir and tmt_cpns and pg.selisih(lahir, tmt_cpns)[0] < 18:
        errors.setdefault("tmt_cpns", _("TMT CPNS harus setelah pegawai berusia 18 tahun."))
    if v["jenis_kepegawaian"] == "PNS" and not tmt_pns:
        errors.setdefault("tmt_pns", _("TMT PNS wajib diisi untuk PNS."))
    nip = None
    if v["nip"] and v["jenis_kepegawaian"] == "PPPK":
        nip = periksa_ni_pppk(v["nip"], lahir, v["jenis_kelamin"], errors)
    elif v["nip"]:
        nip = periksa_nip(v["nip"], lahir, v["jenis_kelamin"], tmt_cpns, errors)
    elif v["jenis_kepegawaian"] in ("PNS", "CPNS"):
        errors["nip"] = _("NIP wajib diisi untuk PNS dan CPNS.")
    if nip:
        other = await Pegawai.select(Pegawai.id, Pegawai.nama).where(Pegawai.nip == nip).first()
        if other and other["id"] != pegawai_id:
            errors["nip"] = _("NIP ini sudah dipakai oleh %(nama)s.", nama=other["nama"])
    unit_id = None
    if v["unit_id"]:
        units = await pg.nama_unit()
        unit_id = int(v["unit_id"]) if v["unit_id"].isdigit() and int(v["unit_id"]) in units else None
        if unit_id is None:
            errors["unit_id"] = _("Unit tidak ditemukan.")
    elif pegawai_id is None:
        errors["unit_id"] = _("Pilih unit kerja.")
    if v["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v["email"]):
        errors["email"] = _("Alamat e-mail tidak sah.")
    if v["telepon"] and not re.fullmatch(r"[0-9+()\- ]{6,32}", v["telepon"]):
        errors["telepon"] = _("Nomor telepon hanya berisi angka, spasi, +, -, ( dan ).")
    _panjang(v, {"gelar_depan": 40, "nama": 200, "gelar_belakang": 60, "tempat_lahir": 100, "agama": 20,
                 "status_kawin": 20, "telepon": 32, "email": 200, "alamat": 2000}, errors)
    if v["status_kawin"] and v["status_kawin"] not in pg.STATUS_KAWIN:
        errors["status_kawin"] = _("Pilih salah satu status perkawinan.")
    values = {
        "nip": nip, "gelar_depan": v["gelar_depan"], "nama": v["nama"], "gelar_belakang": v["gelar_belakang"],
        "tempat_lahir": v["tempat_lahir"], "tanggal_lahir": lahir, "jenis_kelamin": v["jenis_kelamin"],
        "agama": v["agama"], "status_kawin": v["status_kawin"], "jenis_kepegawaian": v["jenis_kepegawaian"],
        "tmt_cpns": tmt_cpns, "tmt_pns": tmt_pns, "alamat": v["alamat"], "telepon": v["telepon"], "email": v["email"],
        "aktif": v["aktif"].lower() not in ("0", "false", "tidak"),  # a select (1/0); absent: active
    }
    if unit_id is not None:
        values["unit_id"] = unit_id
    return values, errors


def _golongan_sah(golongan: str, jenis_kepegawaian: str) -> bool:
    from balai.api import GOLONGAN

    return golongan in (pg.GOLONGAN_PPPK if jenis_kepegawaian == "PPPK" else GOLONGAN)


async def _periksa_pangkat(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    golongan = _teks(form, "golongan")
    if not _golongan_sah(golongan, p["jenis_kepegawaian"]):
        errors["golongan"] = _("Golongan tidak dikenal; pilih dari daftar (misalnya III/a).")
    tmt = _tanggal(form, "tmt", errors, wajib=True)
    if tmt and tmt < p["tanggal_lahir"]:
        errors["tmt"] = _("TMT tidak boleh sebelum tanggal lahir.")
    elif tmt and p["tmt_cpns"] and tmt < p["tmt_cpns"]:
        errors["tmt"] = _("TMT pangkat tidak boleh sebelum TMT CPNS.")
    jenis = _teks(form, "jenis") or "reguler"
    if jenis not in pg.JENIS_KP:
        errors["jenis"] = _("Jenis kenaikan pangkat tidak dikenal.")
    values = {"golongan": golongan, "tmt": tmt, "nomor_sk": _teks(form, "nomor_sk"),
              "tanggal_sk": _tanggal(form, "tanggal_sk", errors), "jenis": jenis,
              "mkg_tahun": _bilangan(form, "mkg_tahun", errors, 0, 50, 0),
              "mkg_bulan": _bilangan(form, "mkg_bulan", errors, 0, 11, 0)}
    _panjang(values, {"nomor_sk": 100}, errors)
    if tmt and not errors:
        same = await RiwayatPangkat.select(RiwayatPangkat.id).where(
            (RiwayatPangkat.pegawai == p["id"]) & (RiwayatPangkat.golongan == golongan) & (RiwayatPangkat.tmt == tmt))
        if any(r["id"] != riwayat_id for r in same):
            errors["golongan"] = _("Pangkat ini dengan TMT yang sama sudah tercatat.")
    return values


async def _periksa_jabatan(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    nama = _teks(form, "nama_jabatan")
    if not nama:
        errors["nama_jabatan"] = _("Nama jabatan wajib diisi.")
    jenis = _teks(form, "jenis")
    jenjang = _teks(form, "jenjang")
    if jenis not in pg.JENIS_JABATAN:
        errors["jenis"] = _("Pilih struktural, fungsional atau pelaksana.")
    elif jenis == "pelaksana":
        jenjang = ""
    elif jenjang not in pg.JENJANG[jenis]:
        errors["jenjang"] = (_("Jabatan struktural memerlukan eselon (misalnya IV.a).") if jenis == "struktural"
                             else _("Jabatan fungsional memerlukan jenjang (misalnya ahli muda)."))
    unit_text = _teks(form, "unit_id")
    units = await pg.nama_unit()
    unit_id = int(unit_text) if unit_text.isdigit() and int(unit_text) in units else None
    if unit_id is None:
        errors["unit_id"] = _("Pilih unit kerja jabatan ini.")
    tmt = _tanggal(form, "tmt", errors, wajib=True)
    if tmt and tmt < p["tanggal_lahir"]:
        errors["tmt"] = _("TMT tidak boleh sebelum tanggal lahir.")
    bup = _bilangan(form, "bup", errors, 50, 70, pg.bup_bawaan(jenis, jenjang) if jenis in pg.JENIS_JABATAN else pg.BUP_UMUM)
    values = {"nama_jabatan": nama, "jenis": jenis, "jenjang": jenjang, "unit_id": unit_id, "tmt": tmt,
              "nomor_sk": _teks(form, "nomor_sk"), "tanggal_sk": _tanggal(form, "tanggal_sk", errors), "bup": bup}
    _panjang(values, {"nama_jabatan": 200, "nomor_sk": 100}, errors)
    return values


async def _periksa_kgb(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    tmt = _tanggal(form, "tmt", errors, wajib=True)
    if tmt and p["tmt_cpns"] and tmt < p["tmt_cpns"]:
        errors["tmt"] = _("TMT KGB tidak boleh sebelum TMT CPNS.")
    golongan = _teks(form, "golongan")
    if golongan and not _golongan_sah(golongan, p["jenis_kepegawaian"]):
        errors["golongan"] = _("Golongan tidak dikenal; pilih dari daftar (misalnya III/a).")
    values = {"tmt": tmt, "golongan": golongan, "gaji_pokok": _bilangan(form, "gaji_pokok", errors, 1, 100_000_000),
              "mkg_tahun": _bilangan(form, "mkg_tahun", errors, 0, 50, 0),
              "mkg_bulan": _bilangan(form, "mkg_bulan", errors, 0, 11, 0),
              "nomor_sk": _teks(form, "nomor_sk"), "tanggal_sk": _tanggal(form, "tanggal_sk", errors)}
    _panjang(values, {"nomor_sk": 100}, errors)
    return values


async def _periksa_pendidikan(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    jenjang = _teks(form, "jenjang")
    if jenjang not in pg.JENJANG_PENDIDIKAN:
        errors["jenjang"] = _("Pilih jenjang pendidikan.")
    sekolah = _teks(form, "nama_sekolah")
    if not sekolah:
        errors["nama_sekolah"] = _("Nama sekolah atau perguruan tinggi wajib diisi.")
    tahun = _bilangan(form, "tahun_lulus", errors, p["tanggal_lahir"].year + 5, today().year)
    values = {"jenjang": jenjang, "nama_sekolah": sekolah, "jurusan": _teks(form, "jurusan"), "tahun_lulus": tahun,
              "nomor_ijazah": _teks(form, "nomor_ijazah")}
    _panjang(values, {"nama_sekolah": 200, "jurusan": 200, "nomor_ijazah": 100}, errors)
    return values


async def _periksa_keluarga(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    hubungan = _teks(form, "hubungan")
    if hubungan not in pg.HUBUNGAN:
        errors["hubungan"] = _("Pilih hubungan keluarga.")
    nama = _teks(form, "nama")
    if not nama:
        errors["nama"] = _("Nama wajib diisi.")
    lahir = _tanggal(form, "tanggal_lahir", errors)
    if lahir and lahir > today():
        errors["tanggal_lahir"] = _("Tanggal lahir tidak boleh setelah hari ini.")
    anak_ke = None
    if _teks(form, "anak_ke"):
        anak_ke = _bilangan(form, "anak_ke", errors, 1, 30)
        if hubungan != "anak":
            errors["anak_ke"] = _("Urutan kelahiran hanya untuk anak.")
    values = {"hubungan": hubungan, "nama": nama, "tanggal_lahir": lahir, "anak_ke": anak_ke,
              "tanggungan": _teks(form, "tanggungan") in ("1", "on", "true", "ya")}
    _panjang(values, {"nama": 200}, errors)
    return values


async def _periksa_kinerja(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    tahun = _bilangan(form, "tahun", errors, 1970, today().year)
    predikat = _teks(form, "predikat")
    if predikat not in pg.PREDIKAT:
        errors["predikat"] = _("Pilih predikat kinerja.")
    if tahun and not errors:
        same = await PenilaianKinerja.select(PenilaianKinerja.id).where(
            (PenilaianKinerja.pegawai == p["id"]) & (PenilaianKinerja.tahun == tahun))
        if any(r["id"] != riwayat_id for r in same):
            errors["tahun"] = _("Predikat kinerja tahun ini sudah tercatat; ubah baris yang ada.")
    return {"tahun": tahun, "predikat": predikat}


async def _periksa_hukdis(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    tingkat = _teks(form, "tingkat")
    if tingkat not in pg.TINGKAT_HUKDIS:
        errors["tingkat"] = _("Pilih tingkat hukuman disiplin.")
    jenis = _teks(form, "jenis")
    if not jenis:
        errors["jenis"] = _("Jenis hukuman wajib diisi (misalnya teguran tertulis).")
    mulai = _tanggal(form, "mulai", errors, wajib=True)
    selesai = _tanggal(form, "selesai", errors)
    if mulai and selesai and selesai < mulai:
        errors["selesai"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    values = {"tingkat": tingkat, "jenis": jenis, "mulai": mulai, "selesai": selesai,
              "nomor_sk": _teks(form, "nomor_sk"), "tanggal_sk": _tanggal(form, "tanggal_sk", errors)}
    _panjang(values, {"jenis": 200, "nomor_sk": 100}, errors)
    return values


async def _periksa_penundaan(form: dict, p: dict, errors: dict, riwayat_id: int | None) -> dict:
    # PP 7/1977 art. 13: a raise is postponed for at most one year at a time, with written reasons.
    tmt = _tanggal(form, "tmt_semula", errors, wajib=True)
    bulan = _bilangan(form, "bulan", errors, 1, 12)
    alasan = _teks(form, "alasan")
    if not alasan:
        errors["alasan"] = _("Alasan penundaan wajib diisi.")
    values = {"tmt_semula": tmt, "bulan": bulan, "alasan": alasan, "nomor_sk": _teks(form, "nomor_sk")}
    _panjang(values, {"nomor_sk": 100, "alasan": 2000}, errors)
    if tmt and not errors:
        same = await PenundaanKGB.select(PenundaanKGB.id).where(
            (PenundaanKGB.pegawai == p["id"]) & (PenundaanKGB.tmt_semula == tmt))
        if any(r["id"] != riwayat_id for r in same):
            errors["tmt_semula"] = _("KGB dengan TMT ini sudah ditunda; ubah baris yang ada, atau tunda dari TMT barunya.")
    return values


RIWAYAT = MappingProxyType({
    "pangkat": (RiwayatPangkat, _periksa_pangkat),
    "jabatan": (RiwayatJabatan, _periksa_jabatan),
    "kgb": (RiwayatKGB, _periksa_kgb),
    "pendidikan": (Pendidikan, _periksa_pendidikan),
    "keluarga": (Keluarga, _periksa_keluarga),
    "kinerja": (PenilaianKinerja, _periksa_kinerja),
    "hukdis": (HukumanDisiplin, _periksa_hukdis),
    "penundaan": (PenundaanKGB, _periksa_penundaan),
})
