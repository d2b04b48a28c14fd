"""Legal clocks on cases (balai.clocks), through the plugin API, the pages and the JSON API.

The test plugin's "ujisop.informasi" carries a 10-working-day clock ("jawab", extendable once by
7, paused while the request is back with the requester) and a 3-day one ("periksa"), both under
the rule "ujisop.informasi" (cuti bersama not a working day). The moment the clocks see is fixed
(``at``); every expected date was counted by hand on the 2026 calendar (see test_workdays.py).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from balai.api import ClockError, act, case_clocks, extend_clock, open_case, pause_clock, resume_clock, timeline
from balai.workflow import store
from balai.workflow.definition import (
    CASE_CLOSED, SOP, Clock, DefinitionError, Extension, SOPHeader, Step, acted, check_sop, entered, selesai,
)
from tests.workflow_support import new_unit, open_task, person

WITA = ZoneInfo("Asia/Makassar")


def wita(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=WITA)


@pytest.fixture
def clock_time(monkeypatch):
    """``clock_time(moment)`` fixes the moment the clocks (and their pages) see as now."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(store, "now", lambda: moment)

    return set_now


@pytest.fixture
async def people(app, demo):
    unit = await new_unit(demo["umum"])
    pemohon = await person(app, ("ujisop_pemohon", unit), name="Pemohon Jam")
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit), name="Pemeriksa Jam")
    kepala = await person(app, ("kepala_seksi", unit), name="Kepala Jam")
    return {"unit": unit, "pemohon": pemohon, "pemeriksa": pemeriksa, "kepala": kepala}


async def _open(people, clock_time, moment=None):
    clock_time(moment or wita(2026, 3, 16))
    return await open_case("ujisop.informasi", "Salinan laporan keuangan", user=people["pemohon"],
                           unit_id=people["unit"])


def _clock(clocks, code):
    return next(c for c in clocks if c["code"] == code)


async def test_clocks_start_when_the_case_opens(people, clock_time):
    case = await _open(people, clock_time)
    clock_time(wita(2026, 3, 17, 9))
    clocks = await case_clocks(case["id"])
    jawab, periksa = _clock(clocks, "jawab"), _clock(clocks, "periksa")
    assert jawab["state"] == "berjalan" and jawab["label"] == "Jawaban permintaan informasi"
    # received Monday 16 March: 10 working days end Tuesday 7 April (test_workdays)
    assert jawab["due_at"] == wita(2026, 4, 7, 16, 0) and jawab["due_on"] == date(2026, 4, 7)
    # on 17 March: 25, 26, 27, 30, 31 March, 1, 2, 6, 7 April are left
    assert jawab["days_left"] == 9 and jawab["status"] == "9 hari kerja lagi"
    assert jawab["explanation"].startswith("diterima Senin, 16 Maret 2026; 10 hari kerja; dilewati: Sabtu/Minggu; ")
    assert jawab["explanation"].endswith("jatuh tempo Selasa, 7 April 2026")
    assert [h["kind"] for h in jawab["history"]] == ["mulai"]
    assert jawab["extensions_left"] == 1 and jawab["reason_required"]
    # 3 working days: 17, 25, 26 March
    assert periksa["due_on"] == date(2026, 3, 26)


