"""The organisation as the rest of Balai sees it: units and their tree, people, who holds a role
where, and reach (what a user may work on, delegations included). Code outside ``identity/`` asks
here instead of querying the identity tables; plugins get the public part through ``balai.api``."""

from __future__ import annotations

from dataclasses import dataclass, field

from balai.i18n import today
from balai.identity.access import subtrees
from balai.identity.tables import Position, RoleAssignment, Unit, User


async def org_units() -> list[dict]:
    """Every unit (id, code, name, kind, parent) in the organisation's order."""
    return await Unit.select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent).order_by(Unit.sort)


async def role_holders(role: str, unit_id: int | None) -> list[int]:
    """Ids of active users holding ``role`` in the unit or in a unit above it (whose scope covers it);
    with ``unit_id`` None, every active holder of the role, wherever they hold it."""
    active = RoleAssignment.user.is_in(User.select(User.id).where(User.active == True))  # noqa: E712
    if unit_id is None:
        rows = await RoleAssignment.select(RoleAssignment.user).where((RoleAssignment.role == role) & active)
        return sorted({r["user"] for r in rows})
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
        (RoleAssignment.role == role) & RoleAssignment.unit.is_in(chain) & active
    )
    return sorted({r["user"] for r in rows})


# --- a user's units (for open_case(unit_id=...) and record-level checks) -------------------------

def user_units(user) -> list[int]:
    """The units where ``user`` (a :class:`balai.api.CurrentUser`) holds a role, each once, in the
    order the roles were given."""
    return list(dict.fromkeys(unit for _role, unit in user.roles))


def unit_of(user, role: str | None = None) -> int | None:
    """The user's unit: where they hold ``role`` when given and held, else the unit of their first
    role; ``None`` for a user without roles. The usual ``unit_id`` for ``open_case``."""
    if role is not None:
        held = next((unit for code, unit in user.roles if code == role), None)
        if held is not None:
            return held
    units = user_units(user)
    return units[0] if units else None


async def units_below(unit_id: int) -> set[int]:
    """The unit and every unit under it in the organisation tree (a role held there covers them)."""
    return set((await unit_tree()).below.get(unit_id, set()))


# --- the unit tree -------------------------------------------------------------------------------
# The directory is the only way code outside identity/ asks about units, people, role holders and
# reach; each function below is one round trip (the inbox counts them).

def in_tree_order(rows: list[dict], parent: str = "parent") -> list[tuple[int, dict]]:
    """``(depth, row)`` for rows of a tree, each parent before its children, siblings in the
    order given. A row whose ``parent`` is not among the rows starts a tree of its own."""
    ids = {r["id"] for r in rows}
    children: dict[int | None, list[dict]] = {}
    for r in rows:
        children.setdefault(r[parent] if r[parent] in ids else None, []).append(r)
    ordered: list[tuple[int, dict]] = []

    def walk(of: int | None, depth: int) -> None:
        for r in children.get(of, []):
            ordered.append((depth, r))
            walk(r["id"], depth + 1)

    walk(None, 0)
    return ordered


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


def tree_of(rows) -> Tree:
    parent = {r["id"]: r["parent"] for r in rows}
    return Tree(parent=parent, below=subtrees(list(parent.items())))


async def unit_tree() -> Tree:
    """The organisation tree: each unit's parent, and the units below each unit."""
    return tree_of(await Unit.select(Unit.id, Unit.parent))


async def units_in_order() -> list[dict]:
    """Every unit (id, name, parent, sort), parents before children, with its ``depth`` (for pickers)."""
    rows = await Unit.select(Unit.id, Unit.name, Unit.parent, Unit.sort).order_by(Unit.sort).order_by(Unit.id)
    return [{**row, "depth": depth} for depth, row in in_tree_order(rows)]


async def unit_names(ids=None) -> dict[int, str]:
    """unit id -> name, for ``ids`` (every unit when None)."""
    query = Unit.select(Unit.id, Unit.name)
    if ids is not None:
        ids = sorted({i for i in ids if i})
        if not ids:
            return {}
        query = query.where(Unit.id.is_in(ids))
    return {u["id"]: u["name"] for u in await query}


