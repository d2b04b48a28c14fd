"""Tracking codes: 16 characters of an alphabet without look-alikes, 80 random bits, kept only as a keyed hash.

The alphabet is Crockford's base 32 (digits and letters without I, L, O and U), so a code can
be read aloud and typed from paper: ``7KQ4-M2XD-9HVT-C3WZ``. What people type is forgiven the
way Crockford suggests: lower case, spaces and dashes, ``O`` for zero, ``I``/``L`` for one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from types import MappingProxyType

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 16 x 5 bits = 80 random bits
GROUP = 4
_LOOKALIKES = MappingProxyType(str.maketrans({"O": "0", "I": "1", "L": "1"}))
_SEPARATORS = re.compile(r"[\s\-–—._]+")
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    """A fresh code, grouped for reading: ``XXXX-XXXX-XXXX-XXXX``."""
    return grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def grouped(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str) -> str | None:
    """The code as stored-to-hash (16 characters, no dashes), or None when it cannot be one."""
    text = _SEPARATORS.sub("", (typed or "")[:64]).upper().translate(_LOOKALIKES)
    return text if _VALID.match(text) else None


def code_hash(code: str, secret: str) -> str:
    """The keyed hash stored for a (normalised) code: without the app's signing key, a copy of
    the database gives no code back, and no guess can be checked against it."""
    return hmac.new(secret.encode(), f"tracking-code|{code}".encode(), hashlib.sha256).hexdigest()


def token_hash(token: str, secret: str) -> str:
    """The keyed hash stored for a one-time link (a new code asked for by e-mail)."""
    return hmac.new(secret.encode(), f"renew-link|{token}".encode(), hashlib.sha256).hexdigest()
