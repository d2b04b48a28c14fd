"""BMD on PostgreSQL: the stock computation over 30 000 movements (FIFO and moving weighted average)
and the KIB B listing of 20 000 assets, each timed through the plugin and through one hand-written SQL
query, with the results compared (they must be equal).

    .venv/bin/python plugins/bmd/bench/bench_bmd.py [--items 300] [--moves 30000] [--assets 20000] [--runs 5] [--keep]

Creates a scratch database ``balai_bench_<random>`` on 127.0.0.1:5432 (user postgres), migrates it,
loads the ledger and the register with COPY, then times, best and median of ``--runs``:
- the plugin's laporan persediaan (``laporan.semester``: every movement read once in ledger order and
  valued by ``nilai.hitung``), under FIFO and then under the weighted average (a method row from the
  first semester on), against SQL: FIFO's closing value as the newest receipts covering the stock (a
  window sum), the moving average as a recursive query walking each item's ledger in order;
- the KIB B list page (``register.cari``: the first and the last page of 50 and the count) and the
  whole card at once, against the same SELECT written by hand.
No target is set by the issue; the figures are printed for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
ROOT = Path(__file__).resolve().parents[3]
KODE_B = ["1.3.2.05.02.01.001", "1.3.2.05.02.01.032", "1.3.2.10.01.02.001", "1.3.2.10.01.02.002",
          "1.3.2.10.02.03.002", "1.3.2.05.01.04.005", "1.3.2.05.02.04.004", "1.3.2.05.02.01.030"]

SQL_FIFO = """
WITH stok AS (SELECT barang, SUM(jumlah) AS q FROM bmd_mutasi WHERE tanggal <= $1 GROUP BY barang),
masuk AS (  -- receipts newest first, with how many units the newer ones already cover
  SELECT m.barang, m.jumlah, m.harga_satuan, s.q,
         SUM(m.jumlah) OVER (PARTITION BY m.barang ORDER BY m.tanggal DESC, m.id DESC) - m.jumlah AS sesudah
  FROM bmd_mutasi m JOIN stok s ON s.barang = m.barang WHERE m.jumlah > 0 AND m.tanggal <= $1)
SELECT barang, MAX(q) AS q,
       COALESCE(SUM(GREATEST(LEAST(jumlah, q - sesudah), 0)::numeric * harga_satuan), 0) AS v
FROM masuk GROUP BY barang
"""

SQL_RATA = """
WITH RECURSIVE m AS (
  SELECT barang, jumlah, harga_satuan, ROW_NUMBER() OVER (PARTITION BY barang ORDER BY tanggal, id) AS n
  FROM bmd_mutasi WHERE tanggal <= $1),
r (barang, n, q, v) AS (
  SELECT barang, n, jumlah, (jumlah * harga_satuan)::numeric FROM m WHERE n = 1
  UNION ALL
  SELECT m.barang, m.n, r.q + m.jumlah,
         CASE WHEN m.jumlah > 0 THEN r.v + m.jumlah::numeric * m.harga_satuan
              ELSE r.v - ROUND(r.v * (-m.jumlah) / r.q, 2) END
  FROM r JOIN m ON m.barang = r.barang AND m.n = r.n + 1)
