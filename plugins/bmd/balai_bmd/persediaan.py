"""The supplies ledger (persediaan): items, movements per store room, reservations, closed semesters
and the valuation method.

Every write runs in :func:`balai.api.write_transaction` and first bumps the item's ``Barang.versi``:
on PostgreSQL that row lock makes two requests for the same item wait for each other, and each
checks what is available after the other has written; on SQLite the transaction holds the write
lock from its start. So twenty requests for the last five items give five and refuse fifteen.
"""

from __future__ import annotations

from datetime import date

from piccolo.query.functions.aggregate import Sum

from balai.api import _, format_date, today, write_transaction

from balai_bmd import nilai
from balai_bmd.register import BmdError
from balai_bmd.tables import Barang, Cadangan, MetodePenilaian, Mutasi, Ruang, SemesterTutup

JENIS = ("terima", "keluar", "penyesuaian")
MAKS_JUMLAH = 1_000_000
MAKS_HARGA = 10**12


def akhir_semester(tahun: int, semester: int) -> date:
    return date(tahun, 6, 30) if semester == 1 else date(tahun, 12, 31)


def awal_semester(tahun: int, semester: int) -> date:
    return date(tahun, 1, 1) if semester == 1 else date(tahun, 7, 1)


def label_semester(tahun: int, semester: int) -> str:
    return _("Semester %(s)s Tahun %(t)s", s="I" if semester == 1 else "II", t=tahun)


# -- items ---------------------------------------------------------------------------------------

async def tambah_barang(form: dict) -> dict:
    nama, satuan = form.get("nama", "").strip(), form.get("satuan", "").strip()
    errors = {}
    if not nama:
        errors["nama"] = _("Nama barang wajib diisi.")
    elif len(nama) > 200:
        errors["nama"] = _("Paling banyak %(n)s karakter.", n=200)
    elif await Barang.exists().where(Barang.nama == nama):
        errors["nama"] = _("Barang %(nama)s sudah ada.", nama=nama)
    if not satuan:
        errors["satuan"] = _("Satuan wajib diisi (rim, buah, kotak …).")
    elif len(satuan) > 30:
        errors["satuan"] = _("Paling banyak %(n)s karakter.", n=30)
    if errors:
        raise BmdError(errors)
    return (await Barang.insert(Barang(nama=nama, satuan=satuan)).returning(*Barang.all_columns()))[0]


async def barang(barang_id: int) -> dict | None:
    return await Barang.select().where(Barang.id == barang_id).first()


async def gudang_semua() -> list[dict]:
    return await Ruang.select().where(Ruang.gudang == True).order_by(Ruang.kode)  # noqa: E712


# -- quantities ----------------------------------------------------------------------------------

async def _jumlah(query) -> int:
    row = await query.first()
    return int((row or {}).get("n") or 0)


async def stok(barang_id: int, gudang: int | None = None) -> int:
    q = Mutasi.select(Sum(Mutasi.jumlah).as_alias("n")).where(Mutasi.barang == barang_id)
    if gudang is not None:
        q = q.where(Mutasi.gudang == gudang)
    return await _jumlah(q)


async def dicadangkan(barang_id: int, gudang: int | None = None) -> int:
    q = Cadangan.select(Sum(Cadangan.jumlah).as_alias("n")).where(
        (Cadangan.barang == barang_id) & (Cadangan.status == "aktif"))
    if gudang is not None:
        q = q.where(Cadangan.gudang == gudang)
    return await _jumlah(q)


async def tersedia(barang_id: int, gudang: int) -> int:
    return await stok(barang_id, gudang) - await dicadangkan(barang_id, gudang)


async def stok_per_gudang(barang_id: int) -> dict[int, int]:
    rows = await Mutasi.select(Mutasi.gudang, Sum(Mutasi.jumlah).as_alias("n")).where(
        Mutasi.barang == barang_id).group_by(Mutasi.gudang)
    return {r["gudang"]: int(r["n"] or 0) for r in rows}


# -- semesters and the method ------------------------------------------------------------------------

async def semester_tertutup() -> list[dict]:
    return await SemesterTutup.select().order_by(SemesterTutup.tahun).order_by(SemesterTutup.semester)


async def periksa_tanggal(tanggal: date) -> str | None:
    """Why a movement on ``tanggal`` cannot be written (a closed semester), or None."""
    closed = await semester_tertutup()
    if closed:
        last = closed[-1]
        end = akhir_semester(last["tahun"], last["semester"])
        if tanggal <= end:
            t, s = nilai.semester(tanggal)
            return _("%(semester)s sudah ditutup: mutasi bertanggal %(tgl)s tidak dapat dicatat.",
                     semester=label_semester(t, s), tgl=format_date(tanggal))
    return None


