"""The plugin's tables; every name starts with ``kepegawaian_``.

The personnel file is a set of histories (pangkat, jabatan, KGB, education, family): the history
is the source of truth and the current rank or position is its latest row. Core users and units are
referred to by id (a plugin sees the core only through ``balai.api``).

Leave balances are a ledger (``SaldoCuti``): one row per thing that changed a balance, each saying
where it came from, never updated; the balance is their sum.
"""

from piccolo.columns import (
    JSON, Boolean, Date, DoublePrecision, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Pegawai(Table, tablename="kepegawaian_pegawai"):
    """One employee: identity and the dates every rule counts from."""

    id = Serial(primary_key=True)
    user_id = Integer(null=True, default=None, unique=True)  # core_user: the account, when there is one
    nip = Varchar(length=18, null=True, default=None, unique=True)  # PPPK have an NI PPPK, kept here too
    gelar_depan = Varchar(length=40, default="")
    nama = Varchar(length=200)
    gelar_belakang = Varchar(length=60, default="")
    tempat_lahir = Varchar(length=100, default="")
    tanggal_lahir = Date()
    jenis_kelamin = Varchar(length=1)  # L / P, checked against the NIP
    agama = Varchar(length=20, default="")
    status_kawin = Varchar(length=20, default="")
    jenis_kepegawaian = Varchar(length=8, default="PNS", index=True)  # PNS, CPNS, PPPK
    tmt_cpns = Date(null=True, default=None)
    tmt_pns = Date(null=True, default=None)
    unit_id = Integer(index=True)  # core_unit, kept in step with the latest jabatan
    alamat = Text(default="")
    telepon = Varchar(length=32, default="")
    email = Varchar(length=200, default="")
    aktif = Boolean(default=True, index=True)
    # Set when the person leaves the service (SOP 12: the TMT pensiun); ``aktif`` turns off that day.
    tmt_berhenti = Date(null=True, default=None)
    alasan_berhenti = Varchar(length=20, default="")  # pensiun_bup, ...
    # Bumped by every write that must not race another (a leave request against the same balance):
    # updating the row takes its lock in PostgreSQL and the write lock in SQLite.
    versi = Integer(default=0)
    dibuat_at = Timestamptz(default=TimestamptzNow())
    diubah_at = Timestamptz(default=TimestamptzNow())


class RiwayatPangkat(Table, tablename="kepegawaian_riwayat_pangkat"):
    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    golongan = Varchar(length=8)  # "III/a"
    tmt = Date()
    nomor_sk = Varchar(length=100, default="")
    tanggal_sk = Date(null=True, default=None)
    mkg_tahun = Integer(default=0)  # masa kerja golongan
    mkg_bulan = Integer(default=0)
    jenis = Varchar(length=20, default="reguler")  # reguler, pilihan, pengangkatan (CPNS/PNS)


class RiwayatJabatan(Table, tablename="kepegawaian_riwayat_jabatan"):
    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    nama_jabatan = Varchar(length=200)
    jenis = Varchar(length=12)  # struktural, fungsional, pelaksana
    jenjang = Varchar(length=30, default="")  # "II.a", "III.a" (eselon) or "ahli muda", "terampil", ...
    unit_id = Integer()
    tmt = Date()
    nomor_sk = Varchar(length=100, default="")
    tanggal_sk = Date(null=True, default=None)
    bup = Integer()  # batas usia pensiun of this jabatan: default from aturan, editable per row


class RiwayatKGB(Table, tablename="kepegawaian_riwayat_kgb"):
    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    tmt = Date()
    golongan = Varchar(length=8, default="")
    gaji_pokok = Integer()
    mkg_tahun = Integer(default=0)
    mkg_bulan = Integer(default=0)
    nomor_sk = Varchar(length=100, default="")
    tanggal_sk = Date(null=True, default=None)


class Pendidikan(Table, tablename="kepegawaian_pendidikan"):
    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    jenjang = Varchar(length=10)  # SD, SMP, SMA, D3, D4, S1, S2, S3
    nama_sekolah = Varchar(length=200)
    jurusan = Varchar(length=200, default="")
    tahun_lulus = Integer()
    nomor_ijazah = Varchar(length=100, default="")


class Keluarga(Table, tablename="kepegawaian_keluarga"):
    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    hubungan = Varchar(length=12)  # suami, istri, anak, ayah, ibu, mertua
    nama = Varchar(length=200)
    tanggal_lahir = Date(null=True, default=None)
    anak_ke = Integer(null=True, default=None)  # children counted in birth order (cuti melahirkan)
    tanggungan = Boolean(default=False)  # in the family allowance


class ArsipPegawai(Table, tablename="kepegawaian_arsip"):
    """The personal document archive: one typed document (its versions live in the core store)."""

    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    jenis = Varchar(length=30, index=True)  # sk_cpns, sk_pns, sk_pangkat, sk_kgb, skp, ijazah, ktp, kk, ...
    tahun = Integer(null=True, default=None)  # SKP of which year
    tanggal = Date(null=True, default=None)  # the document's own date
    nomor = Varchar(length=100, default="")
    keterangan = Varchar(length=300, default="")
    document_id = Integer()  # core document: a new upload of the same entry is its next version
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_at = Timestamptz(default=TimestamptzNow())


class Koreksi(Table, tablename="kepegawaian_koreksi"):
    """A correction the employee asks of their own file, checked by the Pengelola Kepegawaian."""

    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    bagian = Varchar(length=30)  # which part of the file: identitas, pangkat, jabatan, ...
    uraian = Text()  # what is wrong and what it should say
    status = Varchar(length=12, default="diajukan", index=True)  # diajukan, diterima, ditolak
    case_id = Integer(null=True, default=None)
    diajukan_oleh = Integer(null=True, default=None)
    diajukan_at = Timestamptz(default=TimestamptzNow())
    tanggapan = Text(default="")


class Aturan(Table, tablename="kepegawaian_aturan"):
    """A rule's value from a date on: every number of the leave rules, versioned by when it takes effect."""

    id = Serial(primary_key=True)
    kunci = Varchar(length=60, index=True)  # "cuti.tahunan.hak", ...
    nilai = JSON()
    berlaku_mulai = Date()
    sumber = Text(default="")  # the regulation it comes from
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_at = Timestamptz(default=TimestamptzNow())


class Cuti(Table, tablename="kepegawaian_cuti"):
    """One leave request and its outcome (SOP 13)."""

    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.restrict, index=True)
    jenis = Varchar(length=20)  # tahunan, besar, sakit, melahirkan, alasan_penting, bersama, cltn
    mulai = Date(index=True)
    selesai = Date(index=True)
    hari_kerja = Integer()  # the length in working days, by the core calendar
    hari_kalender = Integer()
    alasan = Text(default="")
    alamat_cuti = Text(default="")
    telepon_cuti = Varchar(length=32, default="")
    status = Varchar(length=14, default="diajukan", index=True)  # diajukan, disetujui, ditangguhkan, ditolak, dibatalkan
    tahun = Integer()  # the leave year the days are taken from (the year of `mulai`)
    dokumen = JSON(default=[])  # ArsipPegawai ids and core document ids the request relies on
    keterangan = JSON(default={})  # e.g. anak_ke for melahirkan, the doctor's letter for sakit
    case_id = Integer(null=True, default=None, index=True)
    nomor_surat = Varchar(length=100, default="")  # the Surat Izin Cuti
    diajukan_oleh = Integer(null=True, default=None)  # core user: the employee, or the Pengelola for them
    diajukan_at = Timestamptz(default=TimestamptzNow())
    diputus_at = Timestamptz(null=True, default=None)


