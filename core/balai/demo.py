"""`balai demo`: the Dinas's organisation tree and one demo user per declared role."""

from __future__ import annotations

import secrets
from pathlib import Path
from types import MappingProxyType

from balai.identity.access import Catalogue
from balai.identity.auth import hash_password
from balai.identity.tables import Position, RoleAssignment, Unit, User
from balai.plugins import Host, await_me_maybe

# (code, name, kind, parent code)
ORG_TREE = (
    ("dinas", "Dinas Perindustrian, Perdagangan, Koperasi dan UKM", "dinas", None),
    ("sekretariat", "Sekretariat", "sekretariat", "dinas"),
    ("umum", "Sub Bagian Umum", "subbag", "sekretariat"),
    ("keuangan", "Sub Bagian Keuangan", "subbag", "sekretariat"),
    ("program", "Sub Bagian Perencanaan dan Program", "subbag", "sekretariat"),
    ("industri", "Bidang Perindustrian", "bidang", "dinas"),
    ("industri-agro", "Seksi Industri Agro", "seksi", "industri"),
    ("perdagangan", "Bidang Perdagangan", "bidang", "dinas"),
    ("perdagangan-dn", "Seksi Perdagangan Dalam Negeri", "seksi", "perdagangan"),
    ("koperasi", "Bidang Koperasi", "bidang", "dinas"),
    ("ukm", "Bidang Usaha Kecil dan Menengah", "bidang", "dinas"),
    ("uptd-psmb", "UPTD Pengujian dan Sertifikasi Mutu Barang", "uptd", "dinas"),
    ("uptd-metrologi", "UPTD Metrologi Legal", "uptd", "dinas"),
)

# (position name, eselon, unit code, heads the unit)
POSITIONS = (
    ("Kepala Dinas", "II.a", "dinas", True),
    ("Sekretaris", "III.a", "sekretariat", True),
    ("Kepala Sub Bagian Umum", "IV.a", "umum", True),
    ("Kepala Sub Bagian Keuangan", "IV.a", "keuangan", True),
    ("Kepala Sub Bagian Perencanaan dan Program", "IV.a", "program", True),
    ("Kepala Bidang Perindustrian", "III.a", "industri", True),
    ("Kepala Bidang Perdagangan", "III.a", "perdagangan", True),
    ("Kepala Bidang Koperasi", "III.a", "koperasi", True),
    ("Kepala Bidang Usaha Kecil dan Menengah", "III.a", "ukm", True),
    ("Kepala UPTD Pengujian dan Sertifikasi Mutu Barang", "IV.a", "uptd-psmb", True),
    ("Kepala UPTD Metrologi Legal", "IV.a", "uptd-metrologi", True),
)

CORE_ROLE_UNITS = MappingProxyType({
    "admin_sistem": "dinas",
    "kepala_dinas": "dinas",
    "sekretaris": "sekretariat",
    "kasubag_umum": "umum",
    "kepala_subbag": "keuangan",
    "kepala_bidang": "industri",
    "kepala_seksi": "industri-agro",
    "staf": "industri",
})


async def seed_org() -> dict[str, int]:
    """Create the organisation tree and positions if absent; return unit code -> id."""
    ids = {u["code"]: u["id"] for u in await Unit.select(Unit.id, Unit.code)}
    for sort, (code, name, kind, parent) in enumerate(ORG_TREE):
        if code not in ids:
            row = await Unit.insert(
                Unit(code=code, name=name, kind=kind, parent=ids.get(parent) if parent else None, sort=sort)
            ).returning(Unit.id)
            ids[code] = row[0]["id"]
    if not await Position.count():
        for name, eselon, unit, head in POSITIONS:
            await Position.insert(Position(name=name, eselon=eselon, unit=ids[unit], is_head=head,
                                           retirement_age=60 if eselon.startswith(("I", "II.")) else 58))
    return ids


async def ensure_user(username: str, full_name: str, password: str, is_admin: bool = False, reset: bool = True) -> int:
    """The account ``username``, made with ``password`` when missing; an existing one gets the
    password again only with ``reset`` (a restart must not change the passwords people use)."""
    row = await User.select(User.id).where(User.username == username).first()
    if row:
        if reset:
            await User.update({User.password_hash: hash_password(password)}).where(User.id == row["id"])
        return row["id"]
    inserted = await User.insert(
        User(username=username, full_name=full_name, password_hash=hash_password(password), is_admin=is_admin)
    ).returning(User.id)
    return inserted[0]["id"]


async def assign(user_id: int, role: str, unit_id: int) -> None:
    exists = await RoleAssignment.exists().where(
        (RoleAssignment.user == user_id) & (RoleAssignment.role == role) & (RoleAssignment.unit == unit_id)
    )
    if not exists:
        await RoleAssignment.insert(RoleAssignment(user=user_id, role=role, unit=unit_id))


def demo_password(var_dir: Path | None, given: str | None) -> tuple[str, bool]:
    """(the demo password, whether existing accounts are set to it).

    Given one, it is used and kept; else the one kept in ``var_dir`` by an earlier start, leaving the
    accounts as they are (someone may have changed theirs); else a new one, kept."""
    path = var_dir / "demo_password" if var_dir is not None else None
    if not given and path is not None and path.exists():
        return path.read_text().strip(), False
    password = given or secrets.token_urlsafe(9)
    if path is not None:
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(password)
        path.chmod(0o600)
    return password, True


async def seed_demo(host: Host, catalogue: Catalogue, password: str | None = None,
                    var_dir: Path | None = None) -> dict:
    """Seed everything; idempotent. Returns the password and the logins to print:
    ``{"password": ..., "users": [(username, role label, unit name), ...]}``."""
    password, reset = demo_password(var_dir, password)
    units = await seed_org()
    names = {u["id"]: u["name"] for u in await Unit.select(Unit.id, Unit.name)}
    admin_id = await ensure_user("admin", "Administrator Balai", password, is_admin=True, reset=reset)
    await assign(admin_id, "admin_sistem", units["dinas"])
    users = [("admin", catalogue.roles["admin_sistem"].label if "admin_sistem" in catalogue.roles else "admin",
              names[units["dinas"]])]
    for code, role in sorted(catalogue.roles.items()):
        if code == "admin_sistem":
            continue
        username = f"demo.{code}".replace("_", "-")
        uid = await ensure_user(username, f"{role.label} (demo)", password, reset=reset)
        unit_id = units.get(CORE_ROLE_UNITS.get(code) or role.demo_unit, units["umum"])
        await assign(uid, code, unit_id)
        users.append((username, str(role.label), names[unit_id]))
    # Demo records count working days (deadlines, leave): with the agency's calendar and the
    # plugins' counting rules, as a server has them after start-up (the command line has neither yet).
    from balai.calendar.service import refresh

    await refresh()
    for _owner, result in host.per_plugin("demo_data", units=units):
        await await_me_maybe(result)
    return {"password": password, "users": users}
