"""Core documents service as a plugin: upload, download and version pages, and their JSON API.

Every route checks the record that owns the documents through the ``can_access_document`` hook
(``"write"`` to upload, ``"read"`` for everything else).
"""

from __future__ import annotations

from types import MappingProxyType
from urllib.parse import quote

from litestar import Request, get, post
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.response import Response, Stream

from balai.identity.access import LOGIN
from balai.api import hookimpl
from balai.db import row_id
from balai.documents import service, sniff
from balai.documents.form import UploadForm, check_announced_size, check_csrf
from balai.documents.service import READ, WRITE, DocumentError, DocumentNotFound
from balai.i18n import _
from balai.sealed import documents as sealed_documents
from balai.personaldata import service as personal_data  # downloads of declared kinds are logged
from balai.web.render import client_ip, redirect, render, safe_next, wants_fragment
from balai.web.inputs import PathId, QueryId, QueryText

UPLOAD_OPT = MappingProxyType({"permission": LOGIN, "exclude_from_csrf": True})  # checked in the handler, see form.py


async def _require(request: Request, owner_type: str, owner_id: int, action: str) -> None:
    if not await service.check_document_access(request.scope["user"], owner_type, owner_id, action):
        raise PermissionDeniedException(
            _("Anda tidak berhak mengunggah dokumen pada berkas ini.") if action == WRITE
            else _("Anda tidak berhak melihat dokumen ini.")
        )


async def _receive_upload(request: Request, form: UploadForm) -> tuple[dict, dict]:
    """Stream a multipart upload into the documents service; returns (version row, form fields)."""
    fields = await form.read_fields()
    check_csrf(request, fields.get("_csrf_token"))
    check_announced_size(request, form.max_bytes)
    if form.filename is None:
        raise DocumentError(_("Pilih berkas yang akan diunggah."))
    owner_type, owner_id = service.check_owner(fields.get("owner_type"), fields.get("owner_id"))
    await _require(request, owner_type, owner_id, WRITE)
    document_id = fields.get("document_id") or None
    if document_id is not None:
        try:
            document_id = row_id(document_id)
        except ValueError:
            raise DocumentError(_("Nomor dokumen tidak sah.")) from None
    version = await service.save_upload(
        form.file_chunks(), form.filename, owner_type, owner_id, request.scope["user"],
        title=fields.get("title") or None, document_id=document_id,
        note=fields.get("note", ""), ip=client_ip(request),
    )
    return version, await form.finish()


def _form(request: Request) -> UploadForm:
    try:
        return UploadForm(request, service.upload_limit())
    except DocumentError as exc:
        raise HTTPException(status_code=exc.status_code, detail=exc.message) from None


async def _panel_response(request: Request, owner_type, owner_id, next_url: str, error: str = "",
                          status_code: int = 200, notice: str = "") -> Response:
    panel = await service.documents_panel(request.scope["user"], owner_type, owner_id, next_url, error)
    panel["notice"] = notice
    return render(request, "documents/panel_page.html", status_code=status_code, panel=panel)


# --- pages ---------------------------------------------------------------------------------


@post("/documents/upload", opt=UPLOAD_OPT, request_max_body_size=None)
async def upload_page(request: Request) -> Response:
    form = _form(request)
    try:
        version, fields = await _receive_upload(request, form)
    except DocumentError as exc:
        return await _upload_refused(request, form.fields, exc)
    message = _("Dokumen %(nama)s tersimpan sebagai versi %(nomor)s.", nama=version["filename"], nomor=version["number"])
    next_url = safe_next(fields.get("next"), "")
    if wants_fragment(request):
        document = await service.get_document(version["document_id"])
        return await _panel_response(request, document["owner_type"], document["owner_id"], next_url,
                                     notice=message)
    return redirect(request, next_url or f"/documents/{version['document_id']}", message)


async def _upload_refused(request: Request, fields: dict, exc: DocumentError) -> Response:
    """The panel again with the reason; the bare reason when the record is unknown or hidden."""
    try:
        owner_type, owner_id = service.check_owner(fields.get("owner_type"), fields.get("owner_id"))
    except DocumentError:
        owner_type = None
    if owner_type and await service.check_document_access(request.scope["user"], owner_type, owner_id, READ):
        return await _panel_response(request, owner_type, owner_id, safe_next(fields.get("next"), ""),
                                     error=exc.message, status_code=exc.status_code)
    return render(request, "errors/error.html", status_code=exc.status_code, status=exc.status_code,
                  detail=exc.message)


@get("/documents/panel", opt={"permission": LOGIN})
async def panel_page(request: Request, owner_type: QueryText, owner_id: QueryId, next: QueryText = "") -> Response:
    try:
        owner_type, owner_id = service.check_owner(owner_type, owner_id)
    except DocumentError as exc:
        raise HTTPException(status_code=400, detail=exc.message) from None
    await _require(request, owner_type, owner_id, READ)
    return await _panel_response(request, owner_type, owner_id, safe_next(next, ""))


