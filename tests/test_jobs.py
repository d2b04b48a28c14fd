"""Scheduled jobs run once across workers; the core's reminder and escalation jobs."""

import asyncio
import types
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from balai.api import Job, hookimpl
from balai.identity.tables import Position, RoleAssignment, User
from balai.notifications.tables import Notification
from balai.jobs.tables import JobLease
from balai.workflow import deadlines
from balai.jobs import scheduler as jobs
from balai.workflow.tables import Case, Task

def job_plugin(counter: dict, pause: float = 0.2):
    async def hitung():
        counter["runs"] += 1
        await asyncio.sleep(pause)  # long enough for the other worker to try meanwhile

    plugin = types.ModuleType("fake_rekap")
    plugin.scheduled_jobs = hookimpl(lambda: [Job("rekap_harian", hitung, every=3600)])
    return plugin


async def make_due(name: str) -> None:
    await JobLease.update({JobLease.run_at: datetime.now(timezone.utc) - timedelta(seconds=1)}).where(
        JobLease.name == name
    )


async def test_hook_scheduled_jobs(app):
    counter = {"runs": 0}
    plugin = job_plugin(counter)
    host = app.state.host
    host.pm.register(plugin, name="rekap")
    try:
        found = jobs.collect_jobs(host)
    finally:
        host.pm.unregister(plugin)
    names = [j.name for j in found]
    assert "rekap:rekap_harian" in names
    assert "core.notifications:pengingat_tenggat" in names and "core.notifications:eskalasi_terlambat" in names

    ours = [j for j in found if j.name == "rekap:rekap_harian"]
    first, second = jobs.Scheduler(ours, worker="worker-a"), jobs.Scheduler(ours, worker="worker-b")
    await asyncio.gather(first.ensure_leases(), second.ensure_leases())
    assert await JobLease.count().where(JobLease.name == "rekap:rekap_harian") == 1

    ran = await asyncio.gather(first.run_due(), second.run_due())
    assert counter["runs"] == 1
    assert sorted(len(r) for r in ran) == [0, 1]

    # not due again before `every` has passed
    assert await asyncio.gather(first.run_due(), second.run_due()) == [[], []]
    assert counter["runs"] == 1
    lease = await JobLease.select().where(JobLease.name == "rekap:rekap_harian").first()
    assert lease["locked_until"] is None
    assert lease["run_at"] > datetime.now(timezone.utc) + timedelta(minutes=50)

    await make_due("rekap:rekap_harian")
    await asyncio.gather(*(jobs.Scheduler(ours, worker=f"w{i}").run_due() for i in range(5)))
    assert counter["runs"] == 2


async def test_a_dead_workers_lock_expires(app):
    counter = {"runs": 0}

    async def run():
        counter["runs"] += 1

    job = Job("sapu_bersih", run, every=60)
    now = datetime.now(timezone.utc)  # not the module's import time: the run may come minutes later
    scheduler = jobs.Scheduler([job], worker="hidup")
    await scheduler.ensure_leases()
    # a worker that claimed it and died: locked, due
    await JobLease.update({JobLease.worker: "mati", JobLease.locked_until: now + timedelta(minutes=5),
                           JobLease.run_at: now - timedelta(minutes=1)}).where(JobLease.name == "sapu_bersih")
    assert await scheduler.run_due() == []
    await JobLease.update({JobLease.locked_until: now - timedelta(seconds=1)}).where(JobLease.name == "sapu_bersih")
    assert await scheduler.run_due() == ["sapu_bersih"]
    assert counter["runs"] == 1


async def test_a_failing_job_is_recorded_and_does_not_stop_the_others(app):
    done = []

    async def broken():
        raise RuntimeError("layanan BKN tidak menjawab")

    async def fine():
        done.append(True)

    scheduler = jobs.Scheduler([Job("rusak", broken, every=60), Job("sehat", fine, every=60)], worker="w")
    await scheduler.ensure_leases()
    assert await scheduler.run_due() == ["rusak", "sehat"]
    assert done == [True]
    lease = await JobLease.select().where(JobLease.name == "rusak").first()
    assert "layanan BKN tidak menjawab" in lease["last_error"] and lease["locked_until"] is None


async def test_startup_starts_the_scheduler_unless_switched_off(app, monkeypatch):
    from balai.config import load_config
    from balai.jobs import plugin as jobs_plugin

    monkeypatch.setenv("BALAI_SCHEDULER", "off")
    assert not load_config().scheduler
    monkeypatch.setenv("BALAI_SCHEDULER", "on")
    assert load_config().scheduler
    before = len(app.state.on_stop)
    jobs_plugin.startup(app)  # the session's configuration switches it off
    assert len(app.state.on_stop) == before
    monkeypatch.setattr(app.state, "config", replace(app.state.config, scheduler=True))
    jobs_plugin.startup(app)
    stop = app.state.on_stop.pop()
    assert len(app.state.on_stop) == before
    try:
        await asyncio.sleep(0.3)
        leases = {r["name"] for r in await JobLease.select(JobLease.name)}
        assert "core.notifications:pengingat_tenggat" in leases
        assert app.state.scheduler.worker
    finally:
        await stop(app)


