"""The personnel file (data pegawai): reading a person's whole file, saving it with its checks, and
who may see whom.

The histories (pangkat, jabatan, KGB) are the one source of truth: the current rank and position are
their latest rows (by TMT). Whenever a save changes them, :func:`selaraskan` writes the core's summary
(the account's golongan, the position held and its retirement age) in the same transaction, so that the
core and the other plugins read what the file says.

Who sees a file: the employee their own; the Pengelola Kepegawaian (``kepegawaian.kelola``) the files
of the units their role covers (the Dinas: everyone); a unit head the people of the units they head,
with the units below. Nobody else: callers answer 404 for a file someone may not see.
"""

from __future__ import annotations

import re
from contextlib import asynccontextmanager
from datetime import date, datetime, timezone
from types import MappingProxyType

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from balai.api import (
    _, audit_record, format_date, lazy_gettext, org_units, page_number, reach, today, unit_heads, unit_tree,
)

from balai_kepegawaian.tables import Keluarga, Pegawai, Pendidikan, RiwayatJabatan, RiwayatKGB, RiwayatPangkat

KELOLA = "kepegawaian.kelola"
JENIS_PEMILIK = "kepegawaian_pegawai"  # the documents' owner type and the access log's record type
DATA_PRIBADI = "kepegawaian.pegawai"  # the kind of personal data declared (hook personal_data)
PER_HALAMAN = 25

JENIS_KEPEGAWAIAN = MappingProxyType({"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK"})
JENIS_KELAMIN = MappingProxyType({"L": lazy_gettext("Laki-laki"), "P": lazy_gettext("Perempuan")})
AGAMA = ("Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Khonghucu")
STATUS_KAWIN = MappingProxyType({"belum_kawin": lazy_gettext("Belum kawin"), "kawin": lazy_gettext("Kawin"),
                                 "cerai_hidup": lazy_gettext("Cerai hidup"), "cerai_mati": lazy_gettext("Cerai mati")})
JENIS_JABATAN = MappingProxyType({"struktural": lazy_gettext("Struktural"), "fungsional": lazy_gettext("Fungsional"),
                                  "pelaksana": lazy_gettext("Pelaksana")})
# Levels a jabatan of each kind may have: eselon for struktural, jenjang for fungsional.
JENJANG = MappingProxyType({
    "struktural": ("I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b"),
    "fungsional": ("ahli pertama", "ahli muda", "ahli madya", "ahli utama", "pemula", "terampil", "mahir",
                   "penyelia"),
    "pelaksana": ("",),
})
JENIS_KP = MappingProxyType({"pengangkatan": lazy_gettext("Pengangkatan CPNS/PNS"), "reguler": lazy_gettext("Reguler"),
                             "pilihan": lazy_gettext("Pilihan (jabatan)"), "penyesuaian": lazy_gettext("Penyesuaian ijazah")})
JENJANG_PENDIDIKAN = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
HUBUNGAN = MappingProxyType({"suami": lazy_gettext("Suami"), "istri": lazy_gettext("Istri"), "anak": lazy_gettext("Anak"),
                             "ayah": lazy_gettext("Ayah"), "ibu": lazy_gettext("Ibu"),
                             "mertua": lazy_gettext("Mertua")})
# PPPK are in golongan I–XVII (Perpres 98/2020), without a pangkat name.
GOLONGAN_PPPK = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                 "XVI", "XVII")

# Batas usia pensiun by kind and level of jabatan (PP 11/2017 art. 239, as quoted in REGULATIONS.md): the
# default of a new jabatan row, whose own ``bup`` the Pengelola may change.
BUP_BAWAAN = MappingProxyType({
    ("struktural", "pimpinan tinggi"): 60,
    ("struktural", "administrator"): 58,
    ("struktural", "pengawas"): 58,
    ("pelaksana", ""): 58,
    ("fungsional", "ahli pertama"): 58,
    ("fungsional", "ahli muda"): 58,
    ("fungsional", "ahli madya"): 60,
    ("fungsional", "ahli utama"): 65,
    ("fungsional", "keterampilan"): 58,
})
BUP_UMUM = 58  # UU 20/2023: the age for administrative positions, for a level the table does not name
_ESELON = {"I": "pimpinan tinggi", "II": "pimpinan tinggi", "III": "administrator", "IV": "pengawas", "V": "pengawas"}
_KETERAMPILAN = ("pemula", "terampil", "mahir", "penyelia", "keterampilan")


