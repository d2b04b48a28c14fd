"""Delegation while away: a user hands the tasks of one role to another holder of that role.

While the period runs the delegate sees, in their own inbox, the delegator's tasks of that role
and the pool tasks of the delegator's units, and may act on them (see ``balai.identity.directory.reach``).
"""

from __future__ import annotations

from datetime import date

from balai.i18n import _, today
from balai.identity import directory
from balai.workflow.engine import ActionError
from balai.workflow.store import now
from balai.workflow.tables import Delegation


async def delegate(user, to_user_id: int, role: str, starts_on: date, ends_on: date, note: str = "") -> dict:
    errors = []
    if not any(r == role for r, _u in user.roles):
        errors.append(_("Anda tidak memegang peran tersebut."))
    if to_user_id == user.id:
        errors.append(_("Tugas tidak dapat didelegasikan kepada diri sendiri."))
    if ends_on < starts_on:
        errors.append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if ends_on < today():
        errors.append(_("Periode delegasi sudah lewat."))
    if not await directory.is_active(to_user_id):
        errors.append(_("Pegawai penerima delegasi tidak ditemukan."))
    elif not await directory.holds_role(to_user_id, role):
        errors.append(_("Penerima delegasi harus juga memegang peran tersebut."))
    if errors:
        raise ActionError(errors)
    rows = await Delegation.insert(
        Delegation(from_user=user.id, to_user=to_user_id, role=role, starts_on=starts_on, ends_on=ends_on,
                   note=(note or "").strip())
    ).returning(Delegation.id)
    from balai.audit.service import record

    await record(user, "workflow.delegasi", "delegation", rows[0]["id"],
                 {"kepada": to_user_id, "peran": role, "mulai": starts_on.isoformat(), "selesai": ends_on.isoformat()})
    return await Delegation.select().where(Delegation.id == rows[0]["id"]).first()


async def cancel(user, delegation_id: int) -> None:
    updated = await Delegation.update({Delegation.cancelled_at: now()}).where(
        (Delegation.id == delegation_id) & (Delegation.from_user == user.id) & Delegation.cancelled_at.is_null()
    ).returning(Delegation.id)
    if not updated:
        raise ActionError(_("Delegasi tidak ditemukan."))


async def mine(user) -> dict[str, list[dict]]:
    """Delegations given and received by ``user`` that have not ended, newest first."""
    day = today()
    cols = (Delegation.all_columns(), Delegation.from_user.full_name, Delegation.to_user.full_name)
    given = await Delegation.select(*cols).where(
        (Delegation.from_user == user.id) & Delegation.cancelled_at.is_null() & (Delegation.ends_on >= day)
    ).order_by(Delegation.id, ascending=False)
    received = await Delegation.select(*cols).where(
        (Delegation.to_user == user.id) & Delegation.cancelled_at.is_null() & (Delegation.ends_on >= day)
    ).order_by(Delegation.id, ascending=False)
    return {"given": given, "received": received}


async def candidates(user) -> list[dict]:
    """Other active holders of the roles ``user`` holds: who may receive a delegation."""
    roles = sorted({r for r, _u in user.roles})
    if not roles:
        return []
    seen, found = set(), []
    for r in await directory.holders_named(roles, exclude_user=user.id):
        if (r["role"], r["user"]) not in seen:
            seen.add((r["role"], r["user"]))
            found.append({"role": r["role"], "user_id": r["user"], "name": r["name"]})
    return found
