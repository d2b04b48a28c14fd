"""Positions as the office works with them: who heads a unit today, the superior chain, and the
stand-ins (Plh, Plt) appointed for a position.

A staff member's direct superior is the head of their unit (Kasi, Kasubag), the next the head of
the unit above (Kepala Bidang, Sekretaris), and so on up to the Kepala Dinas, whose superior is
outside the Dinas. A head's superior is the head of the parent unit. The head of a unit is the
holder of its head position (``is_head``), else a holder of a ``kepala_*`` role there; a head
position nobody holds is vacant. While a Plh or Plt runs for a head position, the position's work
reaches the stand-in, who acts with the position's title ("Plh. Kepala Bidang Perindustrian").

Stand-ins are rows of ``core_delegation`` with ``kind`` "plh" or "plt" (the workflow's table, as
for user-to-user delegation): read here, written by :mod:`balai.workflow.delegation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from balai.i18n import _, today
from balai.identity.tables import Position, RoleAssignment, Unit, User

PREFIXES = MappingProxyType({"plh": "Plh.", "plt": "Plt."})


@dataclass(frozen=True)
class StandIn:
    """A Plh or Plt appointed for a head position for a period, by a letter."""

    id: int
    kind: str  # "plh" or "plt"
    user_id: int  # the stand-in
    name: str
    position_id: int
    position: str  # the position's name: "Kepala Bidang Perindustrian"
    unit_id: int
    starts_on: date
    ends_on: date
    letter_number: str = ""
    letter_date: date | None = None
    role: str = ""  # the position's role named at appointment (a vacant position has no holder to ask)

    @property
    def prefix(self) -> str:
        return PREFIXES.get(self.kind, "")

    @property
    def title(self) -> str:
        """What the stand-in signs as: "Plh. Kepala Bidang Perindustrian"."""
        return f"{self.prefix} {self.position}"

    def as_dict(self) -> dict:
        """For the timeline and documents (JSON): who stood in for which position, by which letter."""
        return {"jenis": self.kind, "awalan": self.prefix, "jabatan": self.position, "sebagai": self.title,
                "jabatan_id": self.position_id, "penunjukan": self.id, "surat": self.letter_number,
                "tanggal_surat": self.letter_date.isoformat() if self.letter_date else None}


@dataclass(frozen=True)
class Superior:
    """One level of a superior chain: a unit's head position, who holds it and who acts in it today.

    ``outside`` marks the level above the Kepala Dinas (outside the Dinas: nobody in Balai).
    ``user_id`` is who the work goes to now: the stand-in while one runs, else the holder; None
    when the position is vacant and nobody stands in.
    """

    title: str
    unit_id: int | None = None
    unit_name: str = ""
    position_id: int | None = None
    holder_id: int | None = None
    holder_name: str = ""
    stand_in: StandIn | None = None
    outside: bool = False

    @property
    def user_id(self) -> int | None:
        return self.stand_in.user_id if self.stand_in else self.holder_id

    @property
    def name(self) -> str:
        return self.stand_in.name if self.stand_in else self.holder_name

    @property
    def printed_title(self) -> str:
        return self.stand_in.title if self.stand_in else self.title

    @property
    def vacant(self) -> bool:
        return not self.outside and self.holder_id is None


# --- stand-ins ------------------------------------------------------------------------------------


async def stand_ins(*, user_id: int | None = None, positions=None, day: date | None = None) -> list[StandIn]:
    """The Plh/Plt appointments running on ``day`` (today), for a stand-in or for positions."""
    from balai.workflow.tables import Delegation  # the workflow's table; identity only reads it

    day = day or today()
    where = (Delegation.kind.is_in(list(PREFIXES)) & Delegation.cancelled_at.is_null()
             & (Delegation.starts_on <= day) & (Delegation.ends_on >= day))
    if user_id is not None:
        where &= Delegation.to_user == user_id
    if positions is not None:
        positions = sorted({p for p in positions if p})
        if not positions:
            return []
        where &= Delegation.position.is_in(positions)
    rows = await Delegation.select(
        Delegation.id, Delegation.kind, Delegation.to_user, Delegation.to_user.full_name, Delegation.position,
        Delegation.position.name, Delegation.position.unit, Delegation.starts_on, Delegation.ends_on,
        Delegation.letter_number, Delegation.letter_date, Delegation.role,
    ).where(where).order_by(Delegation.id)
    return [_stand_in(r) for r in rows]


def _stand_in(r: dict) -> StandIn:
    return StandIn(id=r["id"], kind=r["kind"], user_id=r["to_user"], name=r["to_user.full_name"] or "",
                   position_id=r["position"], position=r["position.name"] or "", unit_id=r["position.unit"],
                   starts_on=r["starts_on"], ends_on=r["ends_on"], letter_number=r["letter_number"] or "",
                   letter_date=r["letter_date"], role=r["role"] or "")


async def head_positions() -> list[dict]:
    """Every head position (id, name, unit, unit_name, holder, holder_name), in the tree's order:
    the positions a Plh or Plt can be appointed for."""
    from balai.identity.directory import in_tree_order

    units = await Unit.select(Unit.id, Unit.name, Unit.parent, Unit.sort).order_by(Unit.sort).order_by(Unit.id)
    order = {row["id"]: i for i, (_depth, row) in enumerate(in_tree_order(units))}
    rows = await Position.select(
        Position.id, Position.name, Position.unit, Position.unit.name, Position.holder, Position.holder.full_name,
    ).where(Position.is_head == True)  # noqa: E712
    found = [{"id": r["id"], "name": r["name"], "unit": r["unit"], "unit_name": r["unit.name"],
              "holder": r["holder"], "holder_name": r["holder.full_name"] or ""} for r in rows]
    return sorted(found, key=lambda p: (order.get(p["unit"], 1 << 30), p["id"]))


async def position_holder(position_id: int) -> int | None:
    """Who holds a head position today: its holder (when active), else a holder of a ``kepala_*``
    role in its unit (an organisation whose positions are not filled in yet); None when vacant."""
    heads = await _heads()
    for unit, head in heads.items():
        if head["position"] == position_id:
            return head["holder"]
    return None


async def position_roles(position_id: int, holder: int | None, named: str = "") -> set[str]:
    """The roles a position's work is done in: those its holder holds in the position's unit, and
    the role named at the appointment (all a vacant position has)."""
    roles = {named} if named else set()
    row = await Position.select(Position.unit).where(Position.id == position_id).first()
    if row and holder:
        held = await RoleAssignment.select(RoleAssignment.role).where(
            (RoleAssignment.user == holder) & (RoleAssignment.unit == row["unit"]))
        roles |= {r["role"] for r in held}
    return roles


async def standing_for(user_id: int, day: date | None = None) -> list[tuple[StandIn, int | None, set[str]]]:
    """The positions ``user_id`` stands in for on ``day``: (appointment, the position's holder today
    or None, the position's roles). What :func:`balai.identity.directory.reach` adds for a Plh/Plt."""
    running = await stand_ins(user_id=user_id, day=day)
    if not running:
        return []
    heads = await _heads()
    holder_of = {h["position"]: h["holder"] for h in heads.values() if h["position"]}
    holders = {holder_of.get(s.position_id) for s in running} - {None}
    held: dict[tuple[int, int], set[str]] = {}
    if holders:
        for r in await RoleAssignment.select(RoleAssignment.user, RoleAssignment.unit, RoleAssignment.role).where(
                RoleAssignment.user.is_in(sorted(holders))):
            held.setdefault((r["user"], r["unit"]), set()).add(r["role"])
    found = []
    for s in running:
        holder = holder_of.get(s.position_id)
        roles = set(held.get((holder, s.unit_id), set())) if holder else set()
        if s.role:
            roles.add(s.role)
        found.append((s, holder, roles))
    return found


async def stand_ins_for_task(task: dict, told) -> list[int]:
    """The Plh/Plt running today whom a new task concerns: of the task's position, or of a head
    position whose holder is among ``told`` when the task is in the position's roles and units
    (or, for a vacant position, in its named role there and nobody's own). One query when none runs."""
    running = await stand_ins()
    if not running:
        return []
    from balai.identity.directory import unit_tree

    heads = await _heads()
    holder_of = {h["position"]: h["holder"] for h in heads.values() if h["position"]}
    below = (await unit_tree()).below
    told = set(told)
    found = []
    for s in running:
        within = task["unit"] in below.get(s.unit_id, {s.unit_id})
        holder = holder_of.get(s.position_id)
        if task.get("position") == s.position_id:
            found.append(s.user_id)
        elif within and holder in told and task["role"] in await position_roles(s.position_id, holder, s.role):
            found.append(s.user_id)
        elif within and holder is None and s.role == task["role"] and not task.get("assignee"):
            found.append(s.user_id)
    return found


# --- heads and the superior chain -----------------------------------------------------------------


async def _heads() -> dict[int, dict]:
    """unit id -> {position, title, holder, holder_name} for every unit that has a head (position
    or ``kepala_*`` role); holder None for a vacant head position."""
    positions = await Position.select(
        Position.id, Position.name, Position.unit, Position.holder, Position.holder.full_name,
        Position.holder.active,
    ).where(Position.is_head == True).order_by(Position.id)  # noqa: E712
    by_role = await RoleAssignment.select(
        RoleAssignment.user, RoleAssignment.unit, RoleAssignment.user.full_name,
    ).where(RoleAssignment.role.like("kepala_%") & (RoleAssignment.user.active == True)).order_by(  # noqa: E712
        RoleAssignment.id)
    heads: dict[int, dict] = {}
    for p in positions:
        if p["unit"] in heads:
            continue
        active = p["holder"] is not None and bool(p["holder.active"])
        heads[p["unit"]] = {"position": p["id"], "title": p["name"], "holder": p["holder"] if active else None,
                            "holder_name": p["holder.full_name"] if active else ""}
    for r in by_role:
        head = heads.get(r["unit"])
        if head is None:
            heads[r["unit"]] = {"position": None, "title": "", "holder": r["user"], "holder_name": r["user.full_name"]}
        elif head["holder"] is None:
            head.update(holder=r["user"], holder_name=r["user.full_name"])
    return heads


async def _own_place(user_id: int, heads: dict[int, dict]) -> tuple[int | None, bool]:
    """(unit, heads it) for a user: their head position, else their staff position, else where they
    hold a ``kepala_*`` role (as its head), else the unit of their first role."""
    held = await Position.select(Position.unit, Position.is_head).where(Position.holder == user_id).order_by(
        Position.id)
    for p in held:
        if p["is_head"]:
            return p["unit"], True
    for unit, head in heads.items():
        if head["holder"] == user_id and head["position"] is None:
            return unit, True
    if held:
        return held[0]["unit"], False
    role = await RoleAssignment.select(RoleAssignment.unit).where(RoleAssignment.user == user_id).order_by(
        RoleAssignment.id).first()
    return (role["unit"], False) if role else (None, False)


async def superiors(user_id: int, day: date | None = None) -> list[Superior]:
    """The superior chain of a user, nearest first, ending with the level outside the Dinas.

    Every unit with a head gives one level, a vacant head position included (``vacant``, and
    ``user_id`` None unless a Plt/Plh stands in); a unit without any head is passed over. Empty for
    a user with neither a position nor a role.
    """
    heads = await _heads()
    unit, is_head = await _own_place(user_id, heads)
    if unit is None:
        return []
    units = {u["id"]: u for u in await Unit.select(Unit.id, Unit.name, Unit.parent)}
    running = {s.position_id: s for s in await stand_ins(positions=[h["position"] for h in heads.values()], day=day)}
    chain: list[Superior] = []
    current = units[unit]["parent"] if is_head else unit
    seen = set()
    while current is not None and current in units and current not in seen:
        seen.add(current)
        head = heads.get(current)
        if head is not None and head["holder"] != user_id:
            name = units[current]["name"]
            chain.append(Superior(
                title=head["title"] or _("Kepala %(unit)s", unit=name), unit_id=current, unit_name=name,
                position_id=head["position"], holder_id=head["holder"], holder_name=head["holder_name"] or "",
                stand_in=running.get(head["position"])))
        current = units[current]["parent"]
    chain.append(Superior(title=_("Atasan di luar Dinas"), outside=True))
    return chain


async def superior(user_id: int, day: date | None = None, level: int = 1) -> Superior | None:
    """The direct superior: the nearest level someone acts in today (a vacant position without a
    stand-in passes to the next one up), or the level outside the Dinas (``outside``) for the
    Kepala Dinas. ``level=2`` is the superior's superior (the next acting level), and so on; a chain
    shorter than that ends outside the Dinas. None for a user with neither a position nor a role."""
    acting = [s for s in await superiors(user_id, day) if s.outside or s.user_id is not None]
    if not acting:
        return None
    return acting[min(level, len(acting)) - 1]


async def position_titles(ids) -> dict[int, str]:
    """user id -> the name of the position they hold (a head position first): what a paraf or
    a list of approvals prints beside a name. Users without a position are left out."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    rows = await Position.select(Position.holder, Position.name, Position.is_head).where(
        Position.holder.is_in(ids)).order_by(Position.id)
    titles: dict[int, str] = {}
    for r in sorted(rows, key=lambda r: not r["is_head"]):
        titles.setdefault(r["holder"], r["name"])
    return titles


async def acted_as(event: dict) -> str:
    """The title someone acted with in a timeline ``event``: "Plh. Kepala Bidang ..." when a Plh/Plt
    acted, else the position the actor holds ("" when none)."""
    sebagai = (event.get("data") or {}).get("sebagai") if isinstance(event.get("data"), dict) else None
    if sebagai:
        return sebagai.get("sebagai", "")
    return (await position_titles([event.get("actor")])).get(event.get("actor"), "")


async def acting_signature(block, event: dict | None):
    """The signature block ``block`` (a :class:`balai.api.Signature`) as whoever acted in ``event``
    (the timeline entry of the signing step) signed it: with "Plh."/"Plt." before the title and the
    stand-in's name, pangkat and NIP when a stand-in signed; ``block`` unchanged otherwise."""
    sebagai = ((event or {}).get("data") or {}).get("sebagai") if block is not None else None
    if not sebagai:
        return block
    from balai.identity.nip import pangkat, parse_nip

    person = (await people_details([event.get("actor")])).get(event.get("actor")) or {}
    grade = person.get("golongan") or ""
    nip = person.get("nip") or ""
    try:
        nip = str(parse_nip(nip)) if nip else ""  # printed in groups: 19730314 199803 2 009
    except ValueError:
        pass
    return block.acting(sebagai.get("awalan", ""), name=person.get("full_name") or event.get("actor_name", ""),
                        pangkat=f"{pangkat(grade)} ({grade})" if grade and pangkat(grade) else "", nip=nip)


async def active_people() -> list[dict]:
    """Every active user (id, full_name, username) by name: whom a Plh/Plt can be chosen from."""
    return await User.select(User.id, User.full_name, User.username).where(User.active == True).order_by(  # noqa: E712
        User.full_name)


async def people_details(ids) -> dict[int, dict]:
    """user id -> {full_name, nip, golongan}: what a signature block prints of a person."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    rows = await User.select(User.id, User.full_name, User.nip, User.golongan).where(User.id.is_in(ids))
    return {r["id"]: r for r in rows}
