"""Confidential routes: a citizen's public page that keeps nothing that could identify them.

A route says ``opt={"public": True, "confidential": True}``. On such a route the middleware
(:func:`scrub`) takes the caller's address and user agent out of the request before any other
code sees it: the address becomes a keyed hash that changes every day (:func:`client_alias`),
which is all the throttle and the audit log get through ``client_ip``, and the ASGI server's
access log finds no address either (it reads the same request scope, when it writes the line
after the answer went out). The answer says ``Referrer-Policy: no-referrer`` and
``Cache-Control: no-store`` (:data:`HEADERS`). Every core submission and tracking page is one.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import datetime, timezone

ALIAS = "balai.client_alias"  # scope key: the day's keyed hash of the caller's address
# Headers that name the caller or their software; a confidential route never reads them.
IDENTIFYING = frozenset({b"user-agent", b"x-forwarded-for", b"x-real-ip", b"forwarded", b"true-client-ip",
                         b"cf-connecting-ip", b"x-client-ip"})
HEADERS = ((b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store"), (b"pragma", b"no-cache"))


def is_confidential(scope) -> bool:
    handler = scope.get("route_handler")
    opt = getattr(handler, "opt", None) or {}
    return bool(opt.get("confidential"))


def client_alias(address: str, secret: str, day: str | None = None) -> str:
    """The caller's address as a keyed hash of that day (UTC): the same caller gets the same alias
    all day, and tomorrow another one, so nothing kept links their visits across days."""
    day = day or datetime.now(timezone.utc).date().isoformat()
    digest = hmac.new(secret.encode(), f"client|{day}|{address}".encode(), hashlib.sha256).hexdigest()
    return f"anon-{digest[:24]}"


def peer_address(scope, proxies: tuple[str, ...]) -> str:
    """The caller's address: the connection's peer, or, from a trusted proxy, the first address of
    X-Forwarded-For read from the right that is not one of the proxies ("" when unknown)."""
    client = scope.get("client")
    peer = client[0] if client else ""
    if not proxies or not trusted(peer, proxies):
        return peer
    hops = [h.strip() for name, value in scope.get("headers", []) if name == b"x-forwarded-for"
            for h in value.decode("latin-1").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not trusted(hop, proxies):
            return hop[:64]
    return peer


def trusted(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net) for net in proxies)


def scrub(scope, proxies: tuple[str, ...], secret: str) -> None:
    """Leave in ``scope`` only the day's alias of the caller: no address, no identifying header."""
    scope[ALIAS] = client_alias(peer_address(scope, proxies), secret)
    scope["client"] = None
    scope["headers"] = [(name, value) for name, value in scope.get("headers", []) if name not in IDENTIFYING]


def with_headers(headers: list) -> list:
    """``headers`` of a confidential answer: no referrer, nothing kept by the browser or a proxy."""
    replaced = {name for name, _value in HEADERS}
    return [h for h in headers if bytes(h[0]).lower() not in replaced] + list(HEADERS)
