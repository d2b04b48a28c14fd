"""The plugin's own rows about WBS reports. Every text column holds a value sealed for its case
(``seal_text``): the database never holds a word of a report, a reason or an identity."""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
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


TABLES = (Laporan, Identitas, PermintaanIdentitas)
