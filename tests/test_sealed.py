"""Sealed cases (balai.sealed) of the test plugin's ``ujisop.rahasia``, declared as a third party would.

What is checked is what a reporter relies on: the database rows hold no word of the report, the
people working on it (and the Tim Telaah) read it, an administrator without the plugin's
permission does not, and neither the notifications, the audit log, the inbox search nor any
other plugin's hooks carry it.
"""

from __future__ import annotations

import pytest

from balai.api import hookimpl
from balai.audit.tables import AuditEntry
from balai.notifications.tables import Notification
from balai.sealed import service as sealing
from balai.workflow import engine
from balai.workflow.tables import Case, CaseEvent, Task
from tests.sealed_support import DATA, NOTE, REPORTER, SUBJECT, TEMUAN, leaks, open_report
from tests.workflow_support import new_unit


class Spy:
    """Another plugin: it implements the workflow hooks and keeps whatever they hand it."""

    def __init__(self):
        self.seen = []

    @hookimpl
    def step_entered(self, case, step, task):
        self.seen.append(("step_entered", case, task))

    @hookimpl
    def step_completed(self, case, step, task, action, data):
        self.seen.append(("step_completed", case, task, data))

    @hookimpl
    def validate_action(self, case, task, action, data):
        self.seen.append(("validate_action", case, task, data))
        return []

    @hookimpl
    def task_panel(self, case, task, request):
        self.seen.append(("task_panel", case, task))
        return None


@pytest.fixture
async def report(app, demo, plugin_registered):
    spy = Spy()
    with plugin_registered(spy, name="pengintip"):
        return {**await open_report(app, demo), "spy": spy}


async def test_the_database_holds_no_word_of_a_sealed_case(report):
    case_id = report["case"]["id"]
    rows = [
        await Case.raw("SELECT * FROM core_case WHERE id = {}", case_id),
        await Task.raw('SELECT * FROM core_task WHERE "case" = {}', case_id),
        await CaseEvent.raw('SELECT * FROM core_case_event WHERE "case" = {}', case_id),
    ]
    assert leaks(rows) == []
    stored = rows[0][0]
    assert stored["subject"] == sealing.SEALED_SUBJECT
    assert "sealed.v1." in str(stored["data"]) and "sealed.v1." in str(rows[1])
    # ... and yet the engine kept all of it
    assert sealing.unseal_case(await engine.get_case(case_id))["data"] == DATA
    closed = sealing.unseal_task(await Task.select().where(Task.id == report["first"]["id"]).output(load_json=True).first())
    assert (closed["note"], closed["data"]["temuan"]) == (NOTE, TEMUAN)


async def test_workers_and_the_tim_telaah_read_it(report, login):
    worker = await login(report["worker"])
    page = await worker.get(f"/tasks/{report['first']['id']}")
    assert page.status_code == 200
    assert SUBJECT in page.text and NOTE in page.text and REPORTER in page.text
    assert 'data-readable="ya"' in page.text
    assert f"Panel uji untuk {SUBJECT}" in page.text  # the SOP's own plugin gets the case unsealed
    api = (await worker.get(f"/api/core/tasks/{report['first']['id']}")).json()
    assert api["case"]["subject"] == SUBJECT and api["case"]["data"] == DATA
    assert api["task"]["data"]["temuan"] == TEMUAN

    telaah = await login(report["telaah"])  # no task of the case, but the SOP's reading permission
    page = await telaah.get(f"/cases/{report['case']['id']}")
    assert page.status_code == 200 and SUBJECT in page.text and NOTE in page.text


async def test_an_administrator_sees_the_case_but_not_its_content(report, login):
    admin = await login("admin")
    case_page = await admin.get(f"/cases/{report['case']['id']}")
    task_page = await admin.get(f"/tasks/{report['first']['id']}")
    api = await admin.get(f"/api/core/tasks/{report['first']['id']}")
    for answer in (case_page, task_page, api):
        assert answer.status_code == 200
        assert leaks(answer.text) == []
    assert 'data-readable="tidak"' in case_page.text and "Isi dirahasiakan" in case_page.text
    assert "Panel uji untuk Isi dirahasiakan" in task_page.text
    assert api.json()["case"]["data"] == {} and api.json()["task"]["note"] == ""

    outsider = await login(report["outsider"])  # may not even see that the case exists
    assert (await outsider.get(f"/cases/{report['case']['id']}")).status_code == 404


