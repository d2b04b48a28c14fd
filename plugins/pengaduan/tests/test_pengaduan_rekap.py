"""The Sekretaris's monthly recap of SP4N-LAPOR! complaints: counts by class, category and unit,
on-time shares, open ones by age in working days (hand-counted over May 2026's holidays), the
XLSX, and who may see it."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from balai.api import act, today
from test_pengaduan_sp4n import ADUAN, kirim_aduan, terbuka

from balai_pengaduan import rekap
from balai_pengaduan.tables import Aduan, Laporan


@pytest.fixture(autouse=True)
async def lupakan_batas(app):
    yield
    await Laporan.raw("DELETE FROM core_throttle")


def baris(case, kelas, kategori, diterima, unit="", ditutup=None, lapor=False):
    return {"case": case, "kelas": kelas, "kategori": kategori, "unit_tujuan": unit, "lapor": lapor,
            "diterima": datetime(*diterima, 2, 0, tzinfo=timezone.utc),  # 10:00 WITA
            "ditutup": datetime(*ditutup, 2, 0, tzinfo=timezone.utc) if ditutup else None}


def jam(verifikasi=None, tindak_lanjut=None):
    def one(code, state):
        if state is None:
            return {"code": code, "state": "belum", "met": None, "overdue": False}
        return {"code": code, "state": state[0], "met": state[1], "overdue": state[2]}
    return [one("verifikasi", verifikasi), one("tindak_lanjut", tindak_lanjut)]


async def test_the_recap_counts_by_class_category_unit_on_time_and_age(app):
    rows = [
        baris(1, "pengaduan", "metrologi", (2026, 5, 4), unit="7"),  # open: 15 working days on 31 May
        baris(2, "pengaduan", "metrologi", (2026, 5, 11), unit="7,8", lapor=True),  # open: 10 (not 14)
        baris(3, "aspirasi", "ukm", (2026, 5, 26)),  # open: 1 (27, 28 May are holidays)
        baris(4, "permintaan_informasi", "pelayanan", (2026, 5, 6), ditutup=(2026, 5, 8)),  # closed
        baris(5, "pengaduan", "koperasi", (2026, 4, 20), unit="8"),  # April's, still open: counted by age only
    ]
    clocks = {1: jam(("berhenti", True, False), ("berjalan", None, True)),
              2: jam(("berhenti", False, False), ("berjalan", None, False)),
              3: jam(("berjalan", None, False), ("berjalan", None, False)),
              4: jam(("berhenti", True, False), ("berhenti", True, False))}
    hasil = rekap.hitung(rows, clocks, {7: "Bidang Perindustrian", 8: "Bidang Perdagangan"},
                         date(2026, 5, 1), date(2026, 5, 31), date(2026, 5, 31))
    assert hasil["jumlah"] == 4 and hasil["lapor"] == 1
    assert dict(hasil["kelas"]) == {"Pengaduan": 2, "Aspirasi": 1, "Permintaan informasi": 1}
    assert dict(hasil["kategori"])["Metrologi legal"] == 2 and dict(hasil["kategori"])["Koperasi"] == 0
    assert dict(hasil["unit"]) == {"Bidang Perindustrian": 2, "Bidang Perdagangan": 1,
                                   "Dijawab Operator (tidak diteruskan ke unit)": 2}
    verifikasi, tindak_lanjut = hasil["tepat"]
    # Verification: 1 and 4 on time, 2 late, 3 still running: 2 of 3 decided = 66.7 %.
    assert (verifikasi["tepat"], verifikasi["terlambat"], verifikasi["berjalan"], verifikasi["persen"]) == (2, 1, 1, 66.7)
    # Follow-up: 4 on time, 1 running past its deadline (late), 2 and 3 running: 50 %.
    assert (tindak_lanjut["tepat"], tindak_lanjut["terlambat"], tindak_lanjut["persen"]) == (1, 1, 50.0)
    # Open on 31 May by working days since receipt (Ascension 14-15 May, Eid al-Adha 27-28 May):
    # 26 May -> 1; 11 May -> 10; 4 May -> 15; 20 April -> more than 10.
    assert rekap.umur(date(2026, 5, 11), date(2026, 5, 31)) == 10
    assert rekap.umur(date(2026, 5, 4), date(2026, 5, 31)) == 15
    assert [(g["jumlah"], g["cases"]) for g in hasil["umur"]] == [(1, [3]), (0, []), (1, [2]), (2, [1, 5])]
    assert hasil["terbuka"] == 4


async def test_the_sekretaris_reads_the_months_recap_and_downloads_it(app, demo, login, make_user):
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    hari = today().strftime("%Y-%m")
    sekretaris = await login(await make_user(roles=[("sekretaris", "sekretariat")], unit="sekretariat"))
    before = load_workbook(io.BytesIO((await sekretaris.get(f"/pengaduan/rekap.xlsx?bulan={hari}")).content)).active
    metrologi = next(r for r in range(1, 60) if before.cell(r, 1).value == "Metrologi legal")
    had = before.cell(metrologi, 2).value
    case_id, _code = await kirim_aduan(app, {**ADUAN, "id_lapor": "LAPOR-7781"})
    await act((await terbuka(case_id, "terima"))["id"], "terima", user=await operator.current())
    page = await sekretaris.get(f"/pengaduan/rekap?bulan={hari}")
    assert page.status_code == 200 and 'data-testid="rekap-kelas"' in page.text
    after = load_workbook(io.BytesIO((await sekretaris.get(f"/pengaduan/rekap.xlsx?bulan={hari}")).content)).active
    assert after.cell(metrologi, 2).value == had + 1
    row = await Aduan.select().where(Aduan.case == case_id).first()
    assert row["lapor"] is True and row["kategori"] == "metrologi"
    bad = await sekretaris.get("/pengaduan/rekap?bulan=Desember")
    assert bad.status_code == 400 and "misalnya 2026-12" in bad.text and 'value="Desember"' in bad.text
    staff = await login(await make_user(roles=[("staf", "industri")], unit="industri"))
    assert (await staff.get(f"/pengaduan/rekap?bulan={hari}")).status_code == 403
