"""The cuti tahunan ledger across year boundaries, every expected number worked out by hand from
Peraturan BKN 24/2017 (amended by 7/2021): 12 days a year; at most 6 unused days carried, for a
total of 18; a total of 24 after two or more years running without annual leave; deferred days
counted in full within 24; no cuti tahunan in a year with cuti besar (and cuti besar shortened by the
annual leave already taken); cuti bersama not counted, and given back when worked through.

The ledger of each employee begins with the first year the test opens (nothing carried into it).
Working days are counted by the calendar (weekends and the national holidays of the `holidays`
package); the ranges chosen are given with their count.
"""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from balai_kepegawaian import cuti, saldo
from balai_kepegawaian.cuti import CutiError
from balai_kepegawaian.saldo import SaldoError
from balai_kepegawaian.tables import Cuti, Pegawai, SaldoCuti


async def pegawai_baru(tmt: date = date(2010, 3, 1), *, jenis: str = "PNS") -> int:
    rows = await Pegawai.insert(Pegawai(
        nama=f"Uji Saldo {secrets.token_hex(3)}", tanggal_lahir=date(1985, 5, 5), jenis_kelamin="L",
        jenis_kepegawaian=jenis, tmt_cpns=tmt, tmt_pns=date(tmt.year + 1, tmt.month, 1), unit_id=910000,
    )).returning(Pegawai.id)
    return rows[0]["id"]


async def ambil(pid: int, mulai: date, selesai: date, hari: int) -> dict:
    """An approved cuti tahunan of ``hari`` working days (asserted: the count the test relies on)."""
    row = await cuti.ajukan(pid, "tahunan", mulai, selesai, alasan="Keperluan keluarga")
    assert row["hari_kerja"] == hari
    return await cuti.putuskan(row["id"], "disetujui", oleh=None)


def angka(s: saldo.Saldo) -> tuple:
    return s.hak, s.sisa, s.tangguh, s.dipakai, s.dicadangkan, s.tersedia


async def test_carry_over_at_most_six_for_a_total_of_eighteen(app):
    pid = await pegawai_baru()
    assert angka(await saldo.saldo(pid, 2025)) == (12, 0, 0, 0, 0, 12)
    # Mon 8 .. Thu 11 Sep 2025: 4 working days. 12 - 4 = 8 unused, of which at most 6 carry over.
    await ambil(pid, date(2025, 9, 8), date(2025, 9, 11), 4)
    assert angka(await saldo.saldo(pid, 2025)) == (12, 0, 0, 4, 0, 8)
    s = await saldo.saldo(pid, 2026)
    assert angka(s) == (12, 6, 0, 0, 0, 18)
    assert s.sisa_dari == 2025
    assert [e["jenis"] for e in s.entri] == ["hak", "sisa"]
    assert s.entri[0]["keterangan"] == "Hak cuti tahunan 2026"
    assert "Sisa cuti tahunan 2025: 8 hari tidak dipakai, dibawa 6" in s.entri[1]["keterangan"]


async def test_fewer_unused_days_carry_as_they_are(app):
    pid = await pegawai_baru()
    await saldo.saldo(pid, 2025)
    # Mon 8 .. Thu 18 Sep 2025: 9 working days; 3 unused carry in full: 12 + 3 = 15.
    await ambil(pid, date(2025, 9, 8), date(2025, 9, 18), 9)
    assert angka(await saldo.saldo(pid, 2026)) == (12, 3, 0, 0, 0, 15)