async def test_pause_resume_extend_once_and_stop(people, clock_time):
    case = await _open(people, clock_time)
    # Wednesday 25 March: the request goes back to the requester; 17 and 25 March are used.
    clock_time(wita(2026, 3, 25))
    await act((await open_task(case["id"]))["id"], "kembalikan", user=people["pemeriksa"])
    clocks = await case_clocks(case["id"])
    jawab = _clock(clocks, "jawab")
    assert jawab["state"] == "jeda" and jawab["due_at"] is None
    assert jawab["days_left"] == 8 and jawab["status"] == "dijeda, sisa 8 hari kerja"
    periksa = _clock(clocks, "periksa")
    assert periksa["state"] == "berhenti" and periksa["met"] is True and periksa["used"] == 2

    # Monday 30 March: completed. 30 is not counted; 8 days: 31 March, 1, 2, (3 Good Friday), 6, 7, 8, 9, 10 April.
    clock_time(wita(2026, 3, 30))
    await act((await open_task(case["id"]))["id"], "lengkapi", user=people["pemohon"])
    jawab = _clock(await case_clocks(case["id"]), "jawab")
    assert jawab["state"] == "berjalan" and jawab["due_at"] == wita(2026, 4, 10, 16, 30)

    # Extended once by 7 with a reason: 13, 14, 15, 16, 17, 20, 21 April.
    clock_time(wita(2026, 3, 31))
    extended = await extend_clock(case["id"], "jawab", user=people["pemeriksa"], reason="Informasi di unit lain")
    assert extended["due_at"] == wita(2026, 4, 21, 16, 0)
    assert extended["extensions"] == 1 and extended["extended"] == 7 and extended["extensions_left"] == 0
    history = extended["history"]
    assert [h["kind"] for h in history] == ["mulai", "jeda", "lanjut", "perpanjang"]
    assert history[-1]["reason"] == "Informasi di unit lain" and history[-1]["actor_name"] == "Pemeriksa Jam"
    assert history[1]["reason"] == "Kembalikan ke pemohon"  # automatic: the action that paused it

    # A second extension is refused, and nothing changes.
    with pytest.raises(ClockError) as refused:
        await extend_clock(case["id"], "jawab", user=people["pemeriksa"], reason="Sekali lagi")
    assert refused.value.status == 409 and "sudah diperpanjang" in refused.value.messages[0]
    assert _clock(await case_clocks(case["id"]), "jawab")["due_at"] == wita(2026, 4, 21, 16, 0)

    # Answered on Monday 20 April: stopped in time. Used: 17, 25 March, then 31 March … 20 April (14).
    await act((await open_task(case["id"]))["id"], "lengkap", user=people["pemeriksa"])
    clock_time(wita(2026, 4, 20))
    await act((await open_task(case["id"]))["id"], "jawab", user=people["pemeriksa"])
    jawab = _clock(await case_clocks(case["id"]), "jawab")
    assert jawab["state"] == "berhenti" and jawab["met"] is True and jawab["used"] == 16
    assert jawab["status"] == "berhenti dalam waktu: 16 hari kerja terpakai"
    assert [h["kind"] for h in jawab["history"]][-1] == "berhenti"

    # Nothing can be done to a stopped clock.
    with pytest.raises(ClockError) as stopped:
        await pause_clock(case["id"], "jawab", user=people["pemeriksa"], reason="Menunggu")
    assert stopped.value.status == 409 and "sudah berhenti" in stopped.value.messages[0]
    with pytest.raises(ClockError):
        await extend_clock(case["id"], "jawab", user=people["pemeriksa"], reason="x")
    actions = [e["action"] for e in await timeline(case["id"])]
    assert "jam_perpanjang" in actions


async def test_extension_needs_a_reason_and_someone_on_the_case(app, people, clock_time):
    case = await _open(people, clock_time)
    with pytest.raises(ClockError) as no_reason:
        await extend_clock(case["id"], "jawab", user=people["pemeriksa"], reason="  ")
    assert no_reason.value.status == 400 and no_reason.value.messages == ["Alasan perpanjangan wajib ditulis."]
    stranger = await person(app, ("ujisop_pemeriksa", people["unit"]))  # same role, same unit: may work on it
    outsider = await person(app)
    with pytest.raises(ClockError) as forbidden:
        await extend_clock(case["id"], "jawab", user=outsider, reason="Alasan")
    assert forbidden.value.status == 403
    with pytest.raises(ClockError) as not_extendable:
        await extend_clock(case["id"], "periksa", user=stranger, reason="Alasan")
    assert not_extendable.value.status == 409
    clock = _clock(await case_clocks(case["id"]), "jawab")
    assert clock["extensions"] == 0 and [h["kind"] for h in clock["history"]] == ["mulai"]


async def test_pause_and_resume_by_hand(people, clock_time):
    case = await _open(people, clock_time)
    clock_time(wita(2026, 3, 25))
    with pytest.raises(ClockError) as no_reason:
        await pause_clock(case["id"], "jawab", user=people["pemeriksa"], reason="")
    assert no_reason.value.status == 400
    with pytest.raises(ClockError) as running:
        await resume_clock(case["id"], "jawab", user=people["pemeriksa"])
    assert running.value.status == 409
    paused = await pause_clock(case["id"], "jawab", user=people["kepala"], reason="Menunggu dokumen pemohon")
    assert paused["state"] == "jeda" and paused["history"][-1]["actor_name"] == "Kepala Jam"
    clock_time(wita(2026, 3, 30))
    resumed = await resume_clock(case["id"], "jawab", user=people["kepala"])
    assert resumed["due_at"] == wita(2026, 4, 10, 16, 30)  # as when the action paused it