async def test_shutdown_stops_the_scheduler_before_the_database_closes(app, monkeypatch):
    from balai import db
    from balai.web.app import create_app

    still_running: list[set] = []
    release = db.close_pool

    async def closing(engine) -> None:
        still_running.append({t for t in started if not t.done()})
        await release(engine)  # the second app shares the session's engine: its pool stays open

    monkeypatch.setattr(db, "close_pool", closing)
    second = create_app(replace(app.state.config, scheduler=True), app.state.host)
    assert second.state.balai.engine is app.state.balai.engine
    before = asyncio.all_tasks()
    async with second.lifespan():  # Litestar's own start-up and shut-down, in its order
        await asyncio.sleep(0.2)
        started = asyncio.all_tasks() - before - {asyncio.current_task()}
        assert any("run_forever" in repr(t.get_coro()) for t in started), started
    assert still_running == [set()]


# --- reminders and escalation -------------------------------------------------------------


async def user_id(username: str) -> int:
    return (await User.select(User.id).where(User.username == username).first())["id"]


async def open_task(unit: int, role: str, opened: datetime, due: datetime, ref: str, **extra) -> int:
    case = await Case.insert(Case(sop="uji.tenggat", reference=ref, subject="Uji tenggat", unit=unit)).returning(Case.id)
    row = await Task.insert(Task(case=case[0]["id"], sop="uji.tenggat", step="periksa", unit=unit, role=role,
                                 opened_at=opened, due_at=due, **extra)).returning(Task.id)
    return row[0]["id"]


async def test_reminder_goes_to_role_holders_once_near_the_deadline(demo):
    umum = demo["umum"]
    kasubag = await user_id("demo.kasubag-umum")
    now = datetime.now(timezone.utc)
    near = await open_task(umum, "kasubag_umum", now - timedelta(hours=4), now + timedelta(minutes=30), "UJI/1")
    early = await open_task(umum, "kasubag_umum", now - timedelta(minutes=10), now + timedelta(hours=5), "UJI/2")
    assert await deadlines.remind(now) >= 1
    keys = {r["key"] for r in await Notification.select(Notification.key).where(Notification.user == kasubag)}
    assert f"pengingat:tugas:{near}" in keys
    assert f"pengingat:tugas:{early}" not in keys
    assert await deadlines.remind(now) == 0  # sent once
    # once to each holder (other tests may have given more people this role in Subbag Umum)
    assert await Notification.count().where(
        (Notification.key == f"pengingat:tugas:{near}") & (Notification.user == kasubag)) == 1


async def test_reminder_goes_to_the_assignee_only(demo):
    umum = demo["umum"]
    staf = await user_id("demo.staf")
    now = datetime.now(timezone.utc)
    task = await open_task(umum, "kasubag_umum", now - timedelta(hours=1), now + timedelta(minutes=5), "UJI/3",
                           assignee=staf)
    await deadlines.remind(now)
    rows = await Notification.select(Notification.user).where(Notification.key == f"pengingat:tugas:{task}")
    assert [r["user"] for r in rows] == [staf]


async def test_late_task_is_escalated_to_the_unit_head(demo):
    umum = demo["umum"]
    head = await user_id("demo.kasubag-umum")
    head_position = (Position.unit == umum) & (Position.is_head == True)  # noqa: E712
    before = await Position.select(Position.id, Position.holder).where(head_position)
    await Position.update({Position.holder: head}).where(head_position)
    now = datetime.now(timezone.utc)
    late = await open_task(umum, "staf", now - timedelta(hours=3), now - timedelta(minutes=1), "UJI/4")
    done = await open_task(umum, "staf", now - timedelta(hours=3), now - timedelta(minutes=1), "UJI/5",
                           state="selesai", closed_at=now - timedelta(minutes=30))
    assert await deadlines.escalate(now) >= 1
    rows = await Notification.select(Notification.user, Notification.message).where(
        Notification.key == f"eskalasi:tugas:{late}")
    assert head in [r["user"] for r in rows]
    assert "UJI/4" in rows[0]["message"] and "melewati tenggat" in rows[0]["message"]
    assert not await Notification.count().where(Notification.key == f"eskalasi:tugas:{done}")
    assert await deadlines.escalate(now) == 0
    for row in before:
        await Position.update({Position.holder: row["holder"]}).where(Position.id == row["id"])


async def test_escalation_climbs_to_a_unit_with_a_head(demo):
    # a unit without a head of its own (a fresh seksi under Bidang Perindustrian) passes to the Kabid
    from balai.identity.tables import Unit

    unit = await Unit.insert(Unit(code="uji-tanpa-kepala", name="Seksi Uji", kind="seksi",
                                  parent=demo["industri"])).returning(Unit.id)
    heads = await deadlines.unit_heads(unit[0]["id"])
    kabid = await user_id("demo.kepala-bidang")
    assert kabid in heads
    assignments = await RoleAssignment.select(RoleAssignment.user).where(
        (RoleAssignment.unit == demo["industri"]) & RoleAssignment.role.like("kepala_%"))
    assert set(heads) >= {a["user"] for a in assignments}
