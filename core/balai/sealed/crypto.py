"""Sealing and unsealing, on AES-256-GCM from ``cryptography`` (no cipher of our own).

Short values (a case's data, a note, a message) become tokens::

    sealed.v1.<key id>.<context, base64url>.<nonce + ciphertext, base64url>

The context (``case:12``) and the key id are bound to the ciphertext as associated data, so a
token copied into another case does not open there; the reader names the context it expects.
The context travels in the token so that ``balai reseal`` can re-encrypt a value without knowing
which row it came from.

Files are too large to hold in memory: each gets its own random data key and is encrypted in
64 KiB segments (the STREAM construction, as Tink's and age's streaming encryption do): segment
``i`` under nonce ``i``, the last one flagged, so that no segment can be dropped, reordered or cut
off unnoticed. The data key itself is sealed as a token and kept in the database beside the
version, so rotating the master key re-wraps data keys without rewriting objects.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from typing import AsyncIterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from balai.sealed.keys import Keyring, SealingKeyError

PREFIX = "sealed.v1."
_TOKEN = re.compile(r"^sealed\.v1\.([0-9a-f]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)$")
_NONCE = 12

MAGIC = b"BALAI-SEALED-1\n"  # the first bytes of every sealed object
SEGMENT = 64 * 1024
_TAG = 16


class SealedError(ValueError):
    """A sealed value that does not open: altered, moved to another record, or sealed with a key
    this app does not have."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _aad(kid: str, context: str) -> bytes:
    return f"balai-sealed-v1|{kid}|{context}".encode()


def is_token(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX) and _TOKEN.match(value) is not None


def parse_token(token: str) -> tuple[str, str, bytes]:
    """(key id, context, nonce + ciphertext) of a token."""
    match = _TOKEN.match(token) if isinstance(token, str) else None
    if match is None:
        raise SealedError("bukan nilai tertutup")
    try:
        return match[1], _unb64(match[2]).decode(), _unb64(match[3])
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise SealedError("nilai tertutup rusak") from None


def seal(keyring: Keyring, plaintext: bytes, context: str) -> str:
    kid, key = keyring.newest
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(key).encrypt(nonce, plaintext, _aad(kid, context))
    return f"{PREFIX}{kid}.{_b64(context.encode())}.{_b64(nonce + sealed)}"


def unseal(keyring: Keyring, token: str, context: str | None) -> bytes:
    """The plaintext of ``token``; ``context`` is the one the reader expects (None: the token's own,
    only for re-sealing a value in place)."""
    kid, own_context, payload = parse_token(token)
    if context is not None and own_context != context:
        raise SealedError(f"nilai tertutup milik '{own_context}', bukan '{context}'")
    key = keyring.key(kid)
    if key is None:
        raise SealingKeyError(
            f"nilai tertutup memakai kunci {kid}, yang tidak ada di {keyring.source}: "
            "pulihkan kunci itu dari cadangan"
        )
    try:
        return AESGCM(key).decrypt(payload[:_NONCE], payload[_NONCE:], _aad(kid, own_context))
    except (InvalidTag, ValueError):
        raise SealedError(f"nilai tertutup '{own_context}' tidak dapat dibuka (diubah atau rusak)") from None


def reseal(keyring: Keyring, token: str) -> str | None:
    """``token`` re-encrypted with the newest key and the same context; None when it already is."""
    kid, context, _payload = parse_token(token)
    if kid == keyring.newest[0]:
        return None
    return seal(keyring, unseal(keyring, token, None), context)


# --- files -----------------------------------------------------------------------------------


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _segment_nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(_NONCE - 1, "big") + (b"\x01" if last else b"\x00")


def sealed_size(size: int) -> int:
    """How many bytes a file of ``size`` bytes takes once sealed."""
    segments = max(1, -(-size // SEGMENT))
    return len(MAGIC) + size + segments * _TAG


async def encrypt_stream(chunks: AsyncIterator[bytes], key: bytes) -> AsyncIterator[bytes]:
    aead, index, pending = AESGCM(key), 0, bytearray()
    yield MAGIC
    async for chunk in chunks:
        pending += chunk
        # Keep at least one byte back: only the end of the input tells which segment is the last.
        while len(pending) > SEGMENT:
            yield aead.encrypt(_segment_nonce(index, False), bytes(pending[:SEGMENT]), MAGIC)
            del pending[:SEGMENT]
            index += 1
    yield aead.encrypt(_segment_nonce(index, True), bytes(pending), MAGIC)


async def decrypt_stream(chunks: AsyncIterator[bytes], key: bytes) -> AsyncIterator[bytes]:
    aead, index, pending, started = AESGCM(key), 0, bytearray(), False
    whole = SEGMENT + _TAG

    def open_segment(data: bytes, last: bool) -> bytes:
        try:
            return aead.decrypt(_segment_nonce(index, last), data, MAGIC)
        except InvalidTag:
            raise SealedError("berkas tertutup tidak dapat dibuka (diubah, terpotong, atau kunci lain)") from None

    async for chunk in chunks:
        pending += chunk
        if not started:
            if len(pending) < len(MAGIC):
                continue
            if bytes(pending[:len(MAGIC)]) != MAGIC:
                raise SealedError("berkas ini bukan berkas tertutup Balai")
            del pending[:len(MAGIC)]
            started = True
        while len(pending) > whole:
            yield open_segment(bytes(pending[:whole]), False)
            del pending[:whole]
            index += 1
    if not started or len(pending) < _TAG:
        raise SealedError("berkas tertutup terpotong")
    yield open_segment(bytes(pending), True)