async def test_twenty_four_after_two_years_without_annual_leave(app):
    pid = await pegawai_baru()
    assert (await saldo.saldo(pid, 2024)).tersedia == 12
    # 2025: one year unused only: 12 + 6 = 18.
    assert angka(await saldo.saldo(pid, 2025)) == (12, 6, 0, 0, 0, 18)
    # 2026: 2024 and 2025 both without annual leave: 18 unused, total at most 24: 12 + 12.
    s = await saldo.saldo(pid, 2026)
    assert angka(s) == (12, 12, 0, 0, 0, 24)
    assert "tidak diambil 2 tahun berturut-turut" in s.entri[-1]["keterangan"]
    # Annual leave taken in 2026 ends the run: Mon 7 .. Fri 11 Sep 2026, 5 days, leaves 19;
    # 2027 carries at most 6 again: 18.
    await ambil(pid, date(2026, 9, 7), date(2026, 9, 11), 5)
    assert (await saldo.saldo(pid, 2026)).tersedia == 19
    assert angka(await saldo.saldo(pid, 2027)) == (12, 6, 0, 0, 0, 18)


async def test_three_years_without_leave_still_at_most_twenty_four(app):
    pid = await pegawai_baru()
    for tahun in (2023, 2024, 2025):
        await saldo.saldo(pid, tahun)
    # 2025 holds 24 (2023 and 2024 unused); 24 unused, 2026 may hold 24: 12 + 12.
    assert (await saldo.saldo(pid, 2025)).tersedia == 24
    assert angka(await saldo.saldo(pid, 2026)) == (12, 12, 0, 0, 0, 24)


async def test_deferred_days_count_in_full(app):
    pid = await pegawai_baru()
    assert (await saldo.saldo(pid, 2026)).tersedia == 12
    # Mon 2 .. Wed 11 Nov 2026: 8 working days, deferred by the official: 2026 keeps 12 - 8 = 4;
    # 2027 gets its 12, the 8 deferred days in full (more than the 6 of a carry-over), and the 4
    # unused carried (4 <= 6, and 12 + 8 + 4 = 24 is within 24): 24.
    row = await cuti.ajukan(pid, "tahunan", date(2026, 11, 2), date(2026, 11, 11))
    assert row["hari_kerja"] == 8
    await cuti.putuskan(row["id"], "ditangguhkan", oleh=None, catatan="Persiapan pameran produk UKM")
    s26 = await saldo.saldo(pid, 2026)
    assert (s26.tangguh, s26.dicadangkan, s26.dipakai, s26.tersedia) == (-8, 0, 0, 4)
    s27 = await saldo.saldo(pid, 2027)
    assert angka(s27) == (12, 4, 8, 0, 0, 24)
    assert any(e["jenis"] == "tangguh" and "Penangguhan dari tahun 2026" in e["keterangan"] for e in s27.entri)
    assert any(e["jenis"] == "tangguh" and "Ditangguhkan ke tahun 2027" in e["keterangan"] for e in s26.entri)


async def test_deferral_within_the_total_of_twenty_four(app):
    pid = await pegawai_baru()
    await saldo.saldo(pid, 2025)
    assert (await saldo.saldo(pid, 2026)).tersedia == 18  # 12 + 6 from 2025
    # Mon 2 .. Fri 13 Nov 2026: 10 working days, deferred: 2026 keeps 8. 2027: 12 + 10 deferred,
    # then only 2 of the 8 unused fit under 24.
    row = await cuti.ajukan(pid, "tahunan", date(2026, 11, 2), date(2026, 11, 13))
    assert row["hari_kerja"] == 10
    await cuti.putuskan(row["id"], "ditangguhkan", oleh=None, catatan="Tugas mendesak")
    assert (await saldo.saldo(pid, 2026)).tersedia == 8
    assert angka(await saldo.saldo(pid, 2027)) == (12, 2, 10, 0, 0, 24)


