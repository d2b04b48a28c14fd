"""Helpers shared by the plugin's pages."""

from __future__ import annotations

import segno
from litestar import Request, Response
from litestar.exceptions import NotFoundException, PermissionDeniedException

from balai.api import _, render, Form


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"


def publik(request: Request, template: str, status_code: int = 200, **context):
    """A citizen's page: the public layout (no staff navigation), a fragment for HTMX."""
    context.setdefault("layout", "fragment.html" if is_htmx(request) else "public.html")
    return render(request, template, status_code=status_code, **context)


def user(request: Request):
    return request.scope.get("user")


def wajib_unit(request: Request, permission: str, unit_id: int) -> None:
    """Record-level check: the signed-in user holds ``permission`` in the record's unit."""
    u = user(request)
    if u is None or not u.can(permission, unit_id):
        raise PermissionDeniedException(_("Data ini berada di luar unit Anda."))


def tidak_ada(message: str | None = None):
    raise NotFoundException(message or _("Data tidak ditemukan."))


def qr_svg(isi: str, skala: int = 6) -> str:
    """An inline SVG QR code (no XML declaration, so it can sit inside a page)."""
    # A viewBox and no fixed size: the code scales with its box and stays centred in it (with a fixed
    # width and height, a wider box left the drawing in its top-left corner).
    return segno.make(isi, error="m").svg_inline(scale=skala, border=2, omitsize=True)


def qr_response(isi: str, bentuk: str, nama_berkas: str, unduh: bool) -> Response:
    import io

    qr = segno.make(isi, error="m")
    buf = io.BytesIO()
    if bentuk == "png":
        qr.save(buf, kind="png", scale=10, border=3)
        media = "image/png"
    else:
        qr.save(buf, kind="svg", scale=10, border=3, xmldecl=True)
        media = "image/svg+xml"
    headers = {"cache-control": "no-store"}
    if unduh:
        headers["content-disposition"] = f'attachment; filename="{nama_berkas}.{bentuk}"'
    return Response(content=buf.getvalue(), media_type=media, headers=headers)


def berkas(isi: bytes, media: str, nama: str) -> Response:
    return Response(content=isi, media_type=media,
                    headers={"content-disposition": f'attachment; filename="{nama}"', "cache-control": "no-store"})
