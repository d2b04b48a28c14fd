"""``balai demo`` with kepegawaian: the Dinas's roster, its histories, the demo users behind it, and
the leave they took.

The demo is seeded once per test run (the ``demo`` fixture); these tests run it a second time and
read what a visitor of the demo would: every file, every NIP, the superior chains the leave
workflow follows, the ledgers and the inboxes. The last one runs the ``balai demo`` command itself,
twice, on a database of its own.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from balai.api import GOLONGAN, parse_nip, superiors, today
from balai.testing import DEMO_PASSWORD

from balai_kepegawaian.data.demo_pegawai import ROSTER
from balai_kepegawaian.pegawai import bup_bawaan, nama_lengkap
from balai_kepegawaian.tables import Keluarga, Pegawai, Pendidikan, RiwayatJabatan, RiwayatKGB, RiwayatPangkat

DEMO_USERS = ("demo.kepala-dinas", "demo.sekretaris", "demo.kasubag-umum", "demo.kepala-subbag", "demo.kepala-bidang",
              "demo.kepala-seksi", "demo.staf", "demo.pengelola-kepegawaian", "demo.pengelola-keuangan")
URUTAN = tuple(GOLONGAN)
UNITS = ("dinas", "sekretariat", "umum", "keuangan", "program", "industri", "industri-agro", "perdagangan",
         "perdagangan-dn", "koperasi", "ukm", "uptd-psmb", "uptd-metrologi")


async def _user(username: str) -> dict:
    from balai.identity.tables import User

    return await User.select(User.id, User.full_name, User.nip, User.golongan, User.password_hash).where(
        User.username == username).first()


async def _seed_again(app) -> None:
    from balai.demo import seed_demo

    await seed_demo(app.state.host, app.state.catalogue, password=DEMO_PASSWORD)


async def _roster() -> list[dict]:
    from balai_kepegawaian.demo import nip

    ours = {nip(o) for o in ROSTER}
    return [p for p in await Pegawai.select() if p["nip"] in ours]


async def test_hook_demo_data_run_twice_gives_one_roster_of_forty_people_with_histories(app, demo):
    await _seed_again(app)
    people = await _roster()
    assert len(people) == len(ROSTER) >= 40
    # nobody twice: neither a second file under another spelling of the name nor a second account
    names = Counter((p["nama"], p["tanggal_lahir"]) for p in await Pegawai.select(Pegawai.nama, Pegawai.tanggal_lahir))
    assert all(names[(p["nama"], p["tanggal_lahir"])] == 1 for p in people)
    assert len({p["user_id"] for p in people}) == len(people)
    ids = [p["id"] for p in people]
    for table in (RiwayatJabatan, Pendidikan):
        per = Counter(r["pegawai"] for r in await table.select(table.pegawai).where(table.pegawai.is_in(ids)))
        assert all(per[i] >= 1 for i in ids), table
    asn = [p["id"] for p in people if p["jenis_kepegawaian"] != "PPPK"]
    for table in (RiwayatPangkat, RiwayatKGB):
        per = Counter(r["pegawai"] for r in await table.select(table.pegawai).where(table.pegawai.is_in(asn)))
        # the CPNS of 2025 has no KGB yet; everyone else has both histories
        assert sum(1 for i in asn if per[i] >= 1) >= len(asn) - (1 if table is RiwayatKGB else 0), table
    # no history was written twice by the second run
    kgb = await RiwayatKGB.select(RiwayatKGB.pegawai, RiwayatKGB.tmt).where(RiwayatKGB.pegawai.is_in(ids))
    assert len(kgb) == len({(r["pegawai"], r["tmt"]) for r in kgb})
    families = await Keluarga.select(Keluarga.pegawai, Keluarga.nama).where(Keluarga.pegawai.is_in(ids))
    assert len(families) == len({(r["pegawai"], r["nama"]) for r in families})
    # every unit of the Dinas has people
    assert {p["unit_id"] for p in people} == {demo[code] for code in UNITS}
    assert Counter(p["jenis_kepegawaian"] for p in people)["PPPK"] >= 3


async def test_every_nip_agrees_with_its_file(demo):
    people = await _roster()
    assert people
    for p in people:
        n = parse_nip(p["nip"])
        assert n.birth_date == p["tanggal_lahir"], p["nama"]
        assert n.sex == p["jenis_kelamin"], p["nama"]
        # PNS and CPNS: digits 9–14 are the TMT CPNS; PPPK: the TMT of the contract, kept in the same column
        assert n.tmt_cpns == (p["tmt_cpns"].year, p["tmt_cpns"].month), p["nama"]
        age_at_tmt = p["tmt_cpns"].year - p["tanggal_lahir"].year
        assert 18 <= age_at_tmt <= 35, p["nama"]
        if p["jenis_kepegawaian"] == "PNS":
            assert p["tmt_pns"] > p["tmt_cpns"]
        else:
            assert p["tmt_pns"] is None


async def test_the_histories_follow_the_rules_of_the_file(demo):
    people = {p["id"]: p for p in await _roster()}
    ids = list(people)
    pangkat: dict[int, list] = {}
    for r in await RiwayatPangkat.select().where(RiwayatPangkat.pegawai.is_in(ids)).order_by(RiwayatPangkat.tmt):
        pangkat.setdefault(r["pegawai"], []).append(r)
    kgb: dict[int, list] = {}
    for r in await RiwayatKGB.select().where(RiwayatKGB.pegawai.is_in(ids)).order_by(RiwayatKGB.tmt):
        kgb.setdefault(r["pegawai"], []).append(r)
    pendidikan: dict[int, list] = {}
    for r in await Pendidikan.select().where(Pendidikan.pegawai.is_in(ids)):
        pendidikan.setdefault(r["pegawai"], []).append(r)
    entry = {"SMA": "II/a", "D3": "II/c", "S1": "III/a", "S2": "III/b"}
    order = ("SMA", "D3", "S1", "S2", "S3")
    for pid, p in people.items():
        if p["jenis_kepegawaian"] == "PPPK":
            assert pid not in pangkat and pid not in kgb, p["nama"]
            continue
        rows = pangkat[pid]
        first = rows[0]
        assert first["jenis"] == "pengangkatan" and first["tmt"] == p["tmt_cpns"], p["nama"]
        held = [e["jenjang"] for e in pendidikan[pid] if e["tahun_lulus"] <= p["tmt_cpns"].year]
        assert first["golongan"] == entry[max(held, key=order.index)], p["nama"]
        for before, after in zip(rows, rows[1:]):
            assert URUTAN.index(after["golongan"]) > URUTAN.index(before["golongan"]), p["nama"]
            # at least two years in a rank (four as a rule), in a promotion period
            assert (after["tmt"] - before["tmt"]).days >= 2 * 365 - 1, p["nama"]
            assert after["tmt"].day == 1 and after["tmt"].month in (4, 10), p["nama"]
            assert after["tanggal_sk"] < after["tmt"] and after["tanggal_sk"].weekday() < 5
        assert all(r["tmt"] <= today() for r in rows)
        raises = kgb.get(pid, [])
        for before, after in zip(raises, raises[1:]):
            assert (after["tmt"].year - before["tmt"].year, after["tmt"].month) == (2, before["tmt"].month)
            assert after["gaji_pokok"] > before["gaji_pokok"], p["nama"]
        for r in raises:
            # the golongan of a raise is the one held on its TMT
            current = max((x for x in rows if x["tmt"] <= r["tmt"]), key=lambda x: x["tmt"])
            assert r["golongan"] == current["golongan"] and r["tmt"] <= today()
    jabatan = await RiwayatJabatan.select().where(RiwayatJabatan.pegawai.is_in(ids)).order_by(RiwayatJabatan.tmt)
    latest: dict[int, dict] = {}
    for r in jabatan:
        assert r["bup"] == bup_bawaan(r["jenis"], r["jenjang"])
        assert r["tmt"] >= people[r["pegawai"]]["tmt_cpns"]
        latest[r["pegawai"]] = r
    for pid, p in people.items():
        assert latest[pid]["unit_id"] == p["unit_id"], p["nama"]
        # nobody on the roster is past the retirement age of the jabatan they hold
        lahir = p["tanggal_lahir"]
        assert date(lahir.year + latest[pid]["bup"], lahir.month, 1) > today(), p["nama"]
    children = await Keluarga.select().where(Keluarga.pegawai.is_in(ids) & (Keluarga.hubungan == "anak"))
    per: dict[int, list] = {}
    for c in children:
        per.setdefault(c["pegawai"], []).append(c)
    for kids in per.values():
        kids.sort(key=lambda c: c["tanggal_lahir"])
        assert [c["anak_ke"] for c in kids] == list(range(1, len(kids) + 1))
        assert sum(c["tanggungan"] for c in kids) <= 2


async def test_the_demo_users_have_their_files_and_positions(demo):
    for username in DEMO_USERS:
        user = await _user(username)
        file = await Pegawai.select().where(Pegawai.user_id == user["id"]).first()
        assert file is not None, username
        # the account carries the file's NIP, name and latest golongan, and keeps its demo password
        assert user["nip"] == file["nip"] and user["password_hash"], username
        assert user["full_name"] == nama_lengkap(file), username
        rank = await RiwayatPangkat.select(RiwayatPangkat.golongan).where(
            RiwayatPangkat.pegawai == file["id"]).order_by(RiwayatPangkat.tmt, ascending=False).first()
        assert user["golongan"] == rank["golongan"], username
    kadis = await _user("demo.kepala-dinas")
    kadis_file = await Pegawai.select().where(Pegawai.user_id == kadis["id"]).first()
    assert kadis_file["unit_id"] == demo["dinas"]
    assert (await superiors(kadis["id"]))[0].outside


async def test_the_staff_member_answers_to_the_kepala_seksi_then_the_kepala_bidang(demo):
    ids = {u: (await _user(u))["id"] for u in DEMO_USERS}
    chain = await superiors(ids["demo.staf"])
    assert [level.user_id for level in chain[:3]] == [ids["demo.kepala-seksi"], ids["demo.kepala-bidang"],
                                                     ids["demo.kepala-dinas"]]
    assert chain[0].unit_id == demo["industri-agro"] and chain[1].title == "Kepala Bidang Perindustrian"
    assert chain[-1].outside
    # the Pengelola Kepegawaian works in the Sub Bagian Umum: Kasubag Umum, then the Sekretaris
    chain = await superiors(ids["demo.pengelola-kepegawaian"])
    assert [level.user_id for level in chain[:3]] == [ids["demo.kasubag-umum"], ids["demo.sekretaris"],
                                                     ids["demo.kepala-dinas"]]
    assert [level.user_id for level in (await superiors(ids["demo.kepala-seksi"]))[:2]] == [
        ids["demo.kepala-bidang"], ids["demo.kepala-dinas"]]


async def test_everyone_on_the_roster_has_an_account_and_a_superior_who_is_a_person(demo):
    people = await _roster()
    assert all(p["user_id"] for p in people)
    assert len({p["user_id"] for p in people}) == len(people)
    for p in people:
        chain = await superiors(p["user_id"])
        acting = [level for level in chain if level.user_id is not None]
        if p["unit_id"] == demo["dinas"]:
            assert not acting and chain[0].outside, p["nama"]
            continue
        # the nearest level is someone of the roster, never a vacant head position
        assert not chain[0].vacant and chain[0].user_id in {q["user_id"] for q in people}, p["nama"]


async def _files_by_key() -> dict[str, dict]:
    from balai_kepegawaian.demo import nip

    by_nip = {p["nip"]: p for p in await _roster()}
    return {o["kunci"]: by_nip[nip(o)] for o in ROSTER if nip(o) in by_nip}


async def test_the_leave_taken_is_in_the_ledgers_and_on_working_days(app, demo):
    from balai_kepegawaian import saldo
    from balai_kepegawaian.aturan import HITUNG_CUTI
    from balai_kepegawaian.data.demo_pegawai import CUTI, MENUNGGU
    from balai_kepegawaian.tables import Cuti, SaldoCuti
    from balai.api import calendar

    await _seed_again(app)  # a second run adds no leave
    files = await _files_by_key()
    ids = {p["id"]: k for k, p in files.items()}
    rows = await Cuti.select().where(Cuti.pegawai.is_in(list(ids))).output(load_json=True)
    assert len(rows) == len(CUTI) + len(MENUNGGU)
    kinds = Counter(r["jenis"] for r in rows if r["status"] == "disetujui")
    assert kinds["tahunan"] >= 10 and kinds["sakit"] == 2 and kinds["melahirkan"] == 1 and kinds["alasan_penting"] == 2
    years = {r["mulai"].year for r in rows if r["jenis"] == "tahunan" and r["status"] == "disetujui"}
    assert len(years) >= 1 and max(years) <= today().year
    for r in rows:
        for day in (r["mulai"], r["selesai"]):
            assert calendar.is_working_day(day, rule=HITUNG_CUTI.code), (ids[r["pegawai"]], day)
        if r["status"] == "disetujui":
            assert r["selesai"] < today() and r["diputus_at"].date() < r["mulai"]
        if r["jenis"] == "sakit" and r["hari_kalender"] > 1:
            assert r["keterangan"]["surat_dokter"]
    # each approved cuti tahunan is a "pakai" entry of its ledger, for its length, and the balance
    # the service computes agrees with the ledger's sum
    for r in rows:
        if r["jenis"] != "tahunan":
            continue
        entries = await SaldoCuti.select().where(SaldoCuti.cuti == r["id"])
        if r["status"] == "disetujui":
            assert sum(e["hari"] for e in entries if e["jenis"] == saldo.PAKAI) == -r["hari_kerja"]
            assert sum(e["hari"] for e in entries if e["jenis"] in (saldo.CADANGAN, saldo.LEPAS)) == 0
        elif r["status"] == "diajukan":
            assert sum(e["hari"] for e in entries) == -r["hari_kerja"]  # still reserved
    staf = files["staf-agro"]
    year = today().year
    s = await saldo.saldo(staf["id"], year)
    ledger = await SaldoCuti.select(SaldoCuti.hari).where((SaldoCuti.pegawai == staf["id"]) & (SaldoCuti.tahun == year))
    assert s.tersedia == sum(e["hari"] for e in ledger) and 0 < s.tersedia < 24
    # the child born during the cuti melahirkan is in the family, as the second child
    melahirkan = next(r for r in rows if r["jenis"] == "melahirkan")
    kids = await Keluarga.select().where((Keluarga.pegawai == melahirkan["pegawai"]) & (Keluarga.hubungan == "anak"))
    second = next(k for k in kids if k["anak_ke"] == melahirkan["keterangan"]["anak_ke"])
    assert melahirkan["mulai"] <= second["tanggal_lahir"] <= melahirkan["selesai"]


async def test_the_waiting_requests_are_in_the_demo_superiors_inboxes(demo, login):
    from balai.api import case_tasks

    from balai_kepegawaian.tables import Cuti

    files = await _files_by_key()
    waiting = {}
    for key in ("staf-agro", "pelaksana-agro", "pranata-komputer"):
        row = await Cuti.select().where((Cuti.pegawai == files[key]["id"]) & (Cuti.status == "diajukan")).first()
        assert row and row["case_id"] and row["mulai"] > today(), key
        waiting[key] = [t for t in await case_tasks(row["case_id"]) if t["state"] in ("terbuka", "menunggu")]
    expected = {"staf-agro": ("atasan_langsung", "demo.kepala-seksi"),
                "pelaksana-agro": ("atasan_kedua", "demo.kepala-bidang"),
                "pranata-komputer": ("atasan_langsung", "demo.kasubag-umum")}
    for key, (step, username) in expected.items():
        (task,) = waiting[key]
        assert task["step"] == step and task["assignee"] == (await _user(username))["id"], key
        c = await login(username)
        inbox = await c.get("/inbox")
        assert inbox.status_code == 200 and files[key]["nama"] in inbox.text, key


async def test_a_demo_user_signing_in_sees_a_real_file(demo, login):
    files = await _files_by_key()
    staf = files["staf-agro"]
    c = await login("demo.staf")
    page = await c.get("/kepegawaian/saya")
    assert page.status_code == 200
    nip = staf["nip"]
    assert f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" in page.text and staf["nama"] in page.text
    for shown in ("Pembina Industri Ahli Pertama", "Universitas Mulawarman", "Dimas Anggara"):
        assert shown in page.text, shown


async def _one(url: str, sql: str):
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
            return con.execute(sql).fetchone()[0]
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def test_the_balai_demo_command_run_twice_on_a_fresh_database(db_url):
    """What an installer types: ``balai migrate``, then ``balai demo`` twice, on a database of its own."""
    tmp = Path(tempfile.mkdtemp(prefix="balai-demo-"))
    env = dict(os.environ, BALAI_VAR_DIR=str(tmp / "var"), BALAI_SCHEDULER="off")
    pg_name = ""
    if db_url.startswith("postgres"):
        import asyncpg

        pg_name = f"balai_demo_{secrets.token_hex(4)}"
        admin = await asyncpg.connect("postgres://postgres@127.0.0.1:5432/postgres")
        await admin.execute(f'CREATE DATABASE "{pg_name}"')
        env["BALAI_DATABASE_URL"] = url = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
    else:
        env["BALAI_DATABASE_URL"] = url = f"sqlite:///{tmp / 'var' / 'demo.sqlite'}"
    try:
        for command in (["migrate"], ["demo", "--password", DEMO_PASSWORD], ["demo"]):
            done = subprocess.run([sys.executable, "-m", "balai.cli", *command], env=env, capture_output=True,
                                  text=True)
            assert done.returncode == 0, done.stderr[-3000:]
        assert await _one(url, "SELECT COUNT(*) FROM kepegawaian_pegawai") == len(ROSTER)
        assert await _one(url, "SELECT COUNT(DISTINCT user_id) FROM kepegawaian_pegawai") == len(ROSTER)
        assert await _one(url, "SELECT COUNT(*) FROM core_user WHERE nip IS NOT NULL") == len(ROSTER)
        assert await _one(url, "SELECT COUNT(*) FROM kepegawaian_riwayat_kgb") > 10 * len(ROSTER) / 2
        assert await _one(url, "SELECT COUNT(*) FROM kepegawaian_cuti WHERE status = 'disetujui'") >= 20
        waiting = "SELECT COUNT(*) FROM kepegawaian_cuti WHERE status = 'diajukan' AND case_id IS NOT NULL"
        assert await _one(url, waiting) == 3
        assert await _one(url, "SELECT username FROM core_user u JOIN kepegawaian_pegawai p ON p.user_id = u.id "
                               "WHERE p.nama = 'Rina Kartikasari'") == "demo.staf"
    finally:
        if pg_name:
            await admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
            await admin.close()