async def test_no_annual_leave_in_a_year_with_cuti_besar(app):
    pid = await pegawai_baru(date(2010, 3, 1))
    assert (await saldo.saldo(pid, 2026)).tersedia == 12
    # Cuti besar Tue 1 Sep .. Mon 30 Nov 2026 (3 months), approved: the 12 days of 2026 are gone.
    besar = await cuti.ajukan(pid, "besar", date(2026, 9, 1), date(2026, 11, 30), alasan="Ibadah haji")
    assert (await saldo.saldo(pid, 2026)).tersedia == 12  # pending: nothing taken yet
    await cuti.putuskan(besar["id"], "disetujui", oleh=None)
    s = await saldo.saldo(pid, 2026)
    assert (s.hak, s.dihapus, s.tersedia) == (12, 12, 0)
    assert "Tahun cuti besar" in s.entri[-1]["keterangan"]
    with pytest.raises(CutiError) as e:
        await cuti.ajukan(pid, "tahunan", date(2026, 12, 1), date(2026, 12, 2))
    assert e.value.messages == ["Pada tahun 2026 ada cuti besar: tidak ada cuti tahunan pada tahun itu."]
    # Nothing carries into 2027, which has its own 12.
    assert angka(await saldo.saldo(pid, 2027)) == (12, 0, 0, 0, 0, 12)
    # Back at work, the employee works on Thu 24 Dec 2026 (cuti bersama): the day is earned and
    # stays, to be carried into 2027 (1 <= 6): 13.
    await saldo.ganti_bersama(pid, date(2026, 12, 24))
    s = await saldo.saldo(pid, 2026)
    assert (s.ganti_bersama, s.dihapus, s.tersedia) == (1, 12, 1)
    assert angka(await saldo.saldo(pid, 2027)) == (12, 1, 0, 0, 0, 13)


async def test_a_cancelled_cuti_besar_gives_the_year_back(app):
    pid = await pegawai_baru(date(2010, 3, 1))
    # Mon 1 Feb .. Fri 30 Apr 2027 (three months), approved, then cancelled before it begins.
    besar = await cuti.ajukan(pid, "besar", date(2027, 2, 1), date(2027, 4, 30))
    await cuti.putuskan(besar["id"], "disetujui", oleh=None)
    assert (await saldo.saldo(pid, 2027)).tersedia == 0
    await cuti.putuskan(besar["id"], "dibatalkan", oleh=None)
    assert (await saldo.saldo(pid, 2027)).tersedia == 12
    # A cuti besar already approved when its year is first opened (recorded before the ledger, as
    # an import does): 2028 opens with no entitlement, and the 6 carried in from 2027's 12 unused
    # days are taken off too; cancelled, it has 12 + 6 = 18.
    rows = await Cuti.insert(Cuti(pegawai=pid, jenis="besar", mulai=date(2028, 2, 1), selesai=date(2028, 4, 28),
                                  hari_kerja=60, hari_kalender=88, status="disetujui", tahun=2028)).returning(Cuti.id)
    s = await saldo.saldo(pid, 2028)
    assert (s.hak, s.sisa, s.dihapus, s.tersedia) == (0, 6, 6, 0)
    assert "tahun cuti besar" in s.entri[0]["keterangan"]
    await cuti.putuskan(rows[0]["id"], "dibatalkan", oleh=None)
    s = await saldo.saldo(pid, 2028)
    assert (s.hak, s.sisa, s.dihapus, s.tersedia) == (12, 6, 0, 18)


async def test_cuti_besar_after_annual_leave_is_shortened(app):
    pid = await pegawai_baru(date(2010, 3, 1))
    # Mon 7 .. Thu 10 Sep 2026: 4 days of annual leave taken.
    await ambil(pid, date(2026, 9, 7), date(2026, 9, 10), 4)
    # Cuti besar from Mon 2 Nov 2026: three months end on Mon 1 Feb 2027. Working days by hand:
    # Nov 2–30: 21; Dec: 23 weekdays less 24 (cuti bersama) and 25 (Natal) = 21; Jan 2027: 21
    # weekdays less 1 Jan (Tahun Baru) and 5 Jan (Isra Mikraj) = 19; 1 Feb: 1. Total 62, less the
    # 4 days taken: at most 58, which ends on Tue 26 Jan 2027 (27, 28, 29 Jan and 1 Feb dropped).
    with pytest.raises(CutiError) as e:
        await cuti.ajukan(pid, "besar", date(2026, 11, 2), date(2027, 1, 27))
    assert e.value.messages == ["Cuti tahunan 2026 sudah diambil 4 hari kerja, sehingga cuti besar paling lama "
                                "58 hari kerja."]
    besar = await cuti.ajukan(pid, "besar", date(2026, 11, 2), date(2027, 1, 26))
    assert besar["hari_kerja"] == 58
    await cuti.putuskan(besar["id"], "disetujui", oleh=None)
    s = await saldo.saldo(pid, 2026)
    assert (s.dipakai, s.dihapus, s.tersedia) == (4, 8, 0)
    # The cuti besar began in 2026: 2027 has its cuti tahunan.
    assert (await saldo.saldo(pid, 2027)).tersedia == 12


