"""Keeping robots and guessers off the public forms, without a third party.

- Every form carries a **stamp**: when it was handed out, for which form, signed with the app's
  key. A stamp older than :data:`FORM_AGE` is an expired form (the typed input is shown again
  with a fresh stamp); a stamp counts once (``core_submission_stamp``).
- The page's own script solves a small **proof of work** on the stamp (a nonce whose SHA-256
  with the stamp starts with :data:`POW_BITS` zero bits: a fraction of a second in a browser,
  a cost per form for a robot). A form sent without it (no JavaScript) is still taken, at the
  lower :data:`PLAIN` limits.
- A **honeypot** field, hidden from people, that robots fill in.
- Every use is counted through the core's throttle (balai.throttle), per client and in total;
  on confidential routes the client is the day's keyed hash of its address, never the address.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from datetime import datetime, timedelta, timezone

from balai.submissions.tables import SubmissionStamp
from balai.throttle.service import Limit, Rule

POW_BITS = 16
FORM_AGE = 12 * 3600  # seconds a form may stay open before it is sent
MISTAKES = Rule(free=5, base=2.0, cap=900.0)  # wrong codes, bad stamps, honeypots: per client

# purpose -> (per client, in total)
SUBMIT = ("submissions.submit", Limit(count=10, per=3600), Limit(count=300, per=3600))
PLAIN = ("submissions.submit_plain", Limit(count=3, per=3600), Limit(count=60, per=3600))
LOOKUP = ("submissions.lookup", Limit(count=60, per=600), Limit(count=3000, per=600))
MESSAGE = ("submissions.message", Limit(count=20, per=3600), Limit(count=600, per=3600))
RENEW = ("submissions.renew", Limit(count=5, per=3600), Limit(count=200, per=3600))
MISSES = "submissions.lookup_miss"  # failures of look-ups (wrong code), MISTAKES rule

VALID, EXPIRED, INVALID, USED = "valid", "expired", "invalid", "used"
_STAMP = re.compile(r"^v1:([a-z0-9_.]{1,100}):(\d{1,12}):([0-9a-f]{16}):(\d{1,2}):([0-9a-f]{32})$")


def _sign(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), f"form-stamp|{payload}".encode(), hashlib.sha256).hexdigest()[:32]


def new_stamp(form_code: str, secret: str, now: float | None = None) -> str:
    payload = f"v1:{form_code}:{int(now if now is not None else time.time())}:{secrets.token_hex(8)}:{POW_BITS}"
    return f"{payload}:{_sign(secret, payload)}"


def check_stamp(stamp: str, form_code: str, secret: str, now: float | None = None) -> str:
    """VALID, EXPIRED (signed by us, too old), or INVALID (not ours, or another form's)."""
    match = _STAMP.match(stamp or "")
    if not match or match[1] != form_code:
        return INVALID
    payload = stamp.rsplit(":", 1)[0]
    if not hmac.compare_digest(match[5], _sign(secret, payload)):
        return INVALID
    age = (now if now is not None else time.time()) - int(match[2])
    if age > FORM_AGE or age < -300:
        return EXPIRED
    return VALID


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solved(stamp: str, nonce: str) -> bool:
    """Whether ``nonce`` solves the stamp's proof of work (as the page's script computes it)."""
    match = _STAMP.match(stamp or "")
    if not match or not re.fullmatch(r"\d{1,12}", nonce or ""):
        return False
    digest = hashlib.sha256(f"{stamp}:{nonce}".encode()).digest()
    return leading_zero_bits(digest) >= int(match[4])


def solve(stamp: str) -> str:
    """The nonce the page's script would find (for tests and API clients written in Python)."""
    n = 0
    while not solved(stamp, str(n)):
        n += 1
    return str(n)


async def use_stamp(stamp: str) -> bool:
    """Mark the stamp used; False when it was used before (a form sent twice)."""
    at = datetime.now(timezone.utc)
    await SubmissionStamp.delete().where(SubmissionStamp.expires_at < at)
    digest = hashlib.sha256(stamp.encode()).hexdigest()
    rows = await SubmissionStamp.insert(SubmissionStamp(
        digest=digest, expires_at=at + timedelta(seconds=FORM_AGE + 600))).on_conflict(
        action="DO NOTHING").returning(SubmissionStamp.id)
    return bool(rows)
