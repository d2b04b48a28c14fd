"""The personnel clock with hand-computed dates (REGULATIONS.md: KGB every 2 years of MKG, II/a after
1 year, postponements that keep the cycle; KP after 4 years in rank on a promotion period; the TMT
pensiun the 1st of the month after the BUP is reached)."""

from datetime import date

import pytest

from balai_kepegawaian import jam


def pangkat(golongan, tmt, mkg_tahun=0, mkg_bulan=0, id=1):
    return {"id": id, "golongan": golongan, "tmt": tmt, "mkg_tahun": mkg_tahun, "mkg_bulan": mkg_bulan}


def test_kgb_every_two_years_of_mkg_from_the_last_raise():
    nxt = jam.kgb_berikut([pangkat("III/b", date(2021, 4, 1), 7)], [pangkat("III/b", date(2024, 3, 1), 10)], [])
    assert (nxt.tmt, nxt.mkg, nxt.ditunda_bulan) == (date(2026, 3, 1), (12, 0), 0)


def test_kgb_counts_from_a_promotion_later_than_the_last_raise():
    # KGB 2023-01-01 at MKG 8; promoted 2024-04-01 to III/c with MKG 9 y 3 m: the next step is MKG 10,
    # 9 months after the promotion.
    nxt = jam.kgb_berikut([pangkat("III/c", date(2024, 4, 1), 9, 3)], [pangkat("III/b", date(2023, 1, 1), 8)], [])
    assert (nxt.tmt, nxt.golongan, nxt.mkg) == (date(2025, 1, 1), "III/c", (10, 0))


def test_first_raise_of_ii_a_after_one_year_then_every_two():
    appointed = [pangkat("II/a", date(2025, 3, 1), 0)]
    assert jam.kgb_berikut(appointed, [], []).tmt == date(2026, 3, 1)
    assert jam.kgb_berikut(appointed, [], []).mkg == (1, 0)
    after_first = jam.kgb_berikut(appointed, [pangkat("II/a", date(2026, 3, 1), 1)], [])
    assert (after_first.tmt, after_first.mkg) == (date(2028, 3, 1), (3, 0))
    # III/a has no one-year exception: the first raise comes at MKG 2.
    assert jam.kgb_berikut([pangkat("III/a", date(2025, 3, 1), 0)], [], []).tmt == date(2027, 3, 1)


def test_a_postponed_raise_is_paid_later_and_the_next_stays_on_the_cycle():
    history = [pangkat("III/b", date(2024, 3, 1), 10)]
    tunda = [{"tmt_semula": date(2026, 3, 1), "bulan": 6}]
    nxt = jam.kgb_berikut([], history, tunda)
    assert (nxt.tmt, nxt.tmt_semula, nxt.ditunda_bulan, nxt.mkg) == (date(2026, 9, 1), date(2026, 3, 1), 6, (12, 6))
    # Paid on 2026-09-01 at MKG 12 y 6 m: the next step (MKG 14) is on 2028-03-01, not 2028-09-01.
    paid = history + [pangkat("III/b", date(2026, 9, 1), 12, 6, id=2)]
    assert jam.kgb_berikut([], paid, tunda).tmt == date(2028, 3, 1)
    # Postponed again from the postponed date, for a whole year: 2027-09-01.
    twice = tunda + [{"tmt_semula": date(2026, 9, 1), "bulan": 12}]
    assert jam.kgb_berikut([], history, twice).tmt == date(2027, 9, 1)


def test_kgb_after_a_date_skips_the_steps_already_past():
    nxt = jam.kgb_berikut([], [pangkat("IV/a", date(2020, 1, 1), 16)], [], setelah=date(2023, 6, 1))
    assert (nxt.tmt, nxt.mkg) == (date(2024, 1, 1), (20, 0))


# Promotions: the two settings of the periods. Before 1 Oct 2025 the 1st of Feb/Apr/Jun/Aug/Oct/Dec
# (Peraturan BKN 4/2023), from then on the 1st of every month (Peraturan BKN 4/2025).
GENAP_SELALU = [(date(2025, 10, 1), (2, 4, 6, 8, 10, 12))]  # an agency that kept the even months
BULANAN_SELALU = [(date(2023, 1, 1), tuple(range(1, 13)))]


