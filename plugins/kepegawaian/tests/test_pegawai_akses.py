"""Who sees whose file: the employee their own, the Pengelola everyone, a unit head their units; nobody
else — on the pages, in the API and in the export — and every look at another's file is in the
personal-data log."""

from __future__ import annotations

import io
import random
from datetime import date

from balai_kepegawaian import pegawai as pg


def nip(lahir: date, tmt: date, kelamin: str = "L") -> str:
    return f"{lahir:%Y%m%d}{tmt:%Y%m}{1 if kelamin == 'L' else 2}{random.randint(1, 999):03d}"




async def test_staff_sees_their_own_file_and_nobody_elses(login, make_user, demo, orang):
    a = await orang("industri-agro", "Rina Anggraini", roles=[("staf", "industri-agro")])
    b = await orang("perdagangan-dn", "Yusuf Hamdani", roles=[("staf", "perdagangan-dn")])
    c = await login(a)
    own = await c.get("/kepegawaian/saya")
    assert own.status_code == 200 and "Rina Anggraini" in own.text and pg.format_nip(a.nip) in own.text
    assert (await c.get(f"/kepegawaian/pegawai/{a.pegawai_id}")).status_code == 200
    other = await c.get(f"/kepegawaian/pegawai/{b.pegawai_id}")
    assert other.status_code == 404 and "Yusuf Hamdani" not in other.text
    assert (await c.get(f"/api/kepegawaian/pegawai/{b.pegawai_id}")).status_code == 404
    assert (await c.get(f"/api/kepegawaian/pegawai/{b.pegawai_id}/dokumen")).status_code == 404
    mine = await c.get("/api/kepegawaian/pegawai/saya")
    assert mine.status_code == 200 and mine.json()["pegawai"]["nip"] == a.nip
    assert (await c.get("/kepegawaian/pegawai")).status_code == 403
    assert (await c.get("/api/kepegawaian/pegawai")).status_code == 403
    assert (await c.get("/kepegawaian/pegawai/ekspor/csv")).status_code == 403
    # The employee does not edit their own file: they ask for a correction.
    assert (await c.get(f"/kepegawaian/pegawai/{a.pegawai_id}/identitas")).status_code == 403
    r = await c.post(f"/kepegawaian/pegawai/{a.pegawai_id}/riwayat/pangkat", data={"golongan": "IV/e", "tmt": "2020-01-01"})
    assert r.status_code == 403
    r = await c.put(f"/api/kepegawaian/pegawai/{a.pegawai_id}", json={"nama": "X", "tanggal_lahir": "1990-01-01",
                                                                     "jenis_kelamin": "L"})
    assert r.status_code == 403
    assert await pg.riwayat(a.pegawai_id, "pangkat") == []


async def test_a_unit_head_sees_their_units_people_and_no_others(login, make_user, demo, orang):
    staf = await orang("industri-agro", "Fajar Nugroho", roles=[("staf", "industri-agro")])
    luar = await orang("perdagangan-dn", "Lestari Wulandari", roles=[("staf", "perdagangan-dn")])
    kabid = await make_user(roles=[("kepala_bidang", "industri")], unit="industri")
    c = await login(kabid)
    assert (await c.get(f"/kepegawaian/pegawai/{staf.pegawai_id}")).status_code == 200  # a seksi below the bidang
    assert (await c.get(f"/kepegawaian/pegawai/{luar.pegawai_id}")).status_code == 404
    listed = await c.get("/kepegawaian/pegawai", params={"q": "Fajar Nugroho"})
    assert listed.status_code == 200 and "Fajar Nugroho" in listed.text
    # typing in the search box asks for the table alone
    fragment = await c.get("/kepegawaian/pegawai", params={"q": "Fajar"},
                           headers={"hx-request": "true", "hx-target": "daftar-pegawai"})
    assert fragment.text.lstrip().startswith('<div id="daftar-pegawai">') and "Fajar Nugroho" in fragment.text
    listed = await c.get("/kepegawaian/pegawai", params={"q": "Lestari Wulandari"})
    assert 'data-testid="baris-pegawai"' not in listed.text and "Tidak ada pegawai yang cocok." in listed.text
    api = (await c.get("/api/kepegawaian/pegawai", params={"q": "Lestari Wulandari"})).json()
    assert api["pegawai"] == []
    export = await c.get("/kepegawaian/pegawai/ekspor/csv")
    assert export.status_code == 200 and staf.nip in export.text and luar.nip not in export.text
    # Seeing is not editing.
    assert (await c.get(f"/kepegawaian/pegawai/{staf.pegawai_id}/identitas")).status_code == 403


async def test_a_head_by_position_sees_their_unit(login, make_user, demo, orang):
    """Someone whose latest jabatan is the unit's struktural head holds its head position (provision_person)
    and sees its people, without holding a kepala_* role."""
    kepala = await orang("uptd-metrologi", "Bambang Sutrisno",
                         jabatan=("Kepala UPTD Metrologi Legal", "struktural", "IV.a"))
    staf = await orang("uptd-metrologi", "Maya Puspita", roles=[("staf", "uptd-metrologi")])
    luar = await orang("koperasi", "Agus Salim", roles=[("staf", "koperasi")])
    c = await login(kepala)
    assert (await c.get(f"/kepegawaian/pegawai/{staf.pegawai_id}")).status_code == 200
    assert (await c.get(f"/kepegawaian/pegawai/{luar.pegawai_id}")).status_code == 404
    page = await c.get("/kepegawaian/pegawai")
    assert page.status_code == 200 and "Maya Puspita" in page.text
    # and the staff member does not see the head's file
    c2 = await login(staf)
    assert (await c2.get(f"/kepegawaian/pegawai/{kepala.pegawai_id}")).status_code == 404


