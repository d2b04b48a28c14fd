"""The plugin's tables (all named ``bmd_…``).

People and units are ids plus a copied name, as in the other plugins: the plugin sees the organisation
only through ``balai.api``, and a register must read the same after a unit is renamed. Values are whole
rupiah (``BigInt``); the ledger's computed values are exact decimals in Python, rounded to the sen.

Append-only: ``AsetPeristiwa`` and ``Mutasi`` rows are only ever inserted. An asset's present condition,
room and holder on ``Aset`` are a projection of its events, written by the same transaction that
inserts the event (so the KIB list needs no subquery), never edited on their own.
"""

from piccolo.columns import JSON, BigInt, Boolean, Date, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Gedung(Table, tablename="bmd_gedung"):
    id = Serial(primary_key=True)
    nama = Varchar(length=200, unique=True)
    alamat = Varchar(length=300, default="")


class Ruang(Table, tablename="bmd_ruang"):
    """A room of a building; the KIR is per room and signed by its responsible person."""

    id = Serial(primary_key=True)
    gedung = Integer(index=True)
    kode = Varchar(length=30, unique=True)  # "GU-L1-03"
    nama = Varchar(length=200)
    unit_id = Integer(null=True, default=None)  # the unit that uses the room
    unit_nama = Varchar(length=200, default="")
    penanggung_jawab = Varchar(length=200, default="")  # name as printed on the KIR
    penanggung_jawab_nip = Varchar(length=30, default="")
    gudang = Boolean(default=False)  # a store room of supplies (persediaan)


class KodeBarang(Table, tablename="bmd_kode_barang"):
    """The kodefikasi of Permendagri 108/2016 as data (``data/kodefikasi.csv``, extended by the admin)."""

    id = Serial(primary_key=True)
    kode = Varchar(length=30, unique=True)
    uraian = Varchar(length=300)
    tingkat = Integer()  # 1 (akun) .. 7 (sub sub rincian objek)
    sumber = Varchar(length=300, default="")


class NomorRegister(Table, tablename="bmd_nomor_register"):
    """The last register number given per item code: taken with UPDATE … RETURNING so that two
    people registering the same kind of item at once never get the same number."""

    id = Serial(primary_key=True)
    kode = Varchar(length=30, unique=True)
    terakhir = Integer(default=0)


class Aset(Table, tablename="bmd_aset"):
    id = Serial(primary_key=True)
    kode_barang = Varchar(length=30, index=True)
    nomor_register = Integer()
    nomor = Varchar(length=40, unique=True)  # kode_barang + "." + register (0001): what the label shows
    kib = Varchar(length=1, index=True)  # A..F, from the code's jenis (1.3.1 .. 1.3.6)
    nama = Varchar(length=300)  # the item as named on the card ("Laptop ASUS VivoBook 14")
    nilai = BigInt(default=0)  # harga perolehan, rupiah
    tanggal_perolehan = Date()
    sumber_dana = Varchar(length=30, default="apbd")
    cara_perolehan = Varchar(length=30, default="pembelian")
    kondisi = Varchar(length=2, default="B", index=True)  # B, KB, RB (projection of the events)
    ruang = Integer(null=True, default=None, index=True)  # projection of the events
    pemegang = Varchar(length=200, default="")  # projection of the events
    pemegang_nip = Varchar(length=30, default="")
    rincian = JSON(default={})  # the card's own fields (kib.KARTU)
    keterangan = Text(default="")
    penerimaan = Integer(null=True, default=None)  # the BAST penerimaan it came with
    dicatat_oleh = Integer(null=True, default=None)
    dicatat_pada = Timestamptz(default=TimestamptzNow())


