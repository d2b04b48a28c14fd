"""SOP 2, the Whistle-Blowing System, from the outside: an anonymous report through the public
form, the thread with the Tim Telaah, the decision, the outcome read with the code; and what the
database, the Operator and the administrator see of it: nothing of its words."""

from __future__ import annotations

import pytest

from balai.api import case_tasks, get_case
from balai.testing import csrf_from
from wbs_support import ALAMAT, AGEN, LAPORAN, bocor, code_from, kirim, lacak, pelapor

from balai_pengaduan.tables import Laporan


@pytest.fixture(autouse=True)
async def lupakan_batas(app):
    yield
    await Laporan.raw("DELETE FROM core_throttle")


async def tugas(case_id: int, step: str) -> dict:
    return next(t for t in await case_tasks(case_id) if t["step"] == step and t["state"] in ("terbuka", "menunggu"))


async def orang(make_user):
    return {
        "operator": await make_user(roles=[("pengaduan_operator", "umum")], unit="umum"),
        "telaah": await make_user(roles=[("tim_telaah", "umum")], unit="umum"),
        "kadis": await make_user(roles=[("kepala_dinas", "dinas")], unit="dinas"),
        "sekretaris": await make_user(roles=[("sekretaris", "sekretariat")], unit="sekretariat"),
        "kustodian": await make_user(roles=[("kustodian_identitas", "dinas")], unit="dinas"),
    }


async def laporan_masuk(app, fields=None) -> tuple[int, str]:
    async with pelapor(app) as c:
        received = await kirim(c, fields)
        assert received.status_code == 200, received.text[:500]
        code = code_from(received.text)
    row = await Laporan.select(Laporan.case).order_by(Laporan.id, ascending=False).first()
    return row["case"], code


async def kirim_panel(c, case_id: int, task_id: int, **data):
    page = await c.get(f"/tasks/{task_id}")
    return await c.post(f"/pengaduan/wbs/{case_id}/tugas/{task_id}", data={"_csrf_token": csrf_from(page.text), **data})


async def jalankan(app, login, p) -> dict:
    """The whole SOP 2 through its pages; returns what each party saw on the way."""
    seen = {}
    case_id, code = await laporan_masuk(app)
    op = await login(p["operator"])
    first = await tugas(case_id, "terima")
    seen["operator_task"] = (await op.get(f"/tasks/{first['id']}")).text
    page = await op.get(f"/tasks/{first['id']}")
    r = await op.post(f"/tasks/{first['id']}/act", data={"_csrf_token": csrf_from(page.text), "action": "teruskan"})
    assert r.status_code in (200, 302, 303), r.text[:300]
    telaah = await login(p["telaah"])
    review = await tugas(case_id, "telaah")
    task_page = await telaah.get(f"/tasks/{review['id']}")
    seen["telaah_task"] = task_page.text
    # The Tim Telaah asks through the thread; the reporter answers with the code.
    r = await telaah.post(f"/cases/{case_id}/messages", data={"_csrf_token": csrf_from(task_page.text),
                                                              "body": "Pertanyaan kelabu: siapa saksinya?"},
                          files=[("_", (None, ""))])
    assert r.status_code in (200, 302, 303), r.text[:300]
    async with pelapor(app) as c:
        tracking = await lacak(c, code)
        assert "Pertanyaan kelabu" in tracking.text
        r = await c.post("/track/messages", data={"_csrf_token": csrf_from(tracking.text), "code": code,
                                                  "body": "Saksinya memakai rompi jingga"}, files=[("_", (None, ""))])
        assert r.status_code == 200 and "rompi jingga" in r.text
    assert "rompi jingga" in (await telaah.get(f"/cases/{case_id}")).text
    r = await kirim_panel(telaah, case_id, review["id"], aksi="ke_kepala_dinas", hasil_telaah="Memenuhi kriteria WBS")
    assert r.status_code in (200, 302, 303), r.text[:500]
    kadis = await login(p["kadis"])
    decide = await tugas(case_id, "putuskan")
    seen["kadis_task"] = (await kadis.get(f"/tasks/{decide['id']}")).text
    r = await kirim_panel(kadis, case_id, decide["id"], aksi="putuskan", keputusan="Mutasi bendahara dan audit kas")
    assert r.status_code in (200, 302, 303), r.text[:500]
    last = await tugas(case_id, "arsip")
    seen["arsip_form"] = (await op.get(f"/pengaduan/wbs/{case_id}/arsip/{last['id']}")).text
    page = await op.get(f"/pengaduan/wbs/{case_id}/arsip/{last['id']}")
    r = await op.post(f"/pengaduan/wbs/{case_id}/arsip/{last['id']}",
                      data={"_csrf_token": csrf_from(page.text), "pesan": "Terima kasih atas laporan Anda."},
                      files=[("_", (None, ""))])
    assert r.status_code in (200, 302, 303), r.text[:500]
    async with pelapor(app) as c:
        seen["outcome"] = (await lacak(c, code)).text
    seen["operator_list"] = (await op.get("/pengaduan/wbs/")).text
    seen["case_id"], seen["code"] = case_id, code
    return seen


async def teks_basis_data(app) -> str:
    """Every column of every row of every table, as text."""
    if app.state.config.is_postgres:
        tables = await Laporan.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
    else:
        tables = await Laporan.raw("SELECT name FROM sqlite_master WHERE type = 'table'")
    parts = []
    for table in tables:
        parts.append(repr(await Laporan.raw(f'SELECT * FROM "{table["name"]}"')))
    assert len(parts) > 20  # the core's tables and ours: the scan looked at the whole database
    return "\n".join(parts)


