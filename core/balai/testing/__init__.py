"""The kit for testing Balai and its plugins.

Installing ``balai`` installs a pytest plugin (``balai.testing.plugin``, through the ``pytest11``
entry point), so a plugin's tests get these fixtures with plain ``pytest``:

``app``, ``client``, ``demo`` (the demo org tree: unit code -> id), ``login(user)``,
``make_user(roles=[("role", "unit")], unit=...)``, ``plugin_registered(obj, name=...)``,
``db_url``, and for browser tests ``live_server``, ``browser`` and ``page``.

The helpers below are plain functions for test modules. See docs/plugin-guide.md, "Testing".
"""

from balai.testing.fakes import fake_plugin, install
from balai.testing.support import (
    DEMO_PASSWORD, TestUser, browser_login, csrf_from, free_port, make_client, plugin_registered, sign_in,
)

__all__ = [
    "DEMO_PASSWORD", "TestUser", "browser_login", "csrf_from", "fake_plugin", "free_port",
    "install", "make_client", "plugin_registered", "sign_in",
]
