"""The plugin's tables; every name starts with ``layanan_``.

Units and users of the core are referred to by id and their names copied (a plugin sees the
core only through ``balai.api``), so the guest book still reads right after a unit is renamed.
"""

from piccolo.columns import JSON, Date, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Kunjungan(Table, tablename="layanan_kunjungan"):
    """One visit (SOP 9): registered on e-tamu or at the kiosk, checked in, served, closed."""

    id = Serial(primary_key=True)
    nomor = Varchar(length=20, unique=True, index=True)
    nama = Varchar(length=120)
    nomor_identitas = Varchar(length=40)
    instansi = Varchar(length=160, default="")
    telepon = Varchar(length=32)
    keperluan = Text()
    unit_id = Integer(index=True)
    unit_nama = Varchar(length=200)
    tanggal = Date(index=True)
    jenis = Varchar(length=10, default="daring")  # daring (e-tamu) / langsung (walk-in at the kiosk)
    status = Varchar(length=12, default="terdaftar", index=True)  # terdaftar, menunggu, dilayani, selesai
    didaftarkan_at = Timestamptz(default=TimestamptzNow())
    datang_at = Timestamptz(null=True, default=None)
    dilayani_at = Timestamptz(null=True, default=None)
    selesai_at = Timestamptz(null=True, default=None)
    petugas_id = Integer(null=True, default=None)
    petugas_nama = Varchar(length=200, default="")
    layanan_diberikan = Text(default="")
    hasil = Varchar(length=20, default="")
    catatan = Text(default="")


class Pelayanan(Table, tablename="layanan_pelayanan"):
    """A service given (SOP 1 step 1): a closed visit, an event, a meeting, an audience, a data request."""

    id = Serial(primary_key=True)
    jenis = Varchar(length=20)
    uraian = Text()
    unit_id = Integer(index=True)
    unit_nama = Varchar(length=200)
    tanggal = Date(index=True)
    kunjungan_id = Integer(null=True, default=None)
    dibuat_oleh = Integer(null=True, default=None)
    dibuat_nama = Varchar(length=200, default="")
    dibuat_at = Timestamptz(default=TimestamptzNow())


class TautanSurvei(Table, tablename="layanan_tautan_survei"):
    """A one-time survey link for one recipient of a service."""

    id = Serial(primary_key=True)
    pelayanan = ForeignKey(Pelayanan, on_delete=OnDelete.cascade, index=True)
    token = Varchar(length=64, unique=True, index=True)
    dibuat_at = Timestamptz(default=TimestamptzNow(), index=True)
    kedaluwarsa_at = Timestamptz()
    dipakai_at = Timestamptz(null=True, default=None)


class ResponsSurvei(Table, tablename="layanan_respons_survei"):
    """One completed questionnaire: the nine elements (1–4), the respondent's profile, a suggestion."""

    id = Serial(primary_key=True)
    tautan = ForeignKey(TautanSurvei, on_delete=OnDelete.cascade, unique=True)
    unit_id = Integer(index=True)
    periode = Varchar(length=8, index=True)  # "2026-2": the semester it was filled in
    diisi_at = Timestamptz(default=TimestamptzNow())
    u1 = Integer()
    u2 = Integer()
    u3 = Integer()
    u4 = Integer()
    u5 = Integer()
    u6 = Integer()
    u7 = Integer()
    u8 = Integer()
    u9 = Integer()
    usia = Varchar(length=10)
    jenis_kelamin = Varchar(length=1)
    pendidikan = Varchar(length=10)
    pekerjaan = Varchar(length=20)
    saran = Text(default="")


class PeriodeIkm(Table, tablename="layanan_periode_ikm"):
    """A semester whose IKM Kehumasan has published; ``hasil`` is the result as published."""

    id = Serial(primary_key=True)
    periode = Varchar(length=8, unique=True)
    diterbitkan_at = Timestamptz(default=TimestamptzNow())
    diterbitkan_oleh = Varchar(length=200, default="")
    hasil = JSON(default={})


class TindakLanjut(Table, tablename="layanan_tindak_lanjut"):
    """A suggestion taken up as SOP 1 follow-up work (a workflow case)."""

    id = Serial(primary_key=True)
    respons_id = Integer(null=True, default=None, index=True)
    periode = Varchar(length=8, index=True)
    saran = Text()
    unit_id = Integer()
    case_id = Integer(null=True, default=None)
    dibuat_oleh = Varchar(length=200, default="")
    dibuat_at = Timestamptz(default=TimestamptzNow())


class Anjungan(Table, tablename="layanan_anjungan"):
    """A kiosk signed in by staff; the device holds the key (only its hash is stored)."""

    id = Serial(primary_key=True)
    kunci_hash = Varchar(length=64, unique=True, index=True)
    perangkat_hash = Varchar(length=64)  # the browser it was opened in
    nama = Varchar(length=80, default="")
    dibuka_oleh = Integer()
    dibuka_nama = Varchar(length=200, default="")
    dibuka_at = Timestamptz(default=TimestamptzNow())
    berlaku_sampai = Timestamptz()
    ditutup_at = Timestamptz(null=True, default=None)

