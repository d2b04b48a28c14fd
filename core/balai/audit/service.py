"""The audit log: who changed what, when and from where.

Append-only: this module only inserts. Nothing in Balai updates or deletes ``core_audit`` rows,
so the log cannot be edited through the application. Call :func:`record` inside the same
transaction as the change it describes, so that a change and its entry stand or fall together.
"""

from __future__ import annotations

from datetime import datetime

from balai.db import page_number
from balai.identity import directory
from balai.audit.tables import AuditEntry

PER_PAGE = 50


async def record(actor, action: str, object_type: str = "", object_id: object = "", detail: dict | None = None,
                 ip: str = "") -> None:
    """Write one entry. ``actor`` is a :class:`balai.api.CurrentUser`, a user id, or ``None`` (the system)."""
    actor_id = getattr(actor, "id", actor)
    name = getattr(actor, "username", "")
    if actor_id is not None and not name:
        name = await directory.username(actor_id) or ""
    await AuditEntry.insert(
        AuditEntry(actor=actor_id, actor_name=name, action=action, object_type=object_type,
                   object_id=str(object_id), detail=detail or {}, ip=ip)
    )


async def entries(actor: str = "", action: str = "", object_type: str = "", since: datetime | None = None,
                  until: datetime | None = None, page: int = 1, per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    """Entries newest first, filtered; returns (rows, total)."""
    where = []
    if actor:
        where.append(AuditEntry.actor_name == actor.strip().lower())
    if action:
        where.append(AuditEntry.action.like(f"{action.strip()}%"))
    if object_type:
        where.append(AuditEntry.object_type == object_type.strip())
    if since:
        where.append(AuditEntry.at >= since)
    if until:
        where.append(AuditEntry.at < until)
    query = AuditEntry.select().order_by(AuditEntry.id, ascending=False).output(load_json=True)
    count = AuditEntry.count()
    for clause in where:
        query = query.where(clause)
        count = count.where(clause)
    rows = await query.limit(per_page).offset((page_number(page) - 1) * per_page)
    return rows, await count