async def test_overdue_clock_counts_days_late_and_is_escalated_once(people, clock_time):
    from balai.clocks import reminders
    from balai.notifications.service import Notification

    case = await _open(people, clock_time)
    # Thursday 9 April: due 7 April, so 8 and 9 April are late.
    clock_time(wita(2026, 4, 9))
    jawab = _clock(await case_clocks(case["id"]), "jawab")
    assert jawab["overdue"] and jawab["days_late"] == 2 and jawab["status"] == "2 hari kerja terlambat"
    assert await reminders.escalate(wita(2026, 4, 9)) >= 1
    sent = await Notification.select().where(Notification.user == people["kepala"].id)
    assert any(case["reference"] in n["message"] and n["link"] == f"/cases/{case['id']}" for n in sent)
    before = len(sent)
    await reminders.escalate(wita(2026, 4, 9))
    assert len(await Notification.select().where(Notification.user == people["kepala"].id)) == before


async def test_reminder_before_the_clock_runs_out(people, clock_time):
    from balai.clocks import reminders
    from balai.notifications.service import Notification

    def reminded():
        return Notification.select().where((Notification.user == people["pemeriksa"].id)
                                           & Notification.key.like("pengingat:jam:%"))

    case = await _open(people, clock_time)
    # 2 working days left (a fifth of 10) on Thursday 2 April: 6 and 7 April; on 1 April, 3.
    await reminders.remind(wita(2026, 4, 1))
    assert not await reminded()
    assert await reminders.remind(wita(2026, 4, 2)) >= 1
    sent = await reminded()
    assert len(sent) == 1 and "Jawaban permintaan informasi" in sent[0]["message"]
    assert case["reference"] in sent[0]["message"] and sent[0]["link"] == f"/cases/{case['id']}"
    await reminders.remind(wita(2026, 4, 2))
    assert len(await reminded()) == 1


async def test_agency_holiday_recomputes_open_clocks_and_task_deadlines(login, people, clock_time):
    from balai.workflow.tables import Task

    case = await _open(people, clock_time)
    task = await open_task(case["id"])
    # The first task as if opened at 10:00 on 16 March: "1 hari kerja" -> 17 March 16:00.
    await Task.update({Task.opened_at: wita(2026, 3, 16), Task.due_at: wita(2026, 3, 17, 16)}).where(Task.id == task["id"])
    admin = await login("admin")
    added = await admin.post("/admin/calendar/holidays", data={"tanggal": "2026-03-17", "nama": "Libur uji jam"})
    try:
        assert added.status_code == 303
        clocks = await case_clocks(case["id"])
        # 17 March off: 25, 26, 27, 30, 31, 1, 2, 6, 7, 8 April -> Wednesday 8 April
        assert _clock(clocks, "jawab")["due_at"] == wita(2026, 4, 8, 16, 0)
        assert _clock(clocks, "jawab")["history"][-1]["kind"] == "hitung_ulang"
        assert (await open_task(case["id"]))["due_at"] == wita(2026, 3, 25, 16, 0)
        events = [e for e in await timeline(case["id"]) if e["action"] == "tenggat_ulang"]
        assert len(events) == 1 and "Libur uji jam" in events[0]["note"]
        assert {m["nama"] for m in events[0]["data"]["jam"]} == {"Jawaban permintaan informasi", "Pemeriksaan kelengkapan"}
        page = await admin.get(f"/cases/{case['id']}")
        assert "Tenggat dihitung ulang" in page.text
    finally:
        removed = await admin.post("/admin/calendar/holidays/delete", data={"tanggal": "2026-03-17"})
    assert removed.status_code == 303
    assert _clock(await case_clocks(case["id"]), "jawab")["due_at"] == wita(2026, 4, 7, 16, 0)
    assert (await open_task(case["id"]))["due_at"] == wita(2026, 3, 17, 16, 0)


async def test_a_hand_set_deadline_is_not_moved_by_the_calendar(login, people, clock_time):
    from balai.workflow.tables import Task

    case = await _open(people, clock_time)
    task = await open_task(case["id"])
    # A due date nobody's time standard gives (as a disposisi's chosen date): left alone.
    await Task.update({Task.opened_at: wita(2026, 3, 16), Task.due_at: wita(2026, 3, 17, 23, 59)}).where(Task.id == task["id"])
    admin = await login("admin")
    await admin.post("/admin/calendar/holidays", data={"tanggal": "2026-03-17", "nama": "Libur uji tangan"})
    try:
        assert (await open_task(case["id"]))["due_at"] == wita(2026, 3, 17, 23, 59)
    finally:
        await admin.post("/admin/calendar/holidays/delete", data={"tanggal": "2026-03-17"})


