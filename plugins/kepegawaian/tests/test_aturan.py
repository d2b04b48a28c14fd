"""The leave rules as dated data: the regulation's values by default, a change from a date on
leaving the days before as they were, and bad values refused with a reason.

Changes are made from 2090 on and removed afterwards, so that no other test (which count in
2024–2027) meets them.
"""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from balai_kepegawaian import aturan, cuti, saldo
from balai_kepegawaian.aturan import AturanError
from balai_kepegawaian.tables import Aturan, Pegawai

SUMBER = "Uji: peraturan perubahan (bukan peraturan sungguhan)"


@pytest.fixture
async def ubah(app):
    made: list[int] = []

    async def change(kunci, nilai, mulai):
        row = await aturan.ubah(kunci, nilai, mulai, SUMBER, None)
        made.append(row["id"])
        return row

    yield change
    if made:
        await Aturan.delete().where(Aturan.id.is_in(made))


async def pegawai_baru(tmt: date, *, kelamin: str = "L", jenis: str = "PNS") -> int:
    rows = await Pegawai.insert(Pegawai(
        nama=f"Uji Aturan {secrets.token_hex(3)}", tanggal_lahir=date(1990, 1, 1), jenis_kelamin=kelamin,
        jenis_kepegawaian=jenis, tmt_cpns=tmt, unit_id=930000,
    )).returning(Pegawai.id)
    return rows[0]["id"]


def test_the_seven_kinds_with_their_names():
    assert list(aturan.JENIS) == ["tahunan", "besar", "sakit", "melahirkan", "alasan_penting", "bersama", "cltn"]
    assert aturan.label("alasan_penting") == "Cuti Karena Alasan Penting"
    assert aturan.label("cltn") == "Cuti di Luar Tanggungan Negara"
    assert not aturan.JENIS["bersama"].diajukan


async def test_the_regulations_values_by_default(app):
    day = date(2026, 6, 1)
    expected = {
        "cuti.tahunan.hak": 12, "cuti.tahunan.minimal": 1, "cuti.tahunan.masa_kerja": 1,
        "cuti.tahunan.sisa_maks": 6, "cuti.tahunan.total_maks": 18, "cuti.tahunan.total_maks_tidak_diambil": 24,
        "cuti.tahunan.tahun_tidak_diambil": 2, "cuti.tahunan.tangguh_maks": 1,
        "cuti.besar.masa_kerja": 5, "cuti.besar.maks": 3, "cuti.besar.hapus_tahunan": True,
        "cuti.sakit.surat_dokter": 1, "cuti.sakit.dokter_pemerintah": 14, "cuti.sakit.maks": 18,
        "cuti.sakit.gugur_kandungan": 1.5, "cuti.melahirkan.maks": 3, "cuti.melahirkan.anak_maks": 3,
        "cuti.melahirkan.anak_keempat_masa_kerja": False, "cuti.alasan_penting.maks": 1,
        "cuti.cltn.masa_kerja": 5, "cuti.cltn.maks": 36, "cuti.cltn.perpanjangan": 12,
    }
    for kunci, value in expected.items():
        assert await aturan.nilai(kunci, day) == value, kunci
    assert await aturan.jenis_boleh("PNS", day) == list(aturan.JENIS)
    assert await aturan.jenis_boleh("PPPK", day) == ["tahunan", "sakit", "melahirkan", "bersama"]
    assert "besar" not in await aturan.jenis_boleh("CPNS", day)
    assert await aturan.jenis_boleh("honorer", day) == []
    with pytest.raises(KeyError):
        await aturan.nilai("cuti.tidak.ada", day)


async def test_a_change_holds_from_its_date_on(app, ubah):
    await ubah("cuti.tahunan.hak", 15, date(2090, 1, 1))
    assert await aturan.nilai("cuti.tahunan.hak", date(2089, 12, 31)) == 12
    assert await aturan.nilai("cuti.tahunan.hak", date(2090, 1, 1)) == 15
    pid = await pegawai_baru(date(2080, 1, 1))
    assert (await saldo.saldo(pid, 2089)).hak == 12
    assert (await saldo.saldo(pid, 2090)).hak == 15
    # 2090 (rules of 2090: at most 6 carried for a total of 18) carries min(12, 6, 18 - 15) = 3: 18.
    # From 2091: at most 8 carried, total 20, and 40 only after three years unused (2089 and 2090
    # are two): 2091 carries min(18, 8, 20 - 15) = 5: 20.
    await ubah("cuti.tahunan.sisa_maks", 8, date(2091, 1, 1))
    await ubah("cuti.tahunan.total_maks", 20, date(2091, 1, 1))
    await ubah("cuti.tahunan.total_maks_tidak_diambil", 40, date(2091, 1, 1))
    await ubah("cuti.tahunan.tahun_tidak_diambil", 3, date(2091, 1, 1))
    assert (await saldo.saldo(pid, 2090)).tersedia == 18
    s = await saldo.saldo(pid, 2091)
    assert (s.hak, s.sisa, s.tersedia) == (15, 5, 20)


