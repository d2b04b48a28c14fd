"""SOP 3, Pengaduan Masyarakat SP4N Lapor: a complaint from the public form goes to the unit's PPID
Pelaksana, whose response the Operator enters for the reporter; an information request is answered
directly; the safer settings are the defaults; the legal clocks run; bad input keeps what was typed."""

from __future__ import annotations

import re

import pytest

from balai.api import act, case_clocks, case_tasks, handover_options
from balai.testing import csrf_from
from wbs_support import code_from, lacak, pelapor, stamp_from

from balai_pengaduan.tables import Laporan

FORM = "/forms/pengaduan.sp4n"
ADUAN = {"kelas": "pengaduan", "kategori": "metrologi", "subkategori": "Tera ulang", "judul": "Timbangan pasar tidak ditera",
         "uraian": "Timbangan di Pasar Segiri belum ditera ulang tahun ini.", "nama": "Rusdiansyah",
         "rahasia": "", "anonim": "", "id_lapor": ""}


@pytest.fixture(autouse=True)
async def lupakan_batas(app):
    yield
    await Laporan.raw("DELETE FROM core_throttle")


async def kirim_aduan(app, fields) -> tuple[int, str]:
    async with pelapor(app, "203.0.113.9") as c:
        page = await c.get(FORM)
        r = await c.post(FORM, data={"_csrf_token": csrf_from(page.text), "stamp": stamp_from(page.text), "nonce": "",
                                     "email": "", **fields}, files=[("_", (None, ""))])
        assert r.status_code == 200, r.text[:400]
        code = code_from(r.text)
    rows = await Laporan.raw("SELECT id FROM core_case WHERE sop = 'pengaduan.sp4n' ORDER BY id DESC LIMIT 1")
    return rows[0]["id"], code


async def terbuka(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] == "terbuka")


async def panel_post(c, case_id, task_id, **data):
    page = await c.get(f"/tasks/{task_id}")
    return await c.post(f"/pengaduan/sp4n/{case_id}/tugas/{task_id}", data={"_csrf_token": csrf_from(page.text), **data})


async def test_the_name_reaches_the_unit_only_when_the_reporter_chooses_so(app, demo, login, make_user):
    """The form's selects start blank; blank is read as the safer setting (rahasia, anonim)."""
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    pelaksana = await login(await make_user(roles=[("ppid_pelaksana_pengaduan", "industri")], unit="industri"))
    seen = {}
    for anonim in ("", "tidak"):
        case_id, _code = await kirim_aduan(app, {**ADUAN, "anonim": anonim, "rahasia": ""})
        who = await operator.current()
        await act((await terbuka(case_id, "terima"))["id"], "terima", user=who)
        await act((await terbuka(case_id, "klasifikasi"))["id"], "ke_unit", user=who,
                  recipients=[{"unit_id": demo["industri"], "instruction": "Tanggapi"}])
        seen[anonim] = (await pelaksana.get(f"/tasks/{(await terbuka(case_id, 'tanggapi'))['id']}")).text
    assert "Rusdiansyah" not in seen[""] and "Anonim" in seen[""]
    assert "Rusdiansyah" in seen["tidak"]


