"""The plugin's tables (all named ``ppid_…``).

Units and people are ids plus a copied name, as in the other plugins: a plugin sees the
organisation only through ``balai.api``, and a register must read the same after a unit is renamed.
"""

from piccolo.columns import Boolean, Date, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Informasi(Table, tablename="ppid_informasi"):
    """One item of the Daftar Informasi Publik (Pasal 13 PP 61/2010, Perki 1/2021)."""

    id = Serial(primary_key=True)
    nomor = Varchar(length=40)  # the item's number in the DIP ("DIP/2026/014")
    judul = Varchar(length=300)
    ringkasan = Text(default="")  # ringkasan isi informasi
    unit_id = Integer()  # the unit that holds (menguasai) it
    unit_nama = Varchar(length=200, default="")
    pejabat = Varchar(length=200, default="")  # penanggung jawab pembuatan/penerbitan
    waktu_pembuatan = Varchar(length=100, default="")  # when it was made ("Maret 2026", "setiap tahun")
    tempat_pembuatan = Varchar(length=200, default="")
    tahun = Integer()
    bentuk = Varchar(length=20, default="elektronik")  # cetak, elektronik, keduanya
    retensi = Varchar(length=100, default="")  # jangka waktu penyimpanan
    kategori = Varchar(length=20)  # berkala, serta_merta, setiap_saat, dikecualikan
    terbit = Boolean(default=False)  # shown on the public DIP page
    # Uji konsekuensi (Pasal 19 UU 14/2008): recorded for every excluded item, never without its clause.
    uji_pasal = Varchar(length=80, default="")
    uji_bahaya = Text(default="")
    uji_kepentingan = Text(default="")
    uji_jangka = Varchar(length=100, default="")
    uji_berakhir = Date(null=True, default=None)
    uji_sk = Varchar(length=200, default="")
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_pada = Timestamptz(default=TimestamptzNow())
    diubah_pada = Timestamptz(default=TimestamptzNow())


class Permohonan(Table, tablename="ppid_permohonan"):
    """The buku register permohonan informasi: one row per SOP 7 case, kept in step by the plugin."""

    id = Serial(primary_key=True)
    case_id = Integer(unique=True)
    nomor = Varchar(length=60)  # the core's registration number (case reference)
    diterima_pada = Timestamptz(default=TimestamptzNow())
    nama = Varchar(length=200, default="")
    informasi_diminta = Text(default="")
    tujuan = Text(default="")
    cara_memperoleh = Varchar(length=40, default="")
    cara_mendapat = Varchar(length=40, default="")
    status = Varchar(length=30, default="diperiksa")  # diperiksa, dikembalikan, terdaftar, di_unit, dijawab, ditolak
    keputusan = Varchar(length=20, default="")  # dip, unit, dikecualikan
    informasi_id = Integer(null=True, default=None)
    unit_id = Integer(null=True, default=None)  # the unit the request went to (b)
    unit_nama = Varchar(length=200, default="")
    diperpanjang = Boolean(default=False)
    selesai_pada = Timestamptz(null=True, default=None)


class Keberatan(Table, tablename="ppid_keberatan"):
    """The buku register keberatan: one row per SOP 6 case, kept in step by the plugin."""

    id = Serial(primary_key=True)
    case_id = Integer(unique=True)
    nomor = Varchar(length=60)
    diterima_pada = Timestamptz(default=TimestamptzNow())
    nama = Varchar(length=200, default="")
    nomor_permohonan = Varchar(length=60, default="")
    alasan = Varchar(length=2, default="")  # Pasal 35(1) a-g
    uraian = Text(default="")
    status = Varchar(length=30, default="diperiksa")  # diperiksa, terdaftar, ditanggapi, ditolak
    putusan = Varchar(length=20, default="")  # dikabulkan, sebagian, ditolak (the Atasan PPID's answer)
    tanggapan = Text(default="")
    selesai_pada = Timestamptz(null=True, default=None)


class Pemeriksaan(Table, tablename="ppid_pemeriksaan"):
    """The leak check of one file version before it is released: what was found, who confirmed it."""

    id = Serial(primary_key=True)
    version_id = Integer(unique=True)
    case_id = Integer()
    nama_berkas = Varchar(length=255, default="")
    temuan = Text(default="[]")  # JSON list of findings (where, what, a masked sample)
    jumlah = Integer(default=0)
    diperiksa_pada = Timestamptz(default=TimestamptzNow())
    dikonfirmasi_oleh = Integer(null=True, default=None)
    dikonfirmasi_pada = Timestamptz(null=True, default=None)
    alasan = Text(default="")  # why the officer releases it despite the findings


TABLES = (Informasi, Permohonan, Keberatan, Pemeriksaan)
