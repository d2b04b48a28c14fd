"""The inbox query: my tasks and the untaken tasks of my units, in a fixed number of queries.

A task is in a user's inbox when it is open or waiting and either held by the user (assignee
or taken_by, or held by someone who delegated that role to the user), or untaken in a unit
where the user holds the task's role (directly or in an ancestor unit), or the work of a position
the user is Plh/Plt of today. Roles, not
permissions, decide. Whatever the number of rows, one statement after the session lookup (which
brings the units the user's roles cover and any delegation): the page of rows joined with their
case, and the count. A running delegation adds the delegators' roles: one lookup more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from types import MappingProxyType

from piccolo.engine.sqlite import SQLiteEngine

from balai.identity import directory
from balai import i18n
from balai.web.inputs import query_text
from balai.db import page_number
from balai.i18n import local
from balai.workflow import store
from balai.identity.directory import Reach
from balai.workflow.store import OPEN, now
from balai.workflow.tables import Task

PER_PAGE = 25
_NEAREST_CLOCK = "(SELECT MIN(kc.due_at) FROM core_case_clock kc WHERE kc.\"case\" = t.\"case\" AND kc.state = 'berjalan')"
# Each sort is an ORDER BY over the task table (alias t, and c for its case). Tasks without a
# deadline come after those with one, on PostgreSQL and SQLite alike (they disagree on where
# NULL sorts by default); the task id breaks ties so pages never overlap.
SORTS = MappingProxyType({
    "tenggat": "t.due_at IS NULL, t.due_at, t.id",
    "terbaru": "t.opened_at DESC, t.id",
    "terlama": "t.opened_at, t.id",
    "nomor": "c.reference, t.id",
    # the case's running clock due first (balai.clocks); cases without one after, by task deadline
    "jam": f"{_NEAREST_CLOCK} IS NULL, {_NEAREST_CLOCK}, t.due_at IS NULL, t.due_at, t.id",
})
STATES = ("terbuka", "menunggu")
# Written into the SQL as literals, not parameters: PostgreSQL can then match the partial
# indexes on open tasks in a cached (generic) plan instead of planning every request anew.
_OPEN_SQL = "(" + ", ".join(f"'{state}'" for state in OPEN) + ")"


# The inbox's ?state= filter: `state` is Litestar's own name for a handler parameter.
StateParam = query_text(16, query="state")


@dataclass
class Filters:
    sop: str = ""
    state: str = ""
    overdue: bool = False
    due_today: bool = False
    q: str = ""
    sort: str = "tenggat"
    page: int = 1

    @classmethod
    def from_query(cls, params) -> Filters:
        page = page_number(params.get("page"))
        sort = params.get("sort") or "tenggat"
        state = params.get("state") or ""
        return cls(
            sop=(params.get("sop") or "").strip(),
            state=state if state in STATES else "",
            overdue=params.get("overdue") in ("1", "on", "true"),
            due_today=params.get("due_today") in ("1", "on", "true"),
            q=(params.get("q") or "").strip()[:100],
            sort=sort if sort in SORTS else "tenggat",
            page=page,
        )


class _Sql:
    """A WHERE clause under construction: SQL text with ``{}`` placeholders and their values."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.args: list = []

    def value(self, value) -> str:
        self.args.append(value)
        return "{}"

    def values(self, values) -> str:
        return "(" + ", ".join(self.value(v) for v in values) + ")"

    def add(self, part: str) -> None:
        self.parts.append(part)

    @property
    def text(self) -> str:
        return " AND ".join(self.parts)


def visible(reach: Reach) -> _Sql:
    """The WHERE clause of a user's inbox (without filters), over ``core_task t``."""
    where = _Sql()
    # Every placeholder takes its own value, in the order the text reads.
    held = [f"t.assignee = {where.value(reach.user_id)}", f"t.taken_by = {where.value(reach.user_id)}"]
    for person, roles in reach.people.items():
        if person == reach.user_id:
            continue
        for column in ("t.assignee", "t.taken_by"):
            held.append(f"({column} = {where.value(person)} AND t.role IN {where.values(sorted(roles))})")
    pool = [
        f"(t.role = {where.value(role)} AND t.unit IN {where.values(sorted(units))})"
        for role, units in sorted(reach.pool.items()) if units
    ]
    if pool:
        held.append("(t.assignee IS NULL AND t.taken_by IS NULL AND (" + " OR ".join(pool) + "))")
    if reach.positions:  # the work of a position this user is Plh/Plt of today
        held.append(f"t.position IN {where.values(sorted(reach.positions))}")
    where.add(f"t.state IN {_OPEN_SQL}")
    where.add("t.outside = false")
    where.add("(" + " OR ".join(held) + ")")
    return where