def bup_bawaan(jenis: str, jenjang: str = "") -> int:
    """The default retirement age of a jabatan: ``("struktural", "II.a")`` → 60, ``("fungsional",
    "ahli madya")`` → 60, ``("pelaksana", "")`` → 58. Eselon codes and the names of the levels are both
    understood; a level the table does not name gets the general 58."""
    jenis = (jenis or "").strip().lower()
    jenjang = (jenjang or "").strip().lower()
    if jenis == "struktural":
        eselon = jenjang.upper().split(".")[0]
        jenjang = _ESELON.get(eselon, jenjang)
    elif jenis == "fungsional" and jenjang in _KETERAMPILAN:
        jenjang = "keterampilan"
    elif jenis == "pelaksana":
        jenjang = ""
    return BUP_BAWAAN.get((jenis, jenjang), BUP_UMUM)


# --- reckoning ------------------------------------------------------------------------------------


def selisih(dari: date, sampai: date) -> tuple[int, int]:
    """Whole years and months from ``dari`` to ``sampai`` (0, 0 when ``sampai`` is before)."""
    if sampai < dari:
        return 0, 0
    bulan = (sampai.year - dari.year) * 12 + sampai.month - dari.month
    if sampai.day < dari.day:
        bulan -= 1
    return divmod(bulan, 12)


def tanggal_genap(lahir: date, tahun: int) -> date:
    """The day someone born on ``lahir`` is ``tahun`` years old (29 February: the 28th)."""
    try:
        return lahir.replace(year=lahir.year + tahun)
    except ValueError:
        return lahir.replace(year=lahir.year + tahun, day=28)


def tmt_pensiun(lahir: date, bup: int) -> date:
    """The first day of the month after the month the person reaches the BUP."""
    genap = tanggal_genap(lahir, bup)
    return date(genap.year + genap.month // 12, genap.month % 12 + 1, 1)


def label_pangkat(golongan: str) -> str:
    """"Penata Muda, III/a"; a PPPK's golongan on its own."""
    from balai.api import pangkat

    nama = pangkat(golongan or "")
    return f"{nama}, {golongan}" if nama else (golongan or "")


def nama_lengkap(p: dict) -> str:
    """The name as it is printed, degrees included: "Dr. Ir. Siti Rahma, M.Si"."""
    nama = " ".join(x for x in ((p.get("gelar_depan") or "").strip(), (p.get("nama") or "").strip()) if x)
    belakang = (p.get("gelar_belakang") or "").strip()
    return f"{nama}, {belakang}" if belakang else nama


def rupiah(n: int | None) -> str:
    """Rp3.034.900, as Indonesians write money."""
    return "" if n is None else "Rp" + f"{n:,}".replace(",", ".")


def format_nip(nip: str | None) -> str:
    d = nip or ""
    return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}" if len(d) == 18 else d


def terakhir(rows: list[dict]) -> dict | None:
    """The latest row of a history (greatest TMT, the newest entry among equals)."""
    return max(rows, key=lambda r: (r["tmt"], r["id"]), default=None)


