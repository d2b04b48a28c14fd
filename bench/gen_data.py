"""Fill a PostgreSQL database with a busy agency's workflow history, for bench_inbox.py.

    .venv/bin/python bench/gen_data.py [--database-url postgres://postgres@127.0.0.1:5432/balai_bench]
                                       [--scale 1.0] [--busy 2000]

At --scale 1: 200 users, 100 000 cases and 1 000 000 tasks (ten per case), over the SOPs of the
installed plugins. Four in five cases are finished; each running case has one open task. One
user, ``bench.sibuk`` (password ``bench-pass``), holds the role of a busy step in Subbag Umum,
whose pool holds ``--busy`` open tasks (a third of them overdue). The database is dropped and
made afresh, migrated with ``balai migrate``, and filled with COPY (asyncpg).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

import asyncpg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/balai_bench"
BUSY_USER = "bench.sibuk"
PASSWORD = "bench-pass"
TASKS_PER_CASE = 10

CASE_COLUMNS = ["id", "sop", "reference", "subject", "unit", "state", "outcome", "opened_by", "opened_at",
                "changed_at", "closed_at", "record_type", "record_id", "data"]
TASK_COLUMNS = ["id", "case", "sop", "step", "state", "outside", "unit", "role", "assignee", "taken_by",
                "opened_at", "due_at", "closed_at", "closed_by", "action", "note", "parent_task", "fanout_root",
                "instruction", "data"]
SUBJECTS = ["Undangan rapat koordinasi", "Permohonan data statistik IKM", "Laporan realisasi anggaran",
            "Usulan kenaikan gaji berkala", "Permohonan cuti tahunan", "Pengaduan layanan perizinan",
            "Permintaan barang persediaan", "Surat edaran Gubernur", "Nota dinas Sekretaris"]


def fresh_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"

    async def make():
        conn = await asyncpg.connect(admin)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(make())


def balai_env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "BALAI_CONFIG"}
    env.update(BALAI_DATABASE_URL=url, BALAI_SECRET_KEY=env.get("BALAI_SECRET_KEY", "bench-" + "x" * 40))
    return env


async def seed_people(n_users: int) -> tuple[dict, list, dict]:
    """Org tree, SOPs, users with roles. Returns (units, sops, busy) using Balai's own code."""
    from balai.demo import assign, ensure_user, seed_org
    from balai.identity.tables import RoleAssignment, User
    from balai.plugins import load_host
    from balai.web.app import build_catalogue
    from balai.workflow.engine import load_sops

    host = load_host(None)
    catalogue = build_catalogue(host)
    sops = sorted(load_sops(host, set(catalogue.roles)).values(), key=lambda s: s.code)
    if not sops:
        raise SystemExit("no SOPs installed: install at least one plugin that declares sop_definitions")
    units = await seed_org()
    staff_steps = [(s, st) for s in sops for st in s.steps if not st.outside]
    busy_sop, busy_step = staff_steps[0]
    roles = sorted({st.actor for _s, st in staff_steps})
    # A plain password hash once, reused: argon2 on 200 users would dominate the run.
    busy_id = await ensure_user(BUSY_USER, "Pegawai Sibuk (bench)", PASSWORD)
    await assign(busy_id, busy_step.actor, units["umum"])
    template = (await User.select(User.password_hash).where(User.id == busy_id).first())["password_hash"]
    unit_ids = sorted(units.values())
    users = [User(username=f"bench.{i:03d}", full_name=f"Pegawai Bench {i:03d}", password_hash=template)
             for i in range(1, n_users)]
    await User.insert(*users)
    ids = [r["id"] for r in await User.select(User.id).where(User.username.like("bench.%")).order_by(User.id)]
    await RoleAssignment.insert(*[
        RoleAssignment(user=uid, role=roles[i % len(roles)], unit=unit_ids[i % len(unit_ids)])
        for i, uid in enumerate(ids) if uid != busy_id
    ])
    busy = {"user": busy_id, "sop": busy_sop, "step": busy_step, "unit": units["umum"]}
    return units, sops, {"busy": busy, "user_ids": ids, "roles": roles}


