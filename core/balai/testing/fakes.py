"""Fake plugins for the plugin-host tests: modules built in memory, found through a fake entry point."""

from __future__ import annotations

import types

from balai.api import PluginMeta, hookimpl


class FakeEntryPoint:
    """Just what balai.plugins.discover reads from an importlib.metadata entry point."""

    def __init__(self, module, dist: str = ""):
        self.name = module.META.name
        self.value = module.__name__
        self.module = module
        self.dist = types.SimpleNamespace(name=dist or f"balai-{self.name}")

    def load(self):
        return self.module


def fake_plugin(name: str, core: str = ">=0.1,<1", requires: tuple[str, ...] = (), **hooks):
    """A plugin module named ``name`` implementing ``hooks`` (hook name -> plain function)."""
    module = types.ModuleType(f"fake_{name}")
    module.META = PluginMeta(name=name, version="1.0", label=name.title(), core=core, requires=requires)
    for hook_name, function in hooks.items():
        function.__name__ = hook_name
        setattr(module, hook_name, hookimpl(function))
    return module


def install(monkeypatch, *modules, dists: tuple[str, ...] = ()) -> None:
    """Make ``modules`` the only installed plugins (the real ones are not seen)."""
    eps = [FakeEntryPoint(m, dists[i] if i < len(dists) else "") for i, m in enumerate(modules)]
    monkeypatch.setattr("balai.plugins.entry_points", lambda group: eps if group == "balai" else [])