def ringkasan(p: dict, pangkat: list[dict], jabatan: list[dict], kgb: list[dict], pada: date | None = None) -> dict:
    """What the file's header shows: current pangkat and jabatan, age, masa kerja, BUP, TMT pensiun."""
    pada = pada or today()
    pk, jb, gj = terakhir(pangkat), terakhir(jabatan), terakhir(kgb)
    bup = jb["bup"] if jb else None
    mkg = None
    if pk:
        # masa kerja golongan at the TMT of the rank, plus the time since
        t, b = selisih(pk["tmt"], pada)
        total = pk["mkg_tahun"] * 12 + pk["mkg_bulan"] + t * 12 + b
        mkg = divmod(total, 12)
    return {
        "nama_lengkap": nama_lengkap(p),
        "nip": format_nip(p.get("nip")),
        "pangkat": pk,
        "pangkat_label": label_pangkat(pk["golongan"]) if pk else "",
        "jabatan": jb,
        "kgb": gj,
        "usia": selisih(p["tanggal_lahir"], pada),
        "masa_kerja": selisih(p["tmt_cpns"], pada) if p.get("tmt_cpns") else None,
        "mkg": mkg,
        "bup": bup,
        "tmt_pensiun": tmt_pensiun(p["tanggal_lahir"], bup) if bup else None,
    }


# --- reading --------------------------------------------------------------------------------------


async def ambil(pegawai_id: int) -> dict | None:
    return await Pegawai.select().where(Pegawai.id == pegawai_id).first()


async def milik(user_id: int) -> dict | None:
    """The file of the account ``user_id``, or None."""
    return await Pegawai.select().where(Pegawai.user_id == user_id).first()


async def nama_unit() -> dict[int, str]:
    return {u["id"]: u["name"] for u in await org_units()}


_URUT = {
    "pangkat": (RiwayatPangkat, RiwayatPangkat.tmt),
    "jabatan": (RiwayatJabatan, RiwayatJabatan.tmt),
    "kgb": (RiwayatKGB, RiwayatKGB.tmt),
    "pendidikan": (Pendidikan, Pendidikan.tahun_lulus),
    "keluarga": (Keluarga, Keluarga.id),
}


async def riwayat(pegawai_id: int, bagian: str) -> list[dict]:
    """One history of a file, newest first (education: latest graduation first; family: as entered)."""
    table, urut = _URUT[bagian]
    query = table.select().where(table.pegawai == pegawai_id)
    if bagian == "keluarga":
        return await query.order_by(Keluarga.id)
    return await query.order_by(urut, ascending=False).order_by(table.id, ascending=False)


async def berkas(pegawai_id: int, pada: date | None = None) -> dict | None:
    """A person's whole file: identity, every history, the summary; None when there is none."""
    p = await ambil(pegawai_id)
    if p is None:
        return None
    parts = {bagian: await riwayat(pegawai_id, bagian) for bagian in _URUT}
    units = await nama_unit()
    for row in parts["jabatan"]:
        row["unit_nama"] = units.get(row["unit_id"], "")
    for row in parts["pangkat"] + parts["kgb"]:
        row["pangkat_label"] = label_pangkat(row["golongan"])
    for row in parts["kgb"]:
        row["gaji_label"] = rupiah(row["gaji_pokok"])
    return {"pegawai": p, "unit_nama": units.get(p["unit_id"], ""), **parts,
            "ringkasan": ringkasan(p, parts["pangkat"], parts["jabatan"], parts["kgb"], pada)}


# --- who may see whom -----------------------------------------------------------------------------


async def unit_dipimpin(user) -> set[int]:
    """The units ``user`` heads, each with the units below: by a ``kepala_*`` role (``reach``) or by
    holding the unit's head position (``unit_heads``: a unit without a head of its own is headed from
    above, as the superior chain says)."""
    units = set((await reach(user)).heads)
    tree = await unit_tree()
    for unit in sorted(tree.parent, key=lambda u: len(tree.up(u))):  # top down: a covered unit covers its subunits
        if unit not in units and user.id in await unit_heads(unit):
            units |= tree.below.get(unit, {unit})
    return units


async def cakupan(user) -> set[int] | None:
    """The units whose people ``user`` may see (None: every unit); empty for most staff."""
    kelola = user.units_for(KELOLA)
    if kelola is None:
        return None
    return set(kelola) | await unit_dipimpin(user)


def boleh_ubah(user, p: dict) -> bool:
    """Only the Pengelola Kepegawaian (over the person's unit) edits a file."""
    return user.can(KELOLA, p["unit_id"])


