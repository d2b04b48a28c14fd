"""Passwords (argon2), database-backed sessions, sign-in through the throttle."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from balai.identity.access import Catalogue, CurrentUser, build_grants
from balai.i18n import today
from balai.identity.tables import LoginAttempt, Session, User
from balai.throttle import service as throttle

SESSION_COOKIE = "balai_session"
SESSION_DAYS = 7
USERNAME_LENGTH = User.username.length
THROTTLE = "login"  # the throttle's purpose (balai.throttle.service)

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown user like that of a known one.
_DUMMY_HASH = _hasher.hash("balai-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def now() -> datetime:
    return datetime.now(timezone.utc)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def authenticate(username: str, password: str, ip: str) -> tuple[dict | None, str, int]:
    """(user row, "", 0) on success, else (None, "invalid", 0) or (None, "throttled", seconds to wait).

    A client that keeps failing waits longer each time; an account others keep failing on only
    makes each attempt on it a few seconds slower (balai.throttle.service): its owner still gets in.
    """
    username = username.strip().lower()
    # No account name is longer than the column; a longer one is counted under what fits.
    counted = username[:USERNAME_LENGTH]
    wait = await throttle.client_wait(THROTTLE, ip)
    if wait:
        return None, "throttled", wait
    await throttle.slow_down(THROTTLE, counted)
    user = None
    if len(username) <= USERNAME_LENGTH:
        user = await User.select().where((User.username == username) & (User.active == True)).first()  # noqa: E712
    ok = verify_password(user["password_hash"] if user else "", password)
    await LoginAttempt.insert(LoginAttempt(username=counted, ip=ip[:64], success=ok))
    if not ok:
        await throttle.failed(THROTTLE, client=ip, account=counted)
        return None, "invalid", 0
    await throttle.succeeded(THROTTLE, ip)
    if _hasher.check_needs_rehash(user["password_hash"]):
        await User.update({User.password_hash: hash_password(password)}).where(User.id == user["id"])
    await User.update({User.last_login: now()}).where(User.id == user["id"])
    return user, "", 0


async def start_session(user_id: int, ip: str = "", user_agent: str = "") -> str:
    key = secrets.token_urlsafe(32)
    await Session.insert(
        Session(
            key_hash=_key_hash(key),
            user=user_id,
            expires_at=now() + timedelta(days=SESSION_DAYS),
            ip=ip,
            user_agent=user_agent[:300],
        )
    )
    return key


async def end_session(key: str) -> None:
    await Session.delete().where(Session.key_hash == _key_hash(key))


async def end_all_sessions(user_id: int, keep: str = "") -> int:
    """End every session of ``user_id`` but the one of cookie ``keep`` (the caller's own, when
    people change their own password); returns how many ended."""
    where = Session.user == user_id
    if keep:
        where &= Session.key_hash != _key_hash(keep)
    ended = await Session.count().where(where)
    await Session.delete().where(where)
    return ended


# One round trip per request: the session's user, their role assignments, for each assignment
# the units it covers (the unit and all below it, walked by a recursive CTE), and the roles other
# users have handed to this one for today and the positions they stand in for as Plh/Plt
# (core_delegation), and the units whose head position they hold (they head those and all below),
# so that the inbox, asked on nearly every page, needs no lookup of its own.
_SESSION_SQL = """
WITH RECURSIVE me AS (
    SELECT u.id, u.username, u.full_name, u.is_admin, u.locale, u.active
    FROM core_session s JOIN core_user u ON u.id = s."user"
    WHERE s.key_hash = {} AND s.expires_at > {}
),
ra AS (SELECT role, unit FROM core_role_assignment WHERE "user" IN (SELECT id FROM me)),
hp AS (SELECT unit FROM core_position WHERE holder IN (SELECT id FROM me) AND is_head),
covered(root, unit) AS (
    SELECT DISTINCT unit, unit FROM ra
    UNION
    SELECT unit, unit FROM hp
    UNION
    SELECT covered.root, child.id FROM covered JOIN core_unit child ON child.parent = covered.unit
),
handed AS (
    SELECT from_user, role, position FROM core_delegation
    WHERE to_user IN (SELECT id FROM me) AND cancelled_at IS NULL AND starts_on <= {} AND ends_on >= {}
)
SELECT me.*, ra.role, ra.unit, covered.unit AS covered, NULL AS handed_by, NULL AS handed_position
FROM me LEFT JOIN ra ON 1 = 1 LEFT JOIN covered ON covered.root = ra.unit
UNION ALL
SELECT me.*, handed.role, NULL, NULL, handed.from_user, handed.position FROM me JOIN handed ON 1 = 1
UNION ALL
SELECT me.*, NULL, hp.unit, covered.unit, NULL, NULL FROM me JOIN hp ON 1 = 1 LEFT JOIN covered ON covered.root = hp.unit
"""


async def user_for_session(key: str, catalogue: Catalogue) -> CurrentUser | None:
    day = today()
    rows = await Session.raw(_SESSION_SQL, _key_hash(key), now(), day, day)
    if not rows or not rows[0]["active"]:
        return None
    first = rows[0]
    pairs: list[tuple[str, int]] = []
    tree: dict[int, set[int]] = {}
    delegated: list[tuple[int, str]] = []
    standing: list[int] = []
    heads: list[int] = []  # units whose head position the user holds (the Sekretaris by position)
    for row in rows:
        if row["role"] is None and row["unit"] is not None and row["handed_by"] is None:
            if row["unit"] not in heads:
                heads.append(row["unit"])
            tree.setdefault(row["unit"], set()).add(row["covered"])
        elif row["handed_position"] is not None:
            standing.append(row["handed_position"])
        elif row["handed_by"] is not None:
            delegated.append((row["handed_by"], row["role"]))
        elif row["role"] is not None:
            if (row["role"], row["unit"]) not in pairs:
                pairs.append((row["role"], row["unit"]))
            tree.setdefault(row["unit"], set()).add(row["covered"])
    return CurrentUser(
        id=first["id"],
        username=first["username"],
        full_name=first["full_name"],
        is_admin=bool(first["is_admin"]),
        locale=first["locale"],
        roles=pairs,
        grants=build_grants(pairs, catalogue, tree),
        covered={unit: frozenset(units) for unit, units in tree.items()},
        delegated=tuple(delegated),
        standing_in=tuple(standing),
        head_of=tuple(heads),
    )


async def sign_out(request, response) -> None:
    """End the request's session on the server and remove its cookie from ``response``."""
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        await end_session(key)
    response.delete_cookie(SESSION_COOKIE)
