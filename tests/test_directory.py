"""The identity directory: the one way the rest of Balai asks about units, people and reach."""

from __future__ import annotations

import ast
from pathlib import Path

from balai.i18n import today
from balai.identity import directory

CORE = Path(__file__).resolve().parents[1] / "core" / "balai"


def _task(role, unit, assignee=None):
    return {"id": unit * 100 + (assignee or 0), "role": role, "unit": unit, "assignee": assignee, "taken_by": None}


async def test_reach_covers_the_units_below_and_todays_delegation(demo, make_user):
    from balai.workflow import delegation

    away = await make_user(roles=[("staf", "industri")])
    stand_in = await make_user(roles=[("staf", "perdagangan")])
    other = await make_user(roles=[("staf", "perdagangan")])
    tasks = [
        _task("staf", demo["industri-agro"]),            # below the delegator's unit: handed over
        _task("staf", demo["perdagangan-dn"]),           # below the stand-in's own unit
        _task("staf", demo["keuangan"]),                 # nobody's here
        _task("kepala_bidang", demo["industri"]),        # a role that was not handed over
        _task("staf", demo["keuangan"], assignee=away.id),  # the delegator's own task of that role
    ]

    before = await directory.may_work_on(await stand_in.current(), tasks)
    assert [t["id"] for t in before] == [tasks[1]["id"]]

    await delegation.delegate(await away.current(), stand_in.id, "staf", today(), today())
    me = await stand_in.current()
    mine = await directory.may_work_on(me, tasks)
    assert [t["id"] for t in mine] == [tasks[0]["id"], tasks[1]["id"], tasks[4]["id"]]
    # The same answer when the caller already has the tree (the engine's path).
    with_tree = await directory.reach(me, await directory.unit_tree())
    assert [t["id"] for t in tasks if with_tree.may_hold(t)] == [t["id"] for t in mine]
    assert with_tree.people[away.id] == {"staf"}
    # Someone else holding the same role gets nothing of the delegator's.
    assert [t["id"] for t in await directory.may_work_on(await other.current(), tasks)] == [tasks[1]["id"]]


async def test_the_tree_knows_the_units_below_a_unit(demo):
    tree = await directory.unit_tree()
    below = tree.below[demo["perdagangan"]]
    assert {demo["perdagangan"], demo["perdagangan-dn"]} <= below
    assert demo["industri"] not in below and demo["dinas"] not in below
    assert tree.up(demo["perdagangan-dn"])[:3] == [demo["perdagangan-dn"], demo["perdagangan"], demo["dinas"]]
    assert await directory.units_below(demo["perdagangan"]) == below  # balai.api's answer is the tree's


async def test_the_head_of_a_unit_is_its_kepala_or_head_position_else_the_unit_above(demo, make_user):
    from balai.identity.tables import Position, Unit

    seksi = (await Unit.insert(Unit(code="uji-seksi-ukm", name="Seksi Uji UKM", kind="seksi",
                                    parent=demo["ukm"])).returning(Unit.id))[0]["id"]
    kabid = await make_user(roles=[("kepala_bidang", "ukm")])
    assert kabid.id in await directory.unit_heads(seksi)  # no head of its own: the Kabid above

    kasi = await make_user()
    await Position.insert(Position(name="Kepala Seksi Uji", unit=seksi, holder=kasi.id, is_head=True))
    assert await directory.unit_heads(seksi) == [kasi.id]


def test_tree_order_puts_parents_first_with_their_depth():
    rows = [{"id": 3, "parent": 1}, {"id": 1, "parent": None}, {"id": 2, "parent": 1}, {"id": 4, "parent": 3},
            {"id": 9, "parent": 77}]  # a parent outside the rows: a tree of its own
    assert [(depth, r["id"]) for depth, r in directory.in_tree_order(rows)] == [
        (0, 1), (1, 3), (2, 4), (1, 2), (0, 9)]


def _imports_identity_tables(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "balai.identity.tables":
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "balai.identity" \
                and any(a.name == "tables" for a in node.names):
            return True
        if isinstance(node, ast.Import) and any(a.name == "balai.identity.tables" for a in node.names):
            return True
    return False


# Allowed to read the identity tables: a table's foreign key to core_user/core_unit names the table;
# the demo data and `balai createuser` write the organisation itself; migrations and test fixtures.
def _allowed(rel: str) -> bool:
    return (rel.startswith(("identity/", "testing/")) or "/migrations/" in rel or rel.endswith("/tables.py")
            or rel in ("demo.py", "cli.py"))


def test_outside_identity_the_organisation_is_asked_of_the_directory():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).as_posix()
        if _allowed(rel):
            continue
        if _imports_identity_tables(ast.parse(path.read_text(), rel)):
            offenders.append(rel)
    assert offenders == []


def test_the_workflow_does_not_import_the_identity_tables():
    """The rule above, stated for the workflow, whose every module once queried them."""
    for path in (CORE / "workflow").glob("*.py"):
        if path.name != "tables.py":
            assert not _imports_identity_tables(ast.parse(path.read_text())), path.name


async def test_settings_read_what_was_written(app):
    from balai.settings import service as settings

    await settings.write("uji.satu", {"value": 1})
    await settings.write("uji.satu", {"value": 2})  # a second write replaces, never duplicates
    await settings.write("uji.dua", [1, 2])
    assert await settings.read(["uji.satu", "uji.dua", "uji.tidak-ada"]) == {"uji.satu": {"value": 2},
                                                                           "uji.dua": [1, 2]}


async def test_a_head_by_position_heads_the_unit_and_below_without_a_kepala_role(app, make_user):
    """The Sekretaris holds the Sekretariat's head position (role "sekretaris", not kepala_*): a
    head all the same, in every check that asks reach(user).heads (oversight, reassigning, files)."""
    from tests.standin_support import small_dinas

    org = await small_dinas(make_user)
    sekretaris = await org.people["sekretaris"].current()
    assert sekretaris.head_of == (org.units["sekretariat"],)
    r = await directory.reach(sekretaris)
    assert {org.units["sekretariat"], org.units["umum"]} <= r.heads and org.units["bidang"] not in r.heads
    # the same with the tree given (the slower path)
    r2 = await directory.reach(sekretaris, await directory.unit_tree())
    assert r2.heads == r.heads
    staf = await org.people["staf_umum"].current()
    assert staf.head_of == () and not (await directory.reach(staf)).heads
