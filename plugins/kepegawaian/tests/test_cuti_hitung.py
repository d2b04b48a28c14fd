"""The length of a leave request, counted by hand from the real Indonesian calendar, and the
refusals a request gets (each an Indonesian message; nothing written).

The days used (the `holidays` package, country ID, as the core calendar reads it):
2025: 25 Dec (Thu) Natal, 26 Dec (Fri) cuti bersama Natal; 2026: 1 Jan (Thu) Tahun Baru,
16 Mar (Mon) a working day, 18 Mar (Wed) cuti bersama Nyepi, 19 Mar (Thu) Nyepi, 20 Mar (Fri),
23–24 Mar (Mon–Tue) cuti bersama Idulfitri, 21–22 Mar Idulfitri on the weekend; 17 Aug (Mon)
Hari Kemerdekaan; 24 Dec (Thu) cuti bersama Natal, 25 Dec (Fri) Natal.
"""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from balai.api import calendar
from balai_kepegawaian import cuti
from balai_kepegawaian.cuti import CutiError
from balai_kepegawaian.tables import Cuti, Pegawai, SaldoCuti


async def pegawai_baru(tmt: date = date(2010, 3, 1), *, kelamin: str = "L", jenis: str = "PNS") -> int:
    rows = await Pegawai.insert(Pegawai(
        nama=f"Uji Cuti {secrets.token_hex(3)}", tanggal_lahir=date(1985, 5, 5), jenis_kelamin=kelamin,
        jenis_kepegawaian=jenis, tmt_cpns=tmt, tmt_pns=date(tmt.year + 1, tmt.month, 1),
        unit_id=900000 + secrets.randbelow(99999),
    )).returning(Pegawai.id)
    return rows[0]["id"]


async def test_the_calendar_knows_the_days_these_tests_rely_on(app):
    rule = "kepegawaian.cuti"
    assert calendar.day_status(date(2026, 8, 17), rule).kind == calendar.HOLIDAY
    assert calendar.day_status(date(2025, 12, 25), rule).kind == calendar.HOLIDAY
    assert calendar.day_status(date(2025, 12, 26), rule).kind == calendar.CUTI_BERSAMA
    assert calendar.day_status(date(2026, 1, 1), rule).kind == calendar.HOLIDAY
    assert calendar.day_status(date(2026, 3, 18), rule).kind == calendar.CUTI_BERSAMA
    assert calendar.day_status(date(2026, 3, 19), rule).kind == calendar.HOLIDAY
    assert calendar.day_status(date(2026, 12, 24), rule).kind == calendar.CUTI_BERSAMA
    assert calendar.day_status(date(2026, 8, 18), rule).working


async def test_across_17_august(app):
    # Mon 10 Aug .. Fri 21 Aug 2026: 12 calendar days; Sat 15, Sun 16 and Mon 17 (Hari Kemerdekaan)
    # not counted: 10–14 is 5, 18–21 is 4 = 9 working days.
    lama = await cuti.hitung_lama(date(2026, 8, 10), date(2026, 8, 21))
    assert (lama.hari_kerja, lama.hari_kalender) == (9, 12)
    assert [(s.day, s.kind) for s in lama.dilewati] == [
        (date(2026, 8, 15), "weekend"), (date(2026, 8, 16), "weekend"), (date(2026, 8, 17), "holiday")]
    lines = lama.penjelasan()
    assert lines[-1] == "Lama cuti: 9 hari kerja"
    assert any("Senin, 17 Agustus 2026" in line and "Kemerdekaan" in line and "libur nasional" in line
               for line in lines)
    assert any("Sabtu/Minggu, 2 hari" in line for line in lines)


async def test_across_the_year_end_with_christmas_cuti_bersama_and_new_year(app):
    # Mon 22 Dec 2025 .. Fri 2 Jan 2026: 12 calendar days; 25 Dec holiday, 26 Dec cuti bersama,
    # 27–28 weekend, 1 Jan holiday, 3 Jan is past the end: 22, 23, 24, 29, 30, 31 Dec and 2 Jan = 7.
    lama = await cuti.hitung_lama(date(2025, 12, 22), date(2026, 1, 2))
    assert (lama.hari_kerja, lama.hari_kalender) == (7, 12)
    kinds = {s.day: s.kind for s in lama.dilewati}
    assert kinds[date(2025, 12, 26)] == "cuti_bersama" and kinds[date(2026, 1, 1)] == "holiday"
    assert any("cuti bersama, tidak mengurangi hak cuti tahunan" in line for line in lama.penjelasan())


