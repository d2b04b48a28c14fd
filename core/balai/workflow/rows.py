"""What plugins get from the workflow: the shape of a case and a task, their states, their pages.

The engine hands plain dicts (``open_case``, ``get_case``, ``case_tasks`` and every workflow hook
receive them); :class:`Case` and :class:`Task` say which keys they carry, for readers and type
checkers alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict


class TaskState:
    """The values of ``Task["state"]``."""

    TERBUKA = "terbuka"  # in an inbox, waiting for its holder
    MENUNGGU = "menunggu"  # handed to an outside system, waiting for its answer
    SELESAI = "selesai"  # done by an action
    DIBATALKAN = "dibatalkan"  # the case ended while it was open
    OPEN = (TERBUKA, MENUNGGU)  # the states an inbox shows


class CaseState:
    """The values of ``Case["state"]`` (``Case["outcome"]`` says how a closed case ended)."""

    BERJALAN = "berjalan"  # running: some task is open
    SELESAI = "selesai"
    DITOLAK = "ditolak"
    DIBATALKAN = "dibatalkan"  # withdrawn by whoever asked (withdraw_case)


class Case(TypedDict):
    """One run of an SOP."""

    id: int
    sop: str  # the SOP's code, "<plugin>.<name>"
    reference: str  # "SM/2026/000123": the SOP's prefix, the year, a gap-free number
    subject: str
    unit: int  # the unit the case belongs to (open_case's unit_id)
    state: str  # a CaseState value
    outcome: str  # "selesai", "ditolak", or an outside system's answer; "" while running
    opened_by: int | None  # user id; None when opened without a signed-in user
    requester: int | None  # open_case(requester=...): the person the case is for, if not the opener
    opened_at: datetime
    changed_at: datetime
    closed_at: datetime | None
    record_type: str  # open_case(record=(record_type, record_id)): the plugin's own row
    record_id: int | None
    data: dict[str, Any]  # open_case(data=...)


class Task(TypedDict):
    """One step of a case in someone's inbox (open) or in its history (closed)."""

    id: int
    case: int  # the case's id
    sop: str
    step: str  # the Step's code
    state: str  # a TaskState value
    outside: bool  # done through a public page, in nobody's inbox
    unit: int  # the unit whose holders of ``role`` may do it
    role: str
    assignee: int | None  # a person chosen for it (assign="opener", a disposisi to a person, reassign)
    taken_by: int | None  # who claimed it
    opened_at: datetime
    due_at: datetime | None  # from the step's time standard and the working calendar
    closed_at: datetime | None
    closed_by: int | None
    action: str  # the action code that closed it
    note: str
    parent_task: int | None  # the task whose disposisi opened this one
    fanout_root: int | None
    instruction: str  # the disposisi's instruction
    data: dict[str, Any]  # the fields submitted with its actions


def case_url(case_id: int) -> str:
    """The page of a case."""
    return f"/cases/{int(case_id)}"


def task_url(task_id: int) -> str:
    """The page of a task (what a notification links to)."""
    return f"/tasks/{int(task_id)}"
