"""The "Cuti" pages: the balance, the application form with its live count, bad input kept and
explained, the request's page and the task panel (with the unit's calendar and the overlaps), the
superior's change of dates, the signed permit's upload, the calendar and the rekap; and who is
refused what."""

from __future__ import annotations

import re

import io
from datetime import date

from balai.api import act, case_tasks, get_case, today

from balai.testing import csrf_from
from balai_kepegawaian import alur, cuti, pegawai
from balai_kepegawaian.tables import Cuti

HTMX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def isian(**over) -> dict:
    data = {"jenis": "tahunan", "mulai": "2027-08-16", "selesai": "2027-08-20", "alasan": "Keperluan keluarga",
            "alamat_cuti": "Jl. Juanda 3, Samarinda", "telepon_cuti": "0812 5555 1234"}
    data.update(over)
    return data


async def kirim(c, **over):
    page = await c.get("/kepegawaian/cuti/ajukan")
    assert page.status_code == 200
    return await c.post("/kepegawaian/cuti/ajukan", data={**isian(**over), "_csrf_token": csrf_from(page.text)},
                        follow_redirects=False)


async def terbuka(case_id: int) -> list[dict]:
    return [t for t in await case_tasks(case_id) if t["state"] in ("terbuka", "menunggu")]


async def test_the_balance_and_the_form(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["staf"])
    home = await c.get("/kepegawaian/cuti")
    assert home.status_code == 200 and f'data-testid="saldo-tersedia-{today().year}">12<' in home.text
    form = await c.get("/kepegawaian/cuti/ajukan")
    assert form.status_code == 200 and 'id="f-mulai"' in form.text and 'hx-post="/kepegawaian/cuti/hitung"' in form.text
    assert "Cuti Tahunan" in form.text and "Cuti Bersama" not in form.text  # cuti bersama is not requested


async def test_the_count_is_worked_out_as_the_dates_are_typed(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["staf"])
    r = await c.post("/kepegawaian/cuti/hitung", data=isian(), headers=HTMX)
    assert r.status_code == 200
    assert 'data-testid="hari-kerja">4<' in r.text
    assert "17 Agustus 2027" in r.text and "libur nasional" in r.text and "Sabtu/Minggu" not in r.text
    assert "Sisa setelah permintaan ini: 8 hari kerja" in r.text
    # A start on the holiday is flagged before sending.
    r = await c.post("/kepegawaian/cuti/hitung", data=isian(mulai="2027-08-17"), headers=HTMX)
    assert "tidak dapat dimulai pada hari libur" in r.text


async def test_bad_input_comes_back_with_what_was_typed(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["staf"])
    r = await kirim(c, mulai="2027-08-17", selesai="2027-09-30", alamat_cuti="Balikpapan")
    assert r.status_code == 400
    assert "tidak dapat dimulai pada hari libur" in r.text and "Saldo cuti tahunan 2027 tidak cukup" in r.text
    assert 'value="2027-08-17"' in r.text and 'value="2027-09-30"' in r.text and "Balikpapan" in r.text
    r = await kirim(c, mulai="", selesai="2027-08-20")
    assert r.status_code == 400 and 'data-testid="error-mulai"' in r.text
    r = await kirim(c, jenis="sakit", mulai="2027-08-18", selesai="2027-08-20")
    assert r.status_code == 400 and "surat keterangan dokter" in r.text
    assert not await Cuti.exists().where(Cuti.pegawai == org.pegawai["staf"])


async def test_cuti_besar_before_five_years_is_refused(dinas_cuti, login):
    org = await dinas_cuti(tmt=date(2024, 1, 2))
    c = await login(org.people["staf"])
    r = await kirim(c, jenis="besar", mulai="2027-08-16", selesai="2027-10-15")
    assert r.status_code == 400 and "setelah 5 tahun masa kerja" in r.text
    assert 'value="2027-10-15"' in r.text


async def test_applying_opens_the_request_page_seen_only_by_those_concerned(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["staf"])
    r = await kirim(c)
    assert r.status_code in (302, 303)
    row = await Cuti.select().where(Cuti.pegawai == org.pegawai["staf"]).first()
    assert r.headers["location"] == f"/kepegawaian/cuti/{row['id']}"
    page = await c.get(f"/kepegawaian/cuti/{row['id']}")
    assert page.status_code == 200 and 'data-testid="cuti-hari-kerja">4 hari kerja<' in page.text
    for who in ("kasi", "kabid", "pengelola"):
        assert (await (await login(org.people[who])).get(f"/kepegawaian/cuti/{row['id']}")).status_code == 200, who
    for who in ("rekan", "kabid_dagang", "keuangan"):
        other = await login(org.people[who])
        assert (await other.get(f"/kepegawaian/cuti/{row['id']}")).status_code == 404, who
        task = (await terbuka(row["case_id"]))[0]
        assert (await other.get(f"/tasks/{task['id']}")).status_code in (403, 404), who


