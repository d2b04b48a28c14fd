"""The personnel file: BUP defaults, the reckoning of age, masa kerja and TMT pensiun, the Pengelola's
forms with their checks (the NIP against the birth date and sex), and the core kept in step with the
histories."""

from __future__ import annotations

import random
from datetime import date

import pytest

from balai_kepegawaian import pegawai as pg


def nip(lahir: date, tmt: date, kelamin: str = "L", serial: int | None = None) -> str:
    return f"{lahir:%Y%m%d}{tmt:%Y%m}{1 if kelamin == 'L' else 2}{serial or random.randint(1, 999):03d}"


def identitas(**over) -> dict:
    lahir = over.pop("lahir", date(1985, 3, 14))
    tmt = over.pop("tmt", date(2010, 1, 1))
    kelamin = over.get("jenis_kelamin", "L")
    form = {"nip": nip(lahir, tmt, kelamin), "nama": "Ahmad Fauzi", "gelar_belakang": "S.E.", "tempat_lahir": "Samarinda",
            "tanggal_lahir": lahir.isoformat(), "jenis_kelamin": kelamin, "agama": "Islam", "status_kawin": "kawin",
            "jenis_kepegawaian": "PNS", "tmt_cpns": tmt.isoformat(), "tmt_pns": date(tmt.year + 1, tmt.month, 1).isoformat()}
    form.update(over)
    return form




# --- BUP and reckoning -----------------------------------------------------------------------------


def test_bup_bawaan_follows_pp_11_2017():
    assert pg.bup_bawaan("struktural", "II.a") == 60  # pimpinan tinggi pratama
    assert pg.bup_bawaan("struktural", "III.a") == 58  # administrator
    assert pg.bup_bawaan("struktural", "IV.b") == 58  # pengawas
    assert pg.bup_bawaan("struktural", "pimpinan tinggi") == 60
    assert pg.bup_bawaan("pelaksana", "") == 58
    assert pg.bup_bawaan("fungsional", "ahli pertama") == 58
    assert pg.bup_bawaan("fungsional", "Ahli Muda") == 58
    assert pg.bup_bawaan("fungsional", "ahli madya") == 60
    assert pg.bup_bawaan("fungsional", "ahli utama") == 65
    assert pg.bup_bawaan("fungsional", "terampil") == 58  # keterampilan
    assert pg.bup_bawaan("fungsional", "penyelia") == 58


def test_tmt_pensiun_is_the_first_of_the_month_after_reaching_the_bup():
    assert pg.tmt_pensiun(date(1973, 3, 14), 58) == date(2031, 4, 1)
    assert pg.tmt_pensiun(date(1980, 6, 1), 58) == date(2038, 7, 1)  # born on the 1st: still the next month
    assert pg.tmt_pensiun(date(1970, 12, 5), 60) == date(2031, 1, 1)  # December: January of the next year
    assert pg.tmt_pensiun(date(1972, 2, 29), 58) == date(2030, 3, 1)  # 58 on 28 February 2030


def test_masa_kerja_counts_whole_months():
    assert pg.selisih(date(2010, 1, 1), date(2026, 1, 31)) == (16, 0)
    assert pg.selisih(date(2010, 1, 15), date(2026, 3, 14)) == (16, 1)  # the 15th not reached yet
    assert pg.selisih(date(2010, 1, 15), date(2026, 3, 15)) == (16, 2)
    assert pg.selisih(date(2026, 5, 1), date(2026, 1, 1)) == (0, 0)


def test_pangkat_is_named_with_its_golongan():
    assert pg.label_pangkat("III/a") == "Penata Muda, III/a"
    assert pg.label_pangkat("IV/b") == "Pembina Tingkat I, IV/b"
    assert pg.label_pangkat("IX") == "IX"  # PPPK: no pangkat name


