"""The request class of every Balai app: a JSON body is decoded once, here, with its nesting bounded.

Litestar hands every ``JSONBody`` parameter (and ``await request.json()``) the value of
``Request.json``; msgspec itself stops near Python's recursion limit with a RecursionError, which
would be a 500. A body nested deeper than MAX_DEPTH is refused with 400 and a reason instead,
and so is one whose strings (keys included) carry NUL or another control character, which
PostgreSQL refuses in text and JSON alike (see balai.web.inputs for the other values).
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException

from balai.i18n import _
from balai.web.inputs import CONTROL

MAX_DEPTH = 32  # objects and arrays inside each other; no form of Balai comes near it


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when containers nest deeper than ``limit`` (walked without recursion)."""
    level = [value]
    for _depth in range(limit):
        level = [v for c in level if isinstance(c, (dict, list))
                 for v in (c.values() if isinstance(c, dict) else c)]
        if not level:
            return False
    return any(isinstance(c, (dict, list)) for c in level)


def has_control(value: Any) -> bool:
    """True when a string anywhere in ``value`` (a key too) holds a control character."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if CONTROL.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class BalaiRequest(Request):
    async def json(self) -> Any:
        try:
            value = await super().json()
        except RecursionError:
            value = None
            deep = True
        else:
            deep = too_deep(value)
        if deep:
            raise HTTPException(status_code=400, detail=_(
                "Isi JSON terlalu dalam bersarang (paling banyak %(batas)s tingkat).", batas=MAX_DEPTH))
        if has_control(value):
            raise HTTPException(status_code=400, detail=_(
                "Isi JSON memuat karakter kendali (mis. NUL) yang tidak diterima."))
        return value
