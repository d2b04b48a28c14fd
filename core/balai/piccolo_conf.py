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



def _apps() -> list[str]:
    """The core's apps and the enabled plugins' apps, found the same way: the piccolo_apps hook."""
    host = load_host(_config.plugins)
    return [path for _owner, paths in host.per_plugin("piccolo_apps") for path in paths or []]


APP_REGISTRY = AppRegistry(apps=_apps())
