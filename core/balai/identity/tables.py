"""Identity tables: people, the organisation tree, positions, roles, sessions, login attempts."""

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class User(Table, tablename="core_user"):
    id = Serial(primary_key=True)
    username = Varchar(length=64, unique=True, index=True)
    full_name = Varchar(length=200)
    nip = Varchar(length=18, null=True, default=None, unique=True)
    golongan = Varchar(length=8, default="")  # "III/a"; pangkat follows from it
    email = Varchar(length=200, default="")
    phone = Varchar(length=32, default="")
    active = Boolean(default=True)
    is_admin = Boolean(default=False)
    password_hash = Varchar(length=200, default="")
    locale = Varchar(length=8, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    last_login = Timestamptz(null=True, default=None)


class Unit(Table, tablename="core_unit"):
    """A node of the organisation tree: Dinas, Sekretariat, Bidang, UPTD, Subbag, Seksi."""

    id = Serial(primary_key=True)
    code = Varchar(length=40, unique=True)
    name = Varchar(length=200)
    kind = Varchar(length=20)
    parent = ForeignKey("self", null=True, default=None, on_delete=OnDelete.restrict)
    sort = Integer(default=0)


class Position(Table, tablename="core_position"):
    """A jabatan: its eselon level, the unit it heads or serves, and who holds it."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    eselon = Varchar(length=8, default="")  # "II.a", "III.a", "IV.a"; empty for staff
    unit = ForeignKey(Unit, on_delete=OnDelete.restrict)
    is_head = Boolean(default=False)
    holder = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    retirement_age = Integer(default=58)


class RoleAssignment(Table, tablename="core_role_assignment"):
    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=64, index=True)
    unit = ForeignKey(Unit, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())


class Session(Table, tablename="core_session"):
    id = Serial(primary_key=True)
    key_hash = Varchar(length=64, unique=True, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    ip = Varchar(length=64, default="")
    user_agent = Varchar(length=300, default="")


class LoginAttempt(Table, tablename="core_login_attempt"):
    id = Serial(primary_key=True)
    username = Varchar(length=64, index=True)
    ip = Varchar(length=64, default="")
    at = Timestamptz(default=TimestamptzNow(), index=True)
    success = Boolean(default=False)