async def boleh_lihat(user, p: dict | None) -> bool:
    if p is None:
        return False
    if p["user_id"] is not None and p["user_id"] == user.id:
        return True
    if boleh_ubah(user, p):
        return True
    tree = await unit_tree()
    reached = (await reach(user)).heads
    for unit in tree.up(p["unit_id"]):
        if unit in reached or user.id in await unit_heads(unit):
            return True
    return False


async def daftar(user, *, q: str = "", unit_id: int | None = None, aktif: bool | None = True, page: int = 1,
                 per_page: int = PER_HALAMAN) -> tuple[list[dict], int]:
    """The people ``user`` may see, by name; each with the current pangkat and jabatan. (rows, total)"""
    units = await cakupan(user)
    where = []
    if units is not None:
        if not units:
            return [], 0
        where.append(Pegawai.unit_id.is_in(sorted(units)))
    if unit_id is not None:
        where.append(Pegawai.unit_id.is_in(sorted((await unit_tree()).below.get(unit_id, {unit_id}))))
    if aktif is not None:
        where.append(Pegawai.aktif == aktif)
    q = (q or "").strip()
    if q:
        digits = re.sub(r"\s", "", q)
        # SQLite's LIKE already ignores case (ASCII); ILIKE is PostgreSQL's, and SQLite warns about it.
        pattern = f"%{q}%"
        clause = Pegawai.nama.like(pattern) if isinstance(Pegawai._meta.db, SQLiteEngine) else Pegawai.nama.ilike(pattern)
        if digits.isdigit():
            clause |= Pegawai.nip.like(f"{digits}%")
        where.append(clause)
    query, count = Pegawai.select(), Pegawai.count()
    for clause in where:
        query, count = query.where(clause), count.where(clause)
    rows = await query.order_by(Pegawai.nama).order_by(Pegawai.id).limit(per_page).offset(
        (page_number(page) - 1) * per_page)
    await _tambah_terkini(rows)
    return rows, await count


async def semua(user, *, unit_id: int | None = None, aktif: bool | None = None) -> list[dict]:
    """Every person ``user`` may see (for an export), with the current pangkat and jabatan."""
    rows, total = await daftar(user, unit_id=unit_id, aktif=aktif, per_page=100_000)
    return rows


async def _tambah_terkini(rows: list[dict]) -> None:
    ids = [r["id"] for r in rows]
    if not ids:
        return
    pangkat: dict[int, list] = {}
    jabatan: dict[int, list] = {}
    for r in await RiwayatPangkat.select().where(RiwayatPangkat.pegawai.is_in(ids)):
        pangkat.setdefault(r["pegawai"], []).append(r)
    for r in await RiwayatJabatan.select().where(RiwayatJabatan.pegawai.is_in(ids)):
        jabatan.setdefault(r["pegawai"], []).append(r)
    units = await nama_unit()
    for row in rows:
        pk, jb = terakhir(pangkat.get(row["id"], [])), terakhir(jabatan.get(row["id"], []))
        row.update(nama_lengkap=nama_lengkap(row), nip_label=format_nip(row["nip"]), pangkat=pk, jabatan=jb,
                   pangkat_label=label_pangkat(pk["golongan"]) if pk else "", unit_nama=units.get(row["unit_id"], ""),
                   tmt_pensiun=tmt_pensiun(row["tanggal_lahir"], jb["bup"]) if jb else None)


# --- checking what was typed ------------------------------------------------------------------------


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
    if kelamin in JENIS_KELAMIN and nip.sex != kelamin:
        errors["jenis_kelamin"] = _(
            "Jenis kelamin tidak sesuai dengan NIP: digit ke-15 NIP (%(digit)s) menyatakan %(nip)s.",
            digit=nip.digits[14], nip=str(JENIS_KELAMIN[nip.sex]).lower())
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
    if kelamin in JENIS_KELAMIN and sex != kelamin:
        errors["jenis_kelamin"] = _(
            "Jenis kelamin tidak sesuai dengan NIP: digit ke-15 NIP (%(digit)s) menyatakan %(nip)s.",
            digit=digits[14], nip=str(JENIS_KELAMIN[sex]).lower())
    return digits