async def test_cuti_bersama_does_not_reduce_the_entitlement_and_is_given_back_when_worked(app):
    pid = await pegawai_baru()
    # Mon 21 .. Thu 31 Dec 2026 is 7 working days: 24 Dec (cuti bersama) and 25 Dec are not taken.
    row = await cuti.ajukan(pid, "tahunan", date(2026, 12, 21), date(2026, 12, 31))
    await cuti.putuskan(row["id"], "disetujui", oleh=None)
    s = await saldo.saldo(pid, 2026)
    assert (s.hak, s.dipakai, s.tersedia) == (12, 7, 5)

    other = await pegawai_baru()
    await saldo.ganti_bersama(other, date(2026, 12, 24))  # worked on the cuti bersama of Natal
    s = await saldo.saldo(other, 2026)
    assert (s.hak, s.ganti_bersama, s.tersedia) == (12, 1, 13)
    assert "24-12-2026" in s.entri[-1]["keterangan"] and "Natal" in s.entri[-1]["keterangan"]
    with pytest.raises(SaldoError, match="sudah diganti"):
        await saldo.ganti_bersama(other, date(2026, 12, 24))
    with pytest.raises(SaldoError, match="bukan hari cuti bersama"):
        await saldo.ganti_bersama(other, date(2026, 12, 23))
    with pytest.raises(SaldoError, match="bukan hari cuti bersama"):
        await saldo.ganti_bersama(other, date(2026, 12, 25))  # Natal itself is a holiday, not cuti bersama
    assert (await saldo.saldo(other, 2026)).tersedia == 13


async def test_no_entitlement_before_a_year_of_service(app):
    pid = await pegawai_baru(date(2025, 10, 1), jenis="CPNS")
    s25 = await saldo.saldo(pid, 2025)
    assert (s25.hak, s25.tersedia) == (0, 0)
    assert "baru tercapai 1 Oktober 2026" in s25.entri[0]["keterangan"]
    s26 = await saldo.saldo(pid, 2026)
    assert angka(s26) == (12, 0, 0, 0, 0, 12)
    assert "berhak sejak 1 Oktober 2026" in s26.entri[0]["keterangan"]


async def test_pending_requests_are_reserved_released_and_used(app):
    pid = await pegawai_baru()
    # Mon 7 .. Fri 11 Sep 2026: 5 days reserved.
    first = await cuti.ajukan(pid, "tahunan", date(2026, 9, 7), date(2026, 9, 11))
    assert angka(await saldo.saldo(pid, 2026)) == (12, 0, 0, 0, 5, 7)
    # Mon 5 .. Wed 14 Oct 2026 is 8 days: more than the 7 left while the first is pending.
    with pytest.raises(CutiError, match="tersedia 7 hari kerja, diminta 8 hari kerja"):
        await cuti.ajukan(pid, "tahunan", date(2026, 10, 5), date(2026, 10, 14))
    await cuti.putuskan(first["id"], "ditolak", oleh=None, catatan="Bertepatan dengan audit")
    assert angka(await saldo.saldo(pid, 2026)) == (12, 0, 0, 0, 0, 12)
    second = await cuti.ajukan(pid, "tahunan", date(2026, 10, 5), date(2026, 10, 14))
    # The superior shortens it to Mon 5 .. Wed 7 Oct: 3 days reserved instead of 8.
    changed = await cuti.ubah(second["id"], date(2026, 10, 5), date(2026, 10, 7), oleh=None)
    assert (changed["hari_kerja"], changed["hari_kalender"]) == (3, 3)
    assert angka(await saldo.saldo(pid, 2026)) == (12, 0, 0, 0, 3, 9)
    await cuti.putuskan(second["id"], "disetujui", oleh=None)
    s = await saldo.saldo(pid, 2026)
    assert angka(s) == (12, 0, 0, 3, 0, 9)
    assert [e["jenis"] for e in s.entri] == ["hak", "cadangan", "lepas", "cadangan", "lepas", "cadangan", "lepas",
                                             "pakai"]
    # A decided request is not decided again.
    with pytest.raises(CutiError, match="sudah disetujui"):
        await cuti.putuskan(second["id"], "ditolak", oleh=None, catatan="x")


