"""Hostile forms: every form on a page is sent back with wrong-kind values, then with huge numbers.

Shared by the core's own test (tests/test_hostile_forms.py) and ``balai check-plugin``. A POST
form must refuse wrong-kind values with a 4xx (the form shown again with its message); a filter
(GET) form may answer anything but a server error; 30-digit values must never be a server error.
Forms that are only a button (no field to fill), or only checkboxes (every answer is valid), are
left out: they have nothing to refuse.
"""

from __future__ import annotations

from html.parser import HTMLParser
from types import MappingProxyType

HOSTILE = MappingProxyType({
    "number": "9" * 30, "date": "2026-02-30", "time": "25:61", "email": "bukan-email", "tel": "+" * 40,
    "url": "javascript:alert(1)", "select": "tidak-ada", "textarea": "x" * 20_000, "checkbox": "on",
    "text": "<script>" + "x" * 3000, "password": "p", "search": "%' OR 1=1 --",
})
# Forms that end or change the signed-in user's own session.
LEAVE_SESSION = ("/bahasa", "/language", "/logout")


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._open = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                          "fields": {}}
            self.forms.append(self._open)
        elif self._open is not None and tag in ("input", "select", "textarea") and a.get("name"):
            self._open["fields"][a["name"]] = a.get("type") or tag

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def forms_on(html: str) -> list[dict]:
    """The forms of a page: ``{"action", "method", "fields": {name: input type}}``."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def get_pages(app, package: str | None = None) -> list[str]:
    """Paths of the app's GET pages without path parameters; only ``package``'s handlers if given."""
    paths = set()
    for route in app.routes:
        if "{" in route.path or route.path.startswith(("/api/", "/static/")):
            continue
        for handler in getattr(route, "route_handlers", []):
            module = getattr(getattr(handler, "fn", None), "__module__", "") or ""
            if "GET" in getattr(handler, "http_methods", ()) and (
                    package is None or module == package or module.startswith(package + ".")):
                paths.add(route.path)
    return sorted(paths)


async def hostile_form_failures(client, paths, leave=LEAVE_SESSION) -> tuple[set, list[str]]:
    """Send every form found on ``paths`` (fetched with ``client``) back with hostile values.

    Returns (the forms sent as (method, action, fields), the failures as readable lines).
    """
    sent, failures = set(), []
    for path in paths:
        page = await client.get(path)
        if page.status_code != 200 or "text/html" not in page.headers.get("content-type", ""):
            continue
        for form in forms_on(page.text):
            fields = {name: kind for name, kind in form["fields"].items() if kind not in ("hidden", "file", "submit")}
            action = form["action"] or path
            if not fields or action in leave or (form["method"], action, tuple(fields)) in sent:
                continue
            if set(fields.values()) == {"checkbox"} and form["method"] == "post":
                continue  # ticked or not, every answer is a valid one: nothing to refuse
            sent.add((form["method"], action, tuple(fields)))
            wrong_kind = {name: HOSTILE.get(kind, "x" * 3000) for name, kind in fields.items()}
            digits = dict.fromkeys(fields, "9" * 30) | {"page": "9" * 30}  # beyond any column or id
            if form["method"] == "get":  # filters: any answer but a crash
                for params in (wrong_kind, digits):
                    response = await client.get(action, params=params)
                    if response.status_code >= 500:
                        failures.append(f"GET {action} (from {path}): {response.status_code}")
                continue
            response = await client.post(action, data=wrong_kind)
            if not 400 <= response.status_code < 500:  # refused, with the form shown again
                failures.append(f"{action} (from {path}): {response.status_code}")
            # Digits may be a fine title; they must never be a crash.
            response = await client.post(action, data=digits)
            if response.status_code >= 500:
                failures.append(f"{action} (from {path}), digits: {response.status_code}")
    return sent, failures