async def tutup_semester(tahun: int, semester: int, user) -> dict:
    if semester not in (1, 2) or not 2000 <= tahun <= 2100:
        raise BmdError({"semester": _("Semester tidak dikenal.")})
    if akhir_semester(tahun, semester) >= today():
        raise BmdError({"semester": _("Semester baru dapat ditutup setelah hari terakhirnya.")})
    kode = f"{tahun}-{semester}"
    async with write_transaction():
        if await SemesterTutup.exists().where(SemesterTutup.kode == kode):
            raise BmdError({"semester": _("%(semester)s sudah ditutup.", semester=label_semester(tahun, semester))})
        rows = await SemesterTutup.insert(SemesterTutup(kode=kode, tahun=tahun, semester=semester,
                                                        oleh=getattr(user, "id", None),
                                                        oleh_nama=getattr(user, "full_name", "") or "")) \
            .returning(*SemesterTutup.all_columns())
    return rows[0]


async def riwayat_metode() -> list[dict]:
    return await MetodePenilaian.select().order_by(MetodePenilaian.mulai_tahun).order_by(
        MetodePenilaian.mulai_semester).order_by(MetodePenilaian.id)


async def penentu_metode():
    """A function (tahun, semester) -> method, from the recorded settings (FIFO before any: the
    brief's unconfirmed default for Pergub Kaltim 69/2020)."""
    rows = await riwayat_metode()

    def metode(sem: tuple[int, int]) -> str:
        chosen = nilai.FIFO
        for r in rows:
            if (r["mulai_tahun"], r["mulai_semester"]) <= sem:
                chosen = r["metode"]
        return chosen

    return metode


async def ubah_metode(metode: str, tahun: int, semester: int, dasar: str, user) -> dict:
    """Record a method from a semester on: refused when that semester (or a later one) already has
    movements or is closed, so a semester is always valued by one method."""
    errors = {}
    if metode not in (nilai.FIFO, nilai.RATA):
        errors["metode"] = _("Pilih FIFO atau rata-rata tertimbang.")
    if semester not in (1, 2) or not 2000 <= tahun <= 2100:
        errors["semester"] = _("Semester tidak dikenal.")
    if not dasar.strip():
        errors["dasar"] = _("Sebutkan dasar perubahan (keputusan atau kebijakan akuntansi).")
    if errors:
        raise BmdError(errors)
    start = awal_semester(tahun, semester)
    async with write_transaction():
        if await Mutasi.exists().where(Mutasi.tanggal >= start):
            raise BmdError({"semester": _("Sudah ada mutasi sejak %(tgl)s: metode hanya dapat diubah mulai semester yang belum bermutasi.",
                                          tgl=format_date(start))})
        if await periksa_tanggal(start):
            raise BmdError({"semester": _("Semester itu sudah ditutup.")})
        rows = await MetodePenilaian.insert(MetodePenilaian(
            metode=metode, mulai_tahun=tahun, mulai_semester=semester, dasar=dasar.strip(),
            oleh=getattr(user, "id", None), oleh_nama=getattr(user, "full_name", "") or "")) \
            .returning(*MetodePenilaian.all_columns())
    return rows[0]


# -- movements and reservations ---------------------------------------------------------------------

async def _kunci(barang_id: int) -> dict:
    rows = await Barang.update({Barang.versi: Barang.versi + 1}).where(Barang.id == barang_id) \
        .returning(*Barang.all_columns())
    if not rows:
        raise BmdError({"barang": _("Barang tidak ditemukan.")})
    return rows[0]


async def _gudang(gudang_id) -> dict:
    room = await Ruang.select().where((Ruang.id == gudang_id) & (Ruang.gudang == True)).first()  # noqa: E712
    if room is None:
        raise BmdError({"gudang": _("Pilih gudang persediaan.")})
    return room


def _cukup(item: dict, ada: int, minta: int, room: dict) -> str:
    return _("Persediaan %(barang)s di %(gudang)s tidak cukup: tersedia %(ada)s %(satuan)s, diminta %(minta)s %(satuan)s.",
             barang=item["nama"], gudang=room["nama"], ada=ada, minta=minta, satuan=item["satuan"])