def test_ringkasan_adds_masa_kerja_golongan_since_the_tmt():
    p = {"nama": "X", "tanggal_lahir": date(1985, 3, 14), "tmt_cpns": date(2010, 1, 1)}
    pangkat = [{"id": 1, "golongan": "III/b", "tmt": date(2014, 4, 1), "mkg_tahun": 4, "mkg_bulan": 3},
               {"id": 2, "golongan": "III/c", "tmt": date(2018, 4, 1), "mkg_tahun": 8, "mkg_bulan": 3}]
    jabatan = [{"id": 1, "nama_jabatan": "Analis", "tmt": date(2020, 1, 2), "bup": 58}]
    r = pg.ringkasan(p, pangkat, jabatan, [], pada=date(2026, 6, 15))
    assert r["pangkat"]["golongan"] == "III/c"
    assert r["mkg"] == (16, 5)  # 8 y 3 m at 1 April 2018, plus 8 y 2 m
    assert r["masa_kerja"] == (16, 5)
    assert r["usia"] == (41, 3)
    assert r["tmt_pensiun"] == date(2043, 4, 1)


# --- the Pengelola's forms -------------------------------------------------------------------------


async def test_pengelola_builds_a_file_and_the_core_follows_the_latest_rows(login, pengelola, demo):
    from balai.identity.tables import Position, User

    c = await login(pengelola)
    form = identitas(lahir=date(1988, 8, 17), tmt=date(2012, 2, 1), unit_id=str(demo["perdagangan-dn"]))
    r = await c.post("/kepegawaian/pegawai/baru", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    r = await c.post(f"/kepegawaian/pegawai/{pid}/riwayat/pangkat", data={
        "golongan": "III/a", "tmt": "2012-02-01", "nomor_sk": "813.3/0021/BKD/2012", "tanggal_sk": "2012-01-20",
        "mkg_tahun": "0", "mkg_bulan": "0", "jenis": "pengangkatan"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    r = await c.post(f"/kepegawaian/pegawai/{pid}/riwayat/jabatan", data={
        "nama_jabatan": "Analis Perdagangan Ahli Pertama", "jenis": "fungsional", "jenjang": "ahli pertama",
        "unit_id": str(demo["perdagangan-dn"]), "tmt": "2013-03-01", "nomor_sk": "821.2/009/BKD/2013", "bup": ""},
        follow_redirects=False)
    assert r.status_code == 303, r.text

    p = await pg.ambil(pid)
    account = await User.select().where(User.id == p["user_id"]).first()
    assert account["nip"] == form["nip"] and account["golongan"] == "III/a"
    assert account["full_name"] == "Ahmad Fauzi, S.E."
    held = await Position.select().where(Position.holder == p["user_id"])
    assert [(h["name"], h["unit"], h["retirement_age"], h["is_head"]) for h in held] == [
        ("Analis Perdagangan Ahli Pertama", demo["perdagangan-dn"], 58, False)]

    # A promotion and a new jabatan: the latest rows are the core's summary.
    await c.post(f"/kepegawaian/pegawai/{pid}/riwayat/pangkat", data={
        "golongan": "III/b", "tmt": "2016-04-01", "nomor_sk": "823.3/0311/BKD/2016", "mkg_tahun": "4", "mkg_bulan": "2",
        "jenis": "reguler"})
    await c.post(f"/kepegawaian/pegawai/{pid}/riwayat/jabatan", data={
        "nama_jabatan": "Analis Perdagangan Ahli Madya", "jenis": "fungsional", "jenjang": "ahli madya",
        "unit_id": str(demo["perdagangan"]), "tmt": "2024-01-02", "bup": ""})
    account = await User.select(User.golongan).where(User.id == p["user_id"]).first()
    held = await Position.select().where(Position.holder == p["user_id"])
    assert account["golongan"] == "III/b"
    assert [(h["name"], h["unit"], h["retirement_age"]) for h in held] == [
        ("Analis Perdagangan Ahli Madya", demo["perdagangan"], 60)]
    assert (await pg.ambil(pid))["unit_id"] == demo["perdagangan"]  # the file's unit follows the jabatan

    # The BUP of a jabatan row is editable, and the core's position follows it.
    jabatan = (await pg.riwayat(pid, "jabatan"))[0]
    r = await c.post(f"/kepegawaian/pegawai/{pid}/riwayat/jabatan/{jabatan['id']}", data={
        "nama_jabatan": jabatan["nama_jabatan"], "jenis": "fungsional", "jenjang": "ahli madya",
        "unit_id": str(demo["perdagangan"]), "tmt": "2024-01-02", "bup": "62"}, follow_redirects=False)
    assert r.status_code == 303
    held = await Position.select(Position.retirement_age).where(Position.holder == p["user_id"])
    assert [h["retirement_age"] for h in held] == [62]

    # Removing the latest pangkat puts the one before back in the core.
    latest = (await pg.riwayat(pid, "pangkat"))[0]
    r = await c.post(f"/kepegawaian/pegawai/{pid}/riwayat/pangkat/{latest['id']}/hapus", follow_redirects=False)
    assert r.status_code == 303
    account = await User.select(User.golongan).where(User.id == p["user_id"]).first()
    assert account["golongan"] == "III/a"


async def test_the_file_reads_like_an_hr_file(login, pengelola, demo):
    c = await login(pengelola)
    user = await pengelola.current()
    pid = await pg.simpan_identitas(user, identitas(lahir=date(1985, 3, 14), tmt=date(2010, 1, 1),
                                                     unit_id=str(demo["program"])))
    await pg.simpan_riwayat(user, pid, "pangkat", {"golongan": "III/c", "tmt": "2018-04-01",
                                                   "nomor_sk": "823.3/0412/BKD-III/2018", "tanggal_sk": "2018-03-20",
                                                   "mkg_tahun": "8", "mkg_bulan": "3"})
    await pg.simpan_riwayat(user, pid, "jabatan", {"nama_jabatan": "Pranata Komputer Ahli Muda", "jenis": "fungsional",
                                                   "jenjang": "ahli muda", "unit_id": str(demo["program"]),
                                                   "tmt": "2020-01-02", "nomor_sk": "821.2/117/BKD/2019"})
    await pg.simpan_riwayat(user, pid, "kgb", {"tmt": "2024-04-01", "golongan": "III/c", "gaji_pokok": "3.699.400",
                                               "mkg_tahun": "14", "mkg_bulan": "0", "nomor_sk": "822/0301/BKD/2024"})
    await pg.simpan_riwayat(user, pid, "keluarga", {"hubungan": "anak", "nama": "Aisyah", "tanggal_lahir": "2015-06-01",
                                                    "anak_ke": "1", "tanggungan": "1"})
    page = await c.get(f"/kepegawaian/pegawai/{pid}")
    assert page.status_code == 200
    html = page.text
    assert "Penata, III/c" in html
    assert "14 Maret 1985" in html  # Indonesian dates
    assert "823.3/0412/BKD-III/2018" in html and "821.2/117/BKD/2019" in html  # each history with its SK
    assert "Rp3.699.400" in html
    assert "Rabu, 1 April 2043" in html  # TMT pensiun: 58 on 14 March 2043
    r = pg.ringkasan(await pg.ambil(pid), await pg.riwayat(pid, "pangkat"), await pg.riwayat(pid, "jabatan"), [])
    assert f"{r['masa_kerja'][0]} tahun {r['masa_kerja'][1]} bulan" in html
    assert "Anak ke-1" in html


async def test_nip_that_disagrees_is_refused_with_the_input_kept(login, pengelola, demo):
    from balai_kepegawaian.tables import Pegawai

    c = await login(pengelola)
    form = identitas(lahir=date(1990, 7, 22), tmt=date(2015, 3, 1), jenis_kelamin="P", nama="Siti Rahmawati",
                     unit_id=str(demo["umum"]))
    typed_nip = form["nip"]
    form["tanggal_lahir"] = "1990-07-23"  # one day off the NIP
    form["jenis_kelamin"] = "L"  # the NIP says perempuan
    r = await c.post("/kepegawaian/pegawai/baru", data=form)
    assert r.status_code == 400
    assert "Tanggal lahir tidak sesuai dengan NIP" in r.text and "22 Juli 1990" in r.text
    assert "Jenis kelamin tidak sesuai dengan NIP" in r.text and "perempuan" in r.text
    assert f'value="{typed_nip}"' in r.text and 'value="Siti Rahmawati"' in r.text and 'value="1990-07-23"' in r.text
    assert not await Pegawai.exists().where(Pegawai.nip == typed_nip)

    bad = {**form, "tanggal_lahir": "1990-07-22", "jenis_kelamin": "P", "nip": "19900722 201503 2"}
    r = await c.post("/kepegawaian/pegawai/baru", data=bad)
    assert r.status_code == 400 and "NIP harus 18 digit angka." in r.text
    r = await c.post("/kepegawaian/pegawai/baru", data={**bad, "nip": typed_nip, "tmt_cpns": "2016-03-01"})
    assert r.status_code == 400 and "TMT CPNS tidak sesuai dengan NIP" in r.text


async def test_history_rows_are_checked(pengelola, demo):
    user = await pengelola.current()
    pid = await pg.simpan_identitas(user, identitas(lahir=date(1979, 1, 9), tmt=date(2003, 1, 1),
                                                     unit_id=str(demo["koperasi"])))
    with pytest.raises(pg.Ditolak) as refused:
        await pg.simpan_riwayat(user, pid, "pangkat", {"golongan": "III/e", "tmt": "2002-01-01", "mkg_bulan": "12"})
    assert set(refused.value.errors) == {"golongan", "tmt", "mkg_bulan"}
    with pytest.raises(pg.Ditolak) as refused:
        await pg.simpan_riwayat(user, pid, "jabatan", {"nama_jabatan": "Kepala Seksi", "jenis": "struktural",
                                                       "jenjang": "ahli muda", "unit_id": "999999", "tmt": "31-02-2020"})
    assert set(refused.value.errors) == {"jenjang", "unit_id", "tmt"}
    with pytest.raises(pg.Ditolak) as refused:
        await pg.simpan_riwayat(user, pid, "keluarga", {"hubungan": "istri", "nama": "", "anak_ke": "2"})
    assert set(refused.value.errors) == {"nama", "anak_ke"}
    await pg.simpan_riwayat(user, pid, "pangkat", {"golongan": "III/a", "tmt": "2003-01-01"})
    with pytest.raises(pg.Ditolak) as refused:  # the same rank with the same TMT twice
        await pg.simpan_riwayat(user, pid, "pangkat", {"golongan": "III/a", "tmt": "01/01/2003"})
    assert "golongan" in refused.value.errors
    assert len(await pg.riwayat(pid, "pangkat")) == 1


async def test_a_form_refused_keeps_what_was_typed(login, pengelola, demo):
    user = await pengelola.current()
    pid = await pg.simpan_identitas(user, identitas(lahir=date(1991, 5, 2), tmt=date(2019, 3, 1),
                                                     unit_id=str(demo["ukm"])))
    c = await login(pengelola)
    r = await c.post(f"/kepegawaian/pegawai/{pid}/riwayat/kgb", data={
        "tmt": "2021-03-01", "golongan": "III/a", "gaji_pokok": "tiga juta", "nomor_sk": "822/77/BKD/2021"})
    assert r.status_code == 400
    assert 'data-testid="error-gaji_pokok"' in r.text
    assert 'value="tiga juta"' in r.text and 'value="822/77/BKD/2021"' in r.text
    assert await pg.riwayat(pid, "kgb") == []
