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
from datetime import date, datetime, timezone
from types import MappingProxyType

from piccolo.engine.sqlite import SQLiteEngine

from balai.api import (
    _, audit_record, lazy_gettext, org_units, page_number, reach, today, unit_tree, write_transaction,
)

from balai_kepegawaian.tables import (
    HukumanDisiplin, Keluarga, Pegawai, PenilaianKinerja, Pendidikan, PenundaanKGB, RiwayatJabatan, RiwayatKGB,
    RiwayatPangkat,
)

# The checks live beside this module and read its catalogue when they run; kept importable from here.
from balai_kepegawaian.pegawai_periksa import (  # noqa: E402,F401
    IDENTITAS, RIWAYAT, Ditolak, baca_tanggal, periksa_identitas, periksa_ni_pppk, periksa_nip,
)

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
# Predikat kinerja of the SKP (PermenPANRB 6/2022); KGB and KP need "baik" or better.
PREDIKAT = MappingProxyType({
    "sangat_baik": lazy_gettext("Sangat Baik"), "baik": lazy_gettext("Baik"),
    "butuh_perbaikan": lazy_gettext("Butuh Perbaikan"), "kurang": lazy_gettext("Kurang"),
    "sangat_kurang": lazy_gettext("Sangat Kurang"),
})
TINGKAT_HUKDIS = MappingProxyType({"ringan": lazy_gettext("Ringan"), "sedang": lazy_gettext("Sedang"),
                                   "berat": lazy_gettext("Berat")})

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
    "kinerja": (PenilaianKinerja, PenilaianKinerja.tahun),
    "hukdis": (HukumanDisiplin, HukumanDisiplin.mulai),
    "penundaan": (PenundaanKGB, PenundaanKGB.tmt_semula),
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
    from balai_kepegawaian import prakiraan

    return {"pegawai": p, "unit_nama": units.get(p["unit_id"], ""), **parts,
            "ringkasan": ringkasan(p, parts["pangkat"], parts["jabatan"], parts["kgb"], pada),
            "jadwal": await prakiraan.satu_orang(p, parts, pada or today())}


# --- who may see whom -----------------------------------------------------------------------------


async def unit_dipimpin(user) -> set[int]:
    """The units ``user`` heads (by a ``kepala_*`` role or by holding the unit's head position), each
    with the units below."""
    return set((await reach(user)).heads)


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
    return p["unit_id"] in await unit_dipimpin(user)


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


BAGIAN = MappingProxyType({
    "identitas": lazy_gettext("Identitas"), "pangkat": lazy_gettext("Riwayat pangkat/golongan"),
    "jabatan": lazy_gettext("Riwayat jabatan"), "kgb": lazy_gettext("Riwayat gaji berkala (KGB)"),
    "pendidikan": lazy_gettext("Pendidikan"), "keluarga": lazy_gettext("Keluarga"),
    "kinerja": lazy_gettext("Predikat kinerja (SKP)"), "hukdis": lazy_gettext("Hukuman disiplin"),
    "penundaan": lazy_gettext("Penundaan KGB"),
    "arsip": lazy_gettext("Arsip dokumen"),
})


# --- writing --------------------------------------------------------------------------------------


# One write transaction, joining the caller's; on SQLite taken IMMEDIATE, so that writers queue
# instead of failing when another committed in between (the core's).
transaksi = write_transaction


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
