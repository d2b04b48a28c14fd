"""How an SOP declares that its cases are sealed, and who may read them (``SOP(sealed=...)``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Sealed:
    """The cases of this SOP keep their content encrypted; only the users this allows read it.

    ``may_unseal(user, case)`` (may return an awaitable) decides alone when given; it receives the
    :class:`balai.api.CurrentUser` and the case as stored (its subject and data still sealed) and may
    call :func:`balai.api.works_on_case` to keep the default. Without it, a user reads a sealed
    case when they work on one of its tasks (hold it, took it, closed it, or may take it now), or
    hold ``permission`` in the case's unit. Holding ``core.admin`` alone never opens a sealed case.
    """

    permission: str | None = None
    may_unseal: Callable[[Any, dict], Any] | None = None
    owner: str = ""  # set by Balai when the SOP is loaded: the plugin that declared it