async def periksa_identitas(form: dict, pegawai_id: int | None = None) -> tuple[dict, dict]:
    """(values for the Pegawai row, errors by field) from a typed form."""
    errors: dict[str, str] = {}
    v = {name: _teks(form, name) for name in IDENTITAS}
    if not v["nama"]:
        errors["nama"] = _("Nama wajib diisi.")
    if v["jenis_kelamin"] not in JENIS_KELAMIN:
        errors["jenis_kelamin"] = _("Pilih laki-laki atau perempuan.")
    if v["jenis_kepegawaian"] not in JENIS_KEPEGAWAIAN:
        errors["jenis_kepegawaian"] = _("Pilih PNS, CPNS atau PPPK.")
    lahir = _tanggal(form, "tanggal_lahir", errors, wajib=True)
    if lahir and lahir > today():
        errors["tanggal_lahir"] = _("Tanggal lahir tidak boleh setelah hari ini.")
    tmt_cpns = _tanggal(form, "tmt_cpns", errors)
    tmt_pns = _tanggal(form, "tmt_pns", errors)
    if tmt_cpns and tmt_pns and tmt_pns < tmt_cpns:
        errors["tmt_pns"] = _("TMT PNS tidak boleh sebelum TMT CPNS.")
    if lahir and tmt_cpns and selisih(lahir, tmt_cpns)[0] < 18:
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
        units = await nama_unit()
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
    if v["status_kawin"] and v["status_kawin"] not in STATUS_KAWIN:
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

    return golongan in (GOLONGAN_PPPK if jenis_kepegawaian == "PPPK" else GOLONGAN)


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
    if jenis not in JENIS_KP:
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
    if jenis not in JENIS_JABATAN:
        errors["jenis"] = _("Pilih struktural, fungsional atau pelaksana.")
    elif jenis == "pelaksana":
        jenjang = ""
    elif jenjang not in JENJANG[jenis]:
        errors["jenjang"] = (_("Jabatan struktural memerlukan eselon (misalnya IV.a).") if jenis == "struktural"
                             else _("Jabatan fungsional memerlukan jenjang (misalnya ahli muda)."))
    unit_text = _teks(form, "unit_id")
    units = await nama_unit()
    unit_id = int(unit_text) if unit_text.isdigit() and int(unit_text) in units else None
    if unit_id is None:
        errors["unit_id"] = _("Pilih unit kerja jabatan ini.")
    tmt = _tanggal(form, "tmt", errors, wajib=True)
    if tmt and tmt < p["tanggal_lahir"]:
        errors["tmt"] = _("TMT tidak boleh sebelum tanggal lahir.")
    bup = _bilangan(form, "bup", errors, 50, 70, bup_bawaan(jenis, jenjang) if jenis in JENIS_JABATAN else BUP_UMUM)
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
    if jenjang not in JENJANG_PENDIDIKAN:
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
    if hubungan not in HUBUNGAN:
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


RIWAYAT = MappingProxyType({
    "pangkat": (RiwayatPangkat, _periksa_pangkat),
    "jabatan": (RiwayatJabatan, _periksa_jabatan),
    "kgb": (RiwayatKGB, _periksa_kgb),
    "pendidikan": (Pendidikan, _periksa_pendidikan),
    "keluarga": (Keluarga, _periksa_keluarga),
})
BAGIAN = MappingProxyType({
    "identitas": lazy_gettext("Identitas"), "pangkat": lazy_gettext("Riwayat pangkat/golongan"),
    "jabatan": lazy_gettext("Riwayat jabatan"), "kgb": lazy_gettext("Riwayat gaji berkala (KGB)"),
    "pendidikan": lazy_gettext("Pendidikan"), "keluarga": lazy_gettext("Keluarga"),
    "arsip": lazy_gettext("Arsip dokumen"),
})


# --- writing --------------------------------------------------------------------------------------


@asynccontextmanager
async def transaksi():
    """One write transaction; on SQLite taken IMMEDIATE so that two writers queue instead of failing."""
    db = Pegawai._meta.db
    if isinstance(db, SQLiteEngine):
        async with db.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with db.transaction():
            yield