async def unit_by_code(code: str) -> int | None:
    row = await Unit.select(Unit.id).where(Unit.code == code).first()
    return row["id"] if row else None


async def unit_heads(unit_id: int, climb: bool = True) -> list[int]:
    """The head of a unit: holders of a ``kepala_*`` role there or of its head position; a unit
    without one passes the question to its parent (the nearest unit above that has a head), unless
    ``climb`` is False (then a unit without a head of its own has none)."""
    seen = set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        by_role = await RoleAssignment.select(RoleAssignment.user).where(
            (RoleAssignment.unit == unit_id) & RoleAssignment.role.like("kepala_%")
        )
        by_position = await Position.select(Position.holder).where(
            (Position.unit == unit_id) & (Position.is_head == True) & Position.holder.is_not_null()  # noqa: E712
        )
        heads = {r["user"] for r in by_role} | {r["holder"] for r in by_position}
        if heads or not climb:
            return sorted(heads)
        parent = await Unit.select(Unit.parent).where(Unit.id == unit_id).first()
        unit_id = parent["parent"] if parent else None
    return []


# --- people -----------------------------------------------------------------------------------

async def people(ids) -> dict[int, dict]:
    """user id -> {id, full_name, active} (inactive users too: they stay named in old cases)."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    return {u["id"]: u for u in await User.select(User.id, User.full_name, User.active).where(User.id.is_in(ids))}


async def account(user_id: int) -> dict | None:
    """What Balai keeps of a person's account (never the password hash) and the roles they hold:
    a personal-data export (balai.personaldata)."""
    row = await User.select(User.id, User.username, User.full_name, User.nip, User.golongan, User.email, User.phone,
                            User.active, User.created_at, User.last_login).where(User.id == user_id).first()
    if row:
        row["roles"] = await RoleAssignment.select(RoleAssignment.role, RoleAssignment.unit.name.as_alias("unit")) \
            .where(RoleAssignment.user == user_id)
    return row


async def user_names(ids) -> dict[int, str]:
    """user id -> full name."""
    return {i: person["full_name"] for i, person in (await people(ids)).items()}


async def contacts(ids) -> list[dict]:
    """Active users among ``ids`` with what a notifier needs: username, full_name, email, phone."""
    return await User.select(User.id, User.username, User.full_name, User.email, User.phone).where(
        User.id.is_in(list(ids)) & (User.active == True)  # noqa: E712  (Piccolo builds SQL from ==)
    )


async def username(user_id: int) -> str | None:
    row = await User.select(User.username).where(User.id == user_id).first()
    return row["username"] if row else None


async def is_active(user_id: int) -> bool | None:
    """True/False for an active/inactive user, None when there is no such user."""
    row = await User.select(User.active).where(User.id == user_id).first()
    return None if row is None else bool(row["active"])


# --- role holders ------------------------------------------------------------------------------

async def holds_role(user_id: int, role: str) -> bool:
    """Whether the user holds ``role`` in any unit."""
    return await RoleAssignment.exists().where((RoleAssignment.user == user_id) & (RoleAssignment.role == role))


async def roles_of(user_ids) -> dict[int, list[tuple[str, int]]]:
    """user id -> [(role, unit)] in the order the roles were given."""
    ids = sorted({i for i in user_ids if i})
    if not ids:
        return {}
    held: dict[int, list[tuple[str, int]]] = {}
    for a in await RoleAssignment.select(RoleAssignment.user, RoleAssignment.role, RoleAssignment.unit) \
            .where(RoleAssignment.user.is_in(ids)).order_by(RoleAssignment.id):
        held.setdefault(a["user"], []).append((a["role"], a["unit"]))
    return held


async def holders_of(role: str) -> dict[int, list[int]]:
    """unit id -> user ids holding ``role`` there (active users only)."""
    rows = await RoleAssignment.select(RoleAssignment.unit, RoleAssignment.user).where(
        (RoleAssignment.role == role) & (RoleAssignment.user.active == True)  # noqa: E712
    )
    found: dict[int, list[int]] = {}
    for row in rows:
        found.setdefault(row["unit"], []).append(row["user"])
    return found


async def holder_units(user_id: int, role: str) -> list[int]:
    """The units where an active user holds ``role``."""
    rows = await RoleAssignment.select(RoleAssignment.unit).where(
        (RoleAssignment.user == user_id) & (RoleAssignment.role == role)
        & (RoleAssignment.user.active == True)  # noqa: E712
    )
    return [r["unit"] for r in rows]


async def holders_named(roles, exclude_user: int | None = None) -> list[dict]:
    """Active holders of any of ``roles``, by name: {role, user, name, unit, unit_name}, one row per
    assignment (a person holding a role in two units appears twice)."""
    roles = sorted(set(roles))
    if not roles:
        return []
    where = RoleAssignment.role.is_in(roles) & (RoleAssignment.user.active == True)  # noqa: E712
    if exclude_user is not None:
        where &= RoleAssignment.user != exclude_user
    rows = await RoleAssignment.select(
        RoleAssignment.role, RoleAssignment.user, RoleAssignment.user.full_name, RoleAssignment.unit,
        RoleAssignment.unit.name,
    ).where(where).order_by(RoleAssignment.user.full_name)
    return [{"role": r["role"], "user": r["user"], "name": r["user.full_name"], "unit": r["unit"],
             "unit_name": r["unit.name"]} for r in rows]


# --- reach: what one user may work on, delegations included --------------------------------------

# The unit tree and the user's running delegations and stand-ins in one round trip (every inbox
# page needs both). core_delegation is the workflow's table; the session lookup (identity/auth.py)
# reads it the same way. A row with a position is a Plh/Plt appointment (balai.identity.positions).
_TREE_AND_DELEGATIONS = """
SELECT id, parent, NULL AS from_user, NULL AS role, NULL AS position FROM core_unit
UNION ALL
SELECT NULL, NULL, from_user, role, position FROM core_delegation
WHERE to_user = {} AND cancelled_at IS NULL AND starts_on <= {} AND ends_on >= {}
"""
_DELEGATIONS = """
SELECT from_user, role, position FROM core_delegation
WHERE to_user = {} AND cancelled_at IS NULL AND starts_on <= {} AND ends_on >= {}
"""


@dataclass
class Reach:
    """What one user may work on: pool tasks per role (unit ids) and people whose tasks they hold.

    A role held in a unit covers that unit and every unit below it. While a delegation runs,
    the delegate also reaches the delegator's tasks of the delegated role. While a Plh/Plt
    appointment runs, the stand-in reaches the position's work: tasks marked with the position,
    the holder's tasks of the position's roles, and the pool of those roles in its unit and below
    (``positions``; :meth:`acting_for` says when a task is reached only that way).
    """

    user_id: int
    pool: dict[str, set[int]] = field(default_factory=dict)
    people: dict[int, set[str] | None] = field(default_factory=dict)  # user -> roles (None: all)
    heads: set[int] = field(default_factory=set)  # units this user heads (kepala_* or head position), with subunits
    positions: dict = field(default_factory=dict)  # position id -> StandIn running today
    # (StandIn, holder, roles, units covered) per appointment, kept apart from pool/people so that
    # acting_for can tell work of one's own (or delegated) from work done as a Plh/Plt.
    standing: list = field(default_factory=list)
    own_pool: dict[str, set[int]] | None = None
    own_people: dict[int, set[str] | None] | None = None

    def may_hold(self, task: dict) -> bool:
        """Whether the user may work on ``task`` (a task dict: role, unit, assignee, taken_by)."""
        if task.get("position") in self.positions:
            return True
        holder = task.get("taken_by") or task.get("assignee")
        if holder:
            roles = self.people.get(holder, set())
            return roles is None or task["role"] in roles
        return task["unit"] in self.pool.get(task["role"], ())

    def acting_for(self, task: dict):
        """The Plh/Plt appointment (a :class:`balai.identity.positions.StandIn`) through which the
        user may work on ``task``; None when it is theirs anyway (own roles, own task, delegation)."""
        if not self.standing:
            return None
        holder = task.get("taken_by") or task.get("assignee")
        if holder:
            roles = (self.own_people or {}).get(holder, set())
            if roles is None or task["role"] in roles:
                return None
        elif task["unit"] in (self.own_pool or {}).get(task["role"], ()):
            return None
        if task.get("position") in self.positions:
            return self.positions[task["position"]]
        for stand_in, position_holder, roles, units in self.standing:
            if task["role"] in roles and ((holder and holder == position_holder) or (not holder and task["unit"] in units)):
                return stand_in
        return None


async def reach(user, tree: Tree | None = None) -> Reach:
    """What ``user`` (a CurrentUser) may work on: their roles over their units and below, and
    today's delegations and Plh/Plt appointments to them. No query when the session lookup already
    brought the covered units and nothing is handed to them; otherwise one (two with ``tree`` given
    and a delegation), and a few more while they stand in for a position."""
    known = getattr(user, "covered", None)
    if tree is None and known is not None and not getattr(user, "delegated", None) \
            and not getattr(user, "standing_in", None):
        return _own_reach(user, lambda unit: known.get(unit, {unit}))
    day = today()
    if tree is None:
        rows = await Unit.raw(_TREE_AND_DELEGATIONS, user.id, day, day)
        tree = tree_of([row for row in rows if row["id"] is not None])
        handed_rows = [row for row in rows if row["id"] is None]
    else:
        handed_rows = await Unit.raw(_DELEGATIONS, user.id, day, day)
    delegations = [row for row in handed_rows if row["position"] is None and row["from_user"] is not None]
    r = _own_reach(user, lambda unit: tree.below.get(unit, {unit}))
    if delegations:
        handed: dict[int, set[str]] = {}
        for d in delegations:
            handed.setdefault(d["from_user"], set()).add(d["role"])
        held = await RoleAssignment.select(RoleAssignment.user, RoleAssignment.role, RoleAssignment.unit).where(
            RoleAssignment.user.is_in(list(handed))
        )
        for h in held:
            if h["role"] in handed[h["user"]]:
                r.pool.setdefault(h["role"], set()).update(tree.below.get(h["unit"], {h["unit"]}))
        for who, roles in handed.items():
            if who != user.id:
                r.people[who] = roles
    if any(row["position"] is not None for row in handed_rows):
        await _stand_in_reach(r, user.id, day, tree)
    return r


async def _stand_in_reach(r: Reach, user_id: int, day, tree: Tree) -> None:
    """Add the positions ``user_id`` stands in for today to ``r``."""
    from balai.identity.positions import standing_for

    r.own_pool = {role: set(units) for role, units in r.pool.items()}
    r.own_people = {who: (None if roles is None else set(roles)) for who, roles in r.people.items()}
    for stand_in, holder, roles in await standing_for(user_id, day):
        units = tree.below.get(stand_in.unit_id, {stand_in.unit_id})
        r.positions[stand_in.position_id] = stand_in
        r.standing.append((stand_in, holder, roles, units))
        for role in roles:
            r.pool.setdefault(role, set()).update(units)
        if holder and holder != user_id and roles:
            known = r.people.get(holder, set())
            if known is not None:
                r.people[holder] = known | roles


def _own_reach(user, below) -> Reach:
    """What the user's own roles reach; ``below(unit)`` gives the unit and every unit under it."""
    r = Reach(user_id=user.id, people={user.id: None})
    for role, unit in user.roles:
        covered = below(unit)
        r.pool.setdefault(role, set()).update(covered)
        if role.startswith("kepala_"):
            r.heads |= covered
    for unit in getattr(user, "head_of", ()):  # a head by position: the Sekretaris, a Kepala Bidang
        r.heads |= below(unit)
    return r


async def may_work_on(user, tasks: list[dict]) -> list[dict]:
    """The tasks among ``tasks`` that ``user`` may work on (their roles' reach and today's
    delegations to them), in the same order."""
    r = await reach(user)
    return [t for t in tasks if r.may_hold(t)]


async def unit_for(role: str, start: int, tree: Tree) -> int:
    """The unit whose holders of ``role`` get a task that starts at unit ``start``.

    The nearest holder up the organisation tree; failing that, the first holder below it;
    failing that, any holder; and when nobody holds the role, ``start`` itself.
    """
    held = await holders_of(role)
    for unit in tree.up(start):
        if unit in held:
            return unit
    below = sorted(tree.below.get(start, {start}) & held.keys())
    if below:
        return below[0]
    return min(held) if held else start
