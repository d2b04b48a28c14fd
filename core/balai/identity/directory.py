"""Read-only look-ups of the organisation for plugins: units, and who holds a role where."""

from __future__ import annotations

from balai.identity.tables import RoleAssignment, Unit, User


async def org_units() -> list[dict]:
    """Every unit (id, code, name, kind, parent) in the organisation's order."""
    return await Unit.select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent).order_by(Unit.sort)


async def role_holders(role: str, unit_id: int) -> list[int]:
    """Ids of active users holding ``role`` in the unit or in a unit above it (whose scope covers it)."""
    parents = {u["id"]: u["parent"] for u in await Unit.select(Unit.id, Unit.parent)}
    chain, seen = [], set()
    current = unit_id
    while current is not None and current not in seen:
        seen.add(current)
        chain.append(current)
        current = parents.get(current)
    if not chain:
        return []
    rows = await RoleAssignment.select(RoleAssignment.user).where(
        (RoleAssignment.role == role) & RoleAssignment.unit.is_in(chain)
        & RoleAssignment.user.is_in(User.select(User.id).where(User.active == True))  # noqa: E712
    )
    return sorted({r["user"] for r in rows})
