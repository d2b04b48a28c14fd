"""Reading an upload form straight from the request stream.

Litestar's own form parsing writes the whole file to a temporary file before the handler runs
(and its CSRF middleware parses the form for the token). Here the text fields before the file are
read into a dict, the CSRF token among them is checked, and the file's bytes go on to storage as
they arrive: the upload is never held whole in memory or on local disk. Forms therefore put the
``file`` field last.
"""

from __future__ import annotations

import hmac
from typing import AsyncIterator

from litestar import Request
from litestar.exceptions import PermissionDeniedException
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, generate_csrf_hash
from multipart import MultipartSegment, ParserError, ParserLimitReached, PushMultipartParser, parse_options_header

from balai.documents.service import DocumentError, too_large
from balai.i18n import _
from balai.web.inputs import InputError, clean_text

FILE_FIELD = "file"
MAX_FIELD_BYTES = 16 * 1024
MAX_FIELDS = 30
CSRF_COOKIE = "balai_csrf"
CSRF_HEADER = "x-csrftoken"
# Room for the text fields and multipart framing on top of the file itself.
FORM_OVERHEAD = 1024 * 1024


class UploadForm:
    """``fields`` before the file, then :meth:`file_chunks` for the file, then :meth:`finish`.

    A form with several files names them in ``file_fields``: after each file, :meth:`read_fields`
    reads on to the next one (its field in :attr:`file_field`, :attr:`filename` None at the end).
    """

    def __init__(self, request: Request, max_bytes: int, file_fields: tuple[str, ...] = (FILE_FIELD,),
                 max_fields: int = MAX_FIELDS):
        content_type, options = parse_options_header(request.headers.get("content-type", ""))
        if content_type != "multipart/form-data" or not options.get("boundary"):
            raise DocumentError(_("Unggahan harus dikirim sebagai multipart/form-data."))
        self.request = request
        self.boundary = options["boundary"]
        self.max_bytes = max_bytes
        self.fields: dict[str, str] = {}
        self.file_fields = file_fields
        self.max_fields = max_fields
        self.file_field: str | None = None
        self.filename: str | None = None
        self._events = self._parse()

    async def _parse(self) -> AsyncIterator:
        received = 0
        try:
            with PushMultipartParser(self.boundary, max_segment_count=self.max_fields + len(self.file_fields)) as parser:
                async for chunk in self.request.stream():
                    received += len(chunk)
                    if received > self.max_bytes + FORM_OVERHEAD:
                        raise too_large(self.max_bytes)
                    for event in parser.parse(chunk):
                        yield event
                for event in parser.parse(b""):
                    yield event
        except (ParserError, ParserLimitReached) as exc:
            raise DocumentError(_("Formulir unggahan rusak atau tidak lengkap.")) from exc

    async def read_fields(self) -> dict[str, str]:
        """Read text fields up to the next file field (the file's name is then in :attr:`filename`)."""
        name, value = None, bytearray()
        self.file_field = self.filename = None
        async for event in self._events:
            if isinstance(event, MultipartSegment):
                if event.name in self.file_fields:
                    self.file_field, self.filename = event.name, event.filename or ""
                    return self.fields
                name, value = event.name, bytearray()
            elif event is None:
                if name is not None:
                    try:  # the same refusal as the boundary types of balai.web.inputs
                        self.fields[name] = clean_text(value.decode("utf-8", "replace"), MAX_FIELD_BYTES, name)
                    except InputError as exc:
                        raise DocumentError(str(exc)) from None
                name = None
            else:
                value += event
                if len(value) > MAX_FIELD_BYTES:
                    raise DocumentError(_("Isian formulir terlalu panjang."))
        return self.fields

    async def file_chunks(self) -> AsyncIterator[bytes]:
        async for event in self._events:
            if event is None:
                return
            yield bytes(event)

    async def finish(self) -> dict[str, str]:
        """Read what follows the file: more text fields, if any."""
        await self.read_fields()
        return self.fields


def check_csrf(request: Request, form_token: str | None) -> None:
    """The same check as Litestar's CSRF middleware, which is switched off for streamed uploads."""
    token = request.headers.get(CSRF_HEADER) or form_token or ""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    secret = request.app.csrf_config.secret
    mine, theirs = _decode(token, secret), _decode(cookie, secret)
    if mine is None or theirs is None or not hmac.compare_digest(mine, theirs):
        raise PermissionDeniedException(_("Token keamanan formulir tidak sah. Muat ulang halaman lalu coba lagi."))


def _decode(token: str, secret: str) -> str | None:
    if len(token) <= CSRF_SECRET_LENGTH:
        return None
    value, signature = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    return value if hmac.compare_digest(signature, generate_csrf_hash(value, secret)) else None


def check_announced_size(request: Request, max_bytes: int) -> None:
    """Refuse at once when the client says up front that the body is over the limit."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes + FORM_OVERHEAD:
        raise too_large(max_bytes)
