"""Producing official documents: render with the letterhead, store the PDF as a version in the
documents service, and keep what the public verification page confirms."""

from __future__ import annotations

import secrets
from datetime import date

from balai.audit.service import record as audit
from balai.documents import service as documents
from balai.documents.tables import Document
from balai.i18n import today
from balai.officialdocs import letterhead as lh
from balai.officialdocs.numbering import AllocatedNumber
from balai.officialdocs.render import Attachment, Page, environment, html_to_pdf, overrides, qr_data_uri, render_html
from balai.officialdocs.tables import IssuedDocument

VERIFY_PATH = "/verify"


async def page_for(*, paper: str | None = None, landscape: bool = False, number: str = "",
                   signer: lh.Signature | None = None, attachments=(), verify_url: str = "",
                   draft: bool = False) -> Page:
    head = await lh.letterhead()
    return Page(letterhead=head, paper=paper or head.paper, landscape=landscape, logo=await lh.logo_data_uri(),
                number=number, signer=signer, draft=draft,
                attachments=[a if isinstance(a, Attachment) else Attachment(*a) if isinstance(a, tuple)
                             else Attachment(str(a)) for a in attachments],
                verify_url=verify_url, qr=qr_data_uri(verify_url) if verify_url else "")


async def render_html_document(template: str, context: dict | None = None, **page) -> str:
    """The document as HTML (what the PDF is made from; the admin preview shows it)."""
    return render_html(template, await page_for(**page), context or {}, environment(await overrides()))


async def render_document(template: str, context: dict | None = None, *, compress: bool = True, **page) -> bytes:
    """The PDF of a document template, with the letterhead; nothing is stored.

    ``page`` takes ``paper`` ("A4"/"F4", default the agency's), ``landscape``, ``number``,
    ``signer`` (a :class:`Signature`), ``attachments`` (titles, ``(title, note)`` pairs or
    :class:`Attachment`), ``draft`` (prints KONSEP across the page) and ``verify_url``.
    Raises :class:`RenderError` for a template that cannot be rendered.
    """
    return html_to_pdf(await render_html_document(template, context, **page), compress=compress)


def verify_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}{VERIFY_PATH}/{code}"


async def issue_document(template: str, *, kind: str, title: str, owner: tuple[str, int], user,
                         context: dict | None = None, number: AllocatedNumber | str = "",
                         issued_on: date | None = None, signer: lh.Signature | None = None, attachments=(),
                         paper: str | None = None, landscape: bool = False, filename: str = "",
                         document_id: int | None = None, base_url: str = "", verify: bool = True,
                         fingerprint: str = "", ip: str = "", compress: bool = True) -> dict:
    """Render an official document and store it as a new document (or the next version of
    ``document_id``) of the record ``owner``; returns its row in ``core_issued_document`` with
    ``document_id``, ``version_id``, ``sha256`` and ``code``.

    With ``verify`` the document carries a QR code opening the public page ``/verify/<code>``
    (at the letterhead's public address, else ``base_url``), which confirms the number, the date,
    the signer and the SHA-256 of this stored file. Run it inside the transaction that takes the
    number (see :func:`allocate_number`) so that a failure here gives the number back.

    The same template issued again for the same record becomes the next version of the same
    document. ``fingerprint`` (any digest of what the document is made from, at most 64
    characters): when the newest issue has the same one, it is returned as it is, without a new
    version (a sheet downloaded twice is stored once).
    """
    previous = await IssuedDocument.select().where(
        (IssuedDocument.owner_type == owner[0]) & (IssuedDocument.owner_id == owner[1])
        & (IssuedDocument.template == template)
    ).order_by(IssuedDocument.id, ascending=False).output(load_json=True).first()
    if previous is not None and fingerprint and previous["fingerprint"] == fingerprint[:64]:
        return previous
    if document_id is None and previous is not None:
        document_id = previous["document_id"]
    text = number.text if isinstance(number, AllocatedNumber) else (number or "")
    day = issued_on or (number.on if isinstance(number, AllocatedNumber) else None) or today()
    code = secrets.token_urlsafe(18)
    head = await lh.letterhead()
    url = verify_url(head.public_url or base_url, code) if verify else ""
    ctx = {"issued_on": day, "kind": kind, "title": title, **(context or {})}
    pdf = await render_document(template, ctx, paper=paper, landscape=landscape, number=text, signer=signer,
                                attachments=attachments, verify_url=url, compress=compress)
    owner_type, owner_id = owner
    async with Document._meta.db.transaction():
        version = await documents.save_upload(pdf, filename or f"{kind}.pdf", owner_type, owner_id, user,
                                              title=title, document_id=document_id, ip=ip,
                                              note=text and f"{kind} {text}")
        rows = await IssuedDocument.insert(IssuedDocument(
            code=code, kind=kind, title=title[:300], number=text, issued_on=day,
            signer=signer.as_dict() if signer else {}, owner_type=owner_type, owner_id=owner_id,
            document_id=version["document_id"], version_id=version["id"], version=version["number"],
            sha256=version["sha256"], template=template, issued_by=getattr(user, "id", None),
            fingerprint=fingerprint[:64],
        )).returning(*IssuedDocument.all_columns())
        await audit(user, "officialdocs.issue", "document", version["document_id"],
                    detail={"kind": kind, "number": text, "version": version["number"], "code": code,
                            "sha256": version["sha256"]}, ip=ip)
    row = rows[0]
    if isinstance(row["signer"], str):
        import json

        row["signer"] = json.loads(row["signer"] or "{}")
    return row


async def issued_pdf(row: dict) -> bytes:
    """The stored file of an issued document (a row of :func:`issue_document`)."""
    return await (await documents.open_download(row["version_id"])).read()


async def issued(code: str) -> dict | None:
    """What the verification page shows for ``code``: the row, plus ``latest`` (the newest version
    of the same document) when this one has been replaced."""
    if not isinstance(code, str) or not 10 <= len(code) <= 40:
        return None
    row = await IssuedDocument.select().where(IssuedDocument.code == code).output(load_json=True).first()
    if row is None:
        return None
    newest = await IssuedDocument.select(IssuedDocument.version, IssuedDocument.issued_at).where(
        IssuedDocument.document_id == row["document_id"]
    ).order_by(IssuedDocument.version, ascending=False).first()
    row["replaced"] = newest is not None and newest["version"] > row["version"]
    row["latest_version"] = newest["version"] if newest else row["version"]
    return row


async def issued_for(owner_type: str, owner_id: int) -> list[dict]:
    """The documents issued for a record, newest first."""
    return await IssuedDocument.select().where(
        (IssuedDocument.owner_type == owner_type) & (IssuedDocument.owner_id == owner_id)
    ).order_by(IssuedDocument.id, ascending=False).output(load_json=True)
