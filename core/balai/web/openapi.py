"""What the OpenAPI schema says about the answers Balai gives besides success.

Every API route can refuse: bad input (400, with ``extra`` naming the fields), not signed in
(401), not allowed (403), throttled (429); a route with an id in its path may not find it (404); a
route that writes may meet a conflict (409) or a body beyond its limit (413). These answers all
have the one shape of balai.web.app's error handler, so they are added here to every API route
at start-up instead of being repeated on each decorator; a route's own ``responses`` win.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi import ResponseSpec

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DESCRIPTIONS = MappingProxyType({
    400: "Isi atau parameter permintaan tidak sah (extra merinci kolomnya)",
    401: "Belum masuk",
    403: "Tidak berwenang, atau token CSRF tidak sah",
    404: "Tidak ditemukan",
    409: "Bertentangan dengan keadaan saat ini (mis. tugas sudah dikerjakan orang lain)",
    413: "Kiriman terlalu besar",
    429: "Terlalu banyak percobaan; lihat Retry-After",
})


class ErrorBody(msgspec.Struct):
    status_code: int
    detail: str
    extra: Any = None


def document_errors(app: Litestar) -> None:
    for route in app.routes:
        if not route.path.startswith("/api/") or route.path.startswith("/api/schema"):
            continue
        for handler in getattr(route, "route_handlers", []):
            methods = set(getattr(handler, "http_methods", ()))
            codes = {400, 401, 403, 429}
            if "{" in route.path:
                codes.add(404)
            if methods & WRITES:
                codes |= {404, 409, 413}
            errors = {code: ResponseSpec(data_container=ErrorBody, description=DESCRIPTIONS[code])
                      for code in sorted(codes)}
            handler.responses = {**errors, **(handler.responses or {})}
