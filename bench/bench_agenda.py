"""Buku Agenda search over 500 000 incoming letters on PostgreSQL: p50/p95/max per query kind.

    .venv/bin/python bench/bench_agenda.py [--rows 500000] [--queries 300] [--keep]

Creates a scratch database ``balai_bench_<random>`` on 127.0.0.1:5432 (user postgres), migrates it,
loads the letters with COPY (building the search index after the load), then times the plugin's own search (``balai_persuratan.agenda``) the
way the agenda page calls it: a page of 50 rows, newest first, for the whole register and for one
year, for everybody and for a unit archivist (letters of the unit and those disposed to it).
Target: p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
ROOT = Path(__file__).resolve().parent.parent

INSTANSI = ["Dinas Perindustrian", "Dinas Perdagangan", "Dinas Koperasi dan UKM", "Badan Pusat Statistik",
            "Bank Indonesia", "Kementerian Perindustrian", "Kementerian Perdagangan", "Biro Umum Setda",
            "Badan Pengelola Keuangan Daerah", "Inspektorat", "Balai Besar POM", "Kantor Bea dan Cukai",
            "Dinas Penanaman Modal", "Dinas Tenaga Kerja", "Universitas Mulawarman", "KADIN", "PT Pupuk Kaltim",
            "Badan Kepegawaian Daerah", "Bappeda", "DPRD"]
WILAYAH = ["Provinsi Kalimantan Timur", "Kota Samarinda", "Kota Balikpapan", "Kota Bontang", "Kabupaten Kutai Kartanegara",
           "Kabupaten Berau", "Kabupaten Paser", "Kabupaten Kutai Timur", "Kabupaten Kutai Barat", "Kabupaten Mahakam Ulu",
           "Kabupaten Penajam Paser Utara", "RI", "Jakarta", "Surabaya", "Makassar"]
AWAL = ["Undangan", "Permohonan", "Pemberitahuan", "Laporan", "Penyampaian", "Usulan", "Edaran", "Konfirmasi",
        "Tindak lanjut", "Penyelenggaraan", "Pelaksanaan", "Evaluasi", "Monitoring", "Sosialisasi", "Koordinasi"]
POKOK = ["rapat koordinasi", "data koperasi aktif", "pelatihan IKM", "pameran produk unggulan", "neraca perdagangan",
         "harga bahan pokok", "perizinan berusaha", "standar mutu barang", "tera ulang timbangan", "pasar murah",
         "bimbingan teknis", "kenaikan pangkat", "cuti pegawai", "anggaran perubahan", "barang milik daerah",
         "survei kepuasan masyarakat", "informasi publik", "pengaduan masyarakat", "sertifikasi halal",
         "ekspor batubara", "hilirisasi industri", "UMKM digital", "kredit usaha rakyat", "koperasi simpan pinjam",
         "industri agro", "metrologi legal", "pengawasan barang beredar", "distribusi pupuk", "festival kuliner",
         "kemitraan usaha"]
TAMBAHAN = ["tahun anggaran", "triwulan I", "triwulan II", "triwulan III", "triwulan IV", "semester I", "semester II",
            "se-Kalimantan Timur", "tingkat nasional", "di Samarinda", "di Balikpapan", "secara daring"]
KODE = ["000.1.4", "000.1.2", "500", "500.1", "800.1", "900.1", "000.9", "100.2", "000.5", "000.7"]

QUERIES = {
    "satu kata umum": ["undangan", "rapat", "koperasi", "laporan", "samarinda", "pelatihan"],
    "satu kata jarang": ["mahakam", "halal", "batubara", "kuliner", "tera", "metrologi", "pupuk"],
    "dua kata": ["rapat koordinasi", "pasar murah", "data koperasi", "bank indonesia", "industri agro",
                 "kutai barat", "bimbingan teknis"],
    "nomor surat": [],  # filled with real numbers from the data
    "tidak ada": ["zzqx", "tidakada surat"],
}


def letters(n: int, rng: random.Random):
    start = date(2022, 1, 1)
    span = (date(2026, 12, 31) - start).days
    per_year: dict[int, int] = {}
    senders = [f"{i} {w}" for i in INSTANSI for w in WILAYAH]
    for _ in range(n):
        received = start + timedelta(days=int(span * rng.random()))
        year = received.year
        per_year[year] = per_year.get(year, 0) + 1
        sender = rng.choice(senders)
        subject = f"{rng.choice(AWAL)} {rng.choice(POKOK)} {rng.choice(TAMBAHAN)}"
        number = f"{rng.choice(KODE)}/{rng.randint(1, 9999)}/{sender.split()[0][:4].upper()}/{year}"
        yield (year, per_year[year], sender, number, received - timedelta(days=rng.randint(0, 10)), received, subject,
               rng.choice(["biasa", "biasa", "penting", "rahasia"]), rng.choice(["biasa", "biasa", "segera"]),
               number.split("/")[0], 1, "", "", 1, None, "diarsipkan", "", None, None, "Bench",
               datetime.now(timezone.utc), " ".join(p.lower() for p in (sender, number, subject)),
               " u1 u7 " if rng.random() < 1 / 6 else " u1 ")


COLUMNS = ["tahun", "nomor_agenda", "pengirim", "nomor_surat", "tanggal_surat", "tanggal_terima", "perihal", "sifat",
           "urgensi", "klasifikasi", "lampiran", "catatan", "alasan_duplikat", "unit_id", "case_id", "status",
           "lokasi_arsip", "diarsipkan_pada", "dicatat_oleh", "dicatat_nama", "dicatat_pada", "cari", "akses"]


async def load(dsn: str, rows: int) -> None:
    import asyncpg

    rng = random.Random(20231211)
    conn = await asyncpg.connect(dsn)
    t0 = time.perf_counter()
    # Bulk load without the search index, then build it once (as a restore would).
    await conn.execute("DROP INDEX persuratan_surat_masuk_cari_ts")
    batch, done = [], 0
    for record in letters(rows, rng):
        batch.append(record)
        if len(batch) == 50_000:
            await conn.copy_records_to_table("persuratan_surat_masuk", records=batch, columns=COLUMNS)
            done += len(batch)
            batch = []
    if batch:
        await conn.copy_records_to_table("persuratan_surat_masuk", records=batch, columns=COLUMNS)
    # About one letter in six was disposed to the unit 7 (for the unit archivist's view).
    await conn.execute("INSERT INTO persuratan_distribusi (surat_masuk, unit_id, dicatat_nama, dicatat_pada) "
                       "SELECT id, 7, 'Bench', now() FROM persuratan_surat_masuk WHERE akses LIKE '% u7 %'")
    await conn.execute("CREATE INDEX persuratan_surat_masuk_cari_ts ON persuratan_surat_masuk USING gin (cari_ts)")
    await conn.execute("ANALYZE")
    count = await conn.fetchval("SELECT count(*) FROM persuratan_surat_masuk")
    await conn.close()
    print(f"loaded {count:,} letters in {time.perf_counter() - t0:.1f} s")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def measure(queries: int, dsn: str) -> bool:
    import asyncpg

    from balai.api import CurrentUser
    from balai.piccolo_conf import DB
    from balai_persuratan import agenda

    conn = await asyncpg.connect(dsn)
    QUERIES["nomor surat"] = [r["nomor_surat"] for r in await conn.fetch(
        "SELECT nomor_surat FROM persuratan_surat_masuk ORDER BY random() LIMIT 8")]
    await conn.close()
    await DB.start_connection_pool(min_size=2, max_size=4)
    archivist = CurrentUser(id=999999, username="bench", full_name="Bench",
                            grants={"persuratan.lihat": frozenset({7})})
    rng = random.Random(7)
    timings: dict[str, list[float]] = {}
    everything: list[float] = []
    for i in range(queries):
        kind = rng.choice(list(QUERIES))
        q = rng.choice(QUERIES[kind])
        year = rng.choice([None, 2024, 2025, 2026])
        user = archivist if i % 4 == 0 else None
        t0 = time.perf_counter()
        rows, _more = await agenda.cari_masuk(user, tahun=year, q=q)
        ms = (time.perf_counter() - t0) * 1000
        timings.setdefault(kind, []).append(ms)
        everything.append(ms)
    await DB.close_connection_pool()
    print(f"\n{'query kind':<20} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in timings.items():
        print(f"{kind:<20} {len(values):>4} {statistics.median(values):>8.1f} {pct(values, 95):>8.1f} "
              f"{max(values):>8.1f}")
    p95 = pct(everything, 95)
    print(f"{'all':<20} {len(everything):>4} {statistics.median(everything):>8.1f} {p95:>8.1f} {max(everything):>8.1f}")
    print(f"\np95 {p95:.1f} ms — target < 200 ms: {'OK' if p95 < 200 else 'NOT MET'}")
    return p95 < 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    name = f"balai_bench_{secrets.token_hex(4)}"
    dsn = f"postgresql://postgres@127.0.0.1:5432/{name}"
    env = {**os.environ, "BALAI_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
           "BALAI_VAR_DIR": f"/tmp/{name}"}

    import asyncpg

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(ADMIN_DSN)
        await conn.execute(sql)
        await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        subprocess.run([sys.executable, "-m", "balai.cli", "migrate"], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        asyncio.run(load(dsn, args.rows))
        os.environ.update(env)
        ok = asyncio.run(measure(args.queries, dsn))
    finally:
        if not args.keep:
            asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
