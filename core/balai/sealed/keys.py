"""The sealing keys: where they are kept, how they are read, how a new one is added.

Never in the database. ``BALAI_SEALING_KEY`` (or ``sealing_key`` in the TOML file) holds one or
more keys, newest first, separated by commas or white space; without it the keys are read from
the key file, ``BALAI_SEALING_KEY_FILE`` or ``<var_dir>/sealing.key``: one key a line, newest
first, ``#`` comments allowed. A key is 32 random bytes written in base64url.

The newest key seals; every key listed unseals, so that adding a key at the top never makes
older data unreadable. ``balai reseal`` then moves everything to the newest key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

KEY_BYTES = 32
FILE_NAME = "sealing.key"
_HEADER = (
    "# Kunci penyegelan Balai (isi tertutup). JANGAN HILANG: tanpa kunci ini data tertutup tidak\n"
    "# dapat dibaca lagi. Cadangkan terpisah dari basis data. Satu kunci per baris, terbaru di atas.\n"
)


class SealingKeyError(RuntimeError):
    """A key is missing, malformed, or does not open sealed data; the message says what to do."""


@dataclass(frozen=True)
class Keyring:
    """The keys of one app, newest first: ``(key id, key)`` pairs."""

    keys: tuple[tuple[str, bytes], ...]
    source: str  # where they came from, for messages: "BALAI_SEALING_KEY" or the file's path

    @property
    def newest(self) -> tuple[str, bytes]:
        return self.keys[0]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(kid for kid, _key in self.keys)

    def key(self, kid: str) -> bytes | None:
        return next((key for k, key in self.keys if k == kid), None)


def key_id(key: bytes) -> str:
    """A short public name of a key (a hash of it): tokens and the database name keys by it."""
    return hashlib.sha256(b"balai-sealing-key-id:" + key).hexdigest()[:16]


def new_key() -> str:
    """A fresh key, written as base64url."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode().rstrip("=")


def parse(text: str, source: str) -> Keyring:
    """The keys written in ``text`` (a key file or the environment variable)."""
    words = [w for line in text.splitlines() if not line.strip().startswith("#")
             for w in re.split(r"[\s,]+", line) if w]
    keys = []
    for n, word in enumerate(words, 1):
        try:
            key = base64.urlsafe_b64decode(word + "=" * (-len(word) % 4))
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise SealingKeyError(
                f"{source}: kunci ke-{n} bukan kunci penyegelan (32 bita dalam base64url); "
                f"buat kunci baru dengan `balai sealing-key --new`"
            )
        if key not in [k for _kid, k in keys]:
            keys.append((key_id(key), key))
    if not keys:
        raise SealingKeyError(f"{source}: tidak berisi kunci penyegelan")
    return Keyring(tuple(keys), source)


def key_file(config) -> Path:
    named = getattr(config, "sealing_key_file", "")
    return Path(named) if named else Path(config.var_dir) / FILE_NAME


def configured(config) -> Keyring | None:
    """The keys the configuration names, or None when neither the variable nor the file exists."""
    given = getattr(config, "sealing_key", "")
    if given:  # a TOML file may list them
        return parse(given if isinstance(given, str) else ",".join(given), "BALAI_SEALING_KEY")
    path = key_file(config)
    if not path.exists():
        return None
    return parse(path.read_text(), str(path))


def create_file(path: Path) -> Keyring:
    """Write a key file with one new key; when another process just wrote one, read that instead."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return parse(path.read_text(), str(path))
    with os.fdopen(fd, "w") as fh:
        fh.write(_HEADER + new_key() + "\n")
    return parse(path.read_text(), str(path))


def add_key(path: Path) -> str:
    """Put a new key at the top of the key file (made when absent); returns its id."""
    old = path.read_text() if path.exists() else _HEADER
    lines = old.splitlines(keepends=True)
    comments = 0
    while comments < len(lines) and lines[comments].lstrip().startswith("#"):
        comments += 1
    key = new_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".new")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write("".join(lines[:comments]) + key + "\n" + "".join(lines[comments:]))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, path)
    return key_id(parse(key, "kunci baru").newest[1])
