"""The small value types plugins hand to the core through hooks."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from typing import Any, Awaitable, Callable


@dataclass(frozen=True)
class PluginMeta:
    """What a plugin says about itself (the module-level ``META`` of a plugin).

    ``version`` is left out: it comes from the plugin's distribution metadata (``pyproject.toml``),
    so it is written once. ``core`` is a version specifier (PEP 440) of the Balai core versions the
    plugin works with: outside it Balai refuses to start. ``core_warn`` is a narrower specifier (the
    versions the plugin was tested with): outside it Balai starts and logs a warning. ``requires``
    names other plugins that must be installed and enabled.
    """

    name: str
    _: KW_ONLY
    label: str
    version: str = ""
    description: str = ""
    core: str = ">=0.1,<1"
    core_warn: str = ""
    requires: tuple[str, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class Permission:
    code: str  # "<plugin>.<action>", e.g. "persuratan.register"
    label: str


@dataclass(frozen=True)
class Role:
    """An SOP actor. ``permissions`` are permission codes granted within the role's unit."""

    code: str
    label: str
    permissions: tuple[str, ...] = ()
    description: str = ""
    demo_unit: str = "umum"  # unit code where `balai demo` places this role's demo user

    def __post_init__(self):
        object.__setattr__(self, "permissions", tuple(self.permissions))


@dataclass(frozen=True)
class Grant:
    """Permissions of this plugin given to a role declared elsewhere (the core or another plugin).

    Returned from the ``roles`` hook beside the plugin's own :class:`Role` objects:
    ``Grant("kasubag_umum", ["ruang.setujui"])``. The holders of that role then hold these
    permissions too, within the role's unit. A grant to a role nobody declares stops start-up.
    """

    role: str
    permissions: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "permissions", tuple(self.permissions))


@dataclass(frozen=True)
class MenuItem:
    label: str
    href: str
    permission: str | None = None  # None: any signed-in user
    icon: str = ""
    order: int = 100
    badge_url: str | None = None  # HTMX endpoint returning a count, refreshed live


@dataclass(frozen=True)
class Widget:
    title: str
    template: str
    context: Any = None  # dict, or a callable returning a dict or an awaitable of one
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class Job:
    """A scheduled coroutine ``run()``; ``every`` in seconds. Runs once across all workers."""

    name: str
    run: Callable[[], Awaitable[None]]
    every: int = 300
    extra: dict = field(default_factory=dict)
