"""Managing identity: users, organisation units, positions (jabatan) and role assignments.

Shared by the admin pages and the JSON API. Each ``save_*`` checks its input, then writes the
change and its audit entry in one transaction; bad input raises :class:`Invalid` carrying one
Indonesian message per field, and nothing is written.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from balai.audit import service as audit
from balai.db import ROW_ID_LIMIT, page_number, row_id
from balai.identity import directory
from balai.identity.access import Catalogue
from balai.i18n import _, lazy_gettext
from balai.identity.auth import end_all_sessions, hash_password
from balai.identity.nip import GOLONGAN, parse_nip
from balai.identity.tables import Position, RoleAssignment, Unit, User
from balai.web.inputs import too_long

PER_PAGE = 20
UNIT_KINDS = MappingProxyType({
    "dinas": lazy_gettext("Dinas"),
    "sekretariat": lazy_gettext("Sekretariat"),
    "bidang": lazy_gettext("Bidang"),
    "uptd": lazy_gettext("UPTD"),
    "subbag": lazy_gettext("Sub Bagian"),
    "seksi": lazy_gettext("Seksi"),
})
ESELON = ("II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b")
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
CODE_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_RE = re.compile(r"\+?[0-9 ()-]{6,20}")
MIN_PASSWORD = 8
USER_FIELDS = ("username", "full_name", "nip", "golongan", "email", "phone", "active")


class Invalid(ValueError):
    """Bad input: ``errors`` maps a field name to an Indonesian message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class NotFound(LookupError):
    pass


