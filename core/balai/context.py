"""The application context: everything one Balai instance is made of, built once.

``create_app(config)`` (and the command line, through the same :func:`build`) makes one
:class:`Context`: the configuration, the plugin host, the permission catalogue, the loaded SOPs,
the document storage, the translations and the working calendar. Nothing of it lives in module
globals, so two apps with different configurations can run in one process (the tests do).

Code that runs for an app reaches its context through :func:`current`. The web middleware
activates the app's context for each request, the app's start-up activates it for the lifespan
(background tasks started there inherit it), and the command line activates it around a command.
A context variable, not a global: each request and task sees its own app's context.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from balai.calendar.service import WorkCalendar
    from balai.config import Config
    from balai.documents.storage import Storage
    from balai.identity.access import Catalogue
    from balai.plugins import Host
    from balai.workflow.definition import SOP


@dataclass
class Context:
    config: "Config"
    host: "Host"
    catalogue: "Catalogue"
    sops: dict[str, "SOP"] = field(default_factory=dict)
    storage: "Storage | None" = None
    translations: dict[str, Any] = field(default_factory=dict)
    calendar: "WorkCalendar | None" = None  # replaced (not mutated) when the agency's settings change
    extra: dict[str, Any] = field(default_factory=dict)  # plugins' own per-app objects, keyed by plugin name


_current: contextvars.ContextVar[Context] = contextvars.ContextVar("balai_context")


class NoContext(RuntimeError):
    """Balai code ran outside any app: build one with ``create_app(config)`` (or ``balai.context.build``)."""


def current() -> Context:
    try:
        return _current.get()
    except LookupError:
        raise NoContext(
            "Tidak ada aplikasi Balai yang aktif: panggil ini di dalam permintaan, tugas latar, "
            "perintah balai, atau uji yang memakai fixture app dari balai.testing."
        ) from None


def activate(context: Context) -> contextvars.Token:
    """Make ``context`` the current one in this task (and in the tasks it starts)."""
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)


@contextmanager
def active(context: Context) -> Iterator[Context]:
    token = activate(context)
    try:
        yield context
    finally:
        deactivate(token)
