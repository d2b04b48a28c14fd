"""The documents service for Python callers: save an upload, open a download, list, check access.

An upload is streamed once: its first bytes decide the content type (refused before anything is
stored when not allowed), every chunk feeds the SHA-256 and the size count (over the limit the
write stops and the partial object is removed), and the database rows are written only after the
storage has the whole file. Should the database then fail, the stored object is removed again.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, AsyncIterator

from babel.numbers import format_decimal

from balai.context import current
from balai.identity.access import ADMIN
from balai.db import row_id
from balai.documents import sniff
from balai.documents.storage import Storage
from balai.documents.tables import Document, DocumentVersion
from balai.i18n import _, get_locale
from balai.plugins import await_me_maybe
from balai.sealed import documents as sealed_documents

READ, WRITE = "read", "write"
OWNER_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
KIND = re.compile(r"^[a-z][a-z0-9_]{0,48}\.[a-z0-9_.]{1,50}$")
_READ_SIZE = 64 * 1024


class DocumentError(Exception):
    """An upload or download that cannot go on; ``message`` is for the user, ``status_code`` for HTTP."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UploadTooLarge(DocumentError):
    status_code = 413


class FileTypeRefused(DocumentError):
    status_code = 415


class DocumentNotFound(DocumentError):
    status_code = 404


def storage() -> Storage:
    """The current app's document storage (balai.context; made from ``storage_url``)."""
    return current().storage


def upload_limit() -> int:
    """The current app's upload limit in bytes, from ``max_upload_mb``."""
    return current().config.max_upload_mb * 1024 * 1024


# --- access -------------------------------------------------------------------------------


async def check_document_access(user, owner_type: str, owner_id: int, action: str = READ) -> bool:
    """Whether ``user`` may ``action`` ("read"/"write") the documents of the record.

    Asks every plugin through the ``can_access_document`` hook: allowed when at least one answers
    ``True`` and none answers ``False``. Administrators (``core.admin``) may always read.
    """
    if user is None:
        return False
    sealed_case = await sealed_documents.sealing_case(owner_type, owner_id)
    if sealed_case is not None and action == READ:
        from balai.sealed.service import may_unseal
        from balai.workflow.store import case_row

        if not await may_unseal(user, await case_row(sealed_case)):
            return False
    elif action == READ and user.can(ADMIN):
        return True
    answers = current().host.hook.can_access_document(user=user, owner_type=owner_type, owner_id=owner_id, action=action)
    # Every answer is awaited, even after a refusal: an async plugin's coroutine is never left un-run.
    resolved = [await await_me_maybe(answer) for answer in answers]
    return any(a is True for a in resolved) and not any(a is False for a in resolved)


# --- upload -------------------------------------------------------------------------------


