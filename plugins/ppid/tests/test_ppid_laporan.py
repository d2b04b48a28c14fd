"""The service report counted from the cases, and its reminder.

Hand-counted on the 2028 calendar (no holiday in these weeks; 27-28 February Idulfitri is not in
them): A, by the public form on Tuesday 1 February, answered from the DIP on Thursday 3 February:
2 working days (2, 3 February), in time. B, by letter on Tuesday 7 March, refused on Monday 13
March: 4 working days (8, 9, 10, 13 March), in time. C, by letter on Wednesday 5 July, still open.
Median of (2, 4) = 3. One objection (reason b), answered "ditolak".
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from balai.api import act, case_tasks, open_case
from balai.notifications.tables import Notification
from balai.testing import csrf_from

from balai_ppid import keberatan, laporan, permohonan
from balai_ppid.sop import PERMOHONAN
from balai_ppid.tables import Informasi, Keberatan, Permohonan
from ppid_support import ISIAN, ajukan, pemohon, reference_from, wita

TAHUN = 2028


async def _tugas(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] in ("terbuka", "menunggu"))


async def _diterima(table, case_id: int, moment) -> None:
    # The case's opening moment is the machine's (clock_time moves only the clocks): the register
    # row, which the report counts, is given the day of receipt the scenario says.
    await table.update({table.diterima_pada: moment}).where(table.case_id == case_id)


async def _surat(demo, rincian: str) -> int:
    case = await open_case(PERMOHONAN, rincian, user=None, unit_id=demo["umum"],
                           data={**ISIAN, "rincian": rincian}, opened_as="Pemohon (surat)", complete_first="kirim")
    return case["id"]


@pytest.fixture
async def tahun_2028(app, demo, make_user, clock_time):
    petugas = await (await make_user(roles=[("petugas_ppid", "umum")], unit="umum")).current()
    pengelola = await (await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum")).current()
    atasan = await (await make_user(roles=[("atasan_ppid", "sekretariat")], unit="sekretariat")).current()
    terbuka = await Informasi.select().where(Informasi.nomor == "DIP/2026/007").first()
    kecuali = await Informasi.select().where(Informasi.nomor == "DIP/2026/013").first()
    clock_time(wita(TAHUN, 2, 1))
    async with pemohon(app) as c:
        a = (await Permohonan.select().where(Permohonan.nomor == reference_from((await ajukan(c)).text)).first())["case_id"]
    await _diterima(Permohonan, a, wita(TAHUN, 2, 1))
    await act((await _tugas(a, "periksa"))["id"], "lengkap", user=petugas)
    clock_time(wita(TAHUN, 2, 3))
    await permohonan.jawab_dari_dip(await _tugas(a, "putus"), terbuka, pengelola, "")
    clock_time(wita(TAHUN, 3, 7))
    b = await _surat(demo, "Data pribadi penerima fasilitasi UMKM 2027")
    await _diterima(Permohonan, b, wita(TAHUN, 3, 7))
    await act((await _tugas(b, "periksa"))["id"], "lengkap", user=petugas)
    clock_time(wita(TAHUN, 3, 13))
    await permohonan.tolak(await _tugas(b, "putus"), kecuali, pengelola, "http://testserver.local")
    clock_time(wita(TAHUN, 3, 20))
    k = await open_case(keberatan.KEBERATAN, "Informasi berkala tidak ada", user=None, unit_id=demo["umum"],
                        data={"nomor_permohonan": "", "nama": "Pemohon Laporan", "nik": "6472015708900003",
                              "alamat": "Samarinda", "telepon": "0812", "alasan": "b", "uraian": "LKjIP tidak ada"},
                        opened_as="Pemohon (surat)", complete_first="kirim")
    await _diterima(Keberatan, k["id"], wita(TAHUN, 3, 20))
    await act((await _tugas(k["id"], "periksa"))["id"], "lengkap", user=petugas)
    await act((await _tugas(k["id"], "koordinasi"))["id"], "ajukan_tanggapan", user=pengelola)
    await keberatan.tanggapi(await _tugas(k["id"], "tanggapi"), "LKjIP sudah terbit sejak Februari.", atasan, "ditolak")
    clock_time(wita(TAHUN, 7, 5))
    await _diterima(Permohonan, await _surat(demo, "Jadwal pelatihan UMKM semester II"), wita(TAHUN, 7, 5))
    return {"petugas": petugas, "atasan": atasan}


async def test_the_year_counted_from_the_cases(tahun_2028):
    angka = await laporan.hitung(TAHUN)
    assert angka["jumlah"] == 3
    assert angka["saluran"] == {"website": 1, "surat": 2}
    assert angka["status"] == {"dijawab": 1, "ditolak": 1, "proses": 1}
    assert (angka["tepat_waktu"], angka["terlambat"], angka["diperpanjang"]) == (2, 0, 0)
    assert angka["median_hari"] == 3
    assert angka["dasar_penolakan"] == {"17h": 1}
    assert angka["kategori"] == {"setiap_saat": 1, "dikecualikan": 1, "belum_diputus": 1}
    assert angka["per_bulan"] == [0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert (angka["keberatan"], angka["keberatan_alasan"], angka["keberatan_putusan"]) == (1, {"b": 1}, {"ditolak": 1})
    semester = await laporan.hitung(TAHUN, 2)
    assert semester["jumlah"] == 1 and semester["per_bulan"] == [1, 0, 0, 0, 0, 0] and semester["keberatan"] == 0
    svg = laporan.grafik(angka)
    assert svg.startswith("<svg") and svg.count("<rect") == 12 + 2 and ">100%<" in svg


async def test_the_report_page_xlsx_and_pdf(tahun_2028, login, make_user):
    from openpyxl import load_workbook

    # Each test's fixture adds its own three requests to the year: the figures of the test above,
    # counted by hand, are checked there; here the page, the XLSX and the PDF show those counts.
    angka = await laporan.hitung(TAHUN)
    c = await login(await make_user(roles=[("pengelola_data_ppid", "umum")], unit="umum"))
    page = await c.get(f"/ppid/laporan?tahun={TAHUN}")
    assert page.status_code == 200 and f'data-testid="jumlah">{angka["jumlah"]}<' in page.text and "<svg" in page.text
    assert f'data-testid="median">{angka["median_hari"]}<' in page.text
    book = load_workbook(io.BytesIO((await c.get(f"/ppid/laporan/xlsx?tahun={TAHUN}")).content))
    lines = {r[0]: r[1] for r in book.worksheets[0].iter_rows(values_only=True) if r and r[0]}
    assert lines["Jumlah permohonan"] == angka["jumlah"] and lines["Dijawab tepat waktu"] == angka["tepat_waktu"]
    assert lines["Median waktu jawaban (hari kerja)"] == angka["median_hari"]
    empty = await c.post("/ppid/laporan/pdf", data={"_csrf_token": csrf_from(page.text), "tahun": str(TAHUN),
                                                    "kebijakan": "SK PPID 2028", "hambatan": ""})
    assert empty.status_code == 400 and "SK PPID 2028" in empty.text
    bad_year = await c.post("/ppid/laporan/pdf", data={"_csrf_token": csrf_from(page.text), "tahun": "20x8",
                                                       "hambatan": "Jaringan internet UPTD", "rekomendasi": "Pelatihan"})
    assert bad_year.status_code == 400 and "Tahun laporan tidak sah." in bad_year.text
    assert "Jaringan internet UPTD" in bad_year.text
    pdf = await c.post("/ppid/laporan/pdf", data={"_csrf_token": csrf_from(page.text), "tahun": str(TAHUN),
                                                  "hambatan": "Jaringan internet UPTD", "rekomendasi": "Pelatihan"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert 'data-testid="laporan-terbit"' in (await c.get(f"/ppid/laporan?tahun={TAHUN}")).text
    # No register permission: no report.
    other = await login(await make_user(roles=[("kepala_bidang", "industri")], unit="industri"))
    assert (await other.get(f"/ppid/laporan?tahun={TAHUN}")).status_code == 403


async def _told(user_id: int, key_part: str) -> list[str]:
    rows = await Notification.select(Notification.message, Notification.key).where(Notification.user == user_id)
    return [r["message"] for r in rows if key_part in r["key"]]


async def test_the_report_reminder_from_march_once(app, demo, make_user):
    atasan = await make_user(roles=[("atasan_ppid", "sekretariat")], unit="sekretariat")
    assert await laporan.ingatkan(date(2030, 2, 20)) == 0  # before March: nothing yet
    assert await laporan.ingatkan(date(2030, 3, 2)) == 1
    assert await laporan.ingatkan(date(2030, 3, 9)) == 0  # once
    [message] = await _told(atasan.id, "ppid:laporan:2029:maret")
    assert "2029" in message and "31 Maret 2030" in message
    assert await laporan.ingatkan(date(2030, 4, 2)) == 1  # past the deadline and still not issued
    assert await _told(atasan.id, "ppid:laporan:2029:terlambat")