async def test_nyepi_and_idulfitri_2026(app):
    # Mon 16 .. Fri 27 Mar 2026: 16, 17 count; 18 (cuti bersama), 19 (Nyepi), 20 (cuti bersama),
    # 21–22 (weekend), 23–24 (cuti bersama) do not; 25, 26, 27 count = 5.
    lama = await cuti.hitung_lama(date(2026, 3, 16), date(2026, 3, 27))
    assert lama.hari_kerja == 5
    assert lama.hari_kalender == 12
    assert sum(1 for s in lama.dilewati if s.kind == "cuti_bersama") == 4


async def test_end_before_start_counts_nothing(app):
    lama = await cuti.hitung_lama(date(2026, 8, 21), date(2026, 8, 10))
    assert (lama.hari_kerja, lama.hari_kalender) == (0, 0)


async def test_a_stored_request_keeps_the_count(app):
    pid = await pegawai_baru()
    # Mon 21 .. Thu 31 Dec 2026: 24 (cuti bersama), 25 (Natal), 26–27 weekend skipped: 21, 22, 23,
    # 28, 29, 30, 31 = 7 working days out of 11.
    row = await cuti.ajukan(pid, "tahunan", date(2026, 12, 21), date(2026, 12, 31), alasan="Libur akhir tahun",
                            alamat_cuti="Samarinda", telepon_cuti="0812")
    assert (row["hari_kerja"], row["hari_kalender"], row["tahun"], row["status"]) == (7, 11, 2026, "diajukan")


# --- refusals ---------------------------------------------------------------------------------

async def refused(pid, jenis, mulai, selesai, keterangan=None) -> list[str]:
    async def written():
        return (await Cuti.count().where(Cuti.pegawai == pid),
                await SaldoCuti.count().where((SaldoCuti.pegawai == pid)
                                              & SaldoCuti.jenis.is_in(["cadangan", "pakai"])))

    before = await written()
    with pytest.raises(CutiError) as e:
        await cuti.ajukan(pid, jenis, mulai, selesai, keterangan=keterangan)
    assert await written() == before  # no request, no reservation
    return e.value.messages


async def test_a_start_on_a_holiday_or_weekend_is_refused(app):
    pid = await pegawai_baru()
    [msg] = await refused(pid, "tahunan", date(2026, 8, 17), date(2026, 8, 19))
    assert "tidak dapat dimulai pada hari libur" in msg and "Kemerdekaan" in msg
    [msg] = await refused(pid, "tahunan", date(2026, 12, 24), date(2026, 12, 29))
    assert "Cuti Bersama" in msg
    [msg] = await refused(pid, "tahunan", date(2026, 8, 15), date(2026, 8, 19))
    assert "Sabtu/Minggu" in msg or "hari libur" in msg


async def test_overlapping_requests_of_the_same_person_are_refused(app):
    pid = await pegawai_baru()
    first = await cuti.ajukan(pid, "tahunan", date(2026, 8, 10), date(2026, 8, 12))
    [msg] = await refused(pid, "tahunan", date(2026, 8, 12), date(2026, 8, 14))
    assert "Bertumpuk dengan Cuti Tahunan 10 Agustus 2026 s.d. 12 Agustus 2026 yang diajukan" in msg
    # Another person's leave on the same days is no overlap; a refused one frees the days.
    other = await pegawai_baru()
    await cuti.ajukan(other, "tahunan", date(2026, 8, 12), date(2026, 8, 14))
    await cuti.putuskan(first["id"], "ditolak", oleh=None, catatan="Ada kegiatan pameran")
    assert (await cuti.ajukan(pid, "tahunan", date(2026, 8, 12), date(2026, 8, 14)))["hari_kerja"] == 3


async def test_overdrawn_balance(app):
    pid = await pegawai_baru()
    # First year of the ledger: 12 days. Mon 3 .. Thu 20 Aug 2026 is 3–7 (5), 10–14 (5) and
    # 18–20 (3; 17 Aug skipped) = 13 working days.
    [msg] = await refused(pid, "tahunan", date(2026, 8, 3), date(2026, 8, 20))
    assert msg == "Saldo cuti tahunan 2026 tidak cukup: tersedia 12 hari kerja, diminta 13 hari kerja."
    row = await cuti.ajukan(pid, "tahunan", date(2026, 8, 3), date(2026, 8, 19))  # 12 days
    assert row["hari_kerja"] == 12


