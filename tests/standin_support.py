"""A small Dinas of its own for the superior and stand-in tests: units, head positions and their
holders, so that a test's chain and inbox depend on nothing another test does to the demo tree."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field


@dataclass
class Org:
    units: dict[str, int] = field(default_factory=dict)  # code -> id
    positions: dict[str, int] = field(default_factory=dict)  # code -> head position id
    people: dict[str, object] = field(default_factory=dict)  # name -> TestUser


# (code, name, kind, parent, head position, head's roles in the unit)
TREE = (
    ("dinas", "Dinas Uji", "dinas", None, "Kepala Dinas Uji", ("kepala_dinas",)),
    ("sekretariat", "Sekretariat Uji", "sekretariat", "dinas", "Sekretaris Uji", ("sekretaris",)),
    ("umum", "Sub Bagian Umum Uji", "subbag", "sekretariat", "Kepala Sub Bagian Umum Uji", ("kasubag_umum",)),
    ("bidang", "Bidang Perindustrian Uji", "bidang", "dinas", "Kepala Bidang Perindustrian Uji", ("kepala_bidang",)),
    ("seksi", "Seksi Industri Agro Uji", "seksi", "bidang", "Kepala Seksi Industri Agro Uji", ("kepala_seksi",)),
)


async def small_dinas(make_user, vacant: tuple[str, ...] = ()) -> Org:
    """A Dinas with a Sekretariat (Sub Bagian Umum) and a Bidang (one Seksi): each unit's head
    position held by a new user (``kadis``, ``sekretaris``, ``kasubag``, ``kabid``, ``kasi``) but
    those named in ``vacant``; ``staf_seksi`` and ``staf_umum`` are staff of the Seksi and the Sub
    Bagian, holding ``staf``."""
    from balai.demo import assign
    from balai.identity.tables import Position, Unit

    tag = secrets.token_hex(3)
    org = Org()
    heads = {"dinas": "kadis", "sekretariat": "sekretaris", "umum": "kasubag", "bidang": "kabid", "seksi": "kasi"}
    for code, name, kind, parent, position, roles in TREE:
        rows = await Unit.insert(Unit(code=f"{code}-{tag}", name=f"{name} {tag}", kind=kind,
                                      parent=org.units.get(parent) if parent else None)).returning(Unit.id)
        unit = org.units[code] = rows[0]["id"]
        person = heads[code]
        holder = None
        if person not in vacant:
            user = org.people[person] = await _person(make_user, f"{person.title()} {tag}")
            holder = user.id
            for role in roles:
                await assign(user.id, role, unit)
        rows = await Position.insert(Position(name=f"{position} {tag}", eselon="III.a", unit=unit, is_head=True,
                                              holder=holder)).returning(Position.id)
        org.positions[code] = rows[0]["id"]
    for person, code in (("staf_seksi", "seksi"), ("staf_umum", "umum")):
        user = org.people[person] = await _person(make_user, f"{person.title()} {tag}")
        await assign(user.id, "staf", org.units[code])
        await Position.insert(Position(name="Pelaksana", unit=org.units[code], holder=user.id))
    return org


async def _person(make_user, name: str):
    user = await make_user(full_name=name)
    user.full_name = name  # what the chain and the timeline name them by
    return user