# --- pages and API -----------------------------------------------------------------------------


async def test_case_task_and_inbox_pages_show_the_clocks(login, people, clock_time):
    case = await _open(people, clock_time)
    clock_time(wita(2026, 3, 17, 9))
    c = await login(people["pemeriksa"].username)
    page = await c.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    assert 'data-testid="clocks"' in page.text and "9 hari kerja lagi" in page.text
    assert "jatuh tempo Selasa, 7 April 2026" in page.text
    task = await open_task(case["id"])
    assert "9 hari kerja lagi" in (await c.get(f"/tasks/{task['id']}")).text
    inbox = await c.get("/inbox?sort=jam")
    assert inbox.status_code == 200
    assert "Pemeriksaan kelengkapan" in inbox.text  # the nearest clock: due 26 March
    assert "hari kerja lagi" in inbox.text


async def test_clock_form_keeps_the_typed_reason_on_refusal(login, people, clock_time):
    from balai.testing import csrf_from

    case = await _open(people, clock_time)
    c = await login(people["pemeriksa"].username)
    page = await c.get(f"/cases/{case['id']}/clocks/jawab")
    assert page.status_code == 200
    token = csrf_from(page.text)
    ok = await c.post(f"/cases/{case['id']}/clocks/jawab/extend", data={"_csrf_token": token, "alasan": "Butuh waktu"})
    assert ok.status_code == 303
    again = await c.post(f"/cases/{case['id']}/clocks/jawab/extend",
                         data={"_csrf_token": token, "alasan": "Alasan kedua yang diketik"})
    assert again.status_code == 409
    assert "sudah diperpanjang" in again.text and "Alasan kedua yang diketik" in again.text
    c.cookies.set("balai_locale", "en")
    english = await c.post(f"/cases/{case['id']}/clocks/jawab/extend", data={"_csrf_token": token, "alasan": "x"})
    assert english.status_code == 409 and "already been extended" in english.text


async def test_api_reads_and_refuses_with_reasons(login, people, clock_time):
    case = await _open(people, clock_time)
    clock_time(wita(2026, 3, 17, 9))
    c = await login(people["pemeriksa"].username)
    listed = await c.get(f"/api/core/cases/{case['id']}/clocks")
    assert listed.status_code == 200
    jawab = next(x for x in listed.json() if x["code"] == "jawab")
    assert jawab["due_on"] == "2026-04-07" and jawab["days_left"] == 9 and jawab["history"][0]["kind"] == "mulai"
    no_reason = await c.post(f"/api/core/cases/{case['id']}/clocks/jawab/extend", json={})
    assert no_reason.status_code == 400 and "Alasan perpanjangan wajib ditulis" in no_reason.json()["detail"]
    resumed = await c.post(f"/api/core/cases/{case['id']}/clocks/jawab/resume", json={})
    assert resumed.status_code == 409
    unknown = await c.post(f"/api/core/cases/{case['id']}/clocks/tidak_ada/pause", json={"reason": "x"})
    assert unknown.status_code == 404
    extended = await c.post(f"/api/core/cases/{case['id']}/clocks/jawab/extend", json={"reason": "Data di unit lain"})
    assert extended.status_code == 200 and extended.json()["due_on"] == "2026-04-16"
    # 7 April + 7: 8, 9, 10, 13, 14, 15, 16 April
    twice = await c.post(f"/api/core/cases/{case['id']}/clocks/jawab/extend", json={"reason": "Lagi"})
    assert twice.status_code == 409 and "sudah diperpanjang" in twice.json()["detail"]


async def test_api_hides_clocks_of_cases_one_may_not_see(app, login, people, clock_time):
    case = await _open(people, clock_time)
    stranger = await person(app)
    c = await login(stranger.username)
    assert (await c.get(f"/api/core/cases/{case['id']}/clocks")).status_code == 404
    assert (await c.post(f"/api/core/cases/{case['id']}/clocks/jawab/extend", json={"reason": "x"})).status_code == 404


# --- definitions -------------------------------------------------------------------------------