async def test_inbox_shows_readers_the_subject_and_search_never_finds_it(report, login):
    worker = await login(report["worker"])
    inbox = (await worker.get("/api/core/inbox", params={"sop": "ujisop.rahasia"})).json()
    row = next(t for t in inbox["tasks"] if t["id"] == report["second"]["id"])
    assert row["subject"] == SUBJECT
    found = (await worker.get("/api/core/inbox", params={"q": "pungli"})).json()
    assert report["second"]["id"] not in [t["id"] for t in found["tasks"]]
    assert SUBJECT in (await worker.get("/inbox")).text


async def test_notifications_and_audit_log_carry_no_sealed_text(report):
    notes = await Notification.select().where(Notification.user == report["worker"].id)
    assert notes and leaks(notes) == []
    assert any(report["case"]["reference"] in n["message"] and "Isi dirahasiakan" in n["message"] for n in notes)
    assert leaks(await AuditEntry.select()) == []


async def test_other_plugins_hooks_get_the_case_masked(report, login, plugin_registered):
    seen = report["spy"].seen
    with plugin_registered(report["spy"], name="pengintip"):
        assert (await (await login("admin")).get(f"/tasks/{report['second']['id']}")).status_code == 200
        assert (await (await login(report["worker"])).get(f"/tasks/{report['second']['id']}")).status_code == 200
    assert {s[0] for s in seen} == {"step_entered", "step_completed", "validate_action", "task_panel"}
    assert leaks(seen) == [], seen
    assert all(s[1]["subject"] == "Isi dirahasiakan" and s[1]["data"] == {} for s in seen)


async def test_an_unsealed_sop_is_stored_as_before(app, demo):
    unit = await new_unit(demo["sekretariat"])
    case = await engine.open_case("ujisop.publik", SUBJECT, user=None, unit_id=unit, data=DATA)
    assert (case["subject"], case["data"]) == (SUBJECT, DATA)


async def test_the_submission_thread_of_a_sealed_case_opens_only_for_its_readers(app, demo, login, make_user):
    from balai.submissions import service as submissions
    from balai.submissions.forms import get_form

    case, submission, _code = await submissions.submit(get_form("ujisop.lapor"), {"uraian": "Pungli oleh Hartono"})
    await submissions.post_message(submission, "Saksinya Ibu Kartika")
    telaah = await login(await make_user(roles=[("ujisop_telaah", "umum")]))
    readable = (await telaah.get(f"/api/core/cases/{case['id']}/messages")).json()
    assert [m["body"] for m in readable["messages"]] == ["Saksinya Ibu Kartika"]
    admin = await login("admin")  # may see the case exists, may not read it
    answer = await admin.get(f"/api/core/cases/{case['id']}/messages")
    assert answer.status_code == 200 and leaks(answer.text) == []
    assert [m["body"] for m in answer.json()["messages"]] == ["Isi dirahasiakan"]


async def test_a_clocks_written_reason_is_sealed_and_shown_only_to_readers(app, demo, login):
    from balai.clocks.service import case_clocks, extend_clock
    from balai.clocks.tables import ClockEvent
    from tests.sealed_support import person

    unit = await new_unit(demo["sekretariat"])
    worker = await person(app, ("ujisop_pemeriksa", unit))
    case = await engine.open_case("ujisop.rahasia", SUBJECT, user=None, unit_id=unit, data=DATA, opened_as=REPORTER)
    reason = f"Saksi {REPORTER} belum dapat dihubungi"
    await extend_clock(case["id"], "verifikasi", user=worker, reason=reason)
    stored = await ClockEvent.raw('SELECT * FROM core_case_clock_event WHERE "case" = {}', case["id"])
    assert leaks(stored) == [] and "sealed.v1." in str(stored)
    shown = [h["reason"] for c in await case_clocks(case["id"], readable=True) for h in c["history"] if h["reason"]]
    masked = [h["reason"] for c in await case_clocks(case["id"]) for h in c["history"] if h["reason"]]
    assert shown[-1] == reason and set(masked) == {str(sealing.PLACEHOLDER)}
    admin = await login("admin")  # sees the case, not its content
    assert REPORTER not in (await admin.get(f"/api/core/cases/{case['id']}/clocks")).text