async def _chunks(source) -> AsyncIterator[bytes]:
    """Bytes, a file object (sync or async ``read``), or an (async) iterator of chunks."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield bytes(source)
        return
    read = getattr(source, "read", None)
    if callable(read):
        while True:
            chunk = await await_me_maybe(read(_READ_SIZE))
            if not chunk:
                return
            yield chunk
    elif hasattr(source, "__aiter__"):
        async for chunk in source:
            if chunk:
                yield chunk
    else:
        for chunk in source:
            if chunk:
                yield chunk


async def _read_head(chunks: AsyncIterator[bytes]) -> bytes:
    head = bytearray()
    async for chunk in chunks:
        head += chunk
        if len(head) >= sniff.HEAD_BYTES:
            break
    return bytes(head)


class _Meter:
    """Counts and hashes the bytes going to storage, and stops them at the size limit."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.sha = hashlib.sha256()
        self.tail = b""  # the last bytes, for formats checked at their end (PDF)

    async def through(self, head: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        self._count(head)
        yield head
        async for chunk in rest:
            self._count(chunk)
            yield chunk

    def _count(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise too_large(self.max_bytes)
        self.sha.update(chunk)
        self.tail = (self.tail + chunk[-sniff.TAIL_BYTES:])[-sniff.TAIL_BYTES:]


def too_large(max_bytes: int) -> UploadTooLarge:
    return UploadTooLarge(_("Berkas terlalu besar. Ukuran maksimum %(mb)s MB.", mb=max_bytes // (1024 * 1024)))


def clean_filename(filename: str | None) -> str:
    """The last path component, without control characters, at most 200 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    name = name.strip(". ") or "dokumen"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 190] + dot + ext[:9]) if dot and len(ext) < 10 else name[:200]
    return name


def _new_key() -> str:
    now = datetime.now(timezone.utc)
    return f"{now:%Y/%m}/{uuid.uuid4().hex}"


def _user_id(user) -> int | None:
    return getattr(user, "id", user)


def check_kind(kind: str) -> str:
    """A document kind is empty or ``"<plugin>.<name>"``."""
    kind = kind or ""
    if kind and not (isinstance(kind, str) and KIND.match(kind)):
        raise DocumentError(_("Jenis dokumen tidak sah."))
    return kind


def check_owner(owner_type: str, owner_id) -> tuple[str, int]:
    if not isinstance(owner_type, str) or not OWNER_TYPE.match(owner_type):
        raise DocumentError(_("Jenis pemilik dokumen tidak sah."))
    try:
        owner_id = row_id(owner_id)
    except (TypeError, ValueError):
        raise DocumentError(_("Nomor pemilik dokumen tidak sah.")) from None
    return owner_type, owner_id


async def save_upload(source, filename: str | None, owner_type: str, owner_id: int, user, title: str | None = None,
                      document_id: int | None = None, note: str = "", max_bytes: int | None = None,
                      ip: str = "", sealed_case: int | None = None, kind: str = "") -> dict:
    """Store an uploaded file as a new document, or as the next version of ``document_id``.

    ``source`` may be bytes, a file object (``read`` sync or async, e.g. Litestar's ``UploadFile``)
    or an (async) iterator of chunks. Access is the caller's business (see
    :func:`check_document_access`). Returns the new version row (with ``document_id``).
    Raises :class:`UploadTooLarge`, :class:`FileTypeRefused` or :class:`DocumentError`.

    A document of a sealed case (``owner_type="case"``, or any record of one named by
    ``sealed_case``) is encrypted before it reaches the storage (:mod:`balai.sealed.documents`).
    ``kind`` (``"<plugin>.<name>"``, e.g. ``"ppid.ktp"``) says what a new document is: a kind declared
    as personal data (``balai.api.PersonalData``) has its downloads logged and its retention applied.
    """
    owner_type, owner_id = check_owner(owner_type, owner_id)
    kind = check_kind(kind)
    case_id = await sealed_documents.sealing_case(owner_type, owner_id, sealed_case)
    staged = await stage_upload(source, filename, max_bytes, sealed=case_id is not None)
    try:
        return await record_staged(staged, owner_type, owner_id, user, title, document_id, note, ip,
                                   sealed_case=case_id, kind=kind)
    except BaseException:
        await discard_staged([staged])
        raise


@dataclass(frozen=True)
class Staged:
    """An upload whose bytes are in storage, checked, and not yet a document (:func:`record_staged`)."""

    key: str
    filename: str
    content_type: str
    size: int
    sha256: str
    data_key: bytes | None = field(default=None, repr=False)  # a sealed upload: stored encrypted with it
    stored_sha256: str = ""  # of the bytes in storage (encrypted), for a sealed upload


async def stage_upload(source, filename: str | None, max_bytes: int | None = None, *, sealed: bool = False) -> Staged:
    """Stream an upload into storage with the checks of :func:`save_upload` (content type, size,
    a whole PDF), writing no row yet: for a form whose record does not exist until every file
    has arrived. Record it with :func:`record_staged`, or remove it with :func:`discard_staged`.
    ``sealed``: encrypted on its way to storage, for a sealed case (record it with ``sealed_case``)."""
    store = storage()
    limit = max_bytes if max_bytes is not None else upload_limit()
    chunks = _chunks(source)
    head = await _read_head(chunks)
    if not head:
        raise DocumentError(_("Berkas kosong. Pilih berkas yang akan diunggah."))
    if len(head) > limit:
        raise too_large(limit)
    content_type = sniff.detect(head)
    if content_type not in sniff.ALLOWED:
        raise FileTypeRefused(_(
            "Jenis berkas tidak diizinkan. Unggah PDF, gambar (JPEG, PNG, WebP, TIFF), "
            "atau dokumen kantor (DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS)."
        ))
    key = _new_key()
    meter = _Meter(limit)
    data_key, stored_sha = (sealed_documents.crypto.new_data_key() if sealed else None), hashlib.sha256()
    plain = meter.through(head, chunks)
    await store.save(key, sealed_documents.encrypt(plain, data_key, stored_sha) if sealed else plain)
    if content_type == sniff.PDF and not sniff.pdf_complete(meter.tail):
        await store.delete(key)
        raise FileTypeRefused(_("Berkas PDF tidak utuh: penanda akhir berkasnya tidak ada. Unggah PDF yang lengkap."))
    return Staged(key=key, filename=clean_filename(filename), content_type=content_type, size=meter.size,
                  sha256=meter.sha.hexdigest(), data_key=data_key, stored_sha256=stored_sha.hexdigest() if sealed else "")


async def record_staged(staged: Staged, owner_type: str, owner_id: int, user, title: str | None = None,
                        document_id: int | None = None, note: str = "", ip: str = "",
                        sealed_case: int | None = None, kind: str = "") -> dict:
    """The rows of a staged upload: a new document of the record, or the next version of
    ``document_id``, and its audit entry. Inside the caller's transaction when there is one, so
    the record and its documents stand or fall together. A record of a sealed case (the case
    itself, or ``sealed_case``) takes only uploads staged with ``sealed=True``, and the other way round.
    ``kind`` as for :func:`save_upload` (a new version keeps its document's kind)."""
    owner_type, owner_id = check_owner(owner_type, owner_id)
    kind = check_kind(kind)
    case_id = await sealed_documents.sealing_case(owner_type, owner_id, sealed_case)
    if (case_id is None) != (staged.data_key is None):
        # a programming error either way: plaintext of a sealed case in storage, or bytes nobody can open
        raise DocumentError(_("Berkas kasus tertutup harus diunggah tertutup, dan hanya berkas kasus tertutup."))
    return await _record(staged, owner_type, owner_id, user, title, document_id, note, ip, case_id, kind)


async def discard_staged(staged: list[Staged]) -> None:
    """Remove staged uploads from storage (the form they came with was refused)."""
    for item in staged:
        await storage().delete(item.key)


async def _record(staged: Staged, owner_type, owner_id, user, title, document_id, note, ip,
                  sealed_case: int | None = None, kind: str = "") -> dict:
    from balai.audit.service import record as audit

    filename, note, sha256, envelope = staged.filename, (note or "").strip(), staged.sha256, ""
    if sealed_case is not None:  # the real name, title and note only inside the envelope
        envelope = sealed_documents.seal_envelope(sealed_case, staged.data_key, filename=filename,
                                                  title=(title or filename).strip()[:300], note=note, sha256=sha256)
        filename, title, note = sealed_documents.placeholder_filename(staged.content_type), \
            sealed_documents.PLACEHOLDER_TITLE, ""
        sha256 = staged.stored_sha256
    uid = _user_id(user)
    async with Document._meta.db.transaction():
        # Every branch starts with a write, so SQLite takes its write lock up front.
        if document_id is None:
            inserted = await Document.insert(Document(
                owner_type=owner_type, owner_id=owner_id, title=(title or filename).strip()[:300], created_by=uid,
                version_count=1, kind=kind,
            )).returning(Document.id)
            document_id, number = inserted[0]["id"], 1
        else:
            bumped = await Document.update({Document.version_count: Document.version_count + 1}).where(
                (Document.id == document_id) & (Document.owner_type == owner_type) & (Document.owner_id == owner_id)
            ).returning(Document.version_count)
            if not bumped:
                raise DocumentNotFound(_("Dokumen tidak ditemukan pada berkas ini."))
            number = bumped[0]["version_count"]
        rows = await DocumentVersion.insert(DocumentVersion(
            document=document_id, number=number, storage_key=staged.key, filename=filename, size=staged.size,
            sha256=sha256, content_type=staged.content_type, uploaded_by=uid, note=note, sealed=envelope,
        )).returning(*DocumentVersion.all_columns())
        version = rows[0]
        await Document.update({Document.current_version: version["id"]}).where(Document.id == document_id)
        detail = {"version": number, "filename": filename, "size": staged.size, "sha256": version["sha256"],
                  "owner_type": owner_type, "owner_id": owner_id}
        if envelope:  # neither its name nor its hash (a hash confirms a guessed file)
            detail = {k: v for k, v in detail.items() if k not in ("filename", "sha256")} | {"sealed": True}
        await audit(user, "documents.upload", "document", document_id, detail=detail, ip=ip)
    version["document_id"] = version["document"]
    return version


# --- reading ------------------------------------------------------------------------------


@dataclass
class Download:
    version: dict
    document: dict

    @property
    def sealed(self) -> bool:
        return bool(self.version.get("sealed"))

    @property
    def download_name(self) -> str:
        filename = sealed_documents.open_envelope(self.version)["filename"] if self.sealed else self.version["filename"]
        return download_name(filename, self.version["content_type"])

    @property
    def sha256(self) -> str:
        """Of the content as downloaded (for a sealed version: the real content, not what is stored)."""
        return sealed_documents.open_envelope(self.version)["sha256"] if self.sealed else self.version["sha256"]

    def chunks(self) -> AsyncIterator[bytes]:
        stored = storage().open(self.version["storage_key"])
        return sealed_documents.decrypt(stored, self.version) if self.sealed else stored

    async def read(self) -> bytes:
        """The whole file in memory: only for small files (e.g. to attach to a message)."""
        return b"".join([chunk async for chunk in self.chunks()])


_SAME_EXT = MappingProxyType({"jpeg": "jpg", "tiff": "tif"})


def download_name(filename: str, content_type: str) -> str:
    """The uploaded name, with the extension corrected to what the content really is."""
    ext = sniff.ALLOWED.get(content_type)
    stem, dot, current = filename.rpartition(".")
    if not ext or (dot and _SAME_EXT.get(current.lower(), current.lower()) == ext):
        return filename
    return f"{stem if dot else filename}.{ext}"


async def open_download(version_id: int) -> Download:
    """A version and its document, ready to stream with :meth:`Download.chunks`."""
    version = await DocumentVersion.select().where(DocumentVersion.id == version_id).first()
    if version is None:
        raise DocumentNotFound(_("Berkas tidak ditemukan."))
    document = await Document.select().where(Document.id == version["document"]).first()
    return Download(version=version, document=document)


def format_size(size: int) -> str:
    """``820 B``, ``12,5 KB``, ``3,2 MB`` in the user's locale."""
    value, unit = float(size), "B"
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    pattern = "#,##0" if unit == "B" else "#,##0.0"
    return f"{format_decimal(value, pattern, locale=get_locale())} {unit}"


_VERSION_COLUMNS = (
    DocumentVersion.id, DocumentVersion.document, DocumentVersion.number, DocumentVersion.filename,
    DocumentVersion.size, DocumentVersion.sha256, DocumentVersion.content_type, DocumentVersion.uploaded_at,
    DocumentVersion.note, DocumentVersion.uploaded_by, DocumentVersion.uploaded_by.full_name.as_alias("uploaded_by_name"),
    DocumentVersion.sealed,
)


async def _versions_of(document_ids: list[int]) -> dict[int, list[dict]]:
    if not document_ids:
        return {}
    rows = await DocumentVersion.select(*_VERSION_COLUMNS).where(
        DocumentVersion.document.is_in(document_ids)
    ).order_by(DocumentVersion.number, ascending=False)
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        row["size_label"] = format_size(row["size"])
        row["type_label"] = sniff.describe(row["content_type"])
        row["viewable"] = row["content_type"] in sniff.VIEWABLE
        grouped.setdefault(row["document"], []).append(row)
    return grouped


async def list_documents(owner_type: str, owner_id: int) -> list[dict]:
    """Documents of a record, newest first, each with ``versions`` (newest first) and ``current``."""
    owner_type, owner_id = check_owner(owner_type, owner_id)
    documents = await Document.select(
        *Document.all_columns(), Document.created_by.full_name.as_alias("created_by_name")
    ).where((Document.owner_type == owner_type) & (Document.owner_id == owner_id)).order_by(Document.id, ascending=False)
    versions = await _versions_of([d["id"] for d in documents])
    for document in documents:
        document["versions"] = versions.get(document["id"], [])
        document["current"] = document["versions"][0] if document["versions"] else None
    return documents


async def documents_of(owner_type: str, owner_ids) -> dict[int, list[dict]]:
    """The documents of several records of one type at once (a message thread's attachments):
    owner id -> documents oldest first, each with ``versions`` (newest first) and ``current``."""
    ids = sorted({row_id(i) for i in owner_ids})
    if not ids:
        return {}
    documents = await Document.select(*Document.all_columns()).where(
        (Document.owner_type == owner_type) & Document.owner_id.is_in(ids)).order_by(Document.id)
    versions = await _versions_of([d["id"] for d in documents])
    found: dict[int, list[dict]] = {}
    for document in documents:
        document["versions"] = versions.get(document["id"], [])
        document["current"] = document["versions"][0] if document["versions"] else None
        found.setdefault(document["owner_id"], []).append(document)
    return found


async def get_document(document_id: int) -> dict:
    """One document with its versions; raises :class:`DocumentNotFound`."""
    document = await Document.select(
        *Document.all_columns(), Document.created_by.full_name.as_alias("created_by_name")
    ).where(Document.id == document_id).first()
    if document is None:
        raise DocumentNotFound(_("Dokumen tidak ditemukan."))
    document["versions"] = (await _versions_of([document_id])).get(document_id, [])
    document["current"] = document["versions"][0] if document["versions"] else None
    return document


async def documents_panel(user, owner_type: str, owner_id: int, next_url: str = "", error: str = "") -> dict[str, Any]:
    """Context for ``documents/panel.html``: pass it as ``panel`` and ``{% include "documents/panel.html" %}``.

    Show the panel only on pages of records the user may see; the upload form appears when the
    ``can_access_document`` hook allows writing.
    """
    owner_type, owner_id = check_owner(owner_type, owner_id)
    return {
        "owner_type": owner_type,
        "owner_id": owner_id,
        "documents": await sealed_documents.reveal(user, await list_documents(owner_type, owner_id)),
        "can_write": await check_document_access(user, owner_type, owner_id, WRITE),
        "next": next_url,
        "error": error,
        "max_mb": upload_limit() // (1024 * 1024),
        "accept": ",".join(f".{ext}" for ext in sorted(set(sniff.ALLOWED.values()))),
    }


async def record_download(user, download: Download, ip: str = "") -> None:
    from balai.audit.service import record as audit

    await audit(user, "documents.download", "document", download.document["id"],
                detail={"version": download.version["number"], "version_id": download.version["id"]}, ip=ip)