async def test_views_and_exports_of_others_files_are_in_the_personal_data_log(login, make_user, demo, orang):
    a = await orang("keuangan", "Hesti Purnama", roles=[("staf", "keuangan")])
    pengelola = await make_user(roles=[("pengelola_kepegawaian", "dinas")], unit="umum")
    c = await login(pengelola)
    assert (await c.get(f"/kepegawaian/pegawai/{a.pegawai_id}")).status_code == 200
    assert (await c.get(f"/api/kepegawaian/pegawai/{a.pegawai_id}")).status_code == 200
    export = await c.get("/kepegawaian/pegawai/ekspor/xlsx", params={"unit": str(demo["keuangan"])})
    assert export.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert a.nip in [row[0] for row in sheet.iter_rows(values_only=True)]  # the NIP as text, all 18 digits
    mine = await login(a)
    assert (await mine.get("/kepegawaian/saya")).status_code == 200  # one's own look is not logged

    officer = await login("demo.pejabat-pdp")
    log = (await officer.get("/api/core/personal-data/log",
                             params={"record": f"kepegawaian_pegawai:{a.pegawai_id}"})).json()["entries"]
    seen = [(e["actor_name"], e["action"], e["kind"]) for e in log]
    assert seen.count((pengelola.username, "lihat", "kepegawaian.pegawai")) == 2
    assert all(e["actor_name"] != a.username for e in log)
    exports = (await officer.get("/api/core/personal-data/log",
                                 params={"actor": pengelola.username, "action": "ekspor"})).json()["entries"]
    assert exports and f"kepegawaian_pegawai:{a.pegawai_id}" in exports[0]["detail"]["records"]


async def test_the_menu_offers_the_list_only_to_those_who_may_open_it(login, make_user, demo):
    staf = await login(await make_user(roles=[("staf", "umum")], unit="umum"))
    assert 'href="/kepegawaian/saya"' in (await staf.get("/")).text
    assert 'href="/kepegawaian/pegawai"' not in (await staf.get("/")).text
    pengelola = await login(await make_user(roles=[("pengelola_kepegawaian", "dinas")], unit="umum"))
    assert 'href="/kepegawaian/pegawai"' in (await pengelola.get("/")).text


async def test_api_writes_are_the_pengelolas_and_say_what_is_wrong(login, make_user, demo):
    pengelola = await make_user(roles=[("pengelola_kepegawaian", "dinas")], unit="umum")
    c = await login(pengelola)
    number = nip(date(1987, 9, 9), date(2011, 3, 1), "P")
    body = {"nip": number, "nama": "Ratna Sari", "gelar_belakang": "S.Si.", "tanggal_lahir": "1987-09-09",
            "jenis_kelamin": "L", "jenis_kepegawaian": "PNS", "tmt_cpns": "2011-03-01", "tmt_pns": "2012-03-01",
            "unit_id": demo["ukm"]}
    r = await c.post("/api/kepegawaian/pegawai", json=body)
    assert r.status_code == 400 and "jenis_kelamin" in r.json()["extra"]
    r = await c.post("/api/kepegawaian/pegawai", json={**body, "jenis_kelamin": "P"})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    r = await c.post(f"/api/kepegawaian/pegawai/{pid}/pangkat", json={"golongan": "III/b", "tmt": "2015-04-01",
                                                                      "mkg_tahun": 4, "nomor_sk": "823/1/BKD/2015"})
    assert r.status_code == 201, r.text
    r = await c.post(f"/api/kepegawaian/pegawai/{pid}/jabatan", json={
        "nama_jabatan": "Analis Perdagangan Ahli Madya", "jenis": "fungsional", "jenjang": "ahli madya",
        "unit_id": demo["ukm"], "tmt": "2022-01-03"})
    assert r.status_code == 201, r.text
    r = await c.post(f"/api/kepegawaian/pegawai/{pid}/gaji", json={})
    assert r.status_code == 404
    file = (await c.get(f"/api/kepegawaian/pegawai/{pid}")).json()
    assert file["ringkasan"]["pangkat"] == "Penata Muda Tingkat I, III/b"
    assert file["ringkasan"]["bup"] == 60 and file["ringkasan"]["tmt_pensiun"] == "2047-10-01"
    assert file["pangkat"][0]["nomor_sk"] == "823/1/BKD/2015"
    staf = await login(await make_user(roles=[("staf", "ukm")], unit="ukm"))
    assert (await staf.post("/api/kepegawaian/pegawai", json={**body, "nip": ""})).status_code == 403
    assert (await staf.get(f"/api/kepegawaian/pegawai/{pid}")).status_code == 404


async def test_a_persons_data_export_holds_their_personnel_file(login, make_user, demo, orang):
    a = await orang("sekretariat", "Yuliana Tanjung", roles=[("staf", "sekretariat")])
    officer = await login("demo.pejabat-pdp")
    r = await officer.post("/api/core/personal-data/export", json={"user_id": a.id, "reason": "Permintaan pegawai"})
    assert r.status_code == 200, r.text
    [record] = r.json()["records"]["kepegawaian.pegawai"]
    assert record["pegawai"]["nip"] == a.nip and record["pegawai"]["nama"] == "Yuliana Tanjung"
    assert [j["nama_jabatan"] for j in record["jabatan"]] == ["Pengadministrasi Umum"]
