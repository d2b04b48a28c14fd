"""No module-level mutable state in the core: what an app is made of lives in its context.

Two apps in one process (tests, or an agency's several configurations) must not share a registry
by accident. This walks every module of the core (``core/balai``) and fails on:

- a ``global`` statement;
- a module-level assignment of a dict, list or set (literal or comprehension): constants are
  tuples, frozensets or ``MappingProxyType``; ``__all__`` stays a list, as Python's convention;
- a module-level assignment from a call whose value is not immutable (checked on the imported
  value), unless the type or the name is in the allowlists below, each with its reason;
- a cache decorator on a module-level function (a cache is state), unless allowlisted;
- the environment read at import time (``os.environ`` / ``os.getenv`` outside a function).
"""

from __future__ import annotations

import ast
import contextvars
import importlib
import inspect
import logging
import re
import types
import typing
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePath
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pluggy
import pytest
from piccolo.conf.apps import AppConfig

CORE = Path(__file__).resolve().parent.parent / "core" / "balai"
# Piccolo's migration modules run once, by the migration command; their constants describe one
# schema step and are never read by a running app.
SKIPPED_FOLDERS = frozenset({"migrations"})

IMMUTABLE = (str, bytes, int, float, bool, type(None), tuple, frozenset, MappingProxyType, re.Pattern, PurePath,
             date, datetime, time, timedelta, ZoneInfo, type)

# Types whose module-level instances are fine, and why.
ALLOWED_TYPES = {
    logging.Logger: "the logging module keeps loggers process-wide by design; no app setting is in them",
    contextvars.ContextVar: "the mechanism that keeps per-app and per-request values apart (balai.context, locale)",
    pluggy.HookspecMarker: "a stateless marker for the hook specifications",
    pluggy.HookimplMarker: "a stateless marker for hook implementations",
    AppConfig: "Piccolo's contract (APP_CONFIG of a piccolo_app module): the app's tables and migrations, "
               "the same for every Balai app",
    pytest.StashKey: "a key into pytest's own per-run stash (balai.testing), holding nothing itself",
    type(typing.Annotated[int, 0]): "a type: the boundary types of balai.web.inputs, read by Litestar, never written",
    types.GenericAlias: "a type (dict[str, Any]), never written",
}

# (module, name) that stay, and why.
ALLOWED_NAMES = {
    ("balai.identity.auth", "_hasher"): "argon2's PasswordHasher holds only its fixed parameters (stateless)",
}

ALLOWED_CACHES = {
    ("balai.calendar.service", "national_holidays"): "a pure function of (year, category, language): "
                                                      "the same answer for every app",
    ("balai.calendar.service", "closed_days"): "a pure function of (year, with_cuti_bersama)",
    ("balai.piccolo_conf", "_outside_any_app"): "Piccolo's own command line only, where no Balai app runs: "
                                                "one context built for that process",
}

ALLOWED_ENVIRONMENT = {
    "balai": "tells Piccolo's tools where Balai's piccolo_conf is (PICCOLO_CONF); reads no setting",
    "balai.testing.support": "the test kit's browser path (BALAI_CHROMIUM), read when pytest loads it",
    "balai.testing.check_plugin": "the plugin named by `balai check-plugin` to the pytest run it starts",
}

MUTABLE_NODES = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)


def core_modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE.parent).with_suffix("").parts
        if SKIPPED_FOLDERS & set(parts):
            continue
        found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def module_level(statements):
    """Statements run at import: the module's body, including inside top-level if/try."""
    for st in statements:
        if isinstance(st, (ast.If, ast.Try)):
            yield from module_level(st.body)
            yield from module_level(st.orelse)
            for handler in getattr(st, "handlers", []):
                yield from module_level(handler.body)
            yield from module_level(getattr(st, "finalbody", []))
        else:
            yield st