@pytest.mark.parametrize("tmt, setelan, periode", [
    (date(2022, 3, 1), None, date(2026, 3, 1)),  # 4 years on 2026-03-01, monthly periods by then
    (date(2022, 3, 1), GENAP_SELALU, date(2026, 4, 1)),  # even months only: April
    (date(2021, 7, 1), None, date(2025, 8, 1)),  # 2025-07-01 falls before Oct 2025: August
    (date(2021, 7, 1), BULANAN_SELALU, date(2025, 7, 1)),
    (date(2022, 3, 15), None, date(2026, 4, 1)),  # mid-month: the next 1st
    (date(2021, 12, 2), None, date(2026, 1, 1)),
    (date(2021, 12, 2), GENAP_SELALU, date(2026, 2, 1)),
])
def test_earliest_regular_promotion(tmt, setelan, periode):
    nxt = jam.kp_berikut([pangkat("III/b", tmt)], [], setelan)
    assert nxt.periode == periode
    assert nxt.golongan_ke == "III/c"


def test_promotion_needs_baik_for_the_two_years_before_the_period():
    ratings = [{"tahun": 2024, "predikat": "baik"}, {"tahun": 2025, "predikat": "butuh_perbaikan"}]
    nxt = jam.kp_berikut([pangkat("III/d", date(2022, 3, 1))], ratings)
    assert nxt.periode == date(2026, 3, 1) and nxt.golongan_ke == "IV/a"
    assert nxt.kurang == ("predikat:2025:butuh_perbaikan",)
    assert jam.kp_berikut([pangkat("III/d", date(2022, 3, 1))], ratings[:1]).kurang == ("predikat:2025:belum",)
    good = [{"tahun": 2024, "predikat": "sangat_baik"}, {"tahun": 2025, "predikat": "baik"}]
    assert jam.kp_berikut([pangkat("III/d", date(2022, 3, 1))], good).kurang == ()


def test_no_regular_promotion_beyond_iv_e():
    assert jam.kp_berikut([pangkat("IV/e", date(2010, 1, 1))], []) is None


@pytest.mark.parametrize("lahir, bup, tmt", [
    (date(1968, 5, 14), 58, date(2026, 6, 1)),
    (date(1966, 12, 20), 60, date(2027, 1, 1)),  # December: January of the next year
    (date(1961, 6, 1), 65, date(2026, 7, 1)),  # born on the 1st: still the month after
    (date(1968, 2, 29), 58, date(2026, 3, 1)),  # 29 February reached on the 28th
])
def test_retirement_date_by_bup(lahir, bup, tmt):
    p = jam.pensiun(lahir, [{"id": 1, "tmt": date(2020, 1, 1), "bup": bup}])
    assert (p.tmt, p.bup) == (tmt, bup)


def test_cases_open_early_enough():
    weekday = lambda d: d.weekday() < 5  # noqa: E731 - a plain Monday-to-Friday calendar
    # TMT 2027-03-01: the notice is due 2027-01-01 (a Friday); 3 working days earlier is Tue 2026-12-29.
    assert jam.kgb_dibuka(date(2027, 3, 1), 3, weekday) == date(2026, 12, 29)
    assert jam.kp_dibuka(date(2026, 4, 1)) == date(2026, 1, 1)
    p = jam.pensiun(date(1968, 5, 14), [{"id": 1, "tmt": date(2020, 1, 1), "bup": 58}])
    assert jam.pensiun_dibuka(p) == date(2025, 5, 14)


def test_gaji_pokok_from_the_table_in_force():
    rows = [
        {"berlaku_mulai": date(2019, 1, 1), "golongan": "I/a", "mkg": 0, "gaji": 1_560_800},
        {"berlaku_mulai": date(2024, 1, 1), "golongan": "I/a", "mkg": 0, "gaji": 1_685_700},
    ]
    assert jam.gaji_dari_tabel(rows, "I/a", 1, date(2023, 6, 1))["gaji"] == 1_560_800
    assert jam.gaji_dari_tabel(rows, "I/a", 1, date(2024, 1, 1))["gaji"] == 1_685_700
    assert jam.gaji_dari_tabel(rows, "I/a", 2, date(2024, 1, 1)) is None  # that row is not in the table
    assert jam.gaji_dari_tabel(rows, "II/a", 0, date(2024, 1, 1)) is None
