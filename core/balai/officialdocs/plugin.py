"""Official documents as a core plugin: its tables, the letterhead admin page (/admin/letterhead)
and the public verification page (/verify/<code>)."""

from __future__ import annotations

from types import MappingProxyType
from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response
from markupsafe import Markup

from balai.api import hookimpl
from balai.audit import service as audit
from balai.documents.service import DocumentError, save_upload
from balai.i18n import _, lazy_gettext
from balai.identity.access import ADMIN
from balai.officialdocs import letterhead as lh
from balai.officialdocs import service
from balai.officialdocs.numbering import KINDS
from balai.officialdocs.render import (
    OVERRIDES, RenderError, check_source, environment, overrides, render_html, shipped_source, template_names,
)
from balai.registry import MenuItem
from balai.settings import service as settings
from balai.throttle import service as throttle
from balai.web.inputs import Form, MultipartForm, PathText, QueryText
from balai.web.render import client_ip, redirect, render

OPT = MappingProxyType({"permission": ADMIN})
PATH = "/admin/letterhead"
EXTRA_ROWS = 2  # empty signature rows offered below the filled ones
LOGO_TYPES = frozenset({"image/png", "image/jpeg"})
LOGO_MAX = 2 * 1024 * 1024
VERIFY_MISSES = "officialdocs.verify"
VERIFY_RULE = throttle.Rule(free=20, base=2.0, cap=900.0)


@hookimpl
def piccolo_apps():
    return ["balai.officialdocs.piccolo_app"]


@hookimpl
def menu_items(user):
    return [MenuItem(lazy_gettext("Kop Surat"), PATH, permission=ADMIN, order=96)]


def _form_of(head: lh.Letterhead) -> dict:
    form = {k: getattr(head, k) for k in lh.LIMITS}
    form["paper"] = head.paper
    form.update({f"margin_{side}": value for side, value in head.margins.items()})
    return form


def _rows_form(blocks: list[lh.Signature]) -> dict:
    form = {}
    for i, s in enumerate(blocks):
        for key in ("code", "title", "name", "pangkat", "nip"):
            form[f"sig_{i}_{key}"] = getattr(s, key)
    return form


async def _preview(head: lh.Letterhead | None = None, blocks: list[lh.Signature] | None = None) -> Markup:
    """The letterhead and the first signature block as the documents print them (same templates)."""
    page = await service.page_for(signer=(blocks or [None])[0])
    if head is not None:
        page.letterhead = head
    return Markup(render_html("officialdocs/naskah/pratinjau.html", page, {}, environment(await overrides())))


async def _page(request: Request, form: dict | None = None, errors: dict | None = None, status_code: int = 200):
    head = await lh.letterhead()
    blocks = await lh.signatures()
    form = form or {**_form_of(head), **_rows_form(blocks)}
    rows = max(len(blocks), sum(1 for k in form if k.endswith("_code"))) + EXTRA_ROWS
    try:
        preview = await _preview(head, blocks)
    except RenderError as exc:
        preview, errors = Markup(""), {**(errors or {}), "preview": exc.message}
    return render(request, "officialdocs/admin.html", status_code=status_code, form=form, errors=errors or {},
                  rows=range(rows), head=head, preview=preview, papers=list(lh.PAPERS),
                  margins=list(lh.MARGINS))


@get(PATH, opt=OPT)
async def letterhead_page(request: Request) -> object:
    return await _page(request)


def _files(data, name: str) -> list:
    return [f for f in data.getall(name) if hasattr(f, "read") and getattr(f, "filename", "")]


@post(PATH, opt=OPT)
async def save_letterhead(request: Request, data: MultipartForm) -> object:
    fields = {k: v for k, v in data.items() if isinstance(v, str)}
    values, errors = lh.read_letterhead_form(fields)
    count = 1 + max([int(k.split("_")[1]) for k in fields if k.startswith("sig_") and k.split("_")[1].isdigit()]
                    or [-1])
    rows, row_errors = lh.read_signature_rows(fields, min(count, 50))
    errors.update(row_errors)
    logo = _files(data, "logo")
    if logo and (logo[0].content_type or "") not in LOGO_TYPES and not logo[0].filename.lower().endswith(
            (".png", ".jpg", ".jpeg")):
        errors["logo"] = _("Logo harus gambar PNG atau JPEG.")
    form = {**fields, **{f"margin_{k}": v for k, v in values["margins"].items()}}
    if errors:
        return await _page(request, form, errors, 400)
    head = await lh.letterhead()
    logo_version = None if fields.get("remove_logo") else head.logo_version
    user = request.scope["user"]
    try:
        async with settings.transaction():
            if logo:
                version = await save_upload(logo[0], logo[0].filename, *lh.LOGO_OWNER, user, title=_("Logo kop surat"),
                                            max_bytes=LOGO_MAX, ip=client_ip(request),
                                            document_id=await _logo_document(head))
                if version["content_type"] not in LOGO_TYPES:
                    raise DocumentError(_("Logo harus gambar PNG atau JPEG."))
                logo_version = version["id"]
            await lh.save(values, rows, logo_version)
            await audit.record(user, "officialdocs.letterhead", "letterhead", "",
                               {"letterhead": {k: values[k] for k in lh.LIMITS}, "paper": values["paper"],
                                "margins": values["margins"], "signatures": [r["code"] for r in rows],
                                "logo_version": logo_version}, client_ip(request))
    except DocumentError as exc:
        return await _page(request, form, {"logo": exc.message}, exc.status_code)
    return redirect(request, PATH, _("Kop surat dan blok tanda tangan disimpan."))


