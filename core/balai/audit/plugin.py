"""The audit log as a core plugin: its table (the admin page lives with the other admin pages)."""

from balai.api import hookimpl


@hookimpl
def piccolo_apps():
    return ["balai.audit.piccolo_app"]
