"""Scheduled jobs of the clocks: a reminder before a clock runs out, escalation once it has.

Both follow the task deadlines' jobs (balai.workflow.deadlines): run once across workers by the
job leases, sent through the notifications, each once per clock and extension (the notification
key remembers it; an extension earns a new reminder). A reminder goes to the people the case's
open tasks wait for when ``Clock.reminder_days`` (a fifth of the length by default) or fewer
days are left; escalation to the head of the case's unit when the deadline has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from balai import context
from balai.i18n import _, format_datetime
from balai.identity.directory import unit_heads
from balai.notifications import service as notify
from balai.workflow.deadlines import holders
from balai.workflow.rows import case_url
from balai.workflow.store import OPEN
from balai.workflow.tables import Case, Task

from balai.clocks.service import RUNNING, standing
from balai.clocks.tables import CaseClock

# Far enough to hold any reminder window (at most 60 working days before a deadline).
LOOKAHEAD = timedelta(days=120)

_COLUMNS = (CaseClock.id, CaseClock.case, CaseClock.sop, CaseClock.code, CaseClock.state, CaseClock.due_at,
            CaseClock.unit, CaseClock.length, CaseClock.extended, CaseClock.extensions, CaseClock.rule,
            CaseClock.segments, CaseClock.stopped_at, CaseClock.case.reference.as_alias("reference"),
            CaseClock.case.unit.as_alias("case_unit"))


def _key(prefix: str, row: dict) -> str:
    return f"{prefix}:jam:{row['id']}:{row['extensions']}"


def _label(row: dict) -> str:
    sop = context.current().sops.get(row["sop"])
    clock = sop.clock(row["code"]) if sop else None
    return str(clock.label) if clock else row["code"]


def _reminder_days(row: dict) -> int:
    sop = context.current().sops.get(row["sop"])
    clock = sop.clock(row["code"]) if sop else None
    return clock.reminder_days if clock else max(1, row["length"] // 5)


async def _sent(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    rows = await notify.Notification.select(notify.Notification.key).where(notify.Notification.key.is_in(keys))
    return {r["key"] for r in rows}


async def _people_on(case_id: int) -> list[int]:
    tasks = await Task.select().where((Task.case == case_id) & Task.state.is_in(list(OPEN)) & (Task.outside == False))  # noqa: E712
    people: list[int] = []
    for task in tasks:
        people += [p for p in await holders(task) if p not in people]
    return people


async def remind(now: datetime | None = None) -> int:
    """Send the reminders that are due; returns how many clocks were reminded."""
    now = now or datetime.now(timezone.utc)
    rows = await CaseClock.select(*_COLUMNS).where(
        (CaseClock.state == RUNNING) & (CaseClock.due_at > now) & (CaseClock.due_at <= now + LOOKAHEAD)
    ).output(load_json=True)
    due = [r for r in rows if (standing(r, now)["days_left"] or 0) <= _reminder_days(r)]
    sent = await _sent([_key("pengingat", r) for r in due])
    count = 0
    for row in due:
        if _key("pengingat", row) in sent:
            continue
        people = await _people_on(row["case"]) or await unit_heads(row["case_unit"])
        message = _("Pengingat: %(jam)s kasus %(ref)s jatuh tempo %(due)s (%(sisa)s).", jam=_label(row),
                    ref=row["reference"], due=format_datetime(row["due_at"]), sisa=standing(row, now)["status"])
        if await notify.notify(people, message, case_url(row["case"]), key=_key("pengingat", row)):
            count += 1
    return count


async def escalate(now: datetime | None = None) -> int:
    """Tell the head of the case's unit about clocks past their deadline; returns how many."""
    now = now or datetime.now(timezone.utc)
    rows = await CaseClock.select(*_COLUMNS).where((CaseClock.state == RUNNING) & (CaseClock.due_at < now)) \
        .output(load_json=True)
    sent = await _sent([_key("eskalasi", r) for r in rows])
    count = 0
    for row in rows:
        if _key("eskalasi", row) in sent:
            continue
        message = _("%(jam)s kasus %(ref)s melewati tenggat %(due)s dan belum dipenuhi.", jam=_label(row),
                    ref=row["reference"], due=format_datetime(row["due_at"]))
        if await notify.notify(await unit_heads(row["case_unit"]), message, case_url(row["case"]),
                               key=_key("eskalasi", row)):
            count += 1
    return count