def rows(n_cases: int, n_busy: int, units: dict, sops: list, people: dict, seed: int = 7):
    """Case and task tuples, in COPY column order."""
    rnd = random.Random(seed)
    now = datetime.now(timezone.utc)
    unit_ids = sorted(units.values())
    busy = people["busy"]
    user_ids = people["user_ids"]
    cases, tasks = [], []
    task_id = 0
    running = max(n_busy, n_cases // 5)
    counters: dict[str, int] = {}
    for case_id in range(1, n_cases + 1):
        sop = sops[case_id % len(sops)]
        is_busy = case_id <= n_busy
        if is_busy:
            sop = busy["sop"]
        opened = now - timedelta(days=rnd.uniform(0, 365))
        prefix = sop.reference_prefix or sop.code.rsplit(".", 1)[-1].upper()[:12]
        counters[prefix] = counters.get(prefix, 0) + 1
        reference = f"{prefix}/{opened.year}/{counters[prefix]:06d}-{case_id}"
        open_case = case_id <= running
        unit = busy["unit"] if is_busy else rnd.choice(unit_ids)
        closed_at = None if open_case else opened + timedelta(days=rnd.uniform(1, 20))
        cases.append((case_id, sop.code, reference, f"{rnd.choice(SUBJECTS)} #{case_id}", unit,
                      "berjalan" if open_case else "selesai", "" if open_case else "selesai",
                      rnd.choice(user_ids), opened, closed_at or opened, closed_at, "", None, "{}"))
        steps = [s for s in sop.steps if not s.outside] or list(sop.steps)
        moment = opened
        for k in range(TASKS_PER_CASE):
            task_id += 1
            step = steps[k % len(steps)]
            last = k == TASKS_PER_CASE - 1
            is_open = open_case and last
            opened_at = moment
            moment = moment + timedelta(hours=rnd.uniform(0.2, 30))
            if is_open and is_busy:
                step, t_unit = busy["step"], busy["unit"]
                due = now - timedelta(hours=rnd.uniform(1, 48)) if case_id % 3 == 0 else \
                    now + timedelta(hours=rnd.uniform(1, 96))
            else:
                t_unit = unit if not is_open else rnd.choice([u for u in unit_ids if u != busy["unit"]])
                due = opened_at + timedelta(hours=rnd.uniform(1, 72))
            closer = None if is_open else rnd.choice(user_ids)
            tasks.append((task_id, case_id, sop.code, step.code, "terbuka" if is_open else "selesai", False,
                          t_unit, step.actor, None, None if is_open else closer, opened_at, due,
                          None if is_open else moment, closer, "" if is_open else "setuju", "", None, None, "",
                          "{}"))
    return cases, tasks


async def copy_all(url: str, cases: list, tasks: list) -> None:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.copy_records_to_table("core_case", records=cases, columns=CASE_COLUMNS)
        await conn.copy_records_to_table("core_task", records=tasks, columns=TASK_COLUMNS)
        for table in ("core_case", "core_task"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            await conn.execute(f"ANALYZE {table}")
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--busy", type=int, default=2000)
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("gen_data.py fills PostgreSQL only")
    n_cases = int(100_000 * args.scale)
    n_users = max(10, int(200 * min(args.scale, 1.0))) if args.scale < 1 else 200
    n_busy = min(args.busy, n_cases)

    started = time.perf_counter()
    fresh_database(args.database_url)
    env = balai_env(args.database_url)
    subprocess.run([sys.executable, "-m", "balai.cli", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)

    async def seed():
        from balai.piccolo_conf import DB

        await DB.start_connection_pool()
        try:
            return await seed_people(n_users)
        finally:
            await DB.close_connection_pool()

    units, sops, people = asyncio.run(seed())
    t_rows = time.perf_counter()
    cases, tasks = rows(n_cases, n_busy, units, sops, people)
    t_copy = time.perf_counter()
    asyncio.run(copy_all(args.database_url, cases, tasks))
    done = time.perf_counter()
    busy = people["busy"]
    print(json.dumps({
        "database": args.database_url, "users": n_users, "cases": len(cases), "tasks": len(tasks),
        "open_tasks": sum(1 for t in tasks if t[4] == "terbuka"), "busy_user": BUSY_USER,
        "busy_role": busy["step"].actor, "busy_step": f"{busy['sop'].code}/{busy['step'].code}",
        "busy_open_tasks": n_busy, "seconds": {"seed": round(t_rows - started, 1),
                                               "build_rows": round(t_copy - t_rows, 1),
                                               "copy": round(done - t_copy, 1), "total": round(done - started, 1)},
    }, indent=2))


if __name__ == "__main__":
    main()
