"""The asset register (BMD): the code list, buildings and rooms, assets and their events.

Every write goes through :func:`balai.api.write_transaction`: an asset and its first event, a change
and its event, are written together or not at all. Register numbers come from ``NomorRegister`` with
an ``UPDATE … RETURNING`` inside that transaction (the row lock makes concurrent registrations of the
same code wait their turn; on SQLite the transaction holds the write lock from its start).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from balai.api import _, today, too_long, write_transaction

from balai_bmd import kib
from balai_bmd.tables import Aset, AsetPeristiwa, Gedung, KodeBarang, NomorRegister, Ruang

KODEFIKASI = Path(__file__).parent / "data" / "kodefikasi.csv"
# Segment widths of the 7 levels: Akun.Kelompok.Jenis.Objek.RincianObjek.SubRincian.SubSubRincian
LEBAR = (1, 1, 1, 2, 2, 2, 3)
MAKS_NILAI = 10**15  # a thousand trillion rupiah: beyond any single asset, within BigInt


class BmdError(Exception):
    """Input that cannot be written: ``errors`` maps a form field to its message (Indonesian first)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        self.messages = list(errors.values())


# -- the code list -------------------------------------------------------------------------------

def baca_kodefikasi(path: Path = KODEFIKASI) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [{"kode": r["kode"], "uraian": r["uraian"], "sumber": r["sumber"]}
            for r in csv.DictReader(lines, delimiter=";")]


def tingkat(kode: str) -> int | None:
    """The level of a well-formed code (1..7), None when its segments are not the kodefikasi's."""
    parts = kode.split(".")
    if not 1 <= len(parts) <= 7:
        return None
    for part, width in zip(parts, LEBAR):
        if not re.fullmatch(rf"\d{{{width}}}", part):
            return None
    return len(parts)


async def muat_kodefikasi() -> int:
    """Load the shipped code list (idempotent: codes already there are kept as they are)."""
    have = {r["kode"] for r in await KodeBarang.select(KodeBarang.kode)}
    rows = [KodeBarang(kode=r["kode"], uraian=r["uraian"], tingkat=tingkat(r["kode"]),
                       sumber=f"Permendagri 108/2016 ({r['sumber']}, data/kodefikasi.csv)")
            for r in baca_kodefikasi() if r["kode"] not in have]
    if rows:
        await KodeBarang.insert(*rows)
    return len(rows)


async def tambah_kode(form: dict) -> dict:
    kode, uraian, sumber = form.get("kode", "").strip(), form.get("uraian", "").strip(), form.get("sumber", "").strip()
    errors = too_long(KodeBarang, {"kode": kode, "uraian": uraian, "sumber": sumber})
    if tingkat(kode) is None:
        errors.setdefault("kode", _("Kode tidak sesuai kodefikasi: 1 sampai 7 tingkat, misalnya 1.3.2.05.01.04.001."))
    if not uraian:
        errors.setdefault("uraian", _("Uraian wajib diisi."))
    if not sumber:
        errors.setdefault("sumber", _("Sebutkan sumbernya (lampiran Permendagri 108/2016 atau keputusan yang menambahkannya)."))
    if not errors and await KodeBarang.exists().where(KodeBarang.kode == kode):
        errors["kode"] = _("Kode %(kode)s sudah ada.", kode=kode)
    if errors:
        raise BmdError(errors)
    rows = await KodeBarang.insert(KodeBarang(kode=kode, uraian=uraian, tingkat=tingkat(kode), sumber=sumber)) \
        .returning(*KodeBarang.all_columns())
    return rows[0]


async def kode_barang(kode: str) -> dict | None:
    return await KodeBarang.select().where(KodeBarang.kode == kode).first()


async def daftar_kode(q: str = "", hanya_rinci: bool = False) -> list[dict]:
    query = KodeBarang.select().order_by(KodeBarang.kode)
    if hanya_rinci:
        query = query.where(KodeBarang.tingkat == 7)
    rows = await query
    if q:
        needle = q.lower()
        rows = [r for r in rows if needle in r["kode"] or needle in r["uraian"].lower()]
    return rows


# -- buildings and rooms ---------------------------------------------------------------------------