async def test_an_approved_leave_cancelled_before_it_begins_gives_the_days_back(app):
    pid = await pegawai_baru()
    # Mon 3 .. Fri 7 May 2027: Thu 6 May is Kenaikan Yesus Kristus: 4 working days.
    row = await ambil(pid, date(2027, 5, 3), date(2027, 5, 7), 4)
    assert (await saldo.saldo(pid, 2027)).tersedia == 8
    await cuti.putuskan(row["id"], "dibatalkan", oleh=None)
    assert (await saldo.saldo(pid, 2027)).tersedia == 12


async def test_a_late_change_in_the_year_before_is_followed_without_rewriting_rows(app):
    pid = await pegawai_baru()
    await saldo.saldo(pid, 2025)
    assert (await saldo.saldo(pid, 2026)).tersedia == 18  # 12 + 6
    before = await SaldoCuti.select().where(SaldoCuti.pegawai == pid).order_by(SaldoCuti.id)
    # A 2025 leave recorded late: Mon 8 .. Fri 19 Sep 2025, 10 days; 2025 has 2 unused left, so
    # 2026 carries 2 instead of 6: 14.
    await ambil(pid, date(2025, 9, 8), date(2025, 9, 19), 10)
    s = await saldo.saldo(pid, 2026)
    assert angka(s) == (12, 2, 0, 0, 0, 14)
    assert [e["hari"] for e in s.entri if e["jenis"] == "sisa"] == [6, -4]
    after = await SaldoCuti.select().where(SaldoCuti.pegawai == pid).order_by(SaldoCuti.id)
    assert after[:len(before)] == before  # earlier rows untouched: the ledger only grows


async def test_a_change_that_would_overdraw_the_next_year_is_refused(app):
    pid = await pegawai_baru()
    await saldo.saldo(pid, 2025)
    # 2026 holds 18; Mon 5 Oct .. Tue 27 Oct 2026 is 17 days, reserved.
    row = await cuti.ajukan(pid, "tahunan", date(2026, 10, 5), date(2026, 10, 27))
    assert row["hari_kerja"] == 17
    # 10 days in 2025 would cut 2026's carry-over from 6 to 2: 14 < 17 reserved.
    with pytest.raises(CutiError, match="mengurangi sisa yang dibawa ke tahun 2026"):
        await cuti.ajukan(pid, "tahunan", date(2025, 9, 8), date(2025, 9, 19))
    assert (await saldo.saldo(pid, 2026)).tersedia == 1
    assert (await saldo.saldo(pid, 2025)).tersedia == 12


async def test_opening_balance_as_a_correction(app):
    pid = await pegawai_baru()
    await saldo.koreksi(pid, 2026, 6, "Sisa cuti 2025 dari buku cuti manual")
    s = await saldo.saldo(pid, 2026)
    assert (s.hak, s.koreksi, s.tersedia) == (12, 6, 18)
    with pytest.raises(SaldoError):
        await saldo.koreksi(pid, 2026, 3, "  ")
