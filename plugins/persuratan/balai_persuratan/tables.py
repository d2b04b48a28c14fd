"""The plugin's tables (all named ``persuratan_…``).

People and units are kept as ids plus a copied name: a plugin sees users only through
``balai.api``, and a letter's history must read the same after someone changes post.
"""

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Klasifikasi(Table, tablename="persuratan_klasifikasi"):
    """Archive classification codes (Permendagri 83/2022); administrators may add more."""

    id = Serial(primary_key=True)
    kode = Varchar(length=40, unique=True)
    nama = Varchar(length=300)
    induk = Varchar(length=40, default="")
    aktif = Boolean(default=True)
    bawaan = Boolean(default=False)  # shipped with the plugin rather than added by the agency


class Pengirim(Table, tablename="persuratan_pengirim"):
    """Senders seen before, to suggest while registering a letter."""

    id = Serial(primary_key=True)
    kunci = Varchar(length=300, unique=True)  # lower-cased, single-spaced name
    nama = Varchar(length=300)
    jumlah = Integer(default=0)
    terakhir = Timestamptz(default=TimestamptzNow())


class Penghitung(Table, tablename="persuratan_penghitung"):
    """Gap-free counters: agenda numbers per year, outgoing serials per numbering scope."""

    id = Serial(primary_key=True)
    kunci = Varchar(length=200, unique=True)
    nilai = Integer(default=0)


class Pengaturan(Table, tablename="persuratan_pengaturan"):
    id = Serial(primary_key=True)
    kunci = Varchar(length=100, unique=True)
    nilai = JSON(default={})


class SuratMasuk(Table, tablename="persuratan_surat_masuk"):
    id = Serial(primary_key=True)
    tahun = Integer()
    nomor_agenda = Integer()
    pengirim = Varchar(length=300)
    nomor_surat = Varchar(length=150)
    tanggal_surat = Date()
    tanggal_terima = Date(index=True)
    perihal = Text()
    sifat = Varchar(length=20, default="biasa")
    urgensi = Varchar(length=20, default="biasa")
    klasifikasi = Varchar(length=40, default="")
    lampiran = Integer(default=0)
    catatan = Text(default="")
    alasan_duplikat = Text(default="")
    unit_id = Integer()
    case_id = Integer(null=True, default=None, index=True)
    status = Varchar(length=20, default="proses")  # proses, selesai, diarsipkan
    lokasi_arsip = Varchar(length=200, default="")
    diarsipkan_pada = Timestamptz(null=True, default=None)
    dicatat_oleh = Integer(null=True, default=None)
    dicatat_nama = Varchar(length=200, default="")
    dicatat_pada = Timestamptz(default=TimestamptzNow())
    cari = Text(default="")  # lower-cased sender, number and subject, for the agenda search
    # Units whose agenda shows the letter, as words (" u3 u7 "): the registering unit and every
    # unit it was distributed to. Searched together with ``cari``.
    akses = Text(default="")


class Distribusi(Table, tablename="persuratan_distribusi"):
    """A unit's own agenda entry for a letter disposed to it (SOP 15 step 6)."""

    id = Serial(primary_key=True)
    surat_masuk = ForeignKey(SuratMasuk, on_delete=OnDelete.cascade, index=True)
    unit_id = Integer(index=True)
    task_id = Integer(null=True, default=None)
    dicatat_nama = Varchar(length=200, default="")
    dicatat_pada = Timestamptz(default=TimestamptzNow())


class SuratKeluar(Table, tablename="persuratan_surat_keluar"):
    id = Serial(primary_key=True)
    jenis = Varchar(length=20, default="surat_biasa")
    tahun = Integer()
    unit_id = Integer()
    klasifikasi = Varchar(length=40, default="")
    nomor = Varchar(length=150, null=True, default=None)
    nomor_urut = Integer(null=True, default=None)
    tanggal_surat = Date(null=True, default=None, index=True)
    tujuan = Text(default="")
    perihal = Text()
    sifat = Varchar(length=20, default="biasa")
    urgensi = Varchar(length=20, default="biasa")
    lampiran = Integer(default=0)
    isi = JSON(default={})
    versi = Integer(default=1)
    membalas = Integer(null=True, default=None, index=True)  # id of the surat masuk it answers
    case_id = Integer(null=True, default=None, index=True)
    status = Varchar(length=20, default="konsep")  # konsep, ditandatangani, dinomori, dikirim, diarsipkan
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_nama = Varchar(length=200, default="")
    dibuat_pada = Timestamptz(default=TimestamptzNow())
    ditandatangani_oleh = Integer(null=True, default=None)
    ditandatangani_nama = Varchar(length=200, default="")
    ditandatangani_pada = Timestamptz(null=True, default=None)
    dinomori_nama = Varchar(length=200, default="")
    dinomori_pada = Timestamptz(null=True, default=None)
    penerima = Varchar(length=200, default="")
    diterima_pada = Timestamptz(null=True, default=None)
    dikirim_nama = Varchar(length=200, default="")
    diarsipkan_pada = Timestamptz(null=True, default=None)
    cari = Text(default="")


class KonsepVersi(Table, tablename="persuratan_konsep_versi"):
    """Every version of a draft, never changed once written."""

    id = Serial(primary_key=True)
    surat_keluar = ForeignKey(SuratKeluar, on_delete=OnDelete.cascade, index=True)
    nomor = Integer()
    perihal = Text()
    tujuan = Text(default="")
    isi = JSON(default={})
    teks = Text(default="")  # the letter as plain text, for comparing versions
    catatan = Text(default="")
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_nama = Varchar(length=200, default="")
    dibuat_pada = Timestamptz(default=TimestamptzNow())


class TindakLanjut(Table, tablename="persuratan_tindak_lanjut"):
    """A follow-up report on an incoming letter (SOP 15 steps 7-8)."""

    id = Serial(primary_key=True)
    surat_masuk = ForeignKey(SuratMasuk, on_delete=OnDelete.cascade, index=True)
    task_id = Integer(null=True, default=None)
    isi = Text()
    balasan = Integer(null=True, default=None)  # id of the surat keluar started as the reply
    oleh = Integer(null=True, default=None)
    oleh_nama = Varchar(length=200, default="")
    pada = Timestamptz(default=TimestamptzNow())


TABLES = [Klasifikasi, Pengirim, Penghitung, Pengaturan, SuratMasuk, Distribusi, SuratKeluar, KonsepVersi,
          TindakLanjut]