async def test_the_approval_task_shows_the_calendar_and_the_overlap(dinas_cuti, login):
    org = await dinas_cuti()
    rekan = await alur.ajukan(await org.people["rekan"].current(), await pegawai.ambil(org.pegawai["rekan"]),
                              cuti.TAHUNAN, date(2027, 8, 19), date(2027, 8, 24))
    row = await alur.ajukan(await org.people["staf"].current(), await pegawai.ambil(org.pegawai["staf"]),
                            cuti.TAHUNAN, date(2027, 8, 16), date(2027, 8, 20))
    task = next(t for t in await terbuka(row["case_id"]))
    c = await login(org.people["kasi"])
    page = await c.get(f"/tasks/{task['id']}")
    assert page.status_code == 200 and 'data-testid="panel-cuti"' in page.text
    assert 'data-testid="bertumpuk"' in page.text and org.name("rekan") in page.text
    assert f'data-cuti="{rekan["id"]}"' in page.text and 'data-testid="form-ubah"' in page.text
    # Other dates are approved from the panel's form (with its date fields), not a bare task button.
    buttons = re.findall(r'name="action" value="([a-z_]+)"', page.text)
    assert buttons == ["setujui", "tangguhkan", "tolak"]


async def test_the_superior_changes_the_dates_on_the_panel(dinas_cuti, login):
    org = await dinas_cuti()
    row = await alur.ajukan(await org.people["staf"].current(), await pegawai.ambil(org.pegawai["staf"]),
                            cuti.TAHUNAN, date(2027, 8, 16), date(2027, 8, 20))
    task = (await terbuka(row["case_id"]))[0]
    c = await login(org.people["kasi"])
    page = await c.get(f"/tasks/{task['id']}")
    token = csrf_from(page.text)
    bad = await c.post(f"/kepegawaian/cuti/{row['id']}/ubah", data={"_csrf_token": token, "mulai": "2027-08-21",
                                                                    "selesai": "2027-08-22"})
    assert bad.status_code == 400 and "hari libur" in bad.text and 'value="2027-08-21"' in bad.text
    good = await c.post(f"/kepegawaian/cuti/{row['id']}/ubah", data={"_csrf_token": token, "mulai": "2027-08-18",
                                                                     "selesai": "2027-08-20", "catatan": "Rapat 16 Agustus"},
                        follow_redirects=False)
    assert good.status_code in (302, 303)
    changed = await cuti.get_cuti(row["id"])
    assert (changed["mulai"], changed["hari_kerja"]) == (date(2027, 8, 18), 3)
    assert (await terbuka(row["case_id"]))[0]["step"] == "atasan_kedua"
    # Someone who is not the superior cannot change it.
    other = await login(org.people["rekan"])
    r = await other.post(f"/kepegawaian/cuti/{row['id']}/ubah", data={"_csrf_token": token, "mulai": "2027-08-18",
                                                                      "selesai": "2027-08-19"})
    assert r.status_code == 404


async def _sampai_unggah(org, row):
    for who in ("kasi", "kabid"):
        task = (await terbuka(row["case_id"]))[0]
        await act(task["id"], "setujui", user=await org.people[who].current())
    staf = await org.people["staf"].current()
    task = (await terbuka(row["case_id"]))[0]
    await act(task["id"], "kirim", user=staf, data={"nomor_pengajuan": "SIPECUT-1"})
    await act(task["id"], "disetujui", user=staf)
    task = (await terbuka(row["case_id"]))[0]
    await act(task["id"], "terbitkan", user=await org.people["pengelola"].current())
    return (await terbuka(row["case_id"]))[0]


async def test_the_pengelola_uploads_the_signed_permit(dinas_cuti, login):
    org = await dinas_cuti()
    row = await alur.ajukan(await org.people["staf"].current(), await pegawai.ambil(org.pegawai["staf"]),
                            cuti.TAHUNAN, date(2027, 8, 16), date(2027, 8, 20))
    task = await _sampai_unggah(org, row)
    c = await login(org.people["pengelola"])
    page = await c.get(f"/tasks/{task['id']}")
    assert 'data-testid="form-izin-ttd"' in page.text and 'data-testid="unduh-izin"' in page.text
    token = csrf_from(page.text)
    staf = await login(org.people["staf"])
    refused = await staf.post(f"/kepegawaian/cuti/{row['id']}/izin-ttd", data={"_csrf_token": token},
                              files=[("berkas", ("izin.pdf", PDF, "application/pdf"))])
    assert refused.status_code == 403
    r = await c.post(f"/kepegawaian/cuti/{row['id']}/izin-ttd", data={"_csrf_token": token},
                     files=[("berkas", ("izin.pdf", PDF, "application/pdf"))], follow_redirects=False)
    assert r.status_code in (302, 303)
    assert (await get_case(row["case_id"]))["state"] == "selesai"
    done = await c.get(f"/kepegawaian/cuti/{row['id']}")
    assert "yang telah ditandatangani" in done.text and (await cuti.get_cuti(row["id"]))["nomor_surat"] in done.text


