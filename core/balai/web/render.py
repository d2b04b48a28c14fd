"""Rendering pages: the whole page on a normal request, the fragment on an HTMX request."""

from __future__ import annotations

import base64
import json

from litestar import Request
from litestar.response import Redirect, Response, Template
from markupsafe import Markup

from balai.web import privacy

FLASH_COOKIE = "balai_flash"


def wants_fragment(request: Request) -> bool:
    headers = request.headers
    return headers.get("hx-request") == "true" and headers.get("hx-boosted") != "true"


def render(request: Request, template: str, status_code: int = 200, **context) -> Template:
    """Render ``template``. It extends ``layout`` which is the full page or a bare fragment."""
    context.setdefault("layout", "fragment.html" if wants_fragment(request) else "base.html")
    context["flashes"] = read_flashes(request)
    response = Template(template_name=template, context=context, status_code=status_code, media_type="text/html")
    if context["flashes"]:
        response.delete_cookie(FLASH_COOKIE)
    return response


def render_fragment(request: Request, template: str, **context) -> Markup:
    """``template`` rendered to HTML for a part of the current response (a task panel): the same
    globals, ``request`` and ``csrf_token()`` as a page."""
    context.setdefault("layout", "fragment.html")
    html = request.app.template_engine.engine.get_template(template).render(request=request, **context)
    return Markup(html)


def client_ip(request: Request) -> str:
    """The caller's address as the audit log and the throttle know it ("" when unknown).

    X-Forwarded-For is believed only from the configured proxies (BALAI_TRUSTED_PROXIES): read
    from the right, the first address that is not one of them is the client. From anyone else
    the header is ignored, so a caller cannot choose the address that is throttled. On a
    confidential route (balai.web.privacy) it is the day's keyed hash of the address instead.
    """
    alias = request.scope.get(privacy.ALIAS)
    if alias:
        return alias
    return privacy.peer_address(request.scope, request.app.state.config.trusted_proxies)


def is_https(request: Request) -> bool:
    """Whether the browser reached us over HTTPS: the connection's scheme, or X-Forwarded-Proto
    from a trusted proxy (BALAI_TRUSTED_PROXIES) that terminates TLS."""
    if request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    proxies = request.app.state.config.trusted_proxies
    return bool(proxies) and privacy.trusted(peer, proxies) and request.headers.get("x-forwarded-proto", "") == "https"


def cookie_secure(request: Request) -> bool:
    """The ``secure`` flag for a cookie Balai sets: BALAI_SECURE_COOKIES when on or off, else
    whether this request came over HTTPS (so a plain-http intranet start still signs in)."""
    forced = request.app.state.config.secure_cookies
    return forced if forced is not None else is_https(request)


def safe_next(target: object, default: str) -> str:
    """``target`` if it is a path on this site, else ``default``.

    Only local paths: an open redirect would let a phishing link borrow our pages. ``//host`` and
    ``/\\host`` are read by browsers as another site, so they are refused too.
    """
    if isinstance(target, str) and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


def flash(response: Response, message: str, category: str = "success") -> Response:
    """Attach a message shown on the next page (kept in a short-lived cookie, not in memory)."""
    payload = base64.urlsafe_b64encode(json.dumps([[category, str(message)]]).encode()).decode()
    response.set_cookie(FLASH_COOKIE, payload, max_age=60, httponly=True, samesite="lax")
    return response


def read_flashes(request: Request) -> list[tuple[str, str]]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        return [tuple(item) for item in json.loads(base64.urlsafe_b64decode(raw.encode()))][:5]
    except Exception:
        return []


def redirect(request: Request, url: str, message: str | None = None, category: str = "success") -> Response:
    """Redirect; for HTMX requests use HX-Redirect so the browser navigates."""
    if request.headers.get("hx-request") == "true":
        response: Response = Response(content="", headers={"HX-Redirect": url})
    else:
        response = Redirect(path=url, status_code=303)
    if message:
        flash(response, message, category)
    return response