async def test_the_newest_change_for_the_same_date_wins(app, ubah):
    await ubah("cuti.alasan_penting.maks", 2, date(2090, 3, 1))
    await ubah("cuti.alasan_penting.maks", 1.5, date(2090, 3, 1))
    assert await aturan.nilai("cuti.alasan_penting.maks", date(2090, 3, 1)) == 1.5
    assert await aturan.nilai("cuti.alasan_penting.maks", date(2090, 2, 28)) == 1


async def test_kinds_per_employment_kind_are_a_rule_too(app, ubah):
    await ubah("cuti.jenis.PPPK", ["tahunan", "sakit", "melahirkan", "alasan_penting", "bersama"], date(2090, 1, 1))
    assert "alasan_penting" in await aturan.jenis_boleh("PPPK", date(2090, 1, 2))
    assert "alasan_penting" not in await aturan.jenis_boleh("PPPK", date(2089, 12, 31))
    pid = await pegawai_baru(date(2080, 1, 1), jenis="PPPK")
    # Tue 3 Jan 2090 and Mon 3 Jan 2089 are working days.
    assert await cuti.periksa(pid, "alasan_penting", date(2090, 1, 3), date(2090, 1, 3)) == []
    assert await cuti.periksa(pid, "alasan_penting", date(2089, 1, 3), date(2089, 1, 3)) == [
        "Cuti Karena Alasan Penting tidak dapat diambil oleh PPPK."]


async def test_deferral_can_be_switched_off(app, ubah):
    await ubah("cuti.tahunan.tangguh_maks", 0, date(2090, 1, 1))
    pid = await pegawai_baru(date(2080, 1, 1))
    row = await cuti.ajukan(pid, "tahunan", date(2090, 1, 3), date(2090, 1, 4))
    with pytest.raises(cuti.CutiError, match="Penangguhan cuti tahunan tidak diizinkan"):
        await cuti.putuskan(row["id"], "ditangguhkan", oleh=None, catatan="Tugas mendesak")
    assert (await cuti.get_cuti(row["id"]))["status"] == "diajukan"
    assert (await saldo.saldo(pid, 2090)).dicadangkan == 2


async def test_the_fourth_child_five_year_condition_is_a_setting(app, ubah):
    ibu = await pegawai_baru(date(2087, 1, 1), kelamin="P")
    ket = {"melahirkan": True, "anak_ke": 4}
    # Tue 3 Jan 2090 .. Mon 2 Apr 2090: three months. By default the five years are set aside.
    assert await cuti.periksa(ibu, "besar", date(2090, 1, 3), date(2090, 4, 2), ket) == []
    await ubah("cuti.melahirkan.anak_keempat_masa_kerja", True, date(2090, 1, 1))
    [msg] = await cuti.periksa(ibu, "besar", date(2090, 1, 3), date(2090, 4, 2), ket)
    assert "yaitu mulai 1 Januari 2092" in msg


async def test_bad_values_are_refused(app):
    day = date(2090, 1, 1)
    for kunci, nilai, pesan in (
        ("cuti.tahunan.hak", "dua belas", "harus berupa angka"),
        ("cuti.tahunan.hak", 12.5, "bilangan bulat"),
        ("cuti.tahunan.hak", -1, "antara 0 dan 1000"),
        ("cuti.tahunan.tangguh_maks", 2, "antara 0 dan 1"),
        ("cuti.tahunan.hak", True, "harus berupa angka"),
        ("cuti.besar.hapus_tahunan", 1, "ya atau tidak"),
        ("cuti.jenis.PNS", ["tahunan", "liburan"], "jenis cuti yang dikenal"),
    ):
        with pytest.raises(AturanError, match=pesan):
            await aturan.ubah(kunci, nilai, day, SUMBER, None)
    with pytest.raises(AturanError, match="Sebutkan dasar perubahan"):
        await aturan.ubah("cuti.tahunan.hak", 14, day, "   ", None)
    with pytest.raises(KeyError):
        await aturan.ubah("cuti.tahunan.bonus", 1, day, SUMBER, None)
    assert not await Aturan.exists().where(Aturan.berlaku_mulai == day)


async def test_the_list_for_the_settings_page(app, ubah):
    await ubah("cuti.sakit.dokter_pemerintah", 21, date(2090, 1, 1))
    now = {r["kunci"]: r for r in await aturan.daftar(date(2026, 6, 1))}
    later = {r["kunci"]: r for r in await aturan.daftar(date(2090, 6, 1))}
    assert set(now) == set(aturan.BAWAAN)
    row = now["cuti.sakit.dokter_pemerintah"]
    assert (row["nilai"], row["bawaan"], row["diubah"], row["berlaku_mulai"]) == (14, 14, False, None)
    assert row["sumber"].startswith("Peraturan BKN 24/2017")
    assert [r["nilai"] for r in row["riwayat"]] == [21]  # the coming change is listed already
    row = later["cuti.sakit.dokter_pemerintah"]
    assert (row["nilai"], row["diubah"], row["berlaku_mulai"], row["sumber"]) == (21, True, date(2090, 1, 1), SUMBER)
    assert now["cuti.tahunan.hak"]["label"] == "Hak cuti tahunan per tahun"
    assert now["cuti.tahunan.hak"]["satuan"] == "hari kerja"
