"""Accounts and positions kept in step by a personnel plugin.

The core keeps a summary of each civil servant (the account's golongan, the retirement age of the
position held) so that agencies without a personnel plugin still have them. A plugin that keeps
the full history (kepegawaian) writes that summary through these two functions whenever the
history's latest row changes, and creates the accounts of the people it imports.
"""

from __future__ import annotations

from balai.identity.nip import GOLONGAN, parse_nip
from balai.identity.tables import Position, Unit, User


async def provision_person(*, nip: str, full_name: str, unit_id: int, position_name: str, is_head: bool = False,
                           golongan: str = "", eselon: str = "", retirement_age: int | None = None,
                           username: str | None = None) -> int:
    """The account of the civil servant with this NIP (created when missing, without a password:
    the administrator sets one before they sign in), holding ``position_name`` in ``unit_id``.

    ``username`` names an account made before its NIP was known (a ``balai demo`` user, one an
    administrator made by hand): when no account has the NIP, that account takes it instead of a
    new one being made (ValueError when it is missing or carries another NIP). An empty
    ``full_name`` leaves an existing account's name as it is.

    A head (``is_head``) takes the unit's head position (made when the unit has none); anyone else
    holds one staff position, moved to this unit and name. Returns the user id. Raises ValueError
    for an invalid NIP, an unknown unit or golongan.
    """
    digits = parse_nip(nip).digits
    if golongan and golongan not in GOLONGAN:
        raise ValueError(f"golongan tidak dikenal: {golongan!r}")
    if not await Unit.exists().where(Unit.id == unit_id):
        raise ValueError(f"unit tidak ditemukan: {unit_id}")
    full_name = (full_name or "").strip()[:200]
    row = await User.select(User.id).where(User.nip == digits).first()
    if row is None and username:
        named = await User.select(User.id, User.nip).where(User.username == username).first()
        if named is None or (named["nip"] and named["nip"] != digits):
            raise ValueError(f"akun {username!r} tidak ada atau sudah ber-NIP lain")
        await User.update({User.nip: digits}).where(User.id == named["id"])
        row = named
    if row is None:
        taken = await User.exists().where(User.username == digits)
        username = digits if not taken else f"nip-{digits}"
        rows = await User.insert(User(username=username, full_name=full_name, nip=digits, golongan=golongan,
                                      password_hash="")).returning(User.id)
        user_id = rows[0]["id"]
    else:
        user_id = row["id"]
        changes = {User.full_name: full_name} if full_name else {}
        if golongan:
            changes[User.golongan] = golongan
        if changes:
            await User.update(changes).where(User.id == user_id)
    await _hold_position(user_id, unit_id, position_name.strip()[:200], is_head, eselon, retirement_age)
    return user_id


async def _hold_position(user_id: int, unit_id: int, name: str, is_head: bool, eselon: str,
                         retirement_age: int | None) -> None:
    values = {Position.name: name, Position.eselon: eselon[:8]}
    if retirement_age:
        values[Position.retirement_age] = retirement_age
    held = await Position.select(Position.id, Position.unit, Position.is_head).where(Position.holder == user_id)
    if is_head:
        head = await Position.select(Position.id).where((Position.unit == unit_id) & (Position.is_head == True)).first()  # noqa: E712
        # Leaving any other position: one person, one jabatan.
        await Position.update({Position.holder: None}).where(
            (Position.holder == user_id) & (Position.is_head == True) & (Position.unit != unit_id))  # noqa: E712
        await Position.delete().where((Position.holder == user_id) & (Position.is_head == False))  # noqa: E712
        if head is None:
            await Position.insert(Position(name=name, eselon=eselon[:8], unit=unit_id, is_head=True, holder=user_id,
                                           retirement_age=retirement_age or 58))
        else:
            await Position.update({**values, Position.holder: user_id}).where(Position.id == head["id"])
        return
    await Position.update({Position.holder: None}).where(
        (Position.holder == user_id) & (Position.is_head == True))  # noqa: E712
    staff = [p for p in held if not p["is_head"]]
    if staff:
        await Position.update({**values, Position.unit: unit_id}).where(Position.id == staff[0]["id"])
        for extra in staff[1:]:
            await Position.delete().where(Position.id == extra["id"])
    else:
        await Position.insert(Position(name=name, eselon=eselon[:8], unit=unit_id, is_head=False, holder=user_id,
                                       retirement_age=retirement_age or 58))


async def update_person(user_id: int, *, golongan: str | None = None, retirement_age: int | None = None) -> None:
    """Write the core's summary of a civil servant: the account's golongan and the retirement age
    of the position they hold. None leaves a value as it is. Raises ValueError for an unknown golongan."""
    if golongan is not None:
        if golongan and golongan not in GOLONGAN:
            raise ValueError(f"golongan tidak dikenal: {golongan!r}")
        await User.update({User.golongan: golongan}).where(User.id == user_id)
    if retirement_age is not None:
        await Position.update({Position.retirement_age: int(retirement_age)}).where(Position.holder == user_id)
