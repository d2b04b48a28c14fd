"""Every route of the app, pages included, sent hostile values: never a server error.

The routes come from the app's route table (page routes are not in the OpenAPI schema, which
tests/test_schemathesis.py covers); the requests go to a server of its own (tests/own_server.py,
a fresh database with the demo agency), since an administrator's hostile form may still be a
valid one and change what it touches. Each route is called anonymously, as a member of staff
(demo.staf) and as the administrator: every path parameter, query parameter and form field (the field names of every
template) in turn NUL, a 30-digit number, a float, a long string and odd Unicode; JSON bodies
nested deep, with NUL, and with out-of-range numbers; and a body bigger than a public route
takes. A 5xx fails; so does a value that reached the database unchecked (balai.web.app turns the
database's refusal into a 400, but logs it, in the server's log: the boundary should have stopped
it first).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import quote

import httpx
import msgspec
from litestar.params import BodyKwarg, ParameterKwarg
from litestar.routes import HTTPRoute

import balai
from balai.testing.support import DEMO_PASSWORD, sign_in
from balai.web.inputs import FormFields
from tests.own_server import own_server

TEXTS = ("a\x00b", "\x1b[0m\x7f", "x" * 5000, "\u202e\ufeffمرحبا😀\U0010ffff" * 20, "../../../etc/passwd\x00.pdf")
NUMBERS = ("99999999999999999999", "-2147483649", "4824400564039187.0", "1e309", "0", "NaN")
HOSTILE = TEXTS + NUMBERS
PATH_PARAM = re.compile(r"\{(\w+):(\w+)\}")
# Routes that end the signed-in session (sent last, once) and Litestar's own documents.
SESSION_ENDING = ("/logout", "/language", "/bahasa", "/layanan/anjungan/buka")


def _field_names() -> list[str]:
    """Every form field name in the templates of the core and the installed plugins."""
    roots = [Path(balai.__file__).parent]
    import balai_layanan
    import balai_persuratan

    roots += [Path(balai_layanan.__file__).parent, Path(balai_persuratan.__file__).parent]
    names = set()
    for root in roots:
        for template in root.rglob("*.html"):
            names |= set(re.findall(r'name="([a-z_]+)"', template.read_text(encoding="utf-8")))
    return sorted(names - {"_csrf_token"})


def _routes(app):
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(("/static", "/api/schema")):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"HEAD", "OPTIONS"}):
                yield route, handler, method


def _paths(route) -> list[str]:
    """The route's path with each hostile value in every path parameter (ids get numbers too)."""
    names = PATH_PARAM.findall(route.path)
    if not names:
        return [route.path]
    paths = []
    for value in HOSTILE:
        path = route.path
        for name, kind in names:
            path = path.replace("{%s:%s}" % (name, kind), quote(value, safe=""))
        paths.append(path)
    return paths


def _query_names(handler) -> list[str]:
    return [kw.name or name for name, field in handler.parsed_fn_signature.parameters.items()
            if isinstance(kw := field.kwarg_definition, ParameterKwarg) and not PATH_PARAM.search("{%s:" % name)
            and getattr(kw, "param_type", None) is not None and kw.param_type.value == "query"] + ["page", "q"]


def _body_kind(handler) -> str:
    for field in handler.parsed_fn_signature.parameters.values():
        if isinstance(field.kwarg_definition, BodyKwarg):
            if isinstance(field.annotation, type) and issubclass(field.annotation, FormFields):
                return "form"
            return "json"
    return "form"  # streamed upload forms read the body themselves: send them a form too


def _json_bodies(handler) -> list:
    fields = []
    for field in handler.parsed_fn_signature.parameters.values():
        if isinstance(field.kwarg_definition, BodyKwarg):
            info = msgspec.inspect.type_info(field.annotation)
            fields = [f.name for f in getattr(info, "fields", ())]
    bodies = [{"x": "a\x00b"}, [1, 2, 3], "string", None]
    for value in ("a\x00b", "x" * 20_000, 99999999999999999999, -1, 1.5, True, {"a": {"b": [None]}}):
        bodies.append(dict.fromkeys(fields, value))
    return bodies


async def _send(client, method: str, path: str, **kwargs):
    response = await client.request(method, path, follow_redirects=False, **kwargs)
    return response.status_code


async def _fuzz(client, app, fields: list[str], who: str, failures: list, counter: list, ending=False) -> None:
    """``ending``: only the routes that end the session (sent last), else all the others."""
    for route, handler, method in _routes(app):
        if (route.path in SESSION_ENDING) != ending:
            continue
        queries = _query_names(handler)
        kind = _body_kind(handler) if method in ("POST", "PUT", "PATCH", "DELETE") else None
        for path in _paths(route):
            attempts = [{"params": dict.fromkeys(queries, value)} for value in HOSTILE] if method == "GET" else []
            if kind == "form":
                attempts += [{"data": dict.fromkeys(fields, value)} for value in HOSTILE]
                attempts.append({"content": b"a=" + b"x" * (300 * 1024),
                                 "headers": {"content-type": "application/x-www-form-urlencoded"}})
            elif kind == "json":
                attempts += [{"json": body} for body in _json_bodies(handler)]
                attempts.append({"content": b"[" * 5000 + b"]" * 5000, "headers": {"content-type": "application/json"}})
            for kwargs in attempts or [{}]:
                counter[0] += 1
                status = await _send(client, method, path, **kwargs)
                if status >= 500:
                    shown = {k: (str(v)[:60] + "…") for k, v in kwargs.items()}
                    failures.append(f"{who}: {method} {path[:80]} {shown} -> {status}")


async def test_no_route_answers_a_hostile_request_with_a_server_error(app):
    fields = _field_names()
    assert len(fields) > 50  # the templates' field names were found
    logging.getLogger("httpx").setLevel(logging.WARNING)  # 30 000 lines of "HTTP Request: ..." say nothing
    failures: list[str] = []
    counter = [0]
    with own_server() as (url, log):
        clients = [httpx.AsyncClient(base_url=url, timeout=60) for _ in range(3)]
        anonymous, staff, admin = clients
        await anonymous.get("/login")  # a stranger has the form's token too: the fuzz reaches the handlers
        anonymous.headers["x-csrftoken"] = anonymous.cookies.get("balai_csrf")
        await sign_in(staff, "demo.staf", DEMO_PASSWORD)
        await sign_in(admin, "admin", DEMO_PASSWORD)
        try:
            await _fuzz(anonymous, app, fields, "anonim", failures, counter)
            await _fuzz(staff, app, fields, "demo.staf", failures, counter)
            await _fuzz(admin, app, fields, "admin", failures, counter)
            await _fuzz(admin, app, fields, "admin", failures, counter, ending=True)
        finally:
            for c in clients:
                await c.aclose()
        logged = log.read_text(errors="replace")
    unchecked = [line for line in logged.splitlines() if "reached the database unchecked" in line]
    print(f"route fuzz: {counter[0]} requests, {len(failures)} server errors, {len(unchecked)} unchecked")
    assert counter[0] > 5000
    assert not failures, "\n".join(failures[:60])
    assert not unchecked, "\n".join(unchecked[:30])
