"""The IKM arithmetic of PermenPANRB 14/2017, checked against sums done by hand."""

from decimal import Decimal
from fractions import Fraction

from balai_layanan import ikm

# Five respondents, nine elements each (u1..u9).
JAWABAN = [
    [4, 3, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, 2, 4, 3, 3, 4, 3, 2],
    [4, 4, 3, 4, 4, 4, 4, 4, 3],
    [2, 3, 3, 4, 3, 3, 3, 2, 2],
    [4, 4, 4, 4, 4, 4, 4, 4, 4],
]


def _rows(data):
    return [{f"u{i + 1}": v for i, v in enumerate(r)} for r in data]


def test_ikm_of_a_small_data_set_matches_the_hand_computation():
    # By hand: column sums 17,17,15,20,17,18,19,16,14 = 153 in all.
    # NRR = sum/5; IKM = sum(NRR)/9*25 = (153/5)/9*25 = 85.0 exactly.
    hasil = ikm.hitung(_rows(JAWABAN))
    assert hasil.responden == 5
    assert [u.jumlah for u in hasil.unsur] == [17, 17, 15, 20, 17, 18, 19, 16, 14]
    assert hasil.unsur[0].nrr == Fraction(17, 5)
    assert hasil.unsur[0].nilai == Decimal("85.00")  # 3.4 x 25
    assert hasil.unsur[8].nilai == Decimal("70.00")  # 2.8 x 25
    assert hasil.ikm == Decimal("85.00")
    assert (hasil.mutu, hasil.kinerja) == ("B", "Baik")


def test_exact_weight_not_the_printed_011():
    # All answers 4: the exact 1/9 weight gives 100; 0.11 x 9 would give 99.
    hasil = ikm.hitung(_rows([[4] * 9] * 3))
    assert hasil.ikm == Decimal("100.00")
    assert hasil.mutu == "A"


def test_rounding_to_two_decimals_then_grading():
    # Sums 11,10,8,12,10,11,12,10,8 over 3 respondents: 92/3/9*25 = 85.185... -> 85.19
    data = [[4, 3, 3, 4, 3, 4, 4, 3, 3], [3, 3, 2, 4, 3, 3, 4, 3, 2], [4, 4, 3, 4, 4, 4, 4, 4, 3]]
    assert ikm.hitung(_rows(data)).ikm == Decimal("85.19")


def test_grade_bounds():
    assert ikm.mutu(Decimal("88.31"))[0] == "A"
    assert ikm.mutu(Decimal("88.30"))[0] == "B"
    assert ikm.mutu(Decimal("76.61"))[0] == "B"
    assert ikm.mutu(Decimal("76.60"))[0] == "C"
    assert ikm.mutu(Decimal("65.00"))[0] == "C"
    assert ikm.mutu(Decimal("64.99"))[0] == "D"


def test_no_respondents_gives_no_index():
    hasil = ikm.hitung([])
    assert hasil.ikm is None and hasil.responden == 0


def test_krejcie_morgan_sample_size():
    assert ikm.ukuran_sampel(100) == 80
    assert ikm.ukuran_sampel(1000) == 278
    assert ikm.ukuran_sampel(0) == 0
    assert ikm.ukuran_sampel(10) == 10
    assert ikm.ukuran_sampel(1_000_000) == 384  # the table's last row


def test_semesters():
    from datetime import date

    assert ikm.periode_dari(date(2026, 6, 30)) == "2026-1"
    assert ikm.periode_dari(date(2026, 7, 1)) == "2026-2"
    assert ikm.batas_periode("2026-2") == (date(2026, 7, 1), date(2027, 1, 1))
    assert ikm.periode_sebelumnya("2026-1") == "2025-2"
    assert not ikm.periode_sah("2026-3")