HEADER = SOPHeader(nomor="UJI/JAM")


def _sop(*clocks) -> SOP:
    return SOP(code="uji.jam", name="Uji jam", header=HEADER, start_permission="ujisop.ajukan", clocks=clocks,
               steps=[Step(1, "isi", "Isi", actor="ujisop_pemohon", actions=[selesai(code="tutup")])])


@pytest.mark.parametrize("clock, message", [
    (Clock("jawab", "J", 10, starts_on="step:tidak_ada"), "peristiwa tidak dikenal"),
    (Clock("jawab", "J", 10, stops_on=acted("tidak_ada")), "peristiwa tidak dikenal"),
    (Clock("jawab", "J", 0), "panjang harus bilangan bulat positif"),
    (Clock("jawab", "J", 10, unit="minggu"), "satuan"),
    (Clock("jawab", "J", 10, pauses_on=acted("tutup")), "pauses_on dan resumes_on"),
    (Clock("jawab", "J", 10, starts_on=CASE_CLOSED), "CASE_CLOSED hanya dapat menghentikan"),
    (Clock("jawab", "J", 10, extension=Extension(times=0, length=7)), "perpanjangan"),
    (Clock("jawab", "J", 10, rule="uji.tidak_ada"), "aturan hitung tidak dikenal"),
    (Clock("Jawab Ini", "J", 10), "kode jam"),
])
def test_broken_clock_definitions_are_refused(clock, message):
    with pytest.raises(DefinitionError) as refused:
        check_sop(_sop(clock), {"ujisop_pemohon"}, {"default"})
    assert message in str(refused.value) and "uji.jam" in str(refused.value)


def test_two_clocks_with_one_code_are_refused_and_good_ones_pass():
    with pytest.raises(DefinitionError):
        check_sop(_sop(Clock("a", "A", 1), Clock("a", "B", 2)), {"ujisop_pemohon"}, {"default"})
    checked = check_sop(_sop(Clock("a", "A", 3, starts_on=entered("isi"), stops_on=acted("tutup", step="isi"))),
                        {"ujisop_pemohon"}, {"default"})
    assert checked.clock("a").starts_on == ("step:isi",)


async def test_sop_evaluation_reports_each_clock(login, people, clock_time):
    from balai.sop.clock_evaluation import evaluate_clocks
    from balai.workflow.engine import get_sop

    # Two requests received Monday 6 July 2026. The first is answered on Wednesday 8 July (7 and 8
    # used, in time); the second is still open after its deadline (Monday 20 July) passed.
    answered = await _open(people, clock_time, wita(2026, 7, 6))
    await _open(people, clock_time, wita(2026, 7, 6))
    clock_time(wita(2026, 7, 7))
    await act((await open_task(answered["id"]))["id"], "lengkap", user=people["pemeriksa"])
    clock_time(wita(2026, 7, 8))
    await act((await open_task(answered["id"]))["id"], "jawab", user=people["pemeriksa"])
    since, until = wita(2026, 7, 6, 0), wita(2026, 7, 7, 0)
    stats = {s.code: s for s in await evaluate_clocks(get_sop("ujisop.informasi"), since, until, now=wita(2026, 7, 21))}
    jawab = stats["jawab"]
    assert (jawab.started, jawab.met, jawab.missed, jawab.running) == (2, 1, 1, 0)
    assert jawab.met_share == 0.5 and jawab.median_used == 2 and jawab.p90_used == 2
    assert (stats["periksa"].met, stats["periksa"].missed, stats["periksa"].median_used) == (1, 1, 1)
    # Before the second one's deadline it is still running, neither met nor missed.
    early = {s.code: s for s in await evaluate_clocks(get_sop("ujisop.informasi"), since, until, now=wita(2026, 7, 8))}
    assert (early["jawab"].met, early["jawab"].missed, early["jawab"].running) == (1, 0, 1)

    admin = await login("admin")
    page = await admin.get("/sop/ujisop.informasi/evaluation", params={"dari": "2026-07-06", "sampai": "2026-07-06"})
    assert page.status_code == 200
    table = page.text.split('data-testid="clock-evaluation"', 1)[1].split("</table>", 1)[0]
    assert "Jawaban permintaan informasi" in table and "50 % (1/2)" in table
    assert 'aria-labelledby="grafik-jam"' in page.text and "<svg" in page.text
    assert "http" not in page.text.split('aria-labelledby="grafik-jam"', 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", "")