async def test_sick_leave_needs_the_doctors_letters(app):
    pid = await pegawai_baru()
    assert (await cuti.ajukan(pid, "sakit", date(2026, 9, 1), date(2026, 9, 1)))["hari_kerja"] == 1
    [msg] = await refused(pid, "sakit", date(2026, 9, 7), date(2026, 9, 8))
    assert msg == "Cuti sakit lebih dari 1 hari harus dilampiri surat keterangan dokter."
    assert await cuti.ajukan(pid, "sakit", date(2026, 9, 7), date(2026, 9, 8), keterangan={"surat_dokter": "SKD/12/IX"})
    # 14 calendar days with a doctor's letter; the 15th needs a government doctor.
    assert await cuti.ajukan(pid, "sakit", date(2026, 10, 5), date(2026, 10, 18), keterangan={"surat_dokter": 7})
    [msg] = await refused(pid, "sakit", date(2026, 11, 2), date(2026, 11, 16), {"surat_dokter": 8})
    assert msg == "Cuti sakit lebih dari 14 hari harus dilampiri surat keterangan dokter pemerintah."
    # At most 1 year 6 months: from 1 Feb 2027 the last day is 31 Jul 2028.
    [msg] = await refused(pid, "sakit", date(2027, 2, 1), date(2028, 8, 1),
                          {"surat_dokter": 9, "dokter_pemerintah": True})
    assert "paling lambat 31 Juli 2028" in msg


async def test_cuti_besar_needs_five_years(app):
    pid = await pegawai_baru(date(2022, 3, 1))
    [msg] = await refused(pid, "besar", date(2026, 9, 1), date(2026, 11, 30))
    assert msg == ("Cuti besar baru dapat diambil setelah 5 tahun masa kerja terus-menerus, yaitu mulai 1 Maret 2027.")
    senior = await pegawai_baru(date(2010, 3, 1))
    # 3 months from Tue 1 Sep 2026 end on 30 Nov 2026; one day more is refused.
    [msg] = await refused(senior, "besar", date(2026, 9, 1), date(2026, 12, 1))
    assert "selesai paling lambat 30 November 2026" in msg
    assert (await cuti.ajukan(senior, "besar", date(2026, 9, 1), date(2026, 11, 30)))["tahun"] == 2026


async def test_kinds_each_employment_kind_may_take(app):
    pppk = await pegawai_baru(date(2015, 1, 5), jenis="PPPK")
    [msg] = await refused(pppk, "besar", date(2026, 9, 1), date(2026, 9, 30))
    assert msg == "Cuti Besar tidak dapat diambil oleh PPPK."
    [msg] = await refused(pppk, "cltn", date(2026, 9, 1), date(2026, 9, 30))
    assert msg == "Cuti di Luar Tanggungan Negara tidak dapat diambil oleh PPPK."
    assert await cuti.ajukan(pppk, "tahunan", date(2026, 9, 1), date(2026, 9, 2))
    cpns = await pegawai_baru(date(2026, 2, 2), jenis="CPNS")
    [msg] = await refused(cpns, "besar", date(2026, 9, 1), date(2026, 9, 30))
    assert "CPNS" in msg
    [msg] = await refused(cpns, "bersama", date(2026, 12, 24), date(2026, 12, 24))
    assert "tidak diajukan" in msg


async def test_annual_leave_after_a_year_of_service(app):
    pid = await pegawai_baru(date(2025, 10, 1), jenis="CPNS")
    [msg] = await refused(pid, "tahunan", date(2026, 9, 1), date(2026, 9, 2))
    assert msg == "Cuti tahunan baru dapat diambil setelah 1 tahun masa kerja, yaitu mulai 1 Oktober 2026."
    assert (await cuti.ajukan(pid, "tahunan", date(2026, 10, 1), date(2026, 10, 2)))["hari_kerja"] == 2


