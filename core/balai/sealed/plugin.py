"""Sealed content as a core plugin: its table, the key check at start-up, its commands."""

from __future__ import annotations

from balai.api import hookimpl


@hookimpl
def piccolo_apps():
    return ["balai.sealed.piccolo_app"]


@hookimpl
def startup(app):
    """No app starts with sealed data it cannot open, or a sealed SOP and no key."""
    from balai.sealed.service import ensure_keys

    return ensure_keys()
