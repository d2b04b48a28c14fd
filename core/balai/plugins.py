"""The plugin host: discovery, metadata checks, enabling, and hook calls.

Installed plugins are found through the ``balai`` entry-point group. The configuration
chooses which of them are enabled (default: all); only enabled plugins are registered with
pluggy, so a disabled plugin contributes nothing (its tables and data stay untouched).
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from importlib.metadata import entry_points

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from balai import __version__, hookspecs
from balai.registry import PluginMeta

# The core's own services, each written as a plugin on the same hooks (registered as "core.<service>").
CORE_PLUGINS = (
    "balai.identity.plugin", "balai.settings.plugin", "balai.audit.plugin", "balai.jobs.plugin",
    "balai.workflow.plugin", "balai.documents.plugin", "balai.notifications.plugin", "balai.calendar.plugin",
    "balai.sop.plugin",
)


class PluginError(RuntimeError):
    """Start-up cannot go on: the message names the plugin and what is wrong."""


@dataclass
class InstalledPlugin:
    meta: PluginMeta
    module: object
    enabled: bool
    dist: str = ""


def discover() -> list[InstalledPlugin]:
    """Every plugin installed in this environment, enabled or not."""
    found: dict[str, InstalledPlugin] = {}
    for ep in entry_points(group="balai"):
        try:
            module = ep.load()
        except Exception as exc:  # a broken plugin must say who it is
            raise PluginError(f"Plugin '{ep.name}' tidak dapat dimuat: {exc}") from exc
        meta = getattr(module, "META", None)
        if not isinstance(meta, PluginMeta):
            raise PluginError(f"Plugin '{ep.name}' ({ep.value}) tidak mendefinisikan META = PluginMeta(...)")
        if meta.name != ep.name:
            raise PluginError(f"Plugin '{ep.name}': entry point dan META.name ('{meta.name}') berbeda")
        dist = ep.dist.name if ep.dist else ""
        if meta.name in found:
            raise PluginError(
                f"Dua plugin memakai nama yang sama: '{meta.name}' "
                f"(paket {found[meta.name].dist or '?'} dan {dist or ep.value})"
            )
        found[meta.name] = InstalledPlugin(meta=meta, module=module, enabled=True, dist=dist)
    return sorted(found.values(), key=lambda p: p.meta.name)


def check(plugins: list[InstalledPlugin], enabled: tuple[str, ...] | None) -> list[InstalledPlugin]:
    """Mark which plugins are enabled and refuse an inconsistent set."""
    names = {p.meta.name for p in plugins}
    if enabled is not None:
        unknown = set(enabled) - names
        if unknown:
            raise PluginError(f"Plugin diaktifkan tetapi tidak terpasang: {', '.join(sorted(unknown))}")
    for p in plugins:
        p.enabled = enabled is None or p.meta.name in enabled
    core_version = Version(__version__)
    for p in plugins:
        if not p.enabled:
            continue
        try:
            spec = SpecifierSet(p.meta.core)
        except InvalidSpecifier as exc:
            raise PluginError(f"Plugin '{p.meta.name}': versi core '{p.meta.core}' tidak sah") from exc
        if core_version not in spec:
            raise PluginError(
                f"Plugin '{p.meta.name}' {p.meta.version} membutuhkan core {p.meta.core}, "
                f"terpasang core {__version__}"
            )
        for req in p.meta.requires:
            other = next((o for o in plugins if o.meta.name == req), None)
            if other is None:
                raise PluginError(f"Plugin '{p.meta.name}' membutuhkan plugin '{req}', yang tidak terpasang")
            if not other.enabled:
                raise PluginError(f"Plugin '{p.meta.name}' membutuhkan plugin '{req}', yang tidak diaktifkan")
    return plugins


class Host:
    """The pluggy manager plus what Balai knows about each plugin."""

    def __init__(self, plugins: list[InstalledPlugin]):
        self.pm = pluggy.PluginManager("balai")
        self.pm.add_hookspecs(hookspecs)
        self.plugins = plugins
        self.core_modules = []
        for dotted in CORE_PLUGINS:
            module = __import__(dotted, fromlist=["_"])
            self.pm.register(module, name=f"core.{dotted.split('.')[1]}")
            self.core_modules.append(module)
        for p in plugins:
            if p.enabled:
                try:
                    self.pm.register(p.module, name=p.meta.name)
                except pluggy.PluginValidationError as exc:
                    raise PluginError(f"Plugin '{p.meta.name}' tidak sesuai kontrak hook: {exc}") from exc
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            owner = self.pm.get_name(exc.plugin) if exc.plugin else "?"
            raise PluginError(f"Plugin '{owner}' mengimplementasikan hook yang tidak dikenal: {exc}") from exc
        check_tables(self)

    @property
    def hook(self):
        return self.pm.hook

    @property
    def enabled(self) -> list[InstalledPlugin]:
        return [p for p in self.plugins if p.enabled]

    def name_of(self, module) -> str:
        return self.pm.get_name(module)

    def per_plugin(self, hook_name: str, **kwargs) -> list[tuple[str, object]]:
        """Call one hook on each plugin separately, keeping who returned what."""
        results = []
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            value = impl.function(**{k: kwargs[k] for k in impl.argnames})
            results.append((impl.plugin_name, value))
        return results


def check_tables(host: "Host") -> None:
    """A plugin's Piccolo app is named after the plugin and its tables start with ``<plugin>_``.

    Two plugins could otherwise claim the same table, or one could write into the core's.
    """
    for owner, paths in host.per_plugin("piccolo_apps"):
        if owner.startswith("core."):
            continue
        for dotted in paths or []:
            try:
                app_config = importlib.import_module(dotted).APP_CONFIG
            except (ImportError, AttributeError) as exc:
                raise PluginError(f"Plugin '{owner}': aplikasi Piccolo '{dotted}' tidak dapat dimuat: {exc}") from exc
            if app_config.app_name != owner:
                raise PluginError(
                    f"Plugin '{owner}': aplikasi Piccolo '{dotted}' harus bernama '{owner}', "
                    f"bukan '{app_config.app_name}'"
                )
            for table in app_config.table_classes:
                if not table._meta.tablename.startswith(owner + "_"):
                    raise PluginError(
                        f"Plugin '{owner}': nama tabel '{table._meta.tablename}' ({table.__name__}) "
                        f"harus diawali '{owner}_'"
                    )


async def await_me_maybe(value):
    """Hooks may return a value, a callable, or an awaitable: resolve to the value."""
    if callable(value):
        value = value()
    if inspect.isawaitable(value):
        value = await value
    return value


def load_host(enabled: tuple[str, ...] | None) -> Host:
    return Host(check(discover(), enabled))