class AsetPeristiwa(Table, tablename="bmd_aset_peristiwa"):
    """What happened to an asset: registered, condition changed, moved, handed to a holder. Never
    updated or deleted."""

    id = Serial(primary_key=True)
    aset = Integer(index=True)
    jenis = Varchar(length=20)  # catat, kondisi, pindah, pemegang
    kondisi_dari = Varchar(length=2, default="")
    kondisi_ke = Varchar(length=2, default="")
    ruang_dari = Integer(null=True, default=None)
    ruang_ke = Integer(null=True, default=None)
    pemegang_dari = Varchar(length=200, default="")
    pemegang_ke = Varchar(length=200, default="")
    alasan = Text(default="")
    dokumen = Varchar(length=200, default="")  # BAST, berita acara …
    tanggal = Date()
    oleh = Integer(null=True, default=None)
    oleh_nama = Varchar(length=200, default="")
    pada = Timestamptz(default=TimestamptzNow())


class Barang(Table, tablename="bmd_barang"):
    """A supply item (barang persediaan) with its unit of measure. ``versi`` is bumped by every
    movement and reservation: the row lock that makes concurrent requests take their turn."""

    id = Serial(primary_key=True)
    nama = Varchar(length=200, unique=True)
    satuan = Varchar(length=30)  # rim, buah, kotak, liter …
    kode_barang = Varchar(length=30, default="")  # optional 1.1.7… code of the list
    versi = Integer(default=0)


class Mutasi(Table, tablename="bmd_mutasi"):
    """The ledger: one row per receipt, issue or adjustment. Never updated or deleted; stock and value
    are computed from these rows."""

    id = Serial(primary_key=True)
    barang = Integer(index=True)
    gudang = Integer(index=True)  # a Ruang with gudang=True
    jenis = Varchar(length=20)  # terima, keluar, penyesuaian
    jumlah = Integer()  # + in, - out
    harga_satuan = BigInt(default=0)  # rupiah, for what comes in
    tanggal = Date(index=True)
    alasan = Text(default="")
    dokumen = Varchar(length=200, default="")  # BAST, SPB, berita acara stock opname …
    cadangan = Integer(null=True, default=None)  # the reservation an issue used
    oleh = Integer(null=True, default=None)
    oleh_nama = Varchar(length=200, default="")
    dicatat_pada = Timestamptz(default=TimestamptzNow())


class Cadangan(Table, tablename="bmd_cadangan"):
    """Stock set aside when a request is made, so that two requests cannot promise the same items."""

    id = Serial(primary_key=True)
    barang = Integer(index=True)
    gudang = Integer()
    jumlah = Integer()
    untuk = Varchar(length=60, default="")  # "case:12"
    status = Varchar(length=10, default="aktif")  # aktif, dipakai, dilepas
    oleh = Integer(null=True, default=None)
    pada = Timestamptz(default=TimestamptzNow())


class SemesterTutup(Table, tablename="bmd_semester_tutup"):
    id = Serial(primary_key=True)
    kode = Varchar(length=7, unique=True)  # "2026-1"
    tahun = Integer()
    semester = Integer()
    oleh = Integer(null=True, default=None)
    oleh_nama = Varchar(length=200, default="")
    pada = Timestamptz(default=TimestamptzNow())


class MetodePenilaian(Table, tablename="bmd_metode_penilaian"):
    """The agency's valuation method (PSAP 05: FIFO or weighted average) from a semester on; the
    history is kept, and a change only ever starts at a semester without movements."""

    id = Serial(primary_key=True)
    metode = Varchar(length=10)  # fifo, rata
    mulai_tahun = Integer()
    mulai_semester = Integer()
    dasar = Text(default="")
    oleh = Integer(null=True, default=None)
    oleh_nama = Varchar(length=200, default="")
    pada = Timestamptz(default=TimestamptzNow())


class Penerimaan(Table, tablename="bmd_penerimaan"):
    """SOP 8 step 1: goods handed by the Pengguna Barang to the Pengurus Barang (BAST penerimaan)."""

    id = Serial(primary_key=True)
    case_id = Integer(null=True, default=None, index=True)
    tanggal = Date()
    dokumen_sumber = Varchar(length=200, default="")  # kontrak / SP2D / faktur
    penyedia = Varchar(length=200, default="")
    penerima = Varchar(length=200)  # the Pengurus Barang who receives (printed on the BAST)
    penerima_nip = Varchar(length=30, default="")
    nomor_bast = Varchar(length=100, default="")
    status = Varchar(length=20, default="draf")  # draf, diterima
    oleh = Integer(null=True, default=None)