async def test_melahirkan_children_one_to_three_and_the_fourth_as_cuti_besar(app):
    ibu = await pegawai_baru(date(2023, 1, 2), kelamin="P")
    [msg] = await refused(ibu, "melahirkan", date(2026, 9, 1), date(2026, 11, 30))
    assert msg == "Isi kelahiran anak ke-berapa."
    # 3 months from 1 Sep end on 30 Nov.
    [msg] = await refused(ibu, "melahirkan", date(2026, 9, 1), date(2026, 12, 1), {"anak_ke": 2})
    assert "paling lambat 30 November 2026" in msg
    [msg] = await refused(ibu, "melahirkan", date(2026, 9, 1), date(2026, 11, 30), {"anak_ke": 4})
    assert "anak ke-4 dan seterusnya diberikan sebagai cuti besar" in msg
    # The fourth child as cuti besar sets the five years of service aside (she has under four).
    row = await cuti.ajukan(ibu, "besar", date(2026, 9, 1), date(2026, 11, 30),
                            keterangan={"melahirkan": True, "anak_ke": 4})
    assert row["jenis"] == "besar"
    ayah = await pegawai_baru(kelamin="L")
    [msg, *_rest] = await refused(ayah, "melahirkan", date(2026, 9, 1), date(2026, 9, 30), {"anak_ke": 1})
    assert "hanya bagi pegawai perempuan" in msg


async def test_alasan_penting_and_cltn_lengths(app):
    pid = await pegawai_baru(date(2010, 3, 1))
    # One month from Mon 7 Sep 2026 ends on 6 Oct 2026.
    [msg] = await refused(pid, "alasan_penting", date(2026, 9, 7), date(2026, 10, 7))
    assert "paling lambat 6 Oktober 2026" in msg
    assert await cuti.ajukan(pid, "alasan_penting", date(2026, 9, 7), date(2026, 10, 6))
    # CLTN: 3 years from Mon 4 Jan 2027 end on 3 Jan 2030.
    [msg] = await refused(pid, "cltn", date(2027, 1, 4), date(2030, 1, 4))
    assert "paling lambat 3 Januari 2030" in msg
    young = await pegawai_baru(date(2023, 6, 1))
    [msg] = await refused(young, "cltn", date(2027, 1, 4), date(2027, 6, 30))
    assert "yaitu mulai 1 Juni 2028" in msg


async def test_several_reasons_at_once(app):
    pid = await pegawai_baru(date(2010, 3, 1))
    await cuti.ajukan(pid, "tahunan", date(2026, 8, 18), date(2026, 8, 19))
    messages = await refused(pid, "sakit", date(2026, 8, 16), date(2026, 8, 20))
    assert len(messages) == 3  # starts on a Sunday, overlaps, no doctor's letter


async def test_who_is_away_when(app):
    unit = 800000 + secrets.randbelow(99999)
    a, b, c = [await pegawai_baru() for _ in range(3)]
    for pid in (a, b, c):
        await Pegawai.update({Pegawai.unit_id: unit}).where(Pegawai.id == pid)
    await Pegawai.update({Pegawai.unit_id: unit + 1}).where(Pegawai.id == c)
    first = await cuti.ajukan(a, "tahunan", date(2026, 8, 10), date(2026, 8, 14))
    await cuti.putuskan(first["id"], "disetujui", oleh=None)
    await cuti.ajukan(b, "tahunan", date(2026, 8, 13), date(2026, 8, 20))
    refused_one = await cuti.ajukan(b, "tahunan", date(2026, 8, 24), date(2026, 8, 24))
    await cuti.putuskan(refused_one["id"], "ditolak", oleh=None, catatan="Rapat kerja")
    await cuti.ajukan(c, "tahunan", date(2026, 8, 11), date(2026, 8, 11))
    away = await cuti.cuti_unit([unit], date(2026, 8, 12), date(2026, 8, 31))
    assert [(r["pegawai"], r["mulai"], r["status"], r["label"]) for r in away] == [
        (a, date(2026, 8, 10), "disetujui", "Cuti Tahunan"), (b, date(2026, 8, 13), "diajukan", "Cuti Tahunan")]
    assert all(r["unit_id"] == unit and r["nama"].startswith("Uji Cuti") for r in away)
    assert await cuti.cuti_unit([unit], date(2026, 8, 15), date(2026, 8, 16)) == [
        r for r in away if r["pegawai"] == b]  # a's leave ended on the 14th
    assert len(await cuti.cuti_unit([unit, unit + 1], date(2026, 8, 1), date(2026, 8, 31))) == 3
    assert await cuti.cuti_unit([], date(2026, 8, 1), date(2026, 8, 31)) == []
    mine = await cuti.cuti_pegawai(b)
    assert [(r["mulai"], r["status"]) for r in mine] == [
        (date(2026, 8, 24), "ditolak"), (date(2026, 8, 13), "diajukan")]
