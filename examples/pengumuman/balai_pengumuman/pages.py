"""Pages under /pengumuman/: the list, and the form to publish (HTMX, and plain HTML without JS)."""

from __future__ import annotations

from litestar import Request, get, post

from balai.api import LOGIN, _, redirect, render, Form

from balai_pengumuman import store

PUBLISH = "pengumuman.publish"


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


@get("/", opt={"permission": LOGIN}, name="pengumuman:index")
async def index(request: Request) -> object:
    return render(request, "pengumuman/index.html", announcements=await store.latest(), form={}, errors={})


@post("/", opt={"permission": PUBLISH})
async def create(request: Request, data: Form) -> object:
    form = {
        "title": (data.get("title") or "").strip(),
        "body": (data.get("body") or "").strip(),
        "pinned": data.get("pinned") in ("1", "on"),
    }
    errors = store.check(form["title"], form["body"])
    if errors:
        template = "pengumuman/_form.html" if _is_htmx(request) else "pengumuman/index.html"
        return render(request, template, status_code=400, announcements=await store.latest(),
                      form=form, errors=errors)
    user = request.scope["user"]
    await store.publish(form["title"], form["body"], form["pinned"], user.id, user.full_name)
    message = _("Pengumuman diterbitkan.")
    if _is_htmx(request):
        # The form and the list are swapped together so the new announcement shows at once.
        return render(request, "pengumuman/_board.html", announcements=await store.latest(),
                      form={}, errors={}, notice=message)
    return redirect(request, "/pengumuman/", message)


def routes() -> list:
    return [index, create]