async def _kunci(pegawai_id: int) -> dict | None:
    """Bump the file's version: the row lock makes every other writer of this file wait (PostgreSQL)."""
    await Pegawai.update({Pegawai.versi: Pegawai.versi + 1}).where(Pegawai.id == pegawai_id)
    return await ambil(pegawai_id)


def _bisa_diedit(user, p: dict | None) -> dict:
    if p is None:
        raise Ditolak(_("Data pegawai tidak ditemukan."), 404)
    if user is not None and not boleh_ubah(user, p):
        raise Ditolak(_("Hanya Pengelola Kepegawaian yang dapat mengubah data pegawai."), 403)
    return p


async def simpan_identitas(user, form: dict, pegawai_id: int | None = None, *, ip: str = "") -> int:
    """Create a file (``pegawai_id`` None) or change its identity; returns its id. Raises :class:`Ditolak`."""
    if pegawai_id is not None:
        _bisa_diedit(user, await ambil(pegawai_id))
    values, errors = await periksa_identitas(form, pegawai_id)
    if errors:
        raise Ditolak(errors)
    if pegawai_id is None and user is not None and not user.can(KELOLA, values["unit_id"]):
        raise Ditolak({"unit_id": _("Anda tidak mengelola pegawai unit ini.")}, 403)
    async with transaksi():
        if pegawai_id is None:
            rows = await Pegawai.insert(Pegawai(**values)).returning(Pegawai.id)
            pegawai_id = rows[0]["id"]
            before = {}
        else:
            before = _bisa_diedit(user, await _kunci(pegawai_id))
            if (await riwayat(pegawai_id, "jabatan")) and "unit_id" in values:
                values.pop("unit_id")  # the unit follows the latest jabatan once there is one
            await Pegawai.update({**{getattr(Pegawai, k): v for k, v in values.items()},
                                  Pegawai.diubah_at: _sekarang()}).where(Pegawai.id == pegawai_id)
        await selaraskan(pegawai_id)
        changed = sorted(k for k, v in values.items() if before.get(k) != v)
        await audit_record(user, "kepegawaian.identitas", JENIS_PEMILIK, pegawai_id, {"diubah": changed}, ip)
    return pegawai_id


async def simpan_riwayat(user, pegawai_id: int, bagian: str, form: dict, riwayat_id: int | None = None, *,
                         ip: str = "") -> int:
    """Add (``riwayat_id`` None) or correct one row of a history; returns the row's id. Raises :class:`Ditolak`."""
    if bagian not in RIWAYAT:
        raise Ditolak(_("Bagian data tidak dikenal."), 404)
    table, periksa = RIWAYAT[bagian]
    p = _bisa_diedit(user, await ambil(pegawai_id))
    if riwayat_id is not None and not await table.exists().where((table.id == riwayat_id) & (table.pegawai == pegawai_id)):
        raise Ditolak(_("Baris riwayat tidak ditemukan."), 404)
    errors: dict[str, str] = {}
    values = await periksa(form, p, errors, riwayat_id)
    if errors:
        raise Ditolak(errors)
    async with transaksi():
        _bisa_diedit(user, await _kunci(pegawai_id))
        if riwayat_id is None:
            rows = await table.insert(table(pegawai=pegawai_id, **values)).returning(table.id)
            riwayat_id = rows[0]["id"]
        else:
            await table.update({getattr(table, k): v for k, v in values.items()}).where(table.id == riwayat_id)
        await Pegawai.update({Pegawai.diubah_at: _sekarang()}).where(Pegawai.id == pegawai_id)
        await selaraskan(pegawai_id)
        await audit_record(user, f"kepegawaian.{bagian}", JENIS_PEMILIK, pegawai_id,
                           {"baris": riwayat_id, "nilai": _polos(values)}, ip)
    return riwayat_id