@get("/documents/{document_id:int}", opt={"permission": LOGIN})
async def document_page(request: Request, document_id: PathId) -> Response:
    document = await _readable_document(request, document_id)
    can_write = await service.check_document_access(request.scope["user"], document["owner_type"],
                                                    document["owner_id"], WRITE)
    return render(request, "documents/document.html", document=document, can_write=can_write,
                  max_mb=service.upload_limit() // (1024 * 1024))


@get("/documents/{version_id:int}/download", opt={"permission": LOGIN})
async def download_page(request: Request, version_id: PathId) -> Response:
    return await _download(request, version_id)


@get("/documents/{version_id:int}/view", opt={"permission": LOGIN})
async def view_page(request: Request, version_id: PathId) -> Response:
    """The file shown in the page (a PDF in the browser's own viewer, an image), framed only by
    Balai's own pages; a kind a browser cannot show is downloaded instead."""
    return await _download(request, version_id, inline=True)


async def _readable_document(request: Request, document_id: int) -> dict:
    try:
        document = await service.get_document(document_id)
    except DocumentNotFound as exc:
        raise NotFoundException(exc.message) from None
    await _require(request, document["owner_type"], document["owner_id"], READ)
    return (await sealed_documents.reveal(request.scope["user"], [document]))[0]


async def _download(request: Request, version_id: int, inline: bool = False) -> Response:
    try:
        download = await service.open_download(version_id)
    except DocumentNotFound as exc:
        raise NotFoundException(exc.message) from None
    await _require(request, download.document["owner_type"], download.document["owner_id"], READ)
    if not await sealed_documents.may_read(request.scope["user"], download.version):
        raise PermissionDeniedException(_("Anda tidak berhak melihat dokumen ini."))
    chunks = download.chunks()
    # Read the first chunk before answering, so that a missing object is an error page,
    # not a download cut short after the headers went out.
    first = await anext(chunks, b"")
    await service.record_download(request.scope["user"], download, client_ip(request))
    await personal_data.document_viewed(request.scope["user"], download.document, download.version, client_ip(request))

    async def body():
        if first:
            yield first
        async for chunk in chunks:
            yield chunk

    version = download.version
    inline = inline and version["content_type"] in sniff.VIEWABLE
    headers = {
        "content-length": str(version["size"]),
        "content-disposition": content_disposition(download.download_name, "inline" if inline else "attachment"),
        "cache-control": "private, no-store",
        "x-checksum-sha256": download.sha256,
    }
    if inline:  # only ever the sniffed PDF and image kinds, and only inside Balai's own pages
        headers.update({"x-frame-options": "SAMEORIGIN",
                        "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                                                   "object-src 'self'; frame-ancestors 'self'"})
    return Stream(body(), media_type=version["content_type"], headers=headers)


def content_disposition(filename: str, kind: str = "attachment") -> str:
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@hookimpl
def page_routes():
    return [upload_page, panel_page, document_page, download_page, view_page]


# --- JSON API (/api/core/documents) -------------------------------------------------------


def _public(version: dict) -> dict:
    return {k: v for k, v in version.items() if k not in ("storage_key", "document", "sealed")}


def _public_document(document: dict) -> dict:
    result = {k: v for k, v in document.items() if k not in ("versions", "current")}
    result["versions"] = [_public(v) | {"download_url": f"/api/core/documents/versions/{v['id']}/content"}
                          for v in document["versions"]]
    return result


@post("/documents", opt=UPLOAD_OPT, request_max_body_size=None, status_code=201,
      summary="Unggah dokumen (multipart: owner_type, owner_id, [document_id, title, note], file terakhir)")
async def upload_api(request: Request) -> dict:
    try:
        version, _fields = await _receive_upload(request, _form(request))
    except DocumentError as exc:
        raise HTTPException(status_code=exc.status_code, detail=exc.message) from None
    return _public(version) | {"download_url": f"/api/core/documents/versions/{version['id']}/content"}


@get("/documents", opt={"permission": LOGIN}, summary="Dokumen milik satu berkas")
async def list_api(request: Request, owner_type: QueryText, owner_id: QueryId) -> list[dict]:
    try:
        owner_type, owner_id = service.check_owner(owner_type, owner_id)
    except DocumentError as exc:
        raise HTTPException(status_code=400, detail=exc.message) from None
    await _require(request, owner_type, owner_id, READ)
    documents = await sealed_documents.reveal(request.scope["user"], await service.list_documents(owner_type, owner_id))
    return [_public_document(d) for d in documents]


@get("/documents/{document_id:int}", opt={"permission": LOGIN}, summary="Satu dokumen dan versinya")
async def document_api(request: Request, document_id: PathId) -> dict:
    return _public_document(await _readable_document(request, document_id))


@get("/documents/versions/{version_id:int}/content", opt={"permission": LOGIN}, summary="Isi satu versi (unduh)")
async def download_api(request: Request, version_id: PathId) -> Response:
    return await _download(request, version_id)


@hookimpl
def api_routes():
    return [upload_api, list_api, document_api, download_api]


@hookimpl
def piccolo_apps():
    return ["balai.documents.piccolo_app"]
