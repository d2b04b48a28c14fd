"""Throttling failed attempts: sign-in, public forms, public look-ups.

Failures are counted in buckets: per (purpose, client address) and per (purpose, account). The
two are used differently, so that a stranger can slow an owner down but never shut them out:

- a **client** that keeps failing waits, exponentially longer (``Rule``), and is refused (429
  with Retry-After) while it must wait: :func:`client_wait` / :func:`refuse_while_waiting`;
- an **account** under attack only makes each attempt on it slower, up to a small cap
  (:func:`account_delay`): the owner, from a client of their own, gets in with the right
  password after at most that cap, however many others failed.

Uses that are not failures (a citizen's submission, a code look-up) are counted against a
:class:`Limit`, per client and in total: :func:`spend` / :func:`refuse_over_limit`.

A bucket is forgotten a day after its last failure; a success forgets the client's bucket.
An administrator sees the buckets and clears them (/admin/throttles, audited).
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from litestar.exceptions import TooManyRequestsException

from balai.audit import service as audit
from balai.throttle.tables import Throttle

FORGET = timedelta(days=1)
CLIENT, ACCOUNT = "client", "account"
LIMIT, TOTAL = "limit", "total"  # a client's uses, and everyone's, counted against a Limit


@dataclass(frozen=True)
class Rule:
    """``free`` failures cost nothing; each further one doubles the wait from ``base`` seconds
    (counted from the last failure), never beyond ``cap``."""

    free: int
    base: float
    cap: float

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.cap, self.base * 2 ** min(failures - self.free, 32))


@dataclass(frozen=True)
class Limit:
    """At most ``count`` uses in a window of ``per`` seconds, the window starting at its first use."""

    count: int
    per: float


CLIENT_RULE = Rule(free=5, base=2.0, cap=900.0)  # 5 free, then 2 s, 4 s … up to 15 minutes
ACCOUNT_RULE = Rule(free=3, base=0.5, cap=4.0)  # a slow-down only: 0.5 s, 1 s … at most 4 s


def now() -> datetime:
    return datetime.now(timezone.utc)


def _bucket(purpose: str, kind: str, key: str) -> str:
    return f"{purpose}|{kind}|{key}"[:300]


async def _until(purpose: str, kind: str, key: str) -> float:
    """Seconds until the bucket's wait ends (0 when it has none)."""
    row = await Throttle.select(Throttle.until).where(Throttle.bucket == _bucket(purpose, kind, key)).first()
    return max(0.0, (row["until"] - now()).total_seconds()) if row else 0.0


async def client_wait(purpose: str, client: str) -> int:
    """Whole seconds ``client`` must still wait before trying ``purpose`` again (0: it may)."""
    return math.ceil(await _until(purpose, CLIENT, client))


async def refuse_while_waiting(purpose: str, client: str) -> None:
    """Raise 429 (with Retry-After) while ``client`` must wait."""
    wait = await client_wait(purpose, client)
    if wait:
        raise TooManyRequestsException(headers={"Retry-After": str(wait)})


async def account_delay(purpose: str, account: str) -> float:
    """Seconds to hold an attempt on ``account``: never more than its rule's cap (seconds)."""
    return await _until(purpose, ACCOUNT, account)


async def slow_down(purpose: str, account: str) -> None:
    delay = await account_delay(purpose, account)
    if delay:
        await asyncio.sleep(delay)


async def failed(purpose: str, client: str = "", account: str = "", client_rule: Rule = CLIENT_RULE,
                 account_rule: Rule = ACCOUNT_RULE) -> None:
    """Count one failure against the client and, when given, the account; their waits follow
    from the rules (counted from now)."""
    at = now()
    await Throttle.delete().where(Throttle.last_at < at - FORGET)
    for kind, key, rule in ((CLIENT, client, client_rule), (ACCOUNT, account, account_rule)):
        if not key:
            continue
        bucket = _bucket(purpose, kind, key)
        await Throttle.insert(Throttle(bucket=bucket, purpose=purpose[:60], kind=kind, key=key[:200],
                                       failures=0, first_at=at, last_at=at, until=at)).on_conflict(action="DO NOTHING")
        rows = await Throttle.update({Throttle.failures: Throttle.failures + 1, Throttle.last_at: at}).where(
            Throttle.bucket == bucket).returning(Throttle.failures)
        wait = timedelta(seconds=rule.delay(rows[0]["failures"]))
        await Throttle.update({Throttle.until: at + wait}).where(Throttle.bucket == bucket)


