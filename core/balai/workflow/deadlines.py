"""The core's scheduled jobs: a reminder before a task's deadline, escalation after it.

A reminder goes to whoever holds the task (its assignee, whoever took it, or else every
holder of the step's role whose scope covers the task's unit) when the last fifth of the allowed time begins,
at most one day before the deadline. A late task is escalated to the head of its unit: the
holder of a ``kepala_*`` role there, or of the unit's head position; a unit without one passes
it to its parent. Each is sent once per task (the notification key remembers it).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from balai.i18n import _, format_datetime
from balai.identity.directory import role_holders, unit_heads
from balai.notifications import service as notify
from balai.workflow.tables import Task

OPEN = ("terbuka", "menunggu")
REMINDER_SHARE = 0.2
REMINDER_MAX = timedelta(days=1)


def task_link(task: dict) -> str:
    return f"/tasks/{task['id']}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def reminder_due(task: dict, now: datetime) -> bool:
    opened, due = _aware(task["opened_at"]), _aware(task["due_at"])
    lead = min((due - opened) * REMINDER_SHARE, REMINDER_MAX)
    return due - lead <= now < due


async def holders(task: dict) -> list[int]:
    """Who the task is waiting for."""
    if task.get("assignee"):
        return [task["assignee"]]
    if task.get("taken_by"):
        return [task["taken_by"]]
    return await role_holders(task["role"], task["unit"])


_COLUMNS = (Task.id, Task.case, Task.sop, Task.step, Task.unit, Task.role, Task.assignee, Task.taken_by,
            Task.opened_at, Task.due_at, Task.case.reference.as_alias("reference"))


async def remind(now: datetime | None = None) -> int:
    """Send the reminders that are due; returns how many tasks were reminded."""
    now = now or datetime.now(timezone.utc)
    tasks = await Task.select(*_COLUMNS).where(
        Task.state.is_in(OPEN) & (Task.outside == False)  # noqa: E712
        & (Task.due_at > now) & (Task.due_at <= now + REMINDER_MAX)
    )
    tasks = [t for t in tasks if reminder_due(t, now)]
    sent = await _already_sent("pengingat:tugas:", tasks)
    count = 0
    for task in tasks:
        if task["id"] in sent:
            continue
        message = _("Pengingat: tugas %(ref)s (%(step)s) jatuh tempo %(due)s.", ref=task["reference"],
                    step=_step_label(task), due=format_datetime(task["due_at"]))
        if await notify.notify(await holders(task), message, task_link(task), key=f"pengingat:tugas:{task['id']}"):
            count += 1
    return count


async def escalate(now: datetime | None = None) -> int:
    """Tell unit heads about late tasks; returns how many tasks were escalated."""
    now = now or datetime.now(timezone.utc)
    tasks = await Task.select(*_COLUMNS).where(
        Task.state.is_in(OPEN) & (Task.outside == False) & (Task.due_at < now)  # noqa: E712
    )
    sent = await _already_sent("eskalasi:tugas:", tasks)
    count = 0
    for task in tasks:
        if task["id"] in sent:
            continue
        message = _("Tugas %(ref)s (%(step)s) melewati tenggat %(due)s dan belum diselesaikan.",
                    ref=task["reference"], step=_step_label(task), due=format_datetime(task["due_at"]))
        if await notify.notify(await unit_heads(task["unit"]), message, task_link(task),
                               key=f"eskalasi:tugas:{task['id']}"):
            count += 1
    return count


def _step_label(task: dict) -> str:
    from balai.workflow import engine

    sop = engine.sops().get(task["sop"])
    try:
        return str(sop.step(task["step"]).activity) if sop else task["step"]
    except KeyError:  # a step removed from the definition since the task opened
        return task["step"]


async def _already_sent(prefix: str, tasks: list[dict]) -> set[int]:
    """Ids among ``tasks`` that already got the notification keyed ``<prefix><id>``."""
    if not tasks:
        return set()
    keys = [f"{prefix}{t['id']}" for t in tasks]
    rows = await notify.Notification.select(notify.Notification.key).where(notify.Notification.key.is_in(keys))
    return {int(r["key"].removeprefix(prefix)) for r in rows}
