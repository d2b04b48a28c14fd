import pytest

from balai.workflow.timestandard import Amount, parse_time_standard


@pytest.mark.parametrize(
    "text, low, high, per",
    [
        ("5 menit", Amount(5, "menit"), Amount(5, "menit"), ""),
        ("30 Menit", Amount(30, "menit"), Amount(30, "menit"), ""),
        ("1 hari kerja", Amount(1, "hari_kerja"), Amount(1, "hari_kerja"), ""),
        ("30 hari kerja", Amount(30, "hari_kerja"), Amount(30, "hari_kerja"), ""),
        ("2 Jam", Amount(2, "jam"), Amount(2, "jam"), ""),
        ("1 Minggu", Amount(1, "minggu"), Amount(1, "minggu"), ""),
        ("6 bulan sekali", Amount(6, "bulan"), Amount(6, "bulan"), ""),
        ("7 hari", Amount(7, "hari"), Amount(7, "hari"), ""),
        ("2 – 3 Menit per surat", Amount(2, "menit"), Amount(3, "menit"), "surat"),
        ("3 - 20 Menit per surat", Amount(3, "menit"), Amount(20, "menit"), "surat"),
        ("30 menit s/d 5 hari", Amount(30, "menit"), Amount(5, "hari"), ""),
        ("5 menit - 1 jam", Amount(5, "menit"), Amount(1, "jam"), ""),
    ],
)
def test_parses_the_forms_the_sop_sheets_use(text, low, high, per):
    ts = parse_time_standard(text)
    assert (ts.low, ts.high, ts.per, ts.raw) == (low, high, per, text)


@pytest.mark.parametrize("text", ["", "segera", "5", "menit 5", "5 menit - 1 jam - 2 hari", "5 - 1 jam"])
def test_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError):
        parse_time_standard(text)
