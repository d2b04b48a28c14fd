"""Piccolo's configuration module (``PICCOLO_CONF=balai.piccolo_conf``).

The engine comes from ``BALAI_DATABASE_URL``; the app registry holds the core's apps and
those of every enabled plugin, each with its own migrations.
"""

from piccolo.conf.apps import AppRegistry

from balai.config import load_config
from balai.db import engine_for
from balai.plugins import load_host

_config = load_config()
DB = engine_for(_config.database_url)

CORE_APPS = [
    "balai.identity.piccolo_app",
    "balai.workflow.piccolo_app",
    "balai.documents.piccolo_app",
    "balai.notify.piccolo_app",
]


def _plugin_apps() -> list[str]:
    host = load_host(_config.plugins)
    apps: list[str] = []
    for plugin_name, paths in host.per_plugin("piccolo_apps"):
        if not plugin_name.startswith("core."):
            apps.extend(paths or [])
    return apps


APP_REGISTRY = AppRegistry(apps=CORE_APPS + _plugin_apps())
