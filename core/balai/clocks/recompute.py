"""When the calendar changes (an agency holiday added or removed, a late cuti bersama, office
hours, a counting rule), every open deadline it touches is recomputed: task due dates that came
from their step's time standard, and running clocks. Each affected case's timeline says so."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from balai import context
from balai.calendar.service import WorkCalendar
from balai.i18n import _, format_datetime
from balai.workflow import store
from balai.workflow.tables import Task

from balai.clocks.service import RUNNING, _aware, _label, compute
from balai.clocks.tables import CaseClock, ClockEvent


async def deadlines(before: WorkCalendar, after: WorkCalendar, *, day: date | None, reason: str, user) -> int:
    """Recompute what the change from ``before`` to ``after`` moves (``day``: only deadlines
    whose span holds that day; None: every open one). Runs in the caller's transaction; returns
    the number of cases whose deadlines moved."""
    changes: dict[int, dict[str, list]] = {}
    start = end = None
    if day is not None:
        start = datetime.combine(day, time(0), after.tz).astimezone(timezone.utc)
        end = start + timedelta(days=1)
    await _tasks(before, after, start, end, changes)
    await _clocks(after, start, end, reason, user, changes)
    for case_id, moved in sorted(changes.items()):
        await store.add_event(case_id, task=None, actor=user, action="tenggat_ulang", label=_("Tenggat dihitung ulang"),
                              note=reason, data=moved)
    return len(changes)


def _moved(changes: dict, case_id: int, kind: str, name: str, old: datetime | None, new: datetime | None) -> None:
    changes.setdefault(case_id, {"tugas": [], "jam": []})[kind].append(
        {"nama": name, "dari": format_datetime(old, "full") if old else "", "menjadi": format_datetime(new, "full")})


async def _tasks(before: WorkCalendar, after: WorkCalendar, start, end, changes: dict) -> None:
    sops = context.current().sops
    where = Task.state.is_in(list(store.OPEN)) & Task.due_at.is_not_null()
    if start is not None:
        where &= (Task.opened_at < end) & (Task.due_at >= start)
    for task in await Task.select(Task.id, Task.case, Task.sop, Task.step, Task.opened_at, Task.due_at).where(where):
        sop = sops.get(task["sop"])
        try:
            step = sop.step(task["step"]) if sop else None
        except KeyError:
            step = None
        if step is None or step.time_standard is None:
            continue
        due = _aware(task["due_at"])
        if abs((before.due_at(task["opened_at"], step.time_standard) - due).total_seconds()) > 1:
            continue  # set by hand (a disposisi's own date): not the calendar's to move
        new = after.due_at(task["opened_at"], step.time_standard).astimezone(timezone.utc)
        if new == due:
            continue
        await Task.update({Task.due_at: new}).where(Task.id == task["id"])
        _moved(changes, task["case"], "tugas", str(step.activity), due, new)


async def _clocks(after: WorkCalendar, start, end, reason: str, user, changes: dict) -> None:
    sops = context.current().sops
    where = CaseClock.state == RUNNING
    if start is not None:
        where &= (CaseClock.due_at >= start)
    for row in await CaseClock.select().where(where).output(load_json=True):
        deadline = compute(row, after)[0]
        if deadline is None:
            continue
        old, new = _aware(row["due_at"]), deadline.due_at.astimezone(timezone.utc)
        if old == new:
            continue
        await CaseClock.update({CaseClock.due_at: new}).where(CaseClock.id == row["id"])
        actor_id = getattr(user, "id", None)
        await ClockEvent.insert(ClockEvent(clock=row["id"], case=row["case"], at=store.now(), kind="hitung_ulang",
                                           actor=actor_id, actor_name=getattr(user, "full_name", "") or _("Sistem"),
                                           reason=reason, due_before=old, due_after=new))
        _moved(changes, row["case"], "jam", _label(sops.get(row["sop"]), row["code"]), old, new)