class SaldoCuti(Table, tablename="kepegawaian_saldo_cuti"):
    """One entry of a cuti tahunan ledger; the balance of a year is the sum of its entries."""

    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    tahun = Integer(index=True)
    # hak (the year's entitlement), sisa (carried over from year-1 / year-2), pakai (leave taken),
    # cadangan / lepas (reserved for a pending request, and released), tangguh (deferred days),
    # ganti_bersama (cuti bersama worked through), hapus (a cuti besar year), koreksi
    jenis = Varchar(length=16)
    hari = Integer()  # signed: + adds to the balance, - takes from it
    cuti = Integer(null=True, default=None, index=True)  # the Cuti row behind it, if any
    keterangan = Varchar(length=300, default="")
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_at = Timestamptz(default=TimestamptzNow())


class PenilaianKinerja(Table, tablename="kepegawaian_penilaian_kinerja"):
    """A year's performance rating (predikat kinerja of the SKP): KGB and KP both require "baik"."""

    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    tahun = Integer(index=True)
    predikat = Varchar(length=20)  # sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang
    arsip_id = Integer(null=True, default=None)  # the SKP in the archive (ArsipPegawai), when uploaded
    dicatat_oleh = Integer(null=True, default=None)
    dicatat_at = Timestamptz(default=TimestamptzNow())


