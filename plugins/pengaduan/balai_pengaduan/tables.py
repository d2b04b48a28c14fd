"""The plugin's own rows about WBS reports. Every text column holds a value sealed for its case
(``seal_text``): the database never holds a word of a report, a reason or an identity."""

from __future__ import annotations

from piccolo.columns import Boolean, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class Laporan(Table, tablename="pengaduan_laporan"):
    """One WBS report: who must not read it and who decides it (conflict of interest), sealed."""

    id = Serial(primary_key=True)
    case = Integer(unique=True, index=True)
    rahasia = Text(default="")  # sealed JSON: dikecualikan, pemutus, alasan, keputusan
    dibuat = Timestamptz()


class Identitas(Table, tablename="pengaduan_identitas"):
    """The reporter's identity, when given: kept apart from the report, opened by request only."""

    id = Serial(primary_key=True)
    case = Integer(unique=True, index=True)
    isi = Text(default="")  # sealed
    dibuat = Timestamptz()


class PermintaanIdentitas(Table, tablename="pengaduan_permintaan_identitas"):
    """A Tim Telaah member's request to open the identity, and the custodian's decision."""

    id = Serial(primary_key=True)
    case = Integer(index=True)
    diminta_oleh = Integer()
    diminta_pada = Timestamptz()
    alasan = Text(default="")  # sealed
    status = Varchar(length=20, default="menunggu")  # menunggu, disetujui, ditolak
    diputus_oleh = Integer(null=True, default=None)
    diputus_pada = Timestamptz(null=True, default=None)
    catatan = Text(default="")  # sealed


class Aduan(Table, tablename="pengaduan_aduan"):
    """One SP4N-LAPOR! complaint as the monthly recap counts it: its class and category as chosen,
    the units it went to, when it came and when it ended. No words of the complaint: those stay in
    the case."""

    id = Serial(primary_key=True)
    case = Integer(unique=True, index=True)
    kelas = Varchar(length=30, default="pengaduan")
    kategori = Varchar(length=30, default="lain")
    subkategori = Varchar(length=100, default="")
    unit_tujuan = Varchar(length=200, default="")  # ids of the units it was sent to, "3,7"
    lapor = Boolean(default=False)  # entered from SP4N-LAPOR! (it carries a LAPOR! tracking ID)
    diterima = Timestamptz(index=True)
    ditutup = Timestamptz(null=True, default=None)
    cara_tutup = Varchar(length=30, default="")  # the ending action: tutup_diam, diteruskan_ppid


class Pemusnahan(Table, tablename="pengaduan_pemusnahan"):
    """What is left of a WBS report destroyed under the retention rule: that it existed, no more."""

    id = Serial(primary_key=True)
    case = Integer(unique=True)
    reference = Varchar(length=40)
    diterima = Timestamptz(null=True, default=None)
    ditutup = Timestamptz(null=True, default=None)
    dimusnahkan = Timestamptz()


TABLES = (Laporan, Identitas, PermintaanIdentitas, Aduan, Pemusnahan)
