"""The inbox query: my tasks and the untaken tasks of my units, in a fixed number of queries.

A task is in a user's inbox when it is open or waiting and either held by the user (assignee
or taken_by, or held by someone who delegated that role to the user), or untaken in a unit
where the user holds the task's role (directly or in an ancestor unit). Roles, not
permissions, decide. Whatever the number of rows: the unit tree, the delegations, one count
and one page of rows joined with their case.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import reduce

from piccolo.engine.sqlite import SQLiteEngine
from piccolo.querystring import QueryString

from balai import i18n
from balai.i18n import local
from balai.workflow import store
from balai.workflow.store import OPEN, Reach, now
from balai.workflow.tables import Task

PER_PAGE = 25
# Each sort is a list of (term, ascending). Tasks without a deadline come after those with one,
# on PostgreSQL and SQLite alike (they disagree on where NULL sorts).
SORTS = {
    "tenggat": [(QueryString('"core_task"."due_at" IS NULL'), True), (Task.due_at, True)],
    "terbaru": [(Task.opened_at, False)],
    "terlama": [(Task.opened_at, True)],
    "nomor": [(Task.case.reference, True)],
}


def _sorted(query, sort: str):
    for term, ascending in SORTS[sort]:
        query = query.order_by(term, ascending=ascending)
    return query.order_by(Task.id)
STATES = ("terbuka", "menunggu")


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
        try:
            page = max(int(params.get("page") or 1), 1)
        except ValueError:
            page = 1
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


def visible(reach: Reach):
    """The WHERE clause of a user's inbox (without filters)."""
    held = [Task.assignee == reach.user_id, Task.taken_by == reach.user_id]
    for person, roles in reach.people.items():
        if person == reach.user_id:
            continue
        for column in (Task.assignee, Task.taken_by):
            held.append((column == person) & Task.role.is_in(sorted(roles)))
    pool = [
        (Task.role == role) & Task.unit.is_in(sorted(units))
        for role, units in sorted(reach.pool.items()) if units
    ]
    mine = reduce(operator.or_, held)
    if pool:
        mine = mine | (Task.assignee.is_null() & Task.taken_by.is_null() & reduce(operator.or_, pool))
    return Task.state.is_in(list(OPEN)) & (Task.outside == False) & mine  # noqa: E712


def _filtered(where, f: Filters):
    if f.sop:
        where = where & (Task.sop == f.sop)
    if f.state:
        where = where & (Task.state == f.state)
    moment = now()
    if f.overdue:
        where = where & (Task.due_at < moment)
    if f.due_today:
        today = local(moment).date()
        start = datetime.combine(today, time(0), i18n._tz)
        where = where & (Task.due_at >= start) & (Task.due_at < start + timedelta(days=1))
    if f.q:
        like = f"%{f.q}%"
        # SQLite's LIKE already ignores case (ASCII); PostgreSQL needs ILIKE.
        op = "like" if isinstance(Task._meta.db, SQLiteEngine) else "ilike"
        where = where & (getattr(Task.case.reference, op)(like) | getattr(Task.case.subject, op)(like))
    return where


COLUMNS = (
    Task.id, Task.case, Task.sop, Task.step, Task.state, Task.unit, Task.role, Task.assignee, Task.taken_by,
    Task.opened_at, Task.due_at, Task.instruction, Task.parent_task,
    Task.case.reference, Task.case.subject, Task.unit.name, Task.taken_by.full_name, Task.assignee.full_name,
)


async def inbox(user, f: Filters | None = None, per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    """One page of the inbox and the number of matching tasks: one query after ``reach``."""
    f = f or Filters()
    where = _filtered(visible(await store.reach(user)), f)
    # One statement: the page's ids are chosen on the task table alone (sorting before joining),
    # then only those rows are joined with their case, unit and people; the count rides along.
    page = _sorted(Task.select(Task.id).where(where), f.sort).limit(per_page).offset((f.page - 1) * per_page)
    total_column = QueryString("({})", Task.count().where(where).querystrings[0]).as_alias("total")
    rows = await _sorted(Task.select(*COLUMNS, total_column).where(Task.id.is_in(page)), f.sort)
    if rows:
        total = rows[0]["total"]
    else:
        total = await Task.count().where(where) if f.page > 1 else 0
    moment = now()
    for row in rows:
        row["overdue"] = bool(row["due_at"] and row["due_at"] < moment)
    return rows, total


async def count(user) -> int:
    return await Task.count().where(visible(await store.reach(user)))
