"""Constraints and search indexes Piccolo cannot declare, and the shipped classification codes.

* one agenda number per year, one serial per outgoing numbering counter, one letter number;
* PostgreSQL: a stored tsvector with a GIN index for the Buku Agenda's full-text search, and a
  trigram index (pg_trgm) for sender suggestions; SQLite searches with LIKE, fine at its scale.
"""

import csv
from pathlib import Path

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T13:00:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes, search and classification codes"

DATA = Path(__file__).resolve().parent.parent / "data" / "klasifikasi.csv"


class RawTable(Table):
    pass


STATEMENTS = [
    "CREATE UNIQUE INDEX persuratan_surat_masuk_agenda ON persuratan_surat_masuk (tahun, nomor_agenda)",
    "CREATE INDEX persuratan_surat_masuk_tahun_terima ON persuratan_surat_masuk (tahun, tanggal_terima)",
    "CREATE UNIQUE INDEX persuratan_surat_keluar_nomor ON persuratan_surat_keluar (nomor)",
    "CREATE INDEX persuratan_surat_keluar_tahun ON persuratan_surat_keluar (tahun, tanggal_surat)",
    "CREATE INDEX persuratan_surat_masuk_duplikat ON persuratan_surat_masuk (nomor_surat, pengirim)",
]

# Full-text search on PostgreSQL: a stored tsvector of the search text (sender, number, subject;
# "/" split so that each part of a letter number is a word) with a GIN index.
_TSVECTOR = "to_tsvector('simple', translate(cari, '/', ' '))"
# Incoming letters also carry the units that may see them (akses), so one GIN lookup serves both
# the words and a unit archivist's view.
_TSVECTOR_MASUK = "to_tsvector('simple', translate(cari || ' ' || akses, '/', ' '))"
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"ALTER TABLE persuratan_surat_masuk ADD COLUMN cari_ts tsvector GENERATED ALWAYS AS ({_TSVECTOR_MASUK}) STORED",
    f"ALTER TABLE persuratan_surat_keluar ADD COLUMN cari_ts tsvector GENERATED ALWAYS AS ({_TSVECTOR}) STORED",
    "CREATE INDEX persuratan_surat_masuk_cari_ts ON persuratan_surat_masuk USING gin (cari_ts)",
    "CREATE INDEX persuratan_surat_keluar_cari_ts ON persuratan_surat_keluar USING gin (cari_ts)",
    "CREATE INDEX persuratan_pengirim_kunci_trgm ON persuratan_pengirim USING gin (kunci gin_trgm_ops)",
]


def _parent(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else ""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="persuratan", description=DESCRIPTION)

    async def run():
        for sql in STATEMENTS:
            await RawTable.raw(sql)
        if RawTable._meta.db.engine_type == "postgres":
            for sql in POSTGRES:
                await RawTable.raw(sql)
        with open(DATA, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                await RawTable.raw(
                    "INSERT INTO persuratan_klasifikasi (kode, nama, induk, aktif, bawaan) VALUES ({}, {}, {}, {}, {})",
                    row["kode"], row["nama"], _parent(row["kode"]), True, True,
                )

    manager.add_raw(run)
    return manager