SELECT DISTINCT ON (barang) barang, q, v FROM r ORDER BY barang, n DESC
"""

SQL_KIB_PAGE = ("SELECT * FROM bmd_aset WHERE kib = 'B' ORDER BY kode_barang, nomor_register LIMIT $1 OFFSET $2")
SQL_KIB_COUNT = "SELECT count(*) FROM bmd_aset WHERE kib = 'B'"


def ledger(items: int, moves: int, rng: random.Random):
    """Per item, movements in date order that never issue more than the stock."""
    per_item = moves // items
    start, span = date(2025, 1, 2), (date(2026, 11, 30) - date(2025, 1, 2)).days
    now = datetime.now(timezone.utc)
    for item in range(1, items + 1):
        days = sorted(rng.randrange(span) for _ in range(per_item))
        stock, price = 0, rng.randint(20, 900) * 100
        for d in days:
            day = start + timedelta(days=d)
            roll = rng.random()
            if stock < 20 or roll < 0.3:
                n = rng.randint(20, 200)
                price = max(100, price + rng.randint(-5, 8) * 100)
                yield (item, 1, "terima", n, price, day, "bench", "", "Bench", now)
                stock += n
            elif roll < 0.33:
                n = -rng.randint(1, min(3, stock))
                yield (item, 1, "penyesuaian", n, 0, day, "bench", "", "Bench", now)
                stock += n
            else:
                n = rng.randint(1, stock)
                yield (item, 1, "keluar", -n, 0, day, "bench", "", "Bench", now)
                stock -= n


def assets(n: int, rng: random.Random):
    now = datetime.now(timezone.utc)
    reg: dict[str, int] = {}
    for _ in range(n):
        kode = rng.choice(KODE_B)
        reg[kode] = reg.get(kode, 0) + 1
        yield (kode, reg[kode], f"{kode}.{reg[kode]:04d}", "B", f"Barang {reg[kode]}", rng.randint(5, 500) * 100_000,
               date(2015 + rng.randrange(11), rng.randint(1, 12), rng.randint(1, 28)), "apbd", "pembelian",
               rng.choice(["B"] * 8 + ["KB", "RB"]), 1, "", "", json.dumps({}), "",
               now)


async def load(dsn: str, args) -> None:
    import asyncpg

    rng = random.Random(17)
    conn = await asyncpg.connect(dsn)
    t0 = time.perf_counter()
    await conn.execute("INSERT INTO bmd_gedung (nama, alamat) VALUES ('Gedung Bench', '')")
    await conn.execute("INSERT INTO bmd_ruang (gedung, kode, nama, unit_nama, penanggung_jawab, penanggung_jawab_nip, "
                       "gudang) VALUES (1, 'B-1', 'Gudang Bench', '', 'Bench', '', true)")
    await conn.copy_records_to_table("bmd_barang", records=[(f"Barang bench {i:04d}", "buah", "1.1.7", 0)
                                                            for i in range(1, args.items + 1)],
                                     columns=["nama", "satuan", "kode_barang", "versi"])
    await conn.copy_records_to_table("bmd_mutasi", records=list(ledger(args.items, args.moves, rng)),
                                     columns=["barang", "gudang", "jenis", "jumlah", "harga_satuan", "tanggal", "alasan",
                                              "dokumen", "oleh_nama", "dicatat_pada"])
    await conn.copy_records_to_table("bmd_aset", records=list(assets(args.assets, rng)),
                                     columns=["kode_barang", "nomor_register", "nomor", "kib", "nama", "nilai",
                                              "tanggal_perolehan", "sumber_dana", "cara_perolehan", "kondisi", "ruang",
                                              "pemegang", "pemegang_nip", "rincian", "keterangan", "dicatat_pada"])
    await conn.execute("ANALYZE")
    m, a = await conn.fetchval("SELECT count(*) FROM bmd_mutasi"), await conn.fetchval("SELECT count(*) FROM bmd_aset")
    await conn.close()
    print(f"loaded {m:,} movements of {args.items} items and {a:,} KIB B assets in {time.perf_counter() - t0:.1f} s")


async def timed(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = await fn()
        times.append((time.perf_counter() - t0) * 1000)
    return result, min(times), statistics.median(times)


def line(label: str, best: float, med: float) -> None:
    print(f"  {label:<46} best {best:>9.1f} ms   median {med:>9.1f} ms")


async def measure(dsn: str, runs: int) -> bool:
    import asyncpg

    from balai.piccolo_conf import DB
    from balai_bmd import laporan, register

    await DB.start_connection_pool(min_size=1, max_size=2)
    conn = await asyncpg.connect(dsn)
    end = date(2026, 12, 31)
    ok = True

    async def plugin_stock():
        lap = await laporan.semester(2026, 2)
        return {b.barang["id"]: (b.jumlah["akhir"], b.nilai["akhir"]) for b in lap["baris"]}

    for metode, sql in (("fifo", SQL_FIFO), ("rata", SQL_RATA)):
        if metode == "rata":
            await conn.execute("INSERT INTO bmd_metode_penilaian (metode, mulai_tahun, mulai_semester, dasar, oleh_nama, "
                               "pada) VALUES ('rata', 2000, 1, 'bench', 'Bench', now())")
        print(f"\nstock and value of every item at {end} — {metode}")
        mine, best, med = await timed(plugin_stock, runs)
        line("plugin (laporan.semester, nilai.hitung)", best, med)

        async def by_hand():
            return {r["barang"]: (int(r["q"]), Decimal(r["v"])) for r in await conn.fetch(sql, end)}

        theirs, best, med = await timed(by_hand, runs)
        line("one SQL query", best, med)
        same = mine == theirs
        ok &= same
        total = sum(v for _q, v in mine.values())
        print(f"  {len(mine)} items, closing value Rp {total:,.2f}; equal: {'yes' if same else 'NO'}")

    print("\nKIB B listing")
    total = await conn.fetchval(SQL_KIB_COUNT)
    last = (total - 1) // register.PER_HALAMAN + 1

    async def plugin_pages():
        first = await register.cari(kib_="B", page=1)
        end_page = await register.cari(kib_="B", page=last)
        return [a["nomor"] for a in first[0] + end_page[0]], first[1]

    async def hand_pages():
        rows = await conn.fetch(SQL_KIB_PAGE, register.PER_HALAMAN, 0)
        rows += await conn.fetch(SQL_KIB_PAGE, register.PER_HALAMAN, (last - 1) * register.PER_HALAMAN)
        return [r["nomor"] for r in rows], await conn.fetchval(SQL_KIB_COUNT)

    mine, best, med = await timed(plugin_pages, runs)
    line(f"plugin: first and last page of {register.PER_HALAMAN} + count", best, med)
    theirs, best, med = await timed(hand_pages, runs)
    line("SQL: the same two pages + count", best, med)
    ok &= mine == theirs

    async def plugin_all():
        rows, _n = await register.cari(kib_="B", per_page=total)
        return [a["nomor"] for a in rows]

    async def hand_all():
        return [r["nomor"] for r in await conn.fetch(SQL_KIB_PAGE, total, 0)]

    mine_all, best, med = await timed(plugin_all, runs)
    line(f"plugin: the whole card ({total:,} rows)", best, med)
    theirs_all, best, med = await timed(hand_all, runs)
    line("SQL: the whole card", best, med)
    ok &= mine_all == theirs_all
    print(f"  equal: {'yes' if mine == theirs and mine_all == theirs_all else 'NO'}")
    await conn.close()
    await DB.close_connection_pool()
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--moves", type=int, default=30_000)
    parser.add_argument("--assets", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
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
        asyncio.run(load(dsn, args))
        os.environ.update(env)
        ok = asyncio.run(measure(dsn, args.runs))
    finally:
        if not args.keep:
            asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print("\nresults equal" if ok else "\nRESULTS DIFFER")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