class HukumanDisiplin(Table, tablename="kepegawaian_hukuman_disiplin"):
    """A discipline sanction (PP 94/2021): it postpones a KGB and is named in the statements of SOP 11/12."""

    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    tingkat = Varchar(length=8)  # ringan, sedang, berat
    jenis = Varchar(length=200)
    nomor_sk = Varchar(length=100, default="")
    tanggal_sk = Date(null=True, default=None)
    mulai = Date()
    selesai = Date(null=True, default=None)


class PenundaanKGB(Table, tablename="kepegawaian_penundaan_kgb"):
    """A postponed periodic raise (PP 7/1977 art. 13): at most a year at a time, from the TMT that was due."""

    id = Serial(primary_key=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    tmt_semula = Date()  # the raise's TMT before the postponement
    bulan = Integer()  # 1..12
    alasan = Text()
    nomor_sk = Varchar(length=100, default="")
    dicatat_oleh = Integer(null=True, default=None)
    dicatat_at = Timestamptz(default=TimestamptzNow())


class Usulan(Table, tablename="kepegawaian_usulan"):
    """One raise, promotion or retirement being worked (SOP 11, 14, 12): the case and what it rests on.

    ``kunci`` ("kgb:<pegawai>:<tmt>") is unique, so the schedule opens each case once however many
    workers run it.
    """

    id = Serial(primary_key=True)
    kunci = Varchar(length=80, unique=True)
    jenis = Varchar(length=12, index=True)  # kgb, kp, pensiun
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.restrict, index=True)
    tmt = Date(index=True)  # when the raise, the promotion or the retirement takes effect
    status = Varchar(length=14, default="proses", index=True)  # proses, diajukan, tms, disetujui, ditolak, selesai, dibatalkan
    case_id = Integer(null=True, default=None, index=True)
    data = JSON(default={})  # the reckoning at opening (gaji, MKG, golongan), the checklist, TMS notes, references
    dibuat_oleh = Integer(null=True, default=None)  # None: opened by the schedule
    dibuat_at = Timestamptz(default=TimestamptzNow())
    selesai_at = Timestamptz(null=True, default=None)


class GajiPokok(Table, tablename="kepegawaian_gaji_pokok"):
    """A row of a gaji pokok table (PP 15/2019, PP 5/2024, ...): kept as data with its source."""

    id = Serial(primary_key=True)
    peraturan = Varchar(length=60, index=True)
    berlaku_mulai = Date()
    golongan = Varchar(length=8)
    mkg = Integer()  # masa kerja golongan in whole years
    gaji = Integer()
    sumber = Text(default="")


class PrestasiPeriode(Table, tablename="kepegawaian_prestasi_periode"):
    """One month of ASN berprestasi (SOP 10): the form's criteria as drafted, the outcome."""

    id = Serial(primary_key=True)
    periode = Varchar(length=7, unique=True)  # "2026-11"
    case_id = Integer(null=True, default=None, index=True)
    kriteria = JSON(default=[])  # [{"kode", "nama", "bobot"}] in force when the form was drafted
    status = Varchar(length=12, default="penilaian", index=True)  # penilaian, rekap, disetujui, ditolak
    terpilih = Integer(null=True, default=None)  # Pegawai id of the outstanding employee
    catatan = Text(default="")
    dibuat_at = Timestamptz(default=TimestamptzNow())


class PrestasiNilai(Table, tablename="kepegawaian_prestasi_nilai"):
    """A head's scores for one subordinate in one month."""

    id = Serial(primary_key=True)
    periode = ForeignKey(PrestasiPeriode, on_delete=OnDelete.cascade, index=True)
    pegawai = ForeignKey(Pegawai, on_delete=OnDelete.cascade, index=True)
    penilai = Integer()  # core user: the Eselon III head of the person's unit
    nilai = JSON(default={})  # {kriteria kode: score 0..100}
    total = DoublePrecision(default=0.0)  # the weighted score
    dinilai_at = Timestamptz(default=TimestamptzNow())


TABLES = (Pegawai, RiwayatPangkat, RiwayatJabatan, RiwayatKGB, Pendidikan, Keluarga, ArsipPegawai, Koreksi, Aturan,
          Cuti, SaldoCuti, PenilaianKinerja, HukumanDisiplin, PenundaanKGB, Usulan, GajiPokok, PrestasiPeriode,
          PrestasiNilai)