def _str(data: dict, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _flag(data: dict, key: str) -> bool:
    value = data.get(key)
    return value in (True, "1", "on", "true", "ya", 1)


def _int(data: dict, key: str, errors: dict, message: str) -> int | None:
    value = _str(data, key)
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        errors[key] = message
        return None
    if abs(number) >= ROW_ID_LIMIT:  # no integer column holds it, and no row has it as id
        errors[key] = message
        return None
    return number


async def _one(table, record_id, message: str) -> dict:
    row = await table.select().where(table.id == record_id).first() if isinstance(record_id, int) else None
    if row is None:
        raise NotFound(message)
    return row


def _contains(column, text: str):
    """Case-insensitive substring match (SQLite's LIKE already ignores ASCII case)."""
    pattern = f"%{text}%"
    return column.ilike(pattern) if column._meta.engine_type == "postgres" else column.like(pattern)


def _changes(old: dict | None, new: dict) -> dict:
    if old is None:
        return {k: v for k, v in new.items() if v not in ("", None)}
    same = lambda a, b: ("" if a is None else a) == ("" if b is None else b)  # noqa: E731
    return {k: [old.get(k), v] for k, v in new.items() if not same(old.get(k), v)}


# --- users ----------------------------------------------------------------------------------


async def get_user(user_id: int) -> dict:
    return await _one(User, user_id, _("Pengguna tidak ditemukan."))


def user_form(row: dict) -> dict:
    """A user row as form values (what the edit form and a partial API update start from)."""
    return {k: row[k] if row[k] is not None else "" for k in USER_FIELDS}


async def list_users(q: str = "", page=1, per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    query = User.select(*[getattr(User, f) for f in ("id",) + USER_FIELDS], User.last_login)
    count = User.count()
    q = (q or "").strip()
    if q:
        clause = _contains(User.username, q) | _contains(User.full_name, q)
        digits = re.sub(r"[\s.]", "", q)
        if digits.isdigit():
            clause = clause | User.nip.like(f"%{digits}%")
        query, count = query.where(clause), count.where(clause)
    rows = await query.order_by(User.full_name).limit(per_page).offset((page_number(page) - 1) * per_page)
    return rows, await count


async def clean_user(data: dict, user_id: int | None = None) -> dict:
    errors: dict[str, str] = {}
    values = {
        "username": _str(data, "username").lower(),
        "full_name": _str(data, "full_name"),
        "golongan": _str(data, "golongan"),
        "email": _str(data, "email"),
        "phone": _str(data, "phone"),
        "active": _flag(data, "active"),
        "nip": None,
    }
    others = User.id != (user_id or 0)
    if not USERNAME_RE.fullmatch(values["username"]):
        errors["username"] = _("Nama pengguna 2–64 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.")
    elif await User.exists().where((User.username == values["username"]) & others):
        errors["username"] = _("Nama pengguna '%(username)s' sudah dipakai.", username=values["username"])
    if not values["full_name"] or len(values["full_name"]) > 200:
        errors["full_name"] = _("Nama lengkap wajib diisi (paling banyak 200 karakter).")
    if _str(data, "nip"):
        try:
            values["nip"] = parse_nip(_str(data, "nip")).digits
        except ValueError as exc:
            errors["nip"] = str(exc)
        else:
            if await User.exists().where((User.nip == values["nip"]) & others):
                errors["nip"] = _("NIP %(nip)s sudah terdaftar untuk pengguna lain.", nip=values["nip"])
    if values["golongan"] and values["golongan"] not in GOLONGAN:
        errors["golongan"] = _("Golongan tidak dikenal.")
    if values["email"] and not EMAIL_RE.fullmatch(values["email"]):
        errors["email"] = _("Alamat email tidak sah.")
    if values["phone"] and not PHONE_RE.fullmatch(values["phone"]):
        errors["phone"] = _("Nomor telepon hanya boleh berisi angka, spasi, +, - dan tanda kurung.")
    password = data.get("password") or ""
    if (user_id is None or password) and len(password) < MIN_PASSWORD:
        errors["password"] = _("Kata sandi paling sedikit %(n)s karakter.", n=MIN_PASSWORD)
    for key, message in too_long(User, values).items():
        errors.setdefault(key, message)
    if errors:
        raise Invalid(errors)
    values["password"] = password
    return values


async def save_user(data: dict, actor, ip: str = "", user_id: int | None = None, session: str = "") -> int:
    """Create (``user_id`` None) or update a user; returns the user id.

    A new password or a deactivation ends the user's sessions: whoever knew the old password is
    out. ``session`` (the caller's own session cookie) is kept, so changing one's own password
    does not sign oneself out."""
    old = await get_user(user_id) if user_id is not None else None
    values = await clean_user(data, user_id)
    password = values.pop("password")
    if old is not None and not values["active"] and user_id == getattr(actor, "id", None):
        raise Invalid({"active": _("Anda tidak dapat menonaktifkan akun Anda sendiri.")})
    detail = _changes(old and user_form(old), values)
    async with User._meta.db.transaction():
        if old is None:
            row = await User.insert(User(**values, password_hash=hash_password(password))).returning(User.id)
            user_id = row[0]["id"]
        else:
            if password:
                values["password_hash"] = hash_password(password)
            await User.update(values).where(User.id == user_id)
            if not values["active"] or password:
                detail["sessions_ended"] = await end_all_sessions(user_id, keep=session if values["active"] else "")
        if password:
            detail["password"] = "diubah"
        await audit.record(actor, "user.create" if old is None else "user.update", "user", user_id, detail, ip)
    return user_id


async def deactivate_user(user_id: int, actor, ip: str = "") -> None:
    row = await get_user(user_id)
    if user_id == getattr(actor, "id", None):
        raise Invalid({"active": _("Anda tidak dapat menonaktifkan akun Anda sendiri.")})
    async with User._meta.db.transaction():
        await User.update({User.active: False}).where(User.id == user_id)
        await end_all_sessions(user_id)
        await audit.record(actor, "user.deactivate", "user", user_id, {"username": row["username"]}, ip)


# --- organisation units -----------------------------------------------------------------------


async def get_unit(unit_id: int) -> dict:
    return await _one(Unit, unit_id, _("Unit tidak ditemukan."))


async def unit_tree(q: str = "") -> list[tuple[int, dict]]:
    """Every unit as (depth, row), parents before children, siblings by sort then name; with ``q``,
    only the units whose name or code contains it (each keeps its depth in the whole tree)."""
    q = q.strip().lower()
    ordered = directory.in_tree_order(await Unit.select().order_by(Unit.sort).order_by(Unit.name))
    return [(depth, row) for depth, row in ordered if not q or q in row["name"].lower() or q in row["code"]]


async def clean_unit(data: dict, unit_id: int | None = None) -> dict:
    errors: dict[str, str] = {}
    values = {"code": _str(data, "code").lower(), "name": _str(data, "name"), "kind": _str(data, "kind")}
    values["parent"] = _int(data, "parent", errors, _("Unit induk tidak sah."))
    values["sort"] = _int(data, "sort", errors, _("Urutan harus berupa angka.")) or 0
    if not CODE_RE.fullmatch(values["code"]):
        errors["code"] = _("Kode 2–40 karakter: huruf kecil, angka dan tanda hubung.")
    elif await Unit.exists().where((Unit.code == values["code"]) & (Unit.id != (unit_id or 0))):
        errors["code"] = _("Kode unit '%(code)s' sudah dipakai.", code=values["code"])
    if not values["name"] or len(values["name"]) > 200:
        errors["name"] = _("Nama unit wajib diisi (paling banyak 200 karakter).")
    if values["kind"] not in UNIT_KINDS:
        errors["kind"] = _("Jenis unit tidak dikenal.")
    if values["parent"] is not None:
        below = (await directory.unit_tree()).below
        if values["parent"] not in below:
            errors["parent"] = _("Unit induk tidak ditemukan.")
        elif unit_id is not None and values["parent"] in below.get(unit_id, {unit_id}):
            errors["parent"] = _("Unit induk tidak boleh unit itu sendiri atau unit di bawahnya.")
    if errors:
        raise Invalid(errors)
    return values


async def save_unit(data: dict, actor, ip: str = "", unit_id: int | None = None) -> int:
    old = await get_unit(unit_id) if unit_id is not None else None
    values = await clean_unit(data, unit_id)
    async with Unit._meta.db.transaction():
        if old is None:
            unit_id = (await Unit.insert(Unit(**values)).returning(Unit.id))[0]["id"]
        else:
            await Unit.update(values).where(Unit.id == unit_id)
        await audit.record(actor, "unit.create" if old is None else "unit.update", "unit", unit_id,
                           _changes(old, values), ip)
    return unit_id


# --- positions (jabatan) ------------------------------------------------------------------------


async def get_position(position_id: int) -> dict:
    return await _one(Position, position_id, _("Jabatan tidak ditemukan."))


async def list_positions(q: str = "", page=1, per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    query = Position.select(
        Position.all_columns(), Position.unit.name.as_alias("unit_name"),
        Position.holder.full_name.as_alias("holder_name"), Position.holder.username.as_alias("holder_username"),
    )
    count = Position.count()
    if (q or "").strip():
        clause = _contains(Position.name, q.strip())
        query, count = query.where(clause), count.where(clause)
    rows = await query.order_by(Position.unit).order_by(Position.is_head, ascending=False).order_by(Position.name) \
        .limit(per_page).offset((page_number(page) - 1) * per_page)
    return rows, await count


async def _user_ref(data: dict, key: str, errors: dict) -> int | None:
    """A user named by id (``key``) or by username (``key + '_username'``, used by the forms)."""
    username = _str(data, key + "_username").lower()
    if username:
        row = await User.select(User.id).where(User.username == username).first()
        if row is None:
            errors[key + "_username"] = _("Pengguna '%(username)s' tidak ditemukan.", username=username)
        return row["id"] if row else None
    user_id = _int(data, key, errors, _("Pengguna tidak sah."))
    if user_id is not None and not await User.exists().where(User.id == user_id):
        errors[key] = _("Pengguna tidak ditemukan.")
    return user_id


async def clean_position(data: dict) -> dict:
    errors: dict[str, str] = {}
    values = {"name": _str(data, "name"), "eselon": _str(data, "eselon"), "is_head": _flag(data, "is_head")}
    values["unit"] = _int(data, "unit", errors, _("Unit tidak sah."))
    values["holder"] = await _user_ref(data, "holder", errors)
    age = _int(data, "retirement_age", errors, _("Batas usia pensiun harus berupa angka."))
    values["retirement_age"] = 58 if age is None else age
    if not values["name"] or len(values["name"]) > 200:
        errors["name"] = _("Nama jabatan wajib diisi (paling banyak 200 karakter).")
    if values["eselon"] and values["eselon"] not in ESELON:
        errors["eselon"] = _("Eselon tidak dikenal.")
    if values["unit"] is None:
        errors.setdefault("unit", _("Unit wajib dipilih."))
    elif not await Unit.exists().where(Unit.id == values["unit"]):
        errors["unit"] = _("Unit tidak ditemukan.")
    if "retirement_age" not in errors and not 50 <= values["retirement_age"] <= 70:
        errors["retirement_age"] = _("Batas usia pensiun harus antara 50 dan 70 tahun.")
    if errors:
        raise Invalid(errors)
    return values


async def save_position(data: dict, actor, ip: str = "", position_id: int | None = None) -> int:
    old = await get_position(position_id) if position_id is not None else None
    values = await clean_position(data)
    async with Position._meta.db.transaction():
        if old is None:
            position_id = (await Position.insert(Position(**values)).returning(Position.id))[0]["id"]
        else:
            await Position.update(values).where(Position.id == position_id)
        await audit.record(actor, "position.create" if old is None else "position.update", "position",
                           position_id, _changes(old, values), ip)
    return position_id


# --- role assignments ---------------------------------------------------------------------------


ASSIGNMENT_COLUMNS = (
    RoleAssignment.id, RoleAssignment.role, RoleAssignment.user, RoleAssignment.unit, RoleAssignment.created_at,
    RoleAssignment.user.username.as_alias("username"), RoleAssignment.user.full_name.as_alias("full_name"),
    RoleAssignment.unit.name.as_alias("unit_name"),
)


async def get_assignment(assignment_id: int) -> dict:
    row = await RoleAssignment.select(*ASSIGNMENT_COLUMNS).where(RoleAssignment.id == assignment_id).first() \
        if isinstance(assignment_id, int) else None
    if row is None:
        raise NotFound(_("Penugasan peran tidak ditemukan."))
    return row


async def list_assignments(q: str = "", role: str = "", unit=None, user=None, page=1,
                           per_page: int = PER_PAGE) -> tuple[list[dict], int]:
    clauses = []
    q = (q or "").strip()
    if q:
        clauses.append(_contains(RoleAssignment.user.username, q) | _contains(RoleAssignment.user.full_name, q))
    if role:
        clauses.append(RoleAssignment.role == role)
    for column, value in ((RoleAssignment.unit, unit), (RoleAssignment.user, user)):
        if str(value or "").isdigit():
            try:
                clauses.append(column == row_id(value))
            except ValueError:
                return [], 0  # a filter on an id no row can have matches nothing
    query, count = RoleAssignment.select(*ASSIGNMENT_COLUMNS), RoleAssignment.count()
    for clause in clauses:
        query, count = query.where(clause), count.where(clause)
    rows = await query.order_by(RoleAssignment.user.full_name).order_by(RoleAssignment.role) \
        .limit(per_page).offset((page_number(page) - 1) * per_page)
    return rows, await count


async def assign_role(data: dict, catalogue: Catalogue, actor, ip: str = "") -> int:
    errors: dict[str, str] = {}
    user_id = await _user_ref(data, "user", errors)
    if user_id is None:
        errors.setdefault("user", _("Pengguna wajib diisi."))
    role = _str(data, "role")
    if role not in catalogue.roles:
        errors["role"] = _("Peran tidak dikenal.")
    unit_id = _int(data, "unit", errors, _("Unit tidak sah."))
    if unit_id is None:
        errors.setdefault("unit", _("Unit wajib dipilih."))
    elif not await Unit.exists().where(Unit.id == unit_id):
        errors["unit"] = _("Unit tidak ditemukan.")
    if not errors and await RoleAssignment.exists().where(
        (RoleAssignment.user == user_id) & (RoleAssignment.role == role) & (RoleAssignment.unit == unit_id)
    ):
        errors["role"] = _("Pengguna ini sudah memegang peran tersebut di unit itu.")
    if errors:
        raise Invalid(errors)
    async with RoleAssignment._meta.db.transaction():
        row = await RoleAssignment.insert(RoleAssignment(user=user_id, role=role, unit=unit_id)).returning(
            RoleAssignment.id)
        assignment_id = row[0]["id"]
        await audit.record(actor, "role.assign", "role_assignment", assignment_id,
                           {"user": user_id, "role": role, "unit": unit_id}, ip)
    return assignment_id


async def revoke_role(assignment_id: int, actor, ip: str = "") -> dict:
    row = await get_assignment(assignment_id)
    async with RoleAssignment._meta.db.transaction():
        await RoleAssignment.delete().where(RoleAssignment.id == assignment_id)
        await audit.record(actor, "role.revoke", "role_assignment", assignment_id,
                           {"user": row["user"], "username": row["username"], "role": row["role"],
                            "unit": row["unit"]}, ip)
    return row
