"""Balai core: identity, roles, documents, workflow and inbox, audit and settings.

Plugins import from :mod:`balai.api` only.
"""

__version__ = "0.1.0"

import os as _os

# Piccolo finds its engine and apps through this module; set before any table is used.
_os.environ.setdefault("PICCOLO_CONF", "balai.piccolo_conf")
