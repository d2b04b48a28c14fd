"""Sealing keys and ciphers (balai.sealed.keys, balai.sealed.crypto), without a database."""

from __future__ import annotations

import base64
import os
from types import SimpleNamespace

import pytest

from balai.sealed import crypto, keys
from balai.sealed.crypto import SealedError
from balai.sealed.keys import SealingKeyError


def ring(*texts: str) -> keys.Keyring:
    return keys.parse("\n".join(texts), "uji")


def test_a_token_opens_only_in_its_own_context():
    r = ring(keys.new_key())
    token = crypto.seal(r, "Kepala bidang menerima suap".encode(), "case:12")
    assert crypto.is_token(token) and "suap" not in token
    assert crypto.unseal(r, token, "case:12").decode() == "Kepala bidang menerima suap"
    with pytest.raises(SealedError):
        crypto.unseal(r, token, "case:13")  # copied into another case: refused


def test_an_altered_token_is_refused():
    r = ring(keys.new_key())
    token = crypto.seal(r, b"rahasia", "case:1")
    head, payload = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw[-1] ^= 1
    altered = head + "." + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(SealedError):
        crypto.unseal(r, altered, "case:1")
    # the context inside the token is bound too: renaming it does not move the value
    kid, _ctx, body = token.split(".", 4)[2:]
    moved = f"sealed.v1.{kid}.{base64.urlsafe_b64encode(b'case:2').decode().rstrip('=')}.{body}"
    with pytest.raises(SealedError):
        crypto.unseal(r, moved, "case:2")


def test_older_keys_open_and_reseal_moves_to_the_newest():
    old = keys.new_key()
    before = ring(old)
    token = crypto.seal(before, b"laporan", "case:5")
    after = ring(keys.new_key(), old)  # a new key added on top
    assert crypto.unseal(after, token, "case:5") == b"laporan"
    moved = crypto.reseal(after, token)
    assert crypto.parse_token(moved)[0] == after.newest[0] != before.newest[0]
    assert crypto.unseal(after, moved, "case:5") == b"laporan"
    assert crypto.reseal(after, moved) is None  # already on the newest key
    with pytest.raises(SealingKeyError, match=before.newest[0]):
        crypto.unseal(ring(keys.new_key()), token, "case:5")  # the old key is gone


def test_malformed_keys_are_refused_with_their_place():
    with pytest.raises(SealingKeyError, match="kunci ke-2"):
        ring(keys.new_key(), "bukan-kunci")
    with pytest.raises(SealingKeyError, match="tidak berisi"):
        ring("# hanya komentar")


def test_key_file_is_made_private_and_new_keys_go_on_top(tmp_path):
    path = tmp_path / "var" / keys.FILE_NAME
    first = keys.create_file(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert keys.create_file(path).ids == first.ids  # a second process reads the first one's key
    kid = keys.add_key(path)
    again = keys.parse(path.read_text(), str(path))
    assert again.ids == (kid, first.ids[0])
    assert path.read_text().startswith("#")  # the warning stays on top
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_configured_prefers_the_variable(tmp_path):
    key = keys.new_key()
    config = SimpleNamespace(sealing_key=f"{key}, {keys.new_key()}", sealing_key_file="", var_dir=tmp_path)
    assert keys.configured(config).newest[0] == keys.key_id(base64.urlsafe_b64decode(key + "="))
    assert keys.configured(SimpleNamespace(sealing_key="", sealing_key_file="", var_dir=tmp_path)) is None


async def _chunks(data: bytes, size: int):
    for i in range(0, len(data), size):
        yield data[i:i + size]


async def _all(stream) -> bytes:
    return b"".join([c async for c in stream])


@pytest.mark.parametrize("size", [0, 1, crypto.SEGMENT - 1, crypto.SEGMENT, crypto.SEGMENT + 1, 3 * crypto.SEGMENT + 7])
async def test_files_round_trip_in_segments(size):
    key = crypto.new_data_key()
    plain = os.urandom(size)
    sealed = await _all(crypto.encrypt_stream(_chunks(plain, 10_000), key))
    assert len(sealed) == crypto.sealed_size(size)
    assert sealed.startswith(crypto.MAGIC) and (size < 64 or plain[:64] not in sealed)
    for read_size in (1000, 70_000):
        assert await _all(crypto.decrypt_stream(_chunks(sealed, read_size), key)) == plain


async def test_a_cut_or_altered_file_does_not_open():
    key = crypto.new_data_key()
    plain = os.urandom(2 * crypto.SEGMENT + 10)
    sealed = await _all(crypto.encrypt_stream(_chunks(plain, 4096), key))
    cut = sealed[:len(crypto.MAGIC) + crypto.SEGMENT + 16]  # the first segment alone, cleanly cut
    with pytest.raises(SealedError):
        await _all(crypto.decrypt_stream(_chunks(cut, 4096), key))
    altered = bytearray(sealed)
    altered[len(crypto.MAGIC) + 5] ^= 1
    with pytest.raises(SealedError):
        await _all(crypto.decrypt_stream(_chunks(bytes(altered), 4096), key))
    with pytest.raises(SealedError):
        await _all(crypto.decrypt_stream(_chunks(sealed, 4096), crypto.new_data_key()))
