"""Per-install settings as a core plugin: their table."""

from balai.api import hookimpl


@hookimpl
def piccolo_apps():
    return ["balai.settings.piccolo_app"]
