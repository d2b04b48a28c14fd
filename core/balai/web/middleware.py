"""ASGI middleware: the signed-in user and locale for each request; the security headers of every answer."""

from __future__ import annotations

from http.cookies import SimpleCookie

from balai import i18n
from balai.context import Context
from balai.identity.auth import SESSION_COOKIE, user_for_session
from balai.web import privacy

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=()"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
)
LOCALE_COOKIE = "balai_locale"


def security_headers(hsts: bool | None):
    """A ``before_send`` hook for the whole app giving every answer the headers above: Litestar
    runs it for every response, also the 404/405 of paths no route matches and the refusals of
    its own middleware, which a route's middleware never sees. HSTS: always when ``hsts``,
    never when False, on answers to HTTPS requests when None (a browser ignores it over http)."""
    with_hsts = SECURITY_HEADERS + ((b"strict-transport-security", b"max-age=31536000"),)

    async def add_headers(message, scope) -> None:
        if message["type"] != "http.response.start":
            return
        https = hsts if hsts is not None else scope.get("scheme") == "https"
        headers = list(message.get("headers", []))
        present = {bytes(h[0]).lower() for h in headers}
        extra = with_hsts if https else SECURITY_HEADERS
        if privacy.is_confidential(scope):  # no referrer, nothing kept: before the defaults fill in
            headers = privacy.with_headers(headers)
            present = {bytes(h[0]).lower() for h in headers}
        message["headers"] = headers + [(name, value) for name, value in extra if name not in present]

    return add_headers


def _cookies(scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return {}
            return {k: m.value for k, m in jar.items()}
    return {}


def _accept_language(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            first = value.decode("latin-1").split(",")[0].strip().lower()
            return first[:2]
    return ""


class BalaiMiddleware:
    """Sets ``scope["user"]`` (a CurrentUser or None) and the locale (headers: security_headers).

    The app's context is already current: the app itself activates it for every call (web/app.py).
    """

    def __init__(self, app, context: Context):
        self.app = app
        self.context = context
        self.default_locale = context.config.default_locale

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if privacy.is_confidential(scope):  # before anything reads the caller's address or agent
            config = self.context.config
            privacy.scrub(scope, config.trusted_proxies, config.secret_key)
        cookies = _cookies(scope)
        user = None
        key = cookies.get(SESSION_COOKIE)
        if key and not scope["path"].startswith("/static/"):
            user = await user_for_session(key, self.context.catalogue)
        scope["user"] = user
        locale = (
            (user.locale if user and user.locale else "")
            or cookies.get(LOCALE_COOKIE, "")
            or self.default_locale
        )
        token = i18n.set_locale(locale)
        try:
            await self.app(scope, receive, send)
        finally:
            i18n._current.reset(token)