async def test_a_complaint_goes_to_the_units_ppid_pelaksana_and_back_to_the_reporter(app, demo, login, make_user):
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    pelaksana = await make_user(roles=[("ppid_pelaksana_pengaduan", "industri")], unit="industri")
    case_id, code = await kirim_aduan(app, ADUAN)
    clocks = {c["code"]: c for c in await case_clocks(case_id)}
    assert clocks["verifikasi"]["state"] == "berjalan" and clocks["tindak_lanjut"]["state"] == "berjalan"
    who = await operator.current()
    await act((await terbuka(case_id, "terima"))["id"], "terima", user=who)
    op = await login(operator)
    klas = await terbuka(case_id, "klasifikasi")
    page = await op.get(f"/tasks/{klas['id']}")
    assert "Timbangan di Pasar Segiri" in page.text and "Anonim" in page.text
    await act(klas["id"], "ke_unit", user=who, recipients=[{"unit_id": demo["industri"], "instruction": "Tanggapi"}])
    assert {c["code"]: c for c in await case_clocks(case_id)}["verifikasi"]["state"] == "berhenti"
    unit = await login(pelaksana)
    task = await terbuka(case_id, "tanggapi")
    panel = await unit.get(f"/tasks/{task['id']}")
    assert "Rusdiansyah" not in panel.text  # anonim: the unit does not see the name
    empty = await panel_post(unit, case_id, task["id"], aksi="kirim_tanggapan", tanggapan="")
    assert empty.status_code == 400 and "Tanggapan wajib diisi" in empty.text
    r = await panel_post(unit, case_id, task["id"], aksi="kirim_tanggapan",
                         tanggapan="Tera ulang dijadwalkan pekan depan oleh UPTD Metrologi.")
    assert r.status_code == 303
    last = await terbuka(case_id, "input")
    page = await op.get(f"/tasks/{last['id']}")
    assert "Tera ulang dijadwalkan pekan depan" in page.text  # prefilled for the Operator
    r = await panel_post(op, case_id, last["id"], aksi="jawab",
                         tanggapan="Tera ulang dijadwalkan pekan depan oleh UPTD Metrologi.")
    assert r.status_code == 303
    async with pelapor(app, "203.0.113.9") as c:
        assert "Tera ulang dijadwalkan pekan depan" in (await lacak(c, code)).text
    assert {c["code"]: c for c in await case_clocks(case_id)}["tindak_lanjut"]["state"] == "berhenti"


async def test_an_information_request_is_answered_directly_without_ppid(app, demo, login, make_user):
    operator = await make_user(roles=[("pengaduan_operator", "umum")], unit="umum")
    case_id, code = await kirim_aduan(app, {**ADUAN, "kelas": "permintaan_informasi",
                                            "judul": "Jadwal tera ulang", "uraian": "Kapan jadwal tera ulang?"})
    who = await operator.current()
    await act((await terbuka(case_id, "terima"))["id"], "terima", user=who)
    klas = await terbuka(case_id, "klasifikasi")
    options = await handover_options(case_id, user=who)
    op = await login(operator)
    page = await op.get(f"/tasks/{klas['id']}")
    assert ('data-testid="form-ppid"' in page.text) == any(o["sop"] == "ppid.permohonan" for o in options)
    r = await panel_post(op, case_id, klas["id"], aksi="jawab_langsung", tanggapan="Setiap Selasa di UPTD Metrologi.")
    assert r.status_code == 303
    async with pelapor(app, "203.0.113.9") as c:
        assert "Setiap Selasa di UPTD Metrologi." in (await lacak(c, code)).text


async def test_the_operator_enters_a_lapor_complaint_at_the_desk_with_its_tracking_id(app, demo, login, make_user):
    op = await login(await make_user(roles=[("pengaduan_operator", "umum")], unit="umum"))
    page = await op.get("/submissions/desk/pengaduan.sp4n")
    assert page.status_code == 200 and 'name="id_lapor"' in page.text
    fields = {**ADUAN, "id_lapor": "LAPOR-5512873"}
    data = {"_csrf_token": csrf_from(page.text), "email": "", **fields}
    match = re.search(r'name="stamp" value="([^"]+)"', page.text)
    if match:
        data["stamp"] = match.group(1)
    r = await op.post("/submissions/desk/pengaduan.sp4n", data=data, files=[("_", (None, ""))])
    assert r.status_code == 200, r.text[:400]
    rows = await Laporan.raw("SELECT id FROM core_case WHERE sop = 'pengaduan.sp4n' ORDER BY id DESC LIMIT 1")
    case_id = rows[0]["id"]
    task = next(t for t in await case_tasks(case_id) if t["state"] == "terbuka")
    assert "LAPOR-5512873" in (await op.get(f"/tasks/{task['id']}")).text


async def test_sop_3_sheet_renders_from_its_definition(app, demo, login):
    c = await login("admin")
    sheet = await c.get("/sop/pengaduan.sp4n/sheet")
    assert sheet.status_code == 200
    for text in ("067/3076-2SEK.UM/DP2KUKM", "Pengaduan Masyarakat SP4N Lapor", "PPID Pelaksana", "120 menit",
                 "2 hari kerja", "10 hari kerja", "Peraturan Presiden Nomor 76 Tahun 2013"):
        assert text in sheet.text, text
    pdf = await c.get("/sop/pengaduan.sp4n/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
