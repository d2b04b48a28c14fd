"""Layanan figures: survey answers stored per second, and the semester report for many answers.

    .venv/bin/python bench/bench_layanan.py [--answers 5000] [--concurrency 16] [--database-url URL]

(a) Survey writes: ``--concurrency`` tasks store answers on one-time links at once through the same
    function the public page uses (conditional UPDATE of the link + INSERT of the answer, in one
    transaction); every link is also tried a second time, and the replays must all be refused.
(b) Report: the IKM of ``--answers`` answers in one semester (read + exact computation), and the
    semester page's data (``rekap``: IKM, population, sample size, profile, suggestions).
A fresh SQLite file in a temporary folder is used unless ``--database-url`` names another database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time


def _env(url: str | None) -> None:
    var = tempfile.mkdtemp(prefix="balai-bench-layanan-")
    os.environ["BALAI_VAR_DIR"] = var
    os.environ.setdefault("BALAI_SECRET_KEY", "bench-" + "x" * 40)
    os.environ["BALAI_DATABASE_URL"] = url or f"sqlite:///{var}/bench.sqlite"


async def main(args) -> None:
    from balai.db import migrate

    await migrate()
    from balai.piccolo_conf import DB
    from balai_layanan import ikm, survei

    if hasattr(DB, "start_connection_pool") and args.database_url:
        await DB.start_connection_pool(min_size=2, max_size=args.concurrency + 2)
    answer = {f"u{i}": str(1 + (i % 4)) for i in range(1, 10)}
    answer.update(usia="31-40", jenis_kelamin="P", pendidikan="s1", pekerjaan="swasta", saran="")
    form, errors = survei.periksa_jawaban(answer)
    assert not errors

    _id, tokens = await survei.terbitkan("acara", "Bench", 1, "Bench", jumlah=args.answers, berlaku_hari=1)
    queue = list(tokens) + list(tokens)  # every link twice: the second try is a replay
    stored = refused = 0
    lock = asyncio.Lock()

    async def worker():
        nonlocal stored, refused
        while True:
            async with lock:
                if not queue:
                    return
                token = queue.pop()
            result = await survei.simpan(token, form)
            if result:
                refused += 1
            else:
                stored += 1

    start = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(args.concurrency)])
    elapsed = time.perf_counter() - start
    assert stored == args.answers and refused == args.answers, (stored, refused)
    print(f"(a) {2 * args.answers} submissions ({args.answers} stored, {refused} replays refused), "
          f"concurrency {args.concurrency}: {elapsed:.2f} s, {2 * args.answers / elapsed:.0f} submissions/s")

    from balai_layanan.waktu import hari_ini

    periode = ikm.periode_dari(hari_ini())
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        rows = await survei.respons_periode(periode)
        hasil = ikm.hitung(rows)
        times.append(time.perf_counter() - t0)
    print(f"(b) IKM of {hasil.responden} answers (read + compute): median {statistics.median(times) * 1000:.0f} ms;"
          f" IKM {hasil.ikm}")
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        await survei.rekap(periode)
        times.append(time.perf_counter() - t0)
    print(f"    semester page data (rekap): median {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    arguments = parser.parse_args()
    _env(arguments.database_url)
    asyncio.run(main(arguments))