async def _logo_document(head: lh.Letterhead) -> int | None:
    """The logo document, so that a new logo becomes its next version."""
    if not head.logo_version:
        return None
    from balai.documents.tables import DocumentVersion

    row = await DocumentVersion.select(DocumentVersion.document).where(DocumentVersion.id == head.logo_version).first()
    return row["document"] if row else None


@get(f"{PATH}/preview.pdf", opt=OPT)
async def preview_pdf(request: Request, paper: QueryText = "") -> Response:
    head = await lh.letterhead()
    blocks = await lh.signatures()
    try:
        pdf = await service.render_document(
            "officialdocs/naskah/contoh.html", {"title": _("Contoh naskah dinas")},
            paper=paper if paper in lh.PAPERS else head.paper, number="000.1/1/Contoh/2026",
            signer=blocks[0] if blocks else lh.Signature(_("Kepala Dinas"), _("Nama Pejabat")),
            attachments=[(_("Contoh lampiran"), _("1 lembar"))],
            verify_url=service.verify_url(head.public_url or str(request.base_url), "contoh-verifikasi"),
        )
    except RenderError as exc:
        return render(request, "errors/error.html", status_code=400, status=400, detail=exc.message)
    return Response(pdf, media_type="application/pdf",
                    headers={"content-disposition": 'inline; filename="contoh-naskah.pdf"',
                             "cache-control": "private, no-store"})


@get(f"{service.VERIFY_PATH}/{{code:str}}", opt={"public": True})
async def verify_page(request: Request, code: PathText) -> object:
    ip = client_ip(request)
    await throttle.refuse_while_waiting(VERIFY_MISSES, ip)
    row = await service.issued(code)
    if row is None:
        await throttle.failed(VERIFY_MISSES, client=ip, client_rule=VERIFY_RULE)
        raise NotFoundException(_("Dokumen dengan kode ini tidak terdaftar. Dokumen mungkin palsu atau kodenya salah."))
    return render(request, "officialdocs/verify.html", layout="public.html", doc=row, head=await lh.letterhead(),
                  kind_label=str(KINDS.get(row["kind"], row["kind"])))


TEMPLATE_MAX = 64 * 1024


async def _templates_page(request: Request, name: str = "", form: dict | None = None, errors: dict | None = None,
                          status_code: int = 200):
    names = template_names()
    replaced = await overrides()
    source = ""
    if name:
        source = (form or {}).get("source") if form else replaced.get(name) or shipped_source(name)
    return render(request, "officialdocs/templates.html", status_code=status_code, names=names, replaced=replaced,
                  name=name, source=source, errors=errors or {})


@get(f"{PATH}/templates", opt=OPT)
async def templates_page(request: Request, name: QueryText = "") -> object:
    if name and name not in template_names():
        raise NotFoundException(_("Templat tidak dikenal."))
    return await _templates_page(request, name)


@post(f"{PATH}/templates", opt=OPT)
async def save_template(request: Request, data: Form) -> object:
    name = str(data.get("name") or "")
    if name not in template_names():
        raise NotFoundException(_("Templat tidak dikenal."))
    replaced = dict(await overrides())
    if data.get("reset"):
        replaced.pop(name, None)
        message = _("Templat %(nama)s kembali seperti bawaan.", nama=name)
    else:
        source = str(data.get("source") or "").replace("\r\n", "\n")
        problem = _("Templat paling besar 64 KB.") if len(source) > TEMPLATE_MAX else check_source(source)
        if problem:
            return await _templates_page(request, name, {"source": source},
                                         {"source": _("Templat tidak dapat dipakai: %(sebab)s", sebab=problem)}, 400)
        replaced[name] = source
        message = _("Templat %(nama)s disimpan; naskah berikutnya memakainya.", nama=name)
    async with settings.transaction():
        await settings.write(OVERRIDES, replaced)
        await audit.record(request.scope["user"], "officialdocs.template", "template", name,
                           {"reset": bool(data.get("reset"))}, client_ip(request))
    return redirect(request, f"{PATH}/templates?name={name}", message)


@hookimpl
def page_routes():
    return [letterhead_page, save_letterhead, preview_pdf, templates_page, save_template, verify_page]