class PenerimaanBaris(Table, tablename="bmd_penerimaan_baris"):
    id = Serial(primary_key=True)
    penerimaan = Integer(index=True)
    barang = Integer()
    gudang = Integer()
    jumlah = Integer()
    harga_satuan = BigInt()


class Permintaan(Table, tablename="bmd_permintaan"):
    """SOP 8 step 3: a unit head's request for supplies (one per unit and case), and its documents."""

    id = Serial(primary_key=True)
    case_id = Integer(index=True)
    unit_id = Integer()
    unit_nama = Varchar(length=200, default="")
    pemohon = Varchar(length=200, default="")
    keperluan = Text(default="")
    status = Varchar(length=20, default="diajukan")  # diajukan, disetujui, ditolak, disalurkan, diterima
    nomor_bast = Varchar(length=100, default="")
    diterima_oleh = Varchar(length=200, default="")
    diterima_pada = Timestamptz(null=True, default=None)


class PermintaanBaris(Table, tablename="bmd_permintaan_baris"):
    id = Serial(primary_key=True)
    permintaan = Integer(index=True)
    barang = Integer()
    gudang = Integer()
    jumlah = Integer()


class Opname(Table, tablename="bmd_opname"):
    """A stock-opname of one store room: counted on a phone, submitted, approved by the Pejabat
    Penatausahaan, whose approval posts the differences as adjustments and issues the Berita Acara."""

    id = Serial(primary_key=True)
    gudang = Integer(index=True)
    tanggal = Date()
    status = Varchar(length=12, default="hitung")  # hitung, diajukan, disetujui
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_oleh_nama = Varchar(length=200, default="")
    disetujui_oleh = Integer(null=True, default=None)
    disetujui_oleh_nama = Varchar(length=200, default="")
    nomor_ba = Varchar(length=100, default="")  # the Berita Acara Stock Opname's number
    pada = Timestamptz(default=TimestamptzNow())


class OpnameBaris(Table, tablename="bmd_opname_baris"):
    """One item of a count: what the ledger said when the count began and what was counted."""

    id = Serial(primary_key=True)
    opname = Integer(index=True)
    barang = Integer()
    tercatat = Integer()
    dihitung = Integer(null=True, default=None)
    alasan = Varchar(length=300, default="")  # why counted and recorded differ
    mutasi = Integer(null=True, default=None)  # the adjustment its approval posted


class Sensus(Table, tablename="bmd_sensus"):
    """An asset census round (inventarisasi): every room's KIR checked against what is found there."""

    id = Serial(primary_key=True)
    judul = Varchar(length=200)
    tanggal = Date()
    status = Varchar(length=10, default="berjalan")  # berjalan, selesai
    oleh_nama = Varchar(length=200, default="")


class SensusRuang(Table, tablename="bmd_sensus_ruang"):
    """One room of a round, checked once: what its KIR held when checked and what was scanned."""

    id = Serial(primary_key=True)
    sensus = Integer(index=True)
    ruang = Integer()
    status = Varchar(length=10, default="belum")  # belum, selesai
    temuan = JSON(default={})  # {"ada": [ids], "hilang": [ids], "masuk": [ids], "kondisi": {id: [from, to]}}
    diperiksa_oleh_nama = Varchar(length=200, default="")
    diperiksa_pada = Timestamptz(null=True, default=None)


TABLES = (Gedung, Ruang, KodeBarang, NomorRegister, Aset, AsetPeristiwa, Barang, Mutasi, Cadangan, SemesterTutup,
          MetodePenilaian, Penerimaan, PenerimaanBaris, Permintaan, PermintaanBaris, Opname, OpnameBaris, Sensus, SensusRuang)
