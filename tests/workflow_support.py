"""Helpers for the workflow tests: fresh users holding given roles, seen as the engine sees them."""

from __future__ import annotations

import itertools
import secrets

_counter = itertools.count(1)


async def person(app, *roles: tuple[str, int], name: str = "") -> object:
    """A new active user holding ``roles`` ((role code, unit id) pairs), as a CurrentUser.

    The user's username is ``u.<random>`` and the password ``demo-pass``.
    """
    from balai.demo import assign, ensure_user
    from balai.identity.auth import start_session, user_for_session

    username = f"u{next(_counter)}.{secrets.token_hex(3)}"
    uid = await ensure_user(username, name or f"Pegawai {username}", "demo-pass")
    for role, unit in roles:
        await assign(uid, role, unit)
    return await user_for_session(await start_session(uid), app.state.catalogue)


async def fresh(app, user) -> object:
    """The same user re-read (after roles or delegations changed)."""
    from balai.identity.auth import start_session, user_for_session

    return await user_for_session(await start_session(user.id), app.state.catalogue)


async def open_task(case_id: int) -> dict:
    from balai.workflow.tables import Task

    rows = await Task.select().where((Task.case == case_id) & Task.state.is_in(["terbuka", "menunggu"])) \
        .order_by(Task.id).output(load_json=True)
    assert len(rows) == 1, rows
    return rows[0]


async def open_tasks(case_id: int) -> list[dict]:
    from balai.workflow.tables import Task

    return await Task.select().where((Task.case == case_id) & Task.state.is_in(["terbuka", "menunggu"])) \
        .order_by(Task.id).output(load_json=True)


async def new_unit(parent: int, name: str = "") -> int:
    """A fresh unit under ``parent``, so that a test's inbox holds only its own tasks."""
    from balai.identity.tables import Unit

    code = f"uji-{secrets.token_hex(4)}"
    rows = await Unit.insert(Unit(code=code, name=name or f"Unit {code}", kind="seksi", parent=parent)) \
        .returning(Unit.id)
    return rows[0]["id"]


def hx(target: str) -> dict:
    """Headers of an HTMX request aimed at element ``target``."""
    return {"HX-Request": "true", "HX-Target": target}
