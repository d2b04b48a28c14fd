"""The plugin's own form to open a case, as a real SOP plugin would have."""

from __future__ import annotations

from litestar import Request, get, post

from balai.api import ActionError, Form, client_ip, open_case, redirect, render

OPT = {"permission": "ujisop.ajukan"}


@get("/baru", opt=OPT)
async def form(request: Request) -> object:
    return render(request, "ujisop/baru.html", subject="", errors=[])


@post("/baru", opt=OPT)
async def submit(request: Request, data: Form) -> object:
    user = request.scope["user"]
    subject = (data.get("subject") or "").strip()
    unit = next((u for r, u in user.roles if r == "ujisop_pemohon"), None)
    try:
        case = await open_case("ujisop.sederhana", subject, user=user, unit_id=unit)
    except ActionError as exc:
        return render(request, "ujisop/baru.html", status_code=400, subject=subject, errors=exc.messages)
    return redirect(request, "/inbox", f"Kasus {case['reference']} dibuka.")


@get("/saluran-aman", opt={"public": True, "confidential": True})
async def safe_channel(request: Request) -> dict:
    """A plugin's own confidential page: what it can learn of its visitor (the tests read it)."""
    return {"client": client_ip(request), "agent": request.headers.get("user-agent", ""),
            "forwarded": request.headers.get("x-forwarded-for", "")}


def routes() -> list:
    return [form, submit, safe_channel]
