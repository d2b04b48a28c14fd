"""Old addresses of pages that moved: they answer with a permanent redirect to the new one.

The core's pages were renamed to English machinery words (issue 9: ``/notifikasi`` became
``/notifications``, ``/delegasi`` became ``/delegations``, ...). Bookmarks, printed links and
links in notifications already sent still point at the old paths, so each service keeps its old
paths answering. GET (and HEAD) get 301; a form posted to an old path gets 308, which makes the
browser send the same form again to the new path instead of turning it into a GET.
"""

from __future__ import annotations

from litestar import Request, route
from litestar.handlers import HTTPRouteHandler
from litestar.response import Redirect


def moved(old: str, new: str) -> HTTPRouteHandler:
    """A route answering ``old`` with a permanent redirect to ``new``, the query string kept.

    Path parameters carry over by name: ``moved("/delegasi/{delegation_id:int}/batal",
    "/delegations/{delegation_id}/cancel")``.
    """

    async def redirect_moved(request: Request) -> Redirect:
        target = new.format(**request.path_params)
        if request.url.query:
            target = f"{target}?{request.url.query}"
        return Redirect(path=target, status_code=308 if request.method == "POST" else 301)

    # Public: the redirect says nothing the new address would not; the new page checks access.
    return route(old, http_method=["GET", "HEAD", "POST"], opt={"public": True}, include_in_schema=False,
                 name=f"moved:{old}")(redirect_moved)