def _filtered(where: _Sql, f: Filters) -> _Sql:
    if f.sop:
        where.add(f"t.sop = {where.value(f.sop)}")
    if f.state:
        where.add(f"t.state = {where.value(f.state)}")
    moment = now()
    if f.overdue:
        where.add(f"t.due_at < {where.value(moment)}")
    if f.due_today:
        start = datetime.combine(local(moment).date(), time(0), i18n.agency_tz())
        where.add(f"t.due_at >= {where.value(start)} AND t.due_at < {where.value(start + timedelta(days=1))}")
    if f.q:
        like = f"%{f.q}%"
        # SQLite's LIKE already ignores case (ASCII); PostgreSQL needs ILIKE.
        op = "LIKE" if isinstance(Task._meta.db, SQLiteEngine) else "ILIKE"
        where.add(f"(c.reference {op} {where.value(like)} OR c.subject {op} {where.value(like)})")
    return where


def _tasks(where: _Sql, f: Filters) -> str:
    """FROM and WHERE over the tasks ``where`` admits; the case is joined only when needed."""
    join_case = bool(f.q) or f.sort == "nomor"
    return ('core_task t JOIN core_case c ON c.id = t."case"' if join_case else "core_task t") + " WHERE " + where.text


_COLUMNS = """\
    t.id, t."case", t.sop, t.step, t.state, t.unit, t.role, t.assignee, t.taken_by,
    t.opened_at, t.due_at, t.instruction, t.parent_task, t.position,
    c.reference AS "case.reference", c.subject AS "case.subject", u.name AS "unit.name",
    taker.full_name AS "taken_by.full_name", holder.full_name AS "assignee.full_name"
"""
# The nearest running clock of each row's case (balai.clocks), for the page's rows only: one
# scalar subquery on the running-clock index, "code|unit|rule|due_at" (one subquery plans faster
# than a join or several).
_CLOCK_COLUMNS = """,
    (SELECT k.code || '|' || k.unit || '|' || k.rule || '|' || CAST(k.due_at AS TEXT) FROM core_case_clock k
     WHERE k."case" = t."case" AND k.state = 'berjalan' ORDER BY k.due_at, k.id LIMIT 1) AS "clock.key"
"""


async def inbox(user, f: Filters | None = None, per_page: int = PER_PAGE,
                clocks: bool = True) -> tuple[list[dict], int]:
    """One page of the inbox and the number of matching tasks, in one statement. ``clocks``: with
    each row's nearest running clock (False: without, as bench/bench_inbox_clocks.py compares)."""
    f = f or Filters()
    where = _filtered(visible(await directory.reach(user)), f)
    tasks, order = _tasks(where, f), SORTS[f.sort]
    # One statement: the page's ids are chosen on the task table alone (sorting before joining),
    # then only those rows are joined with their case, unit and people; the count rides along.
    # The WHERE appears twice, so its values are bound twice.
    sql = f"""SELECT {_COLUMNS}{_CLOCK_COLUMNS if clocks else ""}, (SELECT COUNT(*) FROM {tasks}) AS total
    FROM core_task t JOIN core_case c ON c.id = t."case"
    LEFT JOIN core_unit u ON u.id = t.unit
    LEFT JOIN core_user taker ON taker.id = t.taken_by
    LEFT JOIN core_user holder ON holder.id = t.assignee
    WHERE t.id IN (SELECT t.id FROM {tasks} ORDER BY {order} LIMIT {int(per_page)} OFFSET {int((f.page - 1) * per_page)})
    ORDER BY {order}"""
    rows = await Task.raw(sql, *where.args, *where.args)
    if rows:
        total = rows[0]["total"]
    else:
        total = await _count(where, f) if f.page > 1 else 0
    moment = now()
    for row in rows:
        row["overdue"] = bool(row["due_at"] and row["due_at"] < moment)
    # A sealed case's subject is stored as a placeholder (so search never finds its words): its
    # readers see the real one, everyone else the placeholder.
    from balai.sealed.service import inbox_rows

    return await inbox_rows(user, rows), total


async def _count(where: _Sql, f: Filters) -> int:
    rows = await Task.raw(f"SELECT COUNT(*) AS n FROM {_tasks(where, f)}", *where.args)
    return rows[0]["n"]


async def count(user) -> int:
    return await _count(visible(await directory.reach(user)), Filters())