def _names(st) -> list[str]:
    targets = st.targets if isinstance(st, ast.Assign) else [st.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _reads_environment(node) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in ("environ", "getenv"):
            return True
    return False


def problems_in(dotted: str, source: str, load=importlib.import_module) -> list[str]:
    """Everything this module keeps at module level that an app could change or share."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{dotted}:{node.lineno}: global {', '.join(node.names)}")
    module = None
    for st in module_level(tree.body):
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in st.decorator_list:
                if re.search(r"\bcache\b|lru_cache|cached", ast.unparse(decorator)) \
                        and (dotted, st.name) not in ALLOWED_CACHES:
                    found.append(f"{dotted}:{st.lineno}: {st.name} keeps a cache ({ast.unparse(decorator)})")
            continue
        if isinstance(st, ast.ClassDef):
            continue
        if _reads_environment(st) and dotted not in ALLOWED_ENVIRONMENT:
            found.append(f"{dotted}:{st.lineno}: reads the environment at import: {ast.unparse(st)[:80]}")
        if not isinstance(st, (ast.Assign, ast.AnnAssign, ast.AugAssign)) or st.value is None:
            continue
        names = _names(st) if not isinstance(st, ast.AugAssign) else [getattr(st.target, "id", "?")]
        if names == ["__all__"]:
            continue
        if isinstance(st.value, MUTABLE_NODES):
            found.append(f"{dotted}:{st.lineno}: {', '.join(names)} is a mutable {type(st.value).__name__.lower()} "
                         f"(use a tuple, frozenset or MappingProxyType)")
        elif isinstance(st.value, ast.Call):
            module = module or load(dotted)
            for name in names:
                value = getattr(module, name)
                if isinstance(value, IMMUTABLE) or inspect.isfunction(value) or _frozen(value):
                    continue
                if isinstance(value, tuple(ALLOWED_TYPES)) or (dotted, name) in ALLOWED_NAMES:
                    continue
                found.append(f"{dotted}:{st.lineno}: {name} is a {type(value).__name__}, which can change")
    return found


def _frozen(value) -> bool:
    """A frozen dataclass (or a LazyProxy around a string) whose fields are immutable too."""
    params = getattr(type(value), "__dataclass_params__", None)
    if params is not None and params.frozen:
        return all(isinstance(getattr(value, f), IMMUTABLE) or _frozen(getattr(value, f))
                   for f in type(value).__dataclass_fields__)
    return type(value).__name__ == "LazyProxy"


@pytest.mark.parametrize("dotted,path", core_modules(), ids=[m for m, _ in core_modules()])
def test_no_module_level_mutable_state(dotted, path):
    assert problems_in(dotted, path.read_text()) == []


def test_the_guard_catches_what_it_is_for():
    """Kept honest: each kind of state it exists to refuse is refused."""
    fake = type("M", (), {"_seen": set(), "_engine": object(), "URL": "sqlite:///x"})

    def load(_dotted):
        return fake

    cases = {
        "_cache = {}": "mutable dict",
        "_pending: list[int] = []": "mutable list",
        "_seen = set()": "is a set",
        "_engine = make_engine()": "is a object",
        "def f():\n    global _x\n    _x = 1": "global _x",
        "import functools\n@functools.lru_cache\ndef g(x):\n    return x": "keeps a cache",
        "import os\nURL = os.environ.get('BALAI_DATABASE_URL')": "reads the environment",
    }
    for source, expected in cases.items():
        problems = problems_in("balai.contoh", source, load=load)
        assert any(expected in p for p in problems), (source, problems)
    constants = type("M", (), {"NAMES": frozenset({"x"}), "OPT": MappingProxyType({"permission": "login"})})
    source = "KINDS = ('a', 'b')\nNAMES = frozenset({'x'})\nOPT = MappingProxyType({'permission': 'login'})\n__all__ = ['f']"
    assert problems_in("balai.contoh", source, load=lambda _dotted: constants) == []
