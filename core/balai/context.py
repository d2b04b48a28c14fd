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
    from piccolo.conf.apps import AppRegistry
    from piccolo.engine.base import Engine

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
    engine: "Engine | None" = None  # bound to every table of ``apps`` (see balai.db.bind)
    apps: "AppRegistry | None" = None  # Piccolo's apps: the core's and the enabled plugins'

    def kept(self, key: str, build) -> Any:
        """``extra[key]``, made with ``build(self)`` the first time it is asked for (declarations
        that plugins make once per app: public forms, hand-over targets, personal data)."""
        if key not in self.extra:
            self.extra[key] = build(self)
        return self.extra[key]


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


def get() -> Context | None:
    """The current context, or None outside any app (import time, a bare script)."""
    return _current.get(None)


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


def build(config: "Config | None" = None, host: "Host | None" = None, engine: "Engine | None" = None) -> Context:
    """Make one app's context: everything :func:`create_app` and the command line need, built once.

    Raises ``PluginError`` for an inconsistent plugin set and ``DefinitionError`` for a broken SOP,
    each naming what is wrong: Balai does not start with either. ``engine`` shares another
    context's database engine (same URL); by default an engine already bound to the tables for
    the same URL is reused, because Piccolo binds a table class to one engine per process.
    """
    from zoneinfo import ZoneInfo

    from balai import db, i18n
    from balai.calendar.service import WorkCalendar
    from balai.config import load_config
    from balai.documents.storage import storage_for
    from balai.plugins import load_host
    from balai.web.app import build_catalogue
    from balai.workflow.engine import load_sops

    config = config or load_config()
    host = host or load_host(config.plugins)
    catalogue = build_catalogue(host)
    apps = db.app_registry(host)
    engine = engine or db.engine_for_tables(config.database_url, apps)
    db.bind(engine, apps)
    return Context(
        config=config,
        host=host,
        catalogue=catalogue,
        sops=load_sops(host, set(catalogue.roles)),
        storage=storage_for(config.storage_url),
        translations=i18n.build(locale_folders(config, host)),
        calendar=WorkCalendar(tz=ZoneInfo(config.timezone)),
        engine=engine,
        apps=apps,
    )


def locale_folders(config: "Config", host: "Host") -> list:
    """(domain, folder) of the core's catalogues and each enabled plugin's: ``locale/`` beside the
    plugin's module by convention, or what its ``locale_dirs`` hook names instead."""
    folders = [("balai", config.locale_dir)]
    for owner, folder in host.folders("locale"):
        if not owner.startswith("core."):
            folders.append((owner, folder))
    return folders
