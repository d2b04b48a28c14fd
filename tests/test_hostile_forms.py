"""Every form Balai serves refuses hostile input with a message: no server error, nothing stored.

The forms are found the way a person finds them: every page an administrator can open is
fetched, and each form on it is sent back twice: every field filled with something wrong for
its kind (30 February, a 20 000-character text, a choice that does not exist), then every field
a 30-digit number (beyond any column or id). A POST form must refuse the first with a 4xx and
its message; a filter (GET) form may answer anything but a server error. Forms that are only a button (no field to fill) are left out: they have nothing to fuzz.
"""

from __future__ import annotations

from html.parser import HTMLParser

HOSTILE = {
    "number": "9" * 30, "date": "2026-02-30", "time": "25:61", "email": "bukan-email", "tel": "+" * 40,
    "url": "javascript:alert(1)", "select": "tidak-ada", "textarea": "x" * 20_000, "checkbox": "on",
    "text": "<script>" + "x" * 3000, "password": "p", "search": "%' OR 1=1 --",
}
# Forms that end or change the administrator's own session (the kiosk signs staff out by design).
LEAVE_SESSION = ("/bahasa", "/logout", "/layanan/anjungan/buka")
PAGES_WITH_IDS = ("/admin/users/1", "/admin/units/1", "/admin/positions/1")


async def _record_pages() -> set[str]:
    """Pages of records that exist: an open task and a letter of the demo agency."""
    from balai.workflow.tables import Task
    from balai_persuratan.tables import SuratMasuk

    task = await Task.select(Task.id).where(Task.state == "terbuka").first()
    letter = await SuratMasuk.select(SuratMasuk.id).first()
    return {f"/tasks/{task['id']}", f"/cases/{task['id']}", f"/persuratan/masuk/{letter['id']}"}


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


async def _pages(app) -> list[str]:
    paths = {route.path for route in app.routes for h in getattr(route, "route_handlers", [])
             if "GET" in getattr(h, "http_methods", ()) and "{" not in route.path
             and not route.path.startswith(("/api/", "/static/"))}
    return sorted(paths | set(PAGES_WITH_IDS) | await _record_pages())


async def test_every_form_refuses_hostile_input(app, demo, login):
    c = await login("admin")
    sent, failures = set(), []
    for path in await _pages(app):
        page = await c.get(path)
        if page.status_code != 200 or "text/html" not in page.headers.get("content-type", ""):
            continue
        parser = _Forms()
        parser.feed(page.text)
        for form in parser.forms:
            fields = {name: kind for name, kind in form["fields"].items() if kind not in ("hidden", "file", "submit")}
            action = form["action"] or path
            if not fields or action in LEAVE_SESSION or (form["method"], action, tuple(fields)) in sent:
                continue
            sent.add((form["method"], action, tuple(fields)))
            wrong_kind = {name: HOSTILE.get(kind, "x" * 3000) for name, kind in fields.items()}
            digits = dict.fromkeys(fields, "9" * 30) | {"page": "9" * 30}  # beyond any column or id
            if form["method"] == "get":  # filters: any answer but a crash
                for params in (wrong_kind, digits):
                    response = await c.get(action, params=params)
                    if response.status_code >= 500:
                        failures.append(f"GET {action} (from {path}): {response.status_code}")
                continue
            response = await c.post(action, data=wrong_kind)
            if not 400 <= response.status_code < 500:  # refused, with the form shown again
                failures.append(f"{action} (from {path}): {response.status_code}")
            # Digits may be a fine title; they must never be a crash.
            response = await c.post(action, data=digits)
            if response.status_code >= 500:
                failures.append(f"{action} (from {path}), digits: {response.status_code}")
    assert len({a for m, a, _f in sent if m == "post"}) >= 20, sorted(sent)  # the forms were really found
    assert len({a for m, a, _f in sent if m == "get"}) >= 5, sorted(sent)
    assert not failures, "\n".join(failures)