async def tambah_gedung(form: dict) -> dict:
    nama, alamat = form.get("nama", "").strip(), form.get("alamat", "").strip()
    errors = too_long(Gedung, {"nama": nama, "alamat": alamat})
    if not nama:
        errors["nama"] = _("Nama gedung wajib diisi.")
    elif await Gedung.exists().where(Gedung.nama == nama):
        errors["nama"] = _("Gedung %(nama)s sudah ada.", nama=nama)
    if errors:
        raise BmdError(errors)
    return (await Gedung.insert(Gedung(nama=nama, alamat=alamat)).returning(*Gedung.all_columns()))[0]


async def tambah_ruang(form: dict, units: dict[int, str]) -> dict:
    values = {k: form.get(k, "").strip() for k in ("kode", "nama", "penanggung_jawab", "penanggung_jawab_nip")}
    errors = too_long(Ruang, values)
    gedung = None
    try:
        gedung = int(form.get("gedung") or 0)
    except ValueError:
        pass
    if not gedung or not await Gedung.exists().where(Gedung.id == gedung):
        errors["gedung"] = _("Pilih gedungnya.")
    if not values["kode"]:
        errors.setdefault("kode", _("Kode ruang wajib diisi."))
    elif await Ruang.exists().where(Ruang.kode == values["kode"]):
        errors["kode"] = _("Kode ruang %(kode)s sudah dipakai.", kode=values["kode"])
    if not values["nama"]:
        errors.setdefault("nama", _("Nama ruang wajib diisi."))
    if not values["penanggung_jawab"]:
        errors.setdefault("penanggung_jawab", _("Penanggung jawab ruang wajib diisi: dialah yang menandatangani KIR."))
    nip = re.sub(r"\s", "", values["penanggung_jawab_nip"])
    if nip and not re.fullmatch(r"\d{18}", nip):
        errors.setdefault("penanggung_jawab_nip", _("NIP terdiri dari 18 angka."))
    unit_id = None
    if form.get("unit_id"):
        try:
            unit_id = int(form["unit_id"])
        except ValueError:
            unit_id = -1
        if unit_id not in units:
            errors["unit_id"] = _("Unit tidak dikenal.")
    if errors:
        raise BmdError(errors)
    rows = await Ruang.insert(Ruang(
        gedung=gedung, kode=values["kode"], nama=values["nama"], unit_id=unit_id, unit_nama=units.get(unit_id, ""),
        penanggung_jawab=values["penanggung_jawab"], penanggung_jawab_nip=nip,
        gudang=form.get("gudang") in ("1", "on", "true"))).returning(*Ruang.all_columns())
    return rows[0]


async def ruang_semua() -> list[dict]:
    """Every room with its building's name, in building then code order."""
    gedung = {g["id"]: g for g in await Gedung.select()}
    rows = await Ruang.select().order_by(Ruang.kode)
    for r in rows:
        r["gedung_nama"] = gedung.get(r["gedung"], {}).get("nama", "")
    return sorted(rows, key=lambda r: (r["gedung_nama"], r["kode"]))


async def ruang(ruang_id: int) -> dict | None:
    row = await Ruang.select().where(Ruang.id == ruang_id).first()
    if row:
        g = await Gedung.select().where(Gedung.id == row["gedung"]).first()
        row["gedung_nama"] = g["nama"] if g else ""
        row["gedung_alamat"] = g["alamat"] if g else ""
    return row


# -- assets ------------------------------------------------------------------------------------------

KOLOM_ASET = ("kode_barang", "nama", "nilai", "tanggal_perolehan", "sumber_dana", "cara_perolehan", "kondisi",
              "ruang", "pemegang", "pemegang_nip", "keterangan", "jumlah")