async def spend(purpose: str, client: str, per_client: Limit, total: Limit | None = None) -> int:
    """Count one use of ``purpose`` by ``client`` (when given) and by everyone (with ``total``).

    Returns 0 when the use is allowed (and counted), else the whole seconds until the window that
    is full ends. A client refused does not use up the total.
    """
    wait = await _spend(purpose, LIMIT, client, per_client) if client else 0
    if not wait and total is not None:
        wait = await _spend(purpose, TOTAL, "*", total)
    return wait


async def refuse_over_limit(purpose: str, client: str, per_client: Limit, total: Limit | None = None) -> None:
    """:func:`spend`, raising 429 (with Retry-After) when the use is over a limit."""
    wait = await spend(purpose, client, per_client, total)
    if wait:
        raise TooManyRequestsException(headers={"Retry-After": str(wait)})


async def _spend(purpose: str, kind: str, key: str, limit: Limit) -> int:
    at = now()
    window = timedelta(seconds=limit.per)
    bucket = _bucket(purpose, kind, key)
    await Throttle.delete().where(Throttle.last_at < at - FORGET)
    await Throttle.insert(Throttle(bucket=bucket, purpose=purpose[:60], kind=kind, key=key[:200],
                                   failures=0, first_at=at, last_at=at, until=at)).on_conflict(action="DO NOTHING")
    await Throttle.update({Throttle.failures: 0, Throttle.first_at: at, Throttle.until: at}).where(
        (Throttle.bucket == bucket) & (Throttle.first_at <= at - window))
    # The count and the check in one statement: two workers cannot both take the last use.
    taken = await Throttle.update({Throttle.failures: Throttle.failures + 1, Throttle.last_at: at}).where(
        (Throttle.bucket == bucket) & (Throttle.failures < limit.count)).returning(Throttle.id)
    if taken:
        return 0
    row = await Throttle.select(Throttle.first_at).where(Throttle.bucket == bucket).first()
    ends = (row["first_at"] if row else at) + window
    await Throttle.update({Throttle.until: ends}).where(Throttle.bucket == bucket)
    return max(1, math.ceil((ends - at).total_seconds()))


async def succeeded(purpose: str, client: str) -> None:
    """The client got it right: its failures are forgotten (an office's shared address too)."""
    await Throttle.delete().where(Throttle.bucket == _bucket(purpose, CLIENT, client))


async def current() -> list[dict]:
    """Buckets with failures in the last day, the most recent first, each with ``wait``: the
    seconds a client is still refused for, or an account's attempts are still held."""
    at = now()
    rows = await Throttle.select().where(Throttle.last_at > at - FORGET).order_by(Throttle.last_at, ascending=False)
    for row in rows:
        row["wait"] = max(0, math.ceil((row["until"] - at).total_seconds()))
    return rows


async def forget(purposes: list[str]) -> None:
    """Forget every count of these purposes (a plugin's tests; administrators clear at /admin/throttles)."""
    await Throttle.delete().where(Throttle.purpose.is_in(list(purposes)))


async def clear(ids: list[int] | None, actor, ip: str = "") -> int:
    """Forget the buckets ``ids`` (None: all); returns how many. Audited."""
    if ids is not None and not ids:
        return 0
    where = Throttle.id.is_in(ids) if ids is not None else Throttle.id > 0
    async with Throttle._meta.db.transaction():
        rows = await Throttle.select(Throttle.purpose, Throttle.kind, Throttle.key).where(where)
        await Throttle.delete().where(where)
        if rows:
            await audit.record(actor, "throttle.clear", "throttle", "", {
                "buckets": [f"{r['purpose']} {r['kind']} {r['key']}" for r in rows][:50], "count": len(rows)}, ip)
    return len(rows)