async def hapus_riwayat(user, pegawai_id: int, bagian: str, riwayat_id: int, *, ip: str = "") -> None:
    if bagian not in RIWAYAT:
        raise Ditolak(_("Bagian data tidak dikenal."), 404)
    table, _periksa = RIWAYAT[bagian]
    _bisa_diedit(user, await ambil(pegawai_id))
    async with transaksi():
        _bisa_diedit(user, await _kunci(pegawai_id))
        row = await table.select().where((table.id == riwayat_id) & (table.pegawai == pegawai_id)).first()
        if row is None:
            raise Ditolak(_("Baris riwayat tidak ditemukan."), 404)
        await table.delete().where(table.id == riwayat_id)
        await selaraskan(pegawai_id)
        await audit_record(user, f"kepegawaian.{bagian}.hapus", JENIS_PEMILIK, pegawai_id,
                           {"baris": riwayat_id, "nilai": _polos(row)}, ip)


async def selaraskan(pegawai_id: int) -> None:
    """Keep the core's summary in step with the file's latest rows (inside the caller's transaction):
    the file's unit follows the latest jabatan; the account (created from the NIP when missing) holds
    that jabatan's position with its BUP, and carries the latest golongan."""
    from balai.api import GOLONGAN, provision_person, update_person

    p = await ambil(pegawai_id)
    pk = terakhir(await riwayat(pegawai_id, "pangkat"))
    jb = terakhir(await riwayat(pegawai_id, "jabatan"))
    golongan = pk["golongan"] if pk and pk["golongan"] in GOLONGAN else ""
    if jb and jb["unit_id"] != p["unit_id"]:
        await Pegawai.update({Pegawai.unit_id: jb["unit_id"]}).where(Pegawai.id == pegawai_id)
    user_id = p["user_id"]
    if jb and p["nip"] and p["jenis_kepegawaian"] in ("PNS", "CPNS"):
        user_id = await provision_person(
            nip=p["nip"], full_name=nama_lengkap(p), unit_id=jb["unit_id"], position_name=jb["nama_jabatan"],
            is_head=jb["jenis"] == "struktural", golongan=golongan,
            eselon=jb["jenjang"] if jb["jenis"] == "struktural" else "", retirement_age=jb["bup"])
        if user_id != p["user_id"]:
            await Pegawai.update({Pegawai.user_id: user_id}).where(Pegawai.id == pegawai_id)
    if user_id is not None:
        await update_person(user_id, golongan=golongan, retirement_age=jb["bup"] if jb else None)


def _sekarang() -> datetime:
    return datetime.now(timezone.utc)


def _polos(values: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


# --- personal data (UU 27/2022) ---------------------------------------------------------------------


def data_pribadi() -> list:
    """The declaration of the personnel file as personal data: its fields, the archive's document kinds
    (kept: no retention deletes a civil servant's SK), the correction cases, and the export."""
    from balai.api import PersonalData

    from balai_kepegawaian import arsip

    return [PersonalData(
        DATA_PRIBADI, lazy_gettext("Data kepegawaian: identitas, riwayat, keluarga dan arsip dokumen pribadi"),
        fields=("nip", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "agama", "status_kawin", "alamat",
                "telepon", "email", "keluarga", "pendidikan", "bagian", "uraian"),
        document_kinds=arsip.KINDS, retention_days=None, sops=("kepegawaian.koreksi",), export=ekspor_subjek)]


async def ekspor_subjek(subject) -> list[dict]:
    """A person's file for their data export (``balai.api.DataSubject``: found by the account)."""
    from balai_kepegawaian import arsip

    p = await milik(subject.user_id) if subject.user_id else None
    if p is None:
        return []
    b = await berkas(p["id"])
    documents = [{k: d[k] for k in ("jenis", "tahun", "tanggal", "nomor", "keterangan", "filename", "versi")}
                 for d in await arsip.dokumen_pegawai(p["id"])]
    return [_polos_dalam({"jenis": DATA_PRIBADI, "pegawai": p, **{k: b[k] for k in _URUT}, "arsip": documents})]


def _polos_dalam(value):
    if isinstance(value, dict):
        return {k: _polos_dalam(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_polos_dalam(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
