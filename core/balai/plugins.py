"""The plugin host: discovery, metadata checks, enabling, and hook calls.

Installed plugins are found through the ``balai`` entry-point group. The configuration
chooses which of them are enabled (default: all); only enabled plugins are registered with
pluggy, so a disabled plugin contributes nothing (its tables and data stay untouched).
"""

from __future__ import annotations

import importlib
import inspect
import logging
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from balai import __version__, hookspecs
from balai.registry import PluginMeta

log = logging.getLogger("balai.plugins")

# The core's own services, each written as a plugin on the same hooks (registered as "core.<service>").
CORE_PLUGINS = (
    "balai.identity.plugin", "balai.settings.plugin", "balai.audit.plugin", "balai.jobs.plugin",
    "balai.workflow.plugin", "balai.documents.plugin", "balai.notifications.plugin", "balai.calendar.plugin",
    "balai.sop.plugin", "balai.throttle.plugin", "balai.sealed.plugin", "balai.clocks.plugin", "balai.officialdocs.plugin",
    "balai.submissions.plugin", "balai.handover.plugin",
    "balai.personaldata.plugin",
)


class PluginError(RuntimeError):
    """Start-up cannot go on: the message names the plugin and what is wrong."""


@dataclass
class InstalledPlugin:
    meta: PluginMeta
    module: object
    enabled: bool
    dist: str = ""
    warnings: list[str] = field(default_factory=list)  # compatibility warnings (PluginMeta.core_warn)


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
        if not meta.version:  # written once, in the distribution's metadata
            meta = replace(meta, version=getattr(ep.dist, "version", "") or "0")
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
        if p.meta.core_warn:
            try:
                tested = SpecifierSet(p.meta.core_warn)
            except InvalidSpecifier as exc:
                raise PluginError(f"Plugin '{p.meta.name}': versi core '{p.meta.core_warn}' tidak sah") from exc
            if core_version not in tested:
                p.warnings = [
                    f"Plugin '{p.meta.name}' {p.meta.version} diuji dengan core {p.meta.core_warn}, "
                    f"terpasang core {__version__}"
                ]
                log.warning(p.warnings[0])
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

    def per_plugin(self, hook_name: str, *, robust: bool = False, arguments_for=None,
                   **kwargs) -> list[tuple[str, object]]:
        """Call one hook through pluggy, each plugin on its own, keeping who returned what.

        The one way Balai calls hooks where the answer's owner matters (prefix checks, mount paths)
        or where one plugin must not break the others: every implementation is reached through
        ``pm.subset_hook_caller`` (pluggy's own call loop, with the other plugins left out), in the
        order the plugins were registered. Answers are returned as given (see :meth:`call` to await
        them). With ``robust``, an implementation that raises is logged with its plugin's name and
        left out, and the other plugins still answer. ``arguments_for(plugin name)``, when given,
        chooses each plugin's arguments instead of ``kwargs`` (a sealed case reaches only its own
        plugin unmasked: balai.sealed).
        """
        return list(self._each(hook_name, robust, kwargs, arguments_for))

    def _each(self, hook_name: str, robust: bool, kwargs: dict, arguments_for=None):
        impls = getattr(self.pm.hook, hook_name).get_hookimpls()
        for impl in impls:
            caller = self.pm.subset_hook_caller(hook_name, remove_plugins=[i.plugin for i in impls if i is not impl])
            try:
                answers = caller(**(arguments_for(impl.plugin_name) if arguments_for else kwargs))
            except Exception:
                if not robust:
                    raise
                log.exception("Plugin '%s': hook %s gagal", impl.plugin_name, hook_name)
                continue
            yield impl.plugin_name, answers[0] if answers else None

    async def call(self, hook_name: str, *, robust: bool = False, arguments_for=None,
                   **kwargs) -> list[tuple[str, object]]:
        """:meth:`per_plugin` with every answer resolved by :func:`await_me_maybe` (the workflow's
        hooks, start-up, demo data, notifiers). Each plugin is called and awaited before the next
        is called, so a plugin that fails leaves no other plugin's coroutine never awaited. With
        ``robust``, an answer whose awaiting raises is logged with its plugin's name and left out."""
        results = []
        for owner, answer in self._each(hook_name, robust, kwargs, arguments_for):
            try:
                results.append((owner, await await_me_maybe(answer)))
            except Exception:
                if not robust:
                    raise
                log.exception("Plugin '%s': hook %s gagal", owner, hook_name)
        return results

    def folders(self, kind: str) -> list[tuple[str, Path]]:
        """(plugin, folder) for a kind of resource (``templates``, ``static``, ``locale``).

        By convention the folder named ``kind`` beside the plugin's module, when it exists; a plugin
        whose ``<kind>_dirs`` hook answers uses that answer instead (a path or a list of paths).
        """
        hook = {"templates": "template_dirs", "static": "static_dirs", "locale": "locale_dirs"}[kind]
        declared = {owner: folders for owner, folders in self.per_plugin(hook) if folders}
        found = []
        for name, module in self.pm.list_name_plugin():
            folders = declared.get(name)
            if folders is None:
                home = plugin_folder(module)
                folders = [home / kind] if home else []
            for folder in [folders] if isinstance(folders, (str, Path)) else folders:
                if Path(folder).is_dir() and (name, Path(folder)) not in found:
                    found.append((name, Path(folder)))
        return found


def plugin_folder(module) -> Path | None:
    """Where a plugin's own files sit: its package folder (or, for a module, the folder holding it).
    None for a plugin made in memory (a test's)."""
    filename = getattr(module, "__file__", None)
    return Path(filename).resolve().parent if filename else None


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
