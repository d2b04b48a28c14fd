"""Stand-ins for a period, one table (``core_delegation``) and one idea: someone else does the work.

- Delegation while away (``kind`` "delegasi"): a user hands the tasks of one role to another
  holder of that role. While the period runs the delegate sees, in their own inbox, the
  delegator's tasks of that role and the pool tasks of the delegator's units, and may act on them.
- Plh / Plt (pelaksana harian / pelaksana tugas): an administrator or the Kepala Dinas appoints
  someone, by a letter, to act in a head position for a period. The position's tasks, dispositions
  and approvals reach the stand-in, who acts with the position's title ("Plh. Kepala Bidang ...");
  when the period ends the work is the holder's again.

Both are read by ``balai.identity.directory.reach`` (and ``balai.identity.positions``).
"""

from __future__ import annotations

from datetime import date

from piccolo.engine.sqlite import SQLiteEngine

from balai.i18n import _, format_date, today
from balai.identity import directory, positions
from balai.workflow.engine import ActionError
from balai.workflow.store import now, tx
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
        Delegation(kind="delegasi", from_user=user.id, to_user=to_user_id, role=role, starts_on=starts_on, ends_on=ends_on,
                   note=(note or "").strip())
    ).returning(Delegation.id)
    from balai.audit.service import record

    await record(user, "workflow.delegasi", "delegation", rows[0]["id"],
                 {"kepada": to_user_id, "peran": role, "mulai": starts_on.isoformat(), "selesai": ends_on.isoformat()})
    return await Delegation.select().where(Delegation.id == rows[0]["id"]).first()


async def cancel(user, delegation_id: int) -> None:
    updated = await Delegation.update({Delegation.cancelled_at: now()}).where(
        (Delegation.id == delegation_id) & (Delegation.from_user == user.id) & (Delegation.kind == "delegasi")
        & Delegation.cancelled_at.is_null()
    ).returning(Delegation.id)
    if not updated:
        raise ActionError(_("Delegasi tidak ditemukan."))


async def mine(user) -> dict[str, list[dict]]:
    """Delegations given and received by ``user`` that have not ended, newest first; ``appointed``:
    the Plh/Plt appointments to them, ``for_me``: those standing in for a position they hold."""
    day = today()
    cols = (Delegation.all_columns(), Delegation.from_user.full_name, Delegation.to_user.full_name)
    running = Delegation.cancelled_at.is_null() & (Delegation.ends_on >= day)
    given = await Delegation.select(*cols).where(
        (Delegation.from_user == user.id) & (Delegation.kind == "delegasi") & running
    ).order_by(Delegation.id, ascending=False)
    received = await Delegation.select(*cols).where(
        (Delegation.to_user == user.id) & (Delegation.kind == "delegasi") & running
    ).order_by(Delegation.id, ascending=False)
    appointed = [a for a in await appointments() if a["to_user"] == user.id]
    held = {p["id"] for p in await positions.head_positions() if p["holder"] == user.id}
    for_me = [a for a in await appointments() if a["position"] in held]
    return {"given": given, "received": received, "appointed": appointed, "for_me": for_me}


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


# --- Plh / Plt: stand-ins appointed for a position ---------------------------------------------

KINDS = ("plh", "plt")


class AppointmentError(ActionError):
    """A refused appointment; ``fields`` maps each form field to its message."""

    def __init__(self, fields: dict[str, str]):
        self.fields = fields
        super().__init__(list(fields.values()))


