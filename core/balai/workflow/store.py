"""Reading and writing workflow rows: transactions, reference numbers, who may work on what.

Everything here is plain data in and out (dicts like the ones the hooks receive); the rules of
moving a case on live in :mod:`balai.workflow.engine`.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from balai.identity.access import subtrees
from balai.i18n import today
from balai.identity.tables import RoleAssignment, Unit, User
from balai.workflow.tables import Case, CaseEvent, Delegation, ReferenceCounter, Task

OPEN = ("terbuka", "menunggu")


def now() -> datetime:
    return datetime.now(timezone.utc)


@asynccontextmanager
async def tx():
    """One write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE):
    a deferred transaction that reads first and writes later fails when another writer
    committed in between, instead of waiting its turn."""
    db = Task._meta.db
    if isinstance(db, SQLiteEngine):
        async with db.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with db.transaction():
            yield


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
                    note: str = "", data: dict | None = None, actor_name: str = "") -> None:
    await CaseEvent.insert(
        CaseEvent(case=case_id, task=task, at=now(), actor=getattr(actor, "id", None),
                  actor_name=actor_name or getattr(actor, "full_name", ""), step=step, action=action,
                  label=str(label)[:200], note=note, data=data or {})
    )


async def user_names(ids) -> dict[int, str]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(ids))
    return {r["id"]: r["full_name"] for r in rows}


# --- the organisation tree and who may work on what ---------------------------------------

@dataclass
class Tree:
    parent: dict[int, int | None]
    below: dict[int, set[int]]  # unit -> the unit and all its descendants

    def up(self, unit_id: int) -> list[int]:
        """The unit and its ancestors, nearest first."""
        chain, seen = [], set()
        while unit_id is not None and unit_id not in seen:
            chain.append(unit_id)
            seen.add(unit_id)
            unit_id = self.parent.get(unit_id)
        return chain


async def tree() -> Tree:
    rows = await Unit.select(Unit.id, Unit.parent)
    return _tree(rows)


def _tree(rows) -> Tree:
    parent = {r["id"]: r["parent"] for r in rows}
    return Tree(parent=parent, below=subtrees(list(parent.items())))


# The unit tree and the user's running delegations in one round trip (every inbox page needs both).
_TREE_AND_DELEGATIONS = """
SELECT id, parent, NULL AS from_user, NULL AS role FROM core_unit
UNION ALL
SELECT NULL, NULL, from_user, role FROM core_delegation
WHERE to_user = {} AND cancelled_at IS NULL AND starts_on <= {} AND ends_on >= {}
"""


@dataclass
class Reach:
    """What one user may work on: pool tasks per role (unit ids) and people whose tasks they hold.

    A role held in a unit covers that unit and every unit below it. While a delegation runs,
    the delegate also reaches the delegator's tasks of the delegated role.
    """

    user_id: int
    pool: dict[str, set[int]] = field(default_factory=dict)
    people: dict[int, set[str] | None] = field(default_factory=dict)  # user -> roles (None: all)
    heads: set[int] = field(default_factory=set)  # units this user heads (kepala_*), with subunits

    def may_hold(self, task: dict) -> bool:
        holder = task.get("taken_by") or task.get("assignee")
        if holder:
            roles = self.people.get(holder, set())
            return roles is None or task["role"] in roles
        return task["unit"] in self.pool.get(task["role"], ())


async def reach(user, t: Tree | None = None) -> Reach:
    known = getattr(user, "covered", None)
    if t is None and known is not None and not getattr(user, "delegated", None):
        # The session lookup already brought the units the roles cover, and no delegation runs.
        return _own_reach(user, lambda unit: known.get(unit, {unit}))
    day = today()
    if t is None:
        rows = await Unit.raw(_TREE_AND_DELEGATIONS, user.id, day, day)
        t = _tree([row for row in rows if row["id"] is not None])
        delegations = [row for row in rows if row["id"] is None]
    else:
        delegations = await Delegation.select(Delegation.from_user, Delegation.role).where(
            (Delegation.to_user == user.id) & Delegation.cancelled_at.is_null()
            & (Delegation.starts_on <= day) & (Delegation.ends_on >= day)
        )
    r = _own_reach(user, lambda unit: t.below.get(unit, {unit}))
    if delegations:
        roles_of = {}
        for d in delegations:
            roles_of.setdefault(d["from_user"], set()).add(d["role"])
        held = await RoleAssignment.select(RoleAssignment.user, RoleAssignment.role, RoleAssignment.unit).where(
            RoleAssignment.user.is_in(list(roles_of))
        )
        for h in held:
            if h["role"] in roles_of[h["user"]]:
                r.pool.setdefault(h["role"], set()).update(t.below.get(h["unit"], {h["unit"]}))
        for who, roles in roles_of.items():
            if who != user.id:
                r.people[who] = roles
    return r


def _own_reach(user, below) -> Reach:
    """What the user's own roles reach; ``below(unit)`` gives the unit and every unit under it."""
    r = Reach(user_id=user.id, people={user.id: None})
    for role, unit in user.roles:
        covered = below(unit)
        r.pool.setdefault(role, set()).update(covered)
        if role.startswith("kepala_"):
            r.heads |= covered
    return r


async def holders_of(role: str) -> dict[int, list[int]]:
    """unit id -> user ids holding ``role`` there (active users only)."""
    rows = await RoleAssignment.select(RoleAssignment.unit, RoleAssignment.user).where(
        (RoleAssignment.role == role) & (RoleAssignment.user.active == True)  # noqa: E712
    )
    found: dict[int, list[int]] = {}
    for row in rows:
        found.setdefault(row["unit"], []).append(row["user"])
    return found


async def unit_for(role: str, start: int, t: Tree) -> int:
    """The unit whose holders of ``role`` get a task that starts at unit ``start``.

    The nearest holder up the organisation tree; failing that, the first holder below it;
    failing that, any holder; and when nobody holds the role, ``start`` itself.
    """
    held = await holders_of(role)
    for unit in t.up(start):
        if unit in held:
            return unit
    below = sorted(t.below.get(start, {start}) & held.keys())
    if below:
        return below[0]
    return min(held) if held else start


def end_of_day(day: date) -> datetime:
    from balai.i18n import agency_tz

    return datetime(day.year, day.month, day.day, 23, 59, tzinfo=agency_tz()).astimezone(timezone.utc)
