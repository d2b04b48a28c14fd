"""Reading and writing workflow rows: transactions, reference numbers, who may work on what.

Everything here is plain data in and out (dicts like the ones the hooks receive); the rules of
moving a case on live in :mod:`balai.workflow.engine`.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from balai.db import write_transaction
from balai.workflow.tables import Case, CaseEvent, ReferenceCounter, Task

OPEN = ("terbuka", "menunggu")


def now() -> datetime:
    return datetime.now(timezone.utc)


tx = write_transaction  # one write transaction, IMMEDIATE on SQLite (balai.db)


async def next_reference(prefix: str, year: int) -> str:
    """The next gap-free number for ``prefix``/``year``, e.g. ``SM/2026/000123``.

    Must run inside the case-creating transaction: the UPDATE locks the counter row until the
    case is committed, and a rolled-back case gives its number back.
    """
    key = f"{prefix}/{year}"
    await ReferenceCounter.raw(
        "INSERT INTO core_reference_counter (key, n) VALUES ({}, 0) ON CONFLICT (key) DO NOTHING", key
    )
    rows = await ReferenceCounter.raw(
        "UPDATE core_reference_counter SET n = n + 1 WHERE key = {} RETURNING n", key
    )
    return f"{key}/{rows[0]['n']:06d}"


# --- rows ----------------------------------------------------------------------------------

async def case_row(case_id: int) -> dict | None:
    return await Case.select().where(Case.id == case_id).output(load_json=True).first()


async def task_row(task_id: int) -> dict | None:
    return await Task.select().where(Task.id == task_id).output(load_json=True).first()


async def tasks_of(case_id: int) -> list[dict]:
    return await Task.select().where(Task.case == case_id).order_by(Task.id).output(load_json=True)


async def events_of(case_id: int) -> list[dict]:
    return await CaseEvent.select().where(CaseEvent.case == case_id).order_by(CaseEvent.id).output(load_json=True)


async def add_event(case_id: int, *, task: int | None, actor, step: str = "", action: str = "", label="",
                    note: str = "", data: dict | None = None, actor_name: str = "", sop: str = "",
                    outsider: bool = False) -> None:
    """One timeline entry. On a sealed case (its SOP's code ``sop``, looked up when not given) the
    note and data are sealed, and so is the name of an ``outsider`` (someone not signed in)."""
    from balai.sealed import service as sealing

    actor_name = actor_name or getattr(actor, "full_name", "")
    data = data or {}
    if sealing.needed():
        if not sop:
            row = await Case.select(Case.sop).where(Case.id == case_id).first()
            sop = row["sop"] if row else ""
        if sealing.policy(sop) is not None:
            note, data, actor_name = sealing.seal_event(case_id, note, data, actor_name, outsider)
    await CaseEvent.insert(
        CaseEvent(case=case_id, task=task, at=now(), actor=getattr(actor, "id", None),
                  actor_name=actor_name, step=step, action=action,
                  label=str(label)[:200], note=note, data=data)
    )


def end_of_day(day: date) -> datetime:
    from balai.i18n import agency_tz

    return datetime(day.year, day.month, day.day, 23, 59, tzinfo=agency_tz()).astimezone(timezone.utc)
