"""Sealed documents: the file is encrypted before the storage (local folder or S3) sees a byte.

Each version gets its own random data key; the bytes go to storage encrypted with it
(:func:`balai.sealed.crypto.encrypt_stream`). The data key, the real file name, title, note and
the SHA-256 of the real content live in one token in ``core_document_version.sealed`` (the
*envelope*), bound to the case; the plain columns hold a neutral name and the SHA-256 of what is
stored. Reading needs the case's permission to unseal (:func:`balai.sealed.service.may_unseal`),
administrators included.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import AsyncIterator

from balai.i18n import lazy_gettext
from balai.sealed import crypto
from balai.sealed import service as sealing

PLACEHOLDER_TITLE = "Dokumen dirahasiakan"  # what core_document.title holds for a sealed document
TITLE = lazy_gettext("Dokumen dirahasiakan")


async def sealing_case(owner_type: str, owner_id: int, sealed_case: int | None = None) -> int | None:
    """The case whose seal covers documents of this record: ``sealed_case`` when the caller names
    one (a plugin's own record of a sealed case), or the record itself when it is a sealed case."""
    if sealed_case is not None:
        return int(sealed_case)
    if owner_type != "case" or not sealing.needed():
        return None
    from balai.workflow import store

    case = await store.case_row(owner_id)
    return case["id"] if case is not None and sealing.is_sealed(case) else None


def placeholder_filename(content_type: str) -> str:
    from balai.documents import sniff

    ext = sniff.ALLOWED.get(content_type)
    return f"dokumen.{ext}" if ext else "dokumen"


async def hashed(chunks: AsyncIterator[bytes], sha) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        sha.update(chunk)
        yield chunk


def encrypt(chunks: AsyncIterator[bytes], data_key: bytes, sha) -> AsyncIterator[bytes]:
    """What goes to storage for a sealed upload; ``sha`` sees the encrypted bytes."""
    return hashed(crypto.encrypt_stream(chunks, data_key), sha)


def seal_envelope(case_id: int, data_key: bytes, *, filename: str, title: str, note: str, sha256: str) -> str:
    return sealing.seal_text(json.dumps({
        "key": base64.b64encode(data_key).decode(), "filename": filename, "title": title, "note": note,
        "sha256": sha256,
    }), case_id)


def envelope_case(version: dict) -> int | None:
    """The case a sealed version belongs to (named in its envelope's context, which the envelope's
    ciphertext is bound to); None for a version that is not sealed."""
    token = version.get("sealed") or ""
    if not token:
        return None
    context = crypto.parse_token(token)[1]
    return int(context.removeprefix("case:"))


def open_envelope(version: dict) -> dict:
    envelope = json.loads(sealing.unseal_text(version["sealed"], envelope_case(version)))
    envelope["key"] = base64.b64decode(envelope["key"])
    return envelope


def decrypt(chunks: AsyncIterator[bytes], version: dict) -> AsyncIterator[bytes]:
    return crypto.decrypt_stream(chunks, open_envelope(version)["key"])


async def may_read(user, version: dict) -> bool:
    """Whether ``user`` may read a sealed version (True for one that is not sealed)."""
    from balai.workflow import store

    case_id = envelope_case(version)
    if case_id is None:
        return True
    case = await store.case_row(case_id)
    return case is not None and sealing.is_sealed(case) and await sealing.may_unseal(user, case)


def _public(version: dict, envelope: dict | None) -> dict:
    version = {**version}
    if envelope is not None:
        version.update(filename=envelope["filename"], note=envelope["note"], sha256=envelope["sha256"])
    return version


async def reveal(user, documents: list[dict], *, readable: bool | None = None) -> list[dict]:
    """Documents (with ``versions`` and ``current``) as ``user`` may see them: the real names of
    sealed versions for those who may read them, the neutral ones for everyone else. A sealed
    version and its document carry ``sealed_content`` and ``readable``. ``readable`` given decides
    instead of the case's rule: a page that checked its visitor another way (a tracking code)."""
    answers: dict[int, bool] = {}
    shown = []
    for document in documents:
        versions, first_title = [], None
        for version in document.get("versions") or []:
            case_id = envelope_case(version)
            if case_id is None:
                versions.append(version)
                continue
            if case_id not in answers:
                answers[case_id] = readable if readable is not None else await may_read(user, version)
            envelope = open_envelope(version) if answers[case_id] else None
            first_title = envelope["title"] if envelope else first_title  # versions come newest first
            versions.append(_public(version, envelope) | {"sealed_content": True, "readable": answers[case_id]})
        document = {**document, "versions": versions, "current": versions[0] if versions else None}
        sealed = [v for v in versions if v.get("sealed_content")]
        if sealed:
            document.update(title=first_title or str(TITLE), sealed_content=True, readable=sealed[0]["readable"])
        shown.append(document)
    return shown
