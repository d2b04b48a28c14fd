"""Piccolo's configuration module (``PICCOLO_CONF=balai.piccolo_conf``), for Piccolo's own tools.

``DB`` and ``APP_REGISTRY`` are looked up when Piccolo asks for them, not made at import: inside
an app or a ``balai`` command they are the current context's engine and apps (balai.context);
asked from outside any (``piccolo migrations new <plugin> --auto``), they come from one context
built from the configuration for that command.
"""

from functools import lru_cache

from balai import context


@lru_cache(maxsize=1)
def _outside_any_app() -> context.Context:
    """Piccolo's command line runs no Balai app: build one context for the process, on first use."""
    return context.build()


def _context() -> context.Context:
    return context.get() or _outside_any_app()


def __getattr__(name: str):
    if name == "DB":
        return _context().engine
    if name == "APP_REGISTRY":
        return _context().apps
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