async def test_an_anonymous_report_goes_through_sop_2_and_the_reporter_reads_the_outcome(app, demo, login, make_user):
    p = await orang(make_user)
    seen = await jalankan(app, login, p)
    assert "Mutasi bendahara" in seen["outcome"] and "Terima kasih atas laporan Anda." in seen["outcome"]
    assert "Zamrudwati" in seen["telaah_task"]  # the Tim Telaah reads the report
    assert "Zamrudwati" in seen["kadis_task"]  # and the Kepala Dinas, once the decision is theirs
    # The Operator saw that a report arrived, never what it says, nor the decision they passed on.
    for text in (seen["operator_task"], seen["arsip_form"], seen["operator_list"]):
        assert bocor(text) == []
    case_tasks_done = [t["step"] for t in await case_tasks(seen["case_id"])]
    assert case_tasks_done == ["lapor", "terima", "telaah", "putuskan", "arsip"]


async def test_no_word_of_a_report_nor_the_reporters_address_is_stored_in_plaintext(app, demo, login, make_user):
    seen = await jalankan(app, login, await orang(make_user))
    stored = await teks_basis_data(app)
    assert bocor(stored) == []  # every table and column: cases, tasks, events, thread, audit, notifications
    assert ALAMAT not in stored and AGEN not in stored
    assert seen["code"].replace("-", "") not in stored.replace("-", "")  # only the code's HMAC is kept


async def test_the_admin_and_an_operator_outside_the_tim_telaah_read_nothing(app, demo, login, make_user):
    p = await orang(make_user)
    seen = await jalankan(app, login, p)
    case_id = seen["case_id"]
    tasks = await case_tasks(case_id)
    reference = (await get_case(case_id))["reference"]
    outsiders = [await login("admin"), await login(p["operator"]),
                 await login(await make_user(roles=[("tim_telaah", "perdagangan")], unit="perdagangan"))]
    for c in outsiders:
        for url in [f"/cases/{case_id}", "/inbox", "/pengaduan/wbs/", "/pengaduan/identitas", "/dashboard",
                    ] + [f"/tasks/{t['id']}" for t in tasks]:
            r = await c.get(url)
            assert r.status_code in (200, 403, 404), url
            assert bocor(r.text) == [], url
        for url in [f"/api/core/tasks/{t['id']}" for t in tasks] + [f"/api/core/cases/{case_id}"]:
            r = await c.get(url)
            assert bocor(r.text) == [], url
        found = await c.get("/inbox?q=Zamrudwati")  # the search box echoes the word; the case is not found
        assert reference not in found.text
        page = await c.get("/inbox")
        token = csrf_from(page.text)
        for url in [f"/pengaduan/wbs/{case_id}/tugas/{tasks[2]['id']}", f"/pengaduan/wbs/{case_id}/identitas"]:
            r = await c.post(url, data={"_csrf_token": token, "aksi": "putuskan", "alasan": "x", "keputusan": "x"})
            assert r.status_code in (403, 404), url


async def test_a_signed_in_employee_reporting_anonymously_leaves_no_link_to_their_account(app, demo, login,
                                                                                            make_user):
    employee = await make_user(roles=[("staf", "industri")], unit="industri")
    c = await login(employee)
    received = await kirim(c)
    assert received.status_code == 200, received.text[:300]
    case_id = (await Laporan.select(Laporan.case).order_by(Laporan.id, ascending=False).first())["case"]
    case = await get_case(case_id)
    assert case["opened_by"] is None
    rows = await Laporan.raw("SELECT actor, action, object_id FROM core_audit")
    about = [r for r in rows if str(r["object_id"]) == str(case_id) or str(r["action"]).startswith("submissions")]
    assert about and all(r["actor"] != employee.id for r in about)
    events = await Laporan.raw("SELECT actor FROM core_case_event WHERE \"case\" = {}", case_id)
    assert events and all(e["actor"] != employee.id for e in events)


async def test_no_log_line_audit_entry_or_notification_carries_a_word_of_the_report(app, demo, login, make_user,
                                                                                     caplog):
    import logging

    caplog.set_level(logging.DEBUG)  # every logger, every level: what a server's console would show
    # Earlier tests of the suite may have quietened or disabled loggers (a library's dictConfig, a
    # level set on httpx): for this walk every logger speaks, and gets its own state back after.
    loggers = [logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]
    kept = [(lg, lg.level, lg.disabled, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.disabled, lg.propagate = False, True
    try:
        seen = await jalankan(app, login, await orang(make_user))
    finally:
        for lg, level, disabled, propagate in kept:
            lg.setLevel(level)
            lg.disabled, lg.propagate = disabled, propagate
    lines = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert len(caplog.records) > 10  # the walk was logged (the HTTP requests at least)
    assert bocor(lines) == [] and ALAMAT not in lines and AGEN not in lines
    audit = await Laporan.raw("SELECT * FROM core_audit")
    notices = await Laporan.raw("SELECT * FROM core_notification")
    assert notices and bocor(repr(audit)) == [] and bocor(repr(notices)) == []
    assert ALAMAT not in repr(audit) and seen["code"] not in lines