async def test_the_unit_calendar_is_for_its_head(dinas_cuti, login):
    org = await dinas_cuti()
    await alur.ajukan(await org.people["staf"].current(), await pegawai.ambil(org.pegawai["staf"]),
                      cuti.TAHUNAN, date(2027, 8, 16), date(2027, 8, 20))
    kasi = await login(org.people["kasi"])
    page = await kasi.get(f"/kepegawaian/cuti/kalender?unit_id={org.units['agro']}&bulan=2027-08")
    assert page.status_code == 200 and org.name("staf") in page.text and "Agustus 2027" in page.text
    other = await login(org.people["kabid_dagang"])
    page = await other.get(f"/kepegawaian/cuti/kalender?unit_id={org.units['agro']}&bulan=2027-08")
    assert page.status_code == 200 and org.name("staf") not in page.text
    assert (await (await login(org.people["rekan"])).get("/kepegawaian/cuti/kalender")).status_code == 403


async def test_the_rekap_for_subbag_keuangan(dinas_cuti, login):
    from openpyxl import load_workbook

    org = await dinas_cuti()
    row = await alur.ajukan(await org.people["staf"].current(), await pegawai.ambil(org.pegawai["staf"]),
                            cuti.TAHUNAN, date(2027, 8, 30), date(2027, 9, 3))
    await _sampai_unggah(org, row)
    c = await login(org.people["keuangan"])
    page = await c.get("/kepegawaian/cuti/rekap?tahun=2027")
    assert page.status_code == 200 and org.name("staf") in page.text
    xlsx = await c.get("/kepegawaian/cuti/rekap.xlsx?tahun=2027")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Rekap"]
    line = next(r for r in sheet.iter_rows(values_only=True) if str(r[2]).startswith(org.name("staf")))
    # Monday 30 and Tuesday 31 August, then Wednesday 1 to Friday 3 September.
    assert (line[4 + 7], line[4 + 8], line[16]) == (2, 3, 5)
    staf = await login(org.people["staf"])
    assert (await staf.get("/kepegawaian/cuti/rekap")).status_code == 403
    assert (await staf.get("/kepegawaian/cuti/rekap.xlsx")).status_code == 403


async def test_views_of_someone_elses_request_are_logged(dinas_cuti, login):
    from balai.personaldata.tables import PersonalDataAccess

    org = await dinas_cuti()
    row = await alur.ajukan(await org.people["staf"].current(), await pegawai.ambil(org.pegawai["staf"]),
                            cuti.TAHUNAN, date(2027, 8, 16), date(2027, 8, 20))
    record = f"kepegawaian_pegawai:{org.pegawai['staf']}"

    async def seen_by(who) -> int:
        return await PersonalDataAccess.count().where((PersonalDataAccess.record == record)
                                                      & (PersonalDataAccess.actor == org.people[who].id))

    assert (await (await login(org.people["staf"])).get(f"/kepegawaian/cuti/{row['id']}")).status_code == 200
    assert await seen_by("staf") == 0  # one's own request is no access to another's data
    kasi = await login(org.people["kasi"])
    assert (await kasi.get(f"/kepegawaian/cuti/{row['id']}")).status_code == 200
    task = (await terbuka(row["case_id"]))[0]
    assert (await kasi.get(f"/tasks/{task['id']}")).status_code == 200
    assert await seen_by("kasi") == 2
    keuangan = await login(org.people["keuangan"])
    assert (await keuangan.get("/kepegawaian/cuti/rekap.xlsx?tahun=2027")).status_code == 200
    assert await PersonalDataAccess.count().where((PersonalDataAccess.actor == org.people["keuangan"].id)
                                                  & (PersonalDataAccess.action == "ekspor")) == 1


async def test_the_pengelola_applies_on_the_form_for_an_ill_colleague(dinas_cuti, login):
    org = await dinas_cuti()
    c = await login(org.people["pengelola"])
    form = await c.get(f"/kepegawaian/cuti/ajukan?pegawai_id={org.pegawai['staf']}")
    assert form.status_code == 200 and 'data-testid="pilih-pegawai"' in form.text and org.name("staf") in form.text
    assert (await c.get("/kepegawaian/cuti/ajukan?pegawai_id=")).status_code == 200  # "myself" in the picker
    r = await c.post("/kepegawaian/cuti/ajukan", follow_redirects=False, data={
        **isian(jenis="sakit", mulai="2027-08-18", selesai="2027-08-20", surat_dokter="445/12/RSUD-AWS"),
        "pegawai_id": str(org.pegawai["staf"]), "_csrf_token": csrf_from(form.text)})
    assert r.status_code in (302, 303)
    row = await Cuti.select().where(Cuti.pegawai == org.pegawai["staf"]).first()
    assert (row["jenis"], row["diajukan_oleh"]) == ("sakit", org.people["pengelola"].id)
    assert (await get_case(row["case_id"]))["requester"] == org.people["staf"].id
    # A colleague may not use the form for someone else.
    other = await login(org.people["rekan"])
    assert (await other.get(f"/kepegawaian/cuti/ajukan?pegawai_id={org.pegawai['staf']}")).status_code == 404
    page = await other.get("/kepegawaian/cuti/ajukan")
    r = await other.post("/kepegawaian/cuti/ajukan", data={**isian(), "pegawai_id": str(org.pegawai["staf"]),
                                                           "_csrf_token": csrf_from(page.text)})
    assert r.status_code == 404