async def appoint(user, *, position_id: int | None, to_user_id: int | None, kind: str, starts_on: date | None,
                  ends_on: date | None, letter_number: str, letter_date: date | None, role: str = "",
                  note: str = "", roles: set[str] | None = None, notify_after: bool = True) -> dict:
    """Appoint a Plh or Plt for a head position from ``starts_on`` to ``ends_on`` (both included),
    by the letter ``letter_number`` of ``letter_date``. ``role``: the position's role, needed when
    the position is vacant (its holder's roles in the unit say it otherwise); ``roles``: the known
    role codes to check it against. Raises :class:`AppointmentError`; nothing is written then.
    The appointee is told at once, unless ``notify_after`` is False (the caller's transaction goes
    on: it calls :func:`tell_appointee` after committing)."""
    errors: dict[str, str] = {}
    letter_number = " ".join((letter_number or "").split())
    if kind not in KINDS:
        errors["kind"] = _("Pilih Plh atau Plt.")
    position = next((p for p in await positions.head_positions() if p["id"] == position_id), None)
    holder = None
    if position is None:
        errors["position"] = _("Pilih jabatan kepala unit yang ditinggalkan.")
    else:
        holder = await positions.position_holder(position["id"])
    if not to_user_id or not await directory.is_active(to_user_id):
        errors["to_user"] = _("Pilih pegawai yang ditunjuk.")
    elif holder is not None and to_user_id == holder:
        errors["to_user"] = _("Pemegang jabatan tidak dapat ditunjuk sebagai Plh/Plt atas jabatannya sendiri.")
    if starts_on is None:
        errors["starts_on"] = _("Isi tanggal mulai.")
    if ends_on is None:
        errors["ends_on"] = _("Isi tanggal selesai.")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    elif ends_on < today():
        errors["ends_on"] = _("Periode penunjukan sudah lewat.")
    if not letter_number:
        errors["letter_number"] = _("Nomor surat penunjukan wajib diisi.")
    elif len(letter_number) > Delegation.letter_number.length:
        errors["letter_number"] = _("Paling banyak %(n)s karakter.", n=Delegation.letter_number.length)
    if letter_date is None:
        errors["letter_date"] = _("Isi tanggal surat penunjukan.")
    if role and roles is not None and role not in roles:
        errors["role"] = _("Peran tidak dikenal.")
    elif position is not None and holder is None and not role:
        errors["role"] = _("Jabatan ini kosong: sebutkan peran jabatan yang dijalankan Plh/Plt.")
    if len(note or "") > 500:
        errors["note"] = _("Paling banyak %(n)s karakter.", n=500)
    if errors:
        raise AppointmentError(errors)
    async with tx():
        # Two administrators appointing for one position at once: the second waits here and then
        # sees the first's row (SQLite's write lock already serialises; PostgreSQL locks the row).
        if not isinstance(Delegation._meta.db, SQLiteEngine):
            await Delegation.raw("SELECT id FROM core_position WHERE id = {} FOR UPDATE", position["id"])
        clash = await Delegation.select(Delegation.starts_on, Delegation.ends_on, Delegation.to_user.full_name).where(
            (Delegation.position == position["id"]) & Delegation.kind.is_in(list(KINDS))
            & Delegation.cancelled_at.is_null() & (Delegation.starts_on <= ends_on) & (Delegation.ends_on >= starts_on)
        ).first()
        if clash:
            raise AppointmentError({"starts_on": _(
                "Sudah ada Plh/Plt untuk jabatan ini pada %(mulai)s – %(selesai)s (%(nama)s).",
                mulai=format_date(clash["starts_on"]), selesai=format_date(clash["ends_on"]),
                nama=clash["to_user.full_name"])})
        rows = await Delegation.insert(Delegation(
            kind=kind, from_user=None, to_user=to_user_id, role=role, position=position["id"], starts_on=starts_on,
            ends_on=ends_on, note=(note or "").strip(), letter_number=letter_number, letter_date=letter_date,
            appointed_by=user.id,
        )).returning(Delegation.id)
        appointment_id = rows[0]["id"]
        from balai.audit.service import record

        await record(user, "workflow.plh", "delegation", appointment_id,
                     {"jenis": kind, "jabatan": position["id"], "kepada": to_user_id, "mulai": starts_on.isoformat(),
                      "selesai": ends_on.isoformat(), "surat": letter_number})
    row = next(a for a in await appointments(include_past=True) if a["id"] == appointment_id)
    if notify_after:
        await tell_appointee(row)
    return row


async def tell_appointee(row: dict) -> None:
    """Notify the person appointed (a row of :func:`appointments`)."""
    from balai.notifications.service import notify

    await notify([row["to_user"]], _("Anda ditunjuk sebagai %(jabatan)s, %(mulai)s – %(selesai)s (surat %(nomor)s).",
                                     jabatan=row["title"], mulai=format_date(row["starts_on"]),
                                     selesai=format_date(row["ends_on"]), nomor=row["letter_number"]),
                 "/delegations", key=f"plh:{row['id']}")


async def cancel_appointment(user, appointment_id: int) -> None:
    updated = await Delegation.update({Delegation.cancelled_at: now()}).where(
        (Delegation.id == appointment_id) & Delegation.kind.is_in(list(KINDS)) & Delegation.cancelled_at.is_null()
    ).returning(Delegation.id)
    if not updated:
        raise ActionError(_("Penunjukan tidak ditemukan."))
    from balai.audit.service import record

    await record(user, "workflow.plh_batal", "delegation", appointment_id, {})


async def appointments(include_past: bool = False) -> list[dict]:
    """Plh/Plt appointments not cancelled (and, unless ``include_past``, not ended), newest first:
    each with ``title`` ("Plh. Kepala Bidang ..."), the position, unit and the stand-in's name."""
    where = Delegation.kind.is_in(list(KINDS)) & Delegation.cancelled_at.is_null()
    if not include_past:
        where &= Delegation.ends_on >= today()
    rows = await Delegation.select(
        Delegation.all_columns(), Delegation.to_user.full_name, Delegation.position.name,
        Delegation.position.unit.name, Delegation.appointed_by.full_name,
    ).where(where).order_by(Delegation.starts_on, ascending=False).order_by(Delegation.id, ascending=False)
    day = today()
    for r in rows:
        r["title"] = f"{positions.PREFIXES.get(r['kind'], '')} {r['position.name']}"
        r["running"] = r["starts_on"] <= day <= r["ends_on"]
    return rows
