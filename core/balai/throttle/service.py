"""Throttling failed attempts: sign-in, public forms, public look-ups.

Failures are counted in buckets: per (purpose, client address) and per (purpose, account). The
two are used differently, so that a stranger can slow an owner down but never shut them out:

- a **client** that keeps failing waits, exponentially longer (``Rule``), and is refused (429
  with Retry-After) while it must wait: :func:`client_wait` / :func:`refuse_while_waiting`;
- an **account** under attack only makes each attempt on it slower, up to a small cap
  (:func:`account_delay`): the owner, from a client of their own, gets in with the right
  password after at most that cap, however many others failed.

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
