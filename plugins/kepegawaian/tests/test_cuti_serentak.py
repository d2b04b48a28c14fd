"""Requests made at the same moment against one balance: each is checked after the other has
been written (the row lock on ``Pegawai.versi``), so together they never overdraw it or overlap.
Run on SQLite and on PostgreSQL (``BALAI_TEST_DB``)."""

from __future__ import annotations

import asyncio
import secrets
from datetime import date

from balai_kepegawaian import cuti, saldo
from balai_kepegawaian.cuti import CutiError
from balai_kepegawaian.tables import Cuti, Pegawai, SaldoCuti


async def pegawai_baru() -> int:
    rows = await Pegawai.insert(Pegawai(
        nama=f"Uji Serentak {secrets.token_hex(3)}", tanggal_lahir=date(1988, 2, 2), jenis_kelamin="P",
        jenis_kepegawaian="PNS", tmt_cpns=date(2012, 1, 1), tmt_pns=date(2013, 1, 1), unit_id=920000,
    )).returning(Pegawai.id)
    return rows[0]["id"]


def split(results) -> tuple[list[dict], list[CutiError]]:
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, CutiError)]
    assert not unexpected, unexpected
    return [r for r in results if isinstance(r, dict)], [r for r in results if isinstance(r, CutiError)]


async def test_two_requests_that_together_overdraw_cannot_both_pass(app):
    pid = await pegawai_baru()
    # The year is not open yet: both calls find it unopened. 12 days in 2026; Mon 7 .. Tue 15 Sep
    # and Mon 5 .. Tue 13 Oct 2026 are 7 working days each: 14 > 12.
    results = await asyncio.gather(
        cuti.ajukan(pid, "tahunan", date(2026, 9, 7), date(2026, 9, 15), alasan="A"),
        cuti.ajukan(pid, "tahunan", date(2026, 10, 5), date(2026, 10, 13), alasan="B"),
        return_exceptions=True)
    passed, refused = split(results)
    assert len(passed) == 1 and len(refused) == 1
    assert refused[0].messages == ["Saldo cuti tahunan 2026 tidak cukup: tersedia 5 hari kerja, diminta 7 hari kerja."]
    s = await saldo.saldo(pid, 2026)
    assert (s.hak, s.dicadangkan, s.tersedia) == (12, 7, 5)
    assert await SaldoCuti.count().where((SaldoCuti.pegawai == pid) & (SaldoCuti.jenis == "hak")) == 1
    assert await Cuti.count().where(Cuti.pegawai == pid) == 1


async def test_many_at_once_take_exactly_what_there_is(app):
    pid = await pegawai_baru()
    await saldo.saldo(pid, 2026)
    # Five requests of 3 working days (Mon–Wed of five September/October weeks) on 12 days: 4 pass.
    mondays = [date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 21), date(2026, 9, 28), date(2026, 10, 5)]
    results = await asyncio.gather(
        *(cuti.ajukan(pid, "tahunan", m, date(m.year, m.month, m.day + 2)) for m in mondays), return_exceptions=True)
    passed, refused = split(results)
    assert len(passed) == 4 and len(refused) == 1
    assert all(r["hari_kerja"] == 3 for r in passed)
    assert "tersedia 0 hari kerja, diminta 3 hari kerja" in refused[0].messages[0]
    assert (await saldo.saldo(pid, 2026)).tersedia == 0


async def test_the_same_days_twice_at_once_pass_once(app):
    pid = await pegawai_baru()
    results = await asyncio.gather(
        *(cuti.ajukan(pid, "sakit", date(2026, 9, 1), date(2026, 9, 1)) for _ in range(2)), return_exceptions=True)
    passed, refused = split(results)
    assert len(passed) == 1 and len(refused) == 1
    assert refused[0].messages[0].startswith("Bertumpuk dengan Cuti Sakit 1 September 2026")


async def test_approval_and_a_new_request_at_once(app):
    pid = await pegawai_baru()
    first = await cuti.ajukan(pid, "tahunan", date(2026, 9, 7), date(2026, 9, 15))  # 7 days
    # Approving the first while a 6-day request comes in: 12 - 7 = 5 left either way, so the second
    # is refused whichever goes first, and the first is taken once.
    results = await asyncio.gather(
        cuti.putuskan(first["id"], "disetujui", oleh=None),
        cuti.ajukan(pid, "tahunan", date(2026, 10, 5), date(2026, 10, 12)),
        return_exceptions=True)
    assert isinstance(results[0], dict) and results[0]["status"] == "disetujui"
    assert isinstance(results[1], CutiError)
    s = await saldo.saldo(pid, 2026)
    assert (s.dipakai, s.dicadangkan, s.tersedia) == (7, 0, 5)