async def catat_mutasi(barang_id: int, gudang_id: int, jenis: str, jumlah: int, *, tanggal: date, alasan: str,
                       user=None, harga_satuan: int | None = None, dokumen: str = "",
                       cadangan: int | None = None) -> dict:
    """Write one movement. ``jumlah`` is positive for a receipt or an issue (the sign follows the
    kind) and signed for an adjustment."""
    errors = {}
    if jenis not in JENIS:
        errors["jenis"] = _("Jenis mutasi tidak dikenal.")
    if not isinstance(jumlah, int) or jumlah == 0 or abs(jumlah) > MAKS_JUMLAH or (jenis != "penyesuaian" and jumlah < 0):
        errors["jumlah"] = _("Jumlah harus bilangan bulat lebih dari nol.") if jenis != "penyesuaian" else \
            _("Jumlah penyesuaian tidak boleh nol (tanda minus untuk pengurangan).")
    if not alasan.strip():
        errors["alasan"] = _("Tulis untuk apa/mengapa mutasi ini dicatat.")
    if len(dokumen) > 200:
        errors["dokumen"] = _("Paling banyak %(n)s karakter.", n=200)
    if jenis == "terima" and (harga_satuan is None or not 0 < harga_satuan <= MAKS_HARGA):
        errors["harga_satuan"] = _("Harga satuan penerimaan wajib diisi, dalam rupiah lebih dari nol.")
    if tanggal > today():
        errors["tanggal"] = _("Tanggal tidak boleh setelah hari ini.")
    if errors:
        raise BmdError(errors)
    signed = -jumlah if jenis == "keluar" else jumlah
    async with write_transaction():
        item = await _kunci(barang_id)
        room = await _gudang(gudang_id)
        closed = await periksa_tanggal(tanggal)
        if closed:
            raise BmdError({"tanggal": closed})
        last = await Mutasi.select(Mutasi.tanggal).where(Mutasi.barang == barang_id) \
            .order_by(Mutasi.tanggal, ascending=False).first()
        if last and tanggal < last["tanggal"]:
            raise BmdError({"tanggal": _("Buku persediaan %(barang)s sudah berisi mutasi %(tgl)s: mutasi dicatat berurutan, tidak mundur.",
                                         barang=item["nama"], tgl=format_date(last["tanggal"]))})
        if signed < 0:
            ada = await tersedia(barang_id, gudang_id)
            if cadangan is not None:
                ada += await _jumlah(Cadangan.select(Sum(Cadangan.jumlah).as_alias("n")).where(
                    (Cadangan.id == cadangan) & (Cadangan.status == "aktif")))
            if ada < -signed:
                raise BmdError({"jumlah": _cukup(item, ada, -signed, room)})
        harga = harga_satuan or 0
        if signed > 0 and not harga:
            # A surplus found by a count: valued at the last purchase price (PSAP 05 para 17 allows it).
            prev = await Mutasi.select(Mutasi.harga_satuan).where(
                (Mutasi.barang == barang_id) & (Mutasi.jumlah > 0) & (Mutasi.harga_satuan > 0)) \
                .order_by(Mutasi.id, ascending=False).first()
            if prev is None:
                raise BmdError({"harga_satuan": _("Belum ada harga perolehan barang ini: isi harga satuannya.")})
            harga = prev["harga_satuan"]
        rows = await Mutasi.insert(Mutasi(
            barang=barang_id, gudang=gudang_id, jenis=jenis, jumlah=signed, harga_satuan=harga if signed > 0 else 0,
            tanggal=tanggal, alasan=alasan.strip(), dokumen=dokumen.strip(), cadangan=cadangan,
            oleh=getattr(user, "id", None), oleh_nama=getattr(user, "full_name", "") or "")) \
            .returning(*Mutasi.all_columns())
        if cadangan is not None:
            await Cadangan.update({Cadangan.status: "dipakai"}).where(Cadangan.id == cadangan)
    return rows[0]


async def cadangkan(barang_id: int, gudang_id: int, jumlah: int, untuk: str, user=None) -> dict:
    """Set stock aside for a request at the moment it is made."""
    if not isinstance(jumlah, int) or not 0 < jumlah <= MAKS_JUMLAH:
        raise BmdError({"jumlah": _("Jumlah harus bilangan bulat lebih dari nol.")})
    async with write_transaction():
        item = await _kunci(barang_id)
        room = await _gudang(gudang_id)
        ada = await tersedia(barang_id, gudang_id)
        if ada < jumlah:
            raise BmdError({"jumlah": _cukup(item, ada, jumlah, room)})
        rows = await Cadangan.insert(Cadangan(barang=barang_id, gudang=gudang_id, jumlah=jumlah, untuk=untuk,
                                              oleh=getattr(user, "id", None))).returning(*Cadangan.all_columns())
    return rows[0]


async def lepaskan(untuk: str) -> int:
    """Give back what a request had set aside (refused, withdrawn)."""
    async with write_transaction():
        rows = await Cadangan.update({Cadangan.status: "dilepas"}).where(
            (Cadangan.untuk == untuk) & (Cadangan.status == "aktif")).returning(Cadangan.id)
    return len(rows)


async def keluarkan(untuk: str, *, tanggal: date, dokumen: str, alasan: str, user=None) -> list[dict]:
    """Issue everything a request had set aside, each reservation becoming an issue movement."""
    out = []
    async with write_transaction():
        for c in await Cadangan.select().where((Cadangan.untuk == untuk) & (Cadangan.status == "aktif")) \
                .order_by(Cadangan.id):
            out.append(await catat_mutasi(c["barang"], c["gudang"], "keluar", c["jumlah"], tanggal=tanggal,
                                          alasan=alasan, dokumen=dokumen, user=user, cadangan=c["id"]))
    return out


# -- value -------------------------------------------------------------------------------------------

async def buku(barang_id: int) -> tuple[list[dict], nilai.Hasil]:
    """The item's ledger in order, each movement with its value and the running balance."""
    rows = await Mutasi.select().where(Mutasi.barang == barang_id).order_by(Mutasi.tanggal).order_by(Mutasi.id)
    hasil = nilai.hitung(rows, await penentu_metode())
    saldo, nilai_saldo = 0, 0
    for r in rows:
        saldo += r["jumlah"]
        nilai_saldo += hasil.nilai_mutasi[r["id"]]
        r.update(nilai=hasil.nilai_mutasi[r["id"]], saldo=saldo, nilai_saldo=nilai_saldo)
    return rows, hasil