def _tanggal(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _angka(value: str, lo: int, hi: int) -> int | None:
    text = (value or "").replace(".", "").replace(" ", "").strip()
    if not re.fullmatch(r"\d{1,16}", text):
        return None
    number = int(text)
    return number if lo <= number <= hi else None


async def periksa_aset(form: dict) -> tuple[dict, dict]:
    """The values to write for a new asset, and the messages for what cannot be written."""
    errors: dict[str, str] = {}
    kode = form.get("kode_barang", "").strip()
    row = await kode_barang(kode) if kode else None
    card = kib.kib_dari_kode(kode) if kode else None
    if not kode:
        errors["kode_barang"] = _("Kode barang wajib diisi.")
    elif row is None:
        errors["kode_barang"] = _("Kode %(kode)s tidak ada dalam daftar kodefikasi.", kode=kode)
    elif row["tingkat"] != 7:
        errors["kode_barang"] = _("Pakai kode sampai tingkat 7 (sub sub rincian objek), bukan kode golongan.")
    elif card is None:
        errors["kode_barang"] = _("Kode %(kode)s bukan aset tetap (KIB A–F ada di 1.3.1 sampai 1.3.6).", kode=kode)
    values = {"kode_barang": kode, "kib": card, "nama": form.get("nama", "").strip(),
              "pemegang": form.get("pemegang", "").strip(), "pemegang_nip": re.sub(r"\s", "", form.get("pemegang_nip", "")),
              "keterangan": form.get("keterangan", "").strip()}
    errors.update({k: v for k, v in too_long(Aset, values).items() if k not in errors})
    if not values["nama"]:
        errors.setdefault("nama", _("Nama barang wajib diisi."))
    nilai = _angka(form.get("nilai", ""), 0, MAKS_NILAI)
    if nilai is None:
        errors["nilai"] = _("Nilai perolehan dalam rupiah, bilangan bulat tanpa koma (misalnya 12500000).")
    tanggal = _tanggal(form.get("tanggal_perolehan", ""))
    if tanggal is None:
        errors["tanggal_perolehan"] = _("Tanggal perolehan wajib diisi (tttt-bb-hh).")
    elif tanggal > today():
        errors["tanggal_perolehan"] = _("Tanggal perolehan tidak boleh setelah hari ini.")
    for name, choices in (("sumber_dana", kib.SUMBER_DANA), ("cara_perolehan", kib.CARA_PEROLEHAN),
                          ("kondisi", kib.KONDISI)):
        if form.get(name) not in choices:
            errors[name] = _("Pilih salah satu.")
    ruang_id = None
    if form.get("ruang"):
        ruang_id = _angka(form["ruang"], 1, 2**31 - 1)
        if ruang_id is None or not await Ruang.exists().where(Ruang.id == ruang_id):
            errors["ruang"] = _("Ruang tidak dikenal.")
    elif card == "B":
        errors["ruang"] = _("Barang KIB B dicatat di ruang tempatnya berada (untuk KIR).")
    if values["pemegang_nip"] and not re.fullmatch(r"\d{18}", values["pemegang_nip"]):
        errors["pemegang_nip"] = _("NIP terdiri dari 18 angka.")
    jumlah = _angka(form.get("jumlah") or "1", 1, 500)
    if jumlah is None:
        errors["jumlah"] = _("Jumlah barang 1 sampai 500 (tiap barang mendapat nomor register sendiri).")
    rincian = {}
    for kolom in kib.KARTU.get(card or "", ()):
        raw = (form.get(f"r_{kolom.name}") or "").strip()
        key = f"r_{kolom.name}"
        if not raw:
            if kolom.required:
                errors[key] = _("%(kolom)s wajib diisi untuk kartu ini.", kolom=str(kolom.label))
            continue
        if len(raw) > kolom.max_length:
            errors[key] = _("Paling banyak %(n)s karakter.", n=kolom.max_length)
        elif kolom.kind == "number" and not re.fullmatch(r"\d{1,12}([.,]\d{1,4})?", raw):
            errors[key] = _("Tulis angka, misalnya 120 atau 120,5.")
        elif kolom.kind == "date" and _tanggal(raw) is None:
            errors[key] = _("Tanggal tidak terbaca (tttt-bb-hh).")
        elif kolom.kind == "choice" and raw not in (kolom.choices or {}):
            errors[key] = _("Pilih salah satu.")
        rincian[kolom.name] = raw.replace(",", ".") if kolom.kind == "number" else raw
    values.update(nilai=nilai, tanggal_perolehan=tanggal, sumber_dana=form.get("sumber_dana"),
                  cara_perolehan=form.get("cara_perolehan"), kondisi=form.get("kondisi"), ruang=ruang_id,
                  rincian=rincian, jumlah=jumlah)
    return values, errors


async def nomor_register_berikut(kode: str) -> int:
    """The next register number of ``kode``: call inside a write transaction."""
    await NomorRegister.insert(NomorRegister(kode=kode, terakhir=0)).on_conflict(
        target=NomorRegister.kode, action="DO NOTHING")
    rows = await NomorRegister.update({NomorRegister.terakhir: NomorRegister.terakhir + 1}) \
        .where(NomorRegister.kode == kode).returning(NomorRegister.terakhir)
    return rows[0]["terakhir"]


def nomor_lengkap(kode: str, register: int) -> str:
    return f"{kode}.{register:04d}"


async def catat_aset(values: dict, user, *, penerimaan: int | None = None, tanggal: date | None = None) -> list[dict]:
    """Register ``values['jumlah']`` assets (one register number each) with their first event."""
    created = []
    async with write_transaction():
        for _i in range(values.get("jumlah") or 1):
            register = await nomor_register_berikut(values["kode_barang"])
            rows = await Aset.insert(Aset(
                kode_barang=values["kode_barang"], nomor_register=register,
                nomor=nomor_lengkap(values["kode_barang"], register), kib=values["kib"], nama=values["nama"],
                nilai=values["nilai"], tanggal_perolehan=values["tanggal_perolehan"],
                sumber_dana=values["sumber_dana"], cara_perolehan=values["cara_perolehan"],
                kondisi=values["kondisi"], ruang=values["ruang"], pemegang=values["pemegang"],
                pemegang_nip=values["pemegang_nip"], rincian=values["rincian"], keterangan=values["keterangan"],
                penerimaan=penerimaan, dicatat_oleh=getattr(user, "id", None),
            )).returning(*Aset.all_columns())
            aset = rows[0]
            await AsetPeristiwa.insert(AsetPeristiwa(
                aset=aset["id"], jenis="catat", kondisi_ke=aset["kondisi"], ruang_ke=aset["ruang"],
                pemegang_ke=aset["pemegang"], tanggal=tanggal or today(), oleh=getattr(user, "id", None),
                oleh_nama=getattr(user, "full_name", "") or "", alasan=_("Dicatat dalam register"),
                dokumen=values.get("dokumen", "")))
            created.append(aset)
    return created


async def aset(aset_id: int) -> dict | None:
    return await Aset.select().where(Aset.id == aset_id).output(load_json=True).first()


async def aset_per_nomor(nomor: str) -> dict | None:
    return await Aset.select().where(Aset.nomor == nomor).output(load_json=True).first()


async def peristiwa(aset_id: int) -> list[dict]:
    return await AsetPeristiwa.select().where(AsetPeristiwa.aset == aset_id).order_by(AsetPeristiwa.id)


async def ubah(aset_id: int, form: dict, user) -> dict:
    """A change of condition, of room or of holder: an event, and the asset's projection with it.

    The asset row is locked first (an UPDATE of its own projection), so two changes at once are
    applied one after the other and each event's ``dari`` is what the other left."""
    errors: dict[str, str] = {}
    alasan = form.get("alasan", "").strip()
    dokumen = form.get("dokumen", "").strip()
    tanggal = _tanggal(form.get("tanggal", "")) or today()
    if not alasan:
        errors["alasan"] = _("Tulis alasannya: perubahan dicatat sebagai peristiwa, bukan disunting.")
    elif len(alasan) > 1000:
        errors["alasan"] = _("Paling banyak %(n)s karakter.", n=1000)
    if len(dokumen) > 200:
        errors["dokumen"] = _("Paling banyak %(n)s karakter.", n=200)
    if tanggal > today():
        errors["tanggal"] = _("Tanggal tidak boleh setelah hari ini.")
    kondisi = form.get("kondisi") or ""
    if kondisi and kondisi not in kib.KONDISI:
        errors["kondisi"] = _("Pilih salah satu.")
    ruang_ke = None
    if form.get("ruang"):
        ruang_ke = _angka(form["ruang"], 1, 2**31 - 1)
        if ruang_ke is None or not await Ruang.exists().where(Ruang.id == ruang_ke):
            errors["ruang"] = _("Ruang tidak dikenal.")
    pemegang = form.get("pemegang")
    pemegang = pemegang.strip() if isinstance(pemegang, str) else None
    pemegang_nip = re.sub(r"\s", "", form.get("pemegang_nip") or "")
    if pemegang is not None and len(pemegang) > 200:
        errors["pemegang"] = _("Paling banyak %(n)s karakter.", n=200)
    if pemegang_nip and not re.fullmatch(r"\d{18}", pemegang_nip):
        errors["pemegang_nip"] = _("NIP terdiri dari 18 angka.")
    if errors:
        raise BmdError(errors)
    async with write_transaction():
        locked = await Aset.update({Aset.kondisi: Aset.kondisi}).where(Aset.id == aset_id).returning(
            Aset.kondisi, Aset.ruang, Aset.pemegang, Aset.pemegang_nip)
        if not locked:
            raise BmdError({"aset": _("Aset tidak ditemukan.")})
        now = locked[0]
        events, values = [], {}
        base = dict(aset=aset_id, alasan=alasan, dokumen=dokumen, tanggal=tanggal, oleh=getattr(user, "id", None),
                    oleh_nama=getattr(user, "full_name", "") or "")
        if kondisi and kondisi != now["kondisi"]:
            events.append(AsetPeristiwa(jenis="kondisi", kondisi_dari=now["kondisi"], kondisi_ke=kondisi, **base))
            values[Aset.kondisi] = kondisi
        if ruang_ke and ruang_ke != now["ruang"]:
            events.append(AsetPeristiwa(jenis="pindah", ruang_dari=now["ruang"], ruang_ke=ruang_ke, **base))
            values[Aset.ruang] = ruang_ke
        if pemegang is not None and (pemegang, pemegang_nip) != (now["pemegang"], now["pemegang_nip"]):
            events.append(AsetPeristiwa(jenis="pemegang", pemegang_dari=now["pemegang"], pemegang_ke=pemegang, **base))
            values.update({Aset.pemegang: pemegang, Aset.pemegang_nip: pemegang_nip})
        if not events:
            raise BmdError({"kondisi": _("Tidak ada yang berubah: pilih kondisi, ruang atau pemegang yang baru.")})
        await AsetPeristiwa.insert(*events)
        await Aset.update(values).where(Aset.id == aset_id)
    return await aset(aset_id)


PER_HALAMAN = 50


async def cari(*, q: str = "", kib_: str = "", kondisi: str = "", ruang_id: int | None = None, page: int = 1,
               per_page: int = PER_HALAMAN) -> tuple[list[dict], int]:
    where = []
    if kib_ in kib.NAMA_KIB:
        where.append(Aset.kib == kib_)
    if kondisi in kib.KONDISI:
        where.append(Aset.kondisi == kondisi)
    if ruang_id:
        where.append(Aset.ruang == ruang_id)
    if q:
        name = Aset.nama.like(f"%{q}%") if Aset._meta.db.engine_type == "sqlite" else Aset.nama.ilike(f"%{q}%")
        where.append(name | Aset.nomor.like(f"{q}%"))  # LIKE is case-blind on SQLite already
    query, count = Aset.select(), Aset.count()
    for w in where:
        query, count = query.where(w), count.where(w)
    total = await count
    rows = await query.order_by(Aset.kode_barang).order_by(Aset.nomor_register) \
        .limit(per_page).offset((page - 1) * per_page).output(load_json=True)
    return rows, total


async def kir(ruang_id: int) -> list[dict]:
    """The goods of a room for its KIR: every asset there, by code and register."""
    rows = await Aset.select().where(Aset.ruang == ruang_id).order_by(Aset.kode_barang) \
        .order_by(Aset.nomor_register).output(load_json=True)
    uraian = {r["kode"]: r["uraian"] for r in await KodeBarang.select(KodeBarang.kode, KodeBarang.uraian)
              .where(KodeBarang.kode.is_in(list({a["kode_barang"] for a in rows}) or [""]))}
    for a in rows:
        a["jenis"] = uraian.get(a["kode_barang"], "")
    return rows
