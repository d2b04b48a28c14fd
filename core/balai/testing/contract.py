"""The contract a plugin keeps with the core, as functions that return what is wrong.

``balai check-plugin`` runs them on an installed plugin (balai/testing/check_plugin.py); the
core's own tests run them on the bundled plugins.
"""

from __future__ import annotations

import ast
from pathlib import Path

# What a plugin may import of Balai: the plugin API; its tests may also use the test kit.
ALLOWED = ("balai.api",)
ALLOWED_IN_TESTS = ("balai.api", "balai.testing")
SKIP_DIRS = frozenset({"__pycache__", "build", "node_modules"})


def _imported(tree: ast.AST):
    """(line, dotted name) of every absolute import of the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module == "balai":  # from balai import api, workflow
                for alias in node.names:
                    yield node.lineno, f"balai.{alias.name}"
            else:
                yield node.lineno, node.module


def import_problems(folder: Path, in_tests: bool = False) -> list[str]:
    """``file:line: imports balai.x`` for each import of Balai beyond ``balai.api`` under ``folder``.

    A module under a ``tests`` folder may also import ``balai.testing``.
    """
    folder = Path(folder)
    problems = []
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(folder).parts
        if SKIP_DIRS & set(parts) or any(p.endswith(".egg-info") for p in parts):
            continue
        allowed = ALLOWED_IN_TESTS if in_tests or "tests" in parts else ALLOWED
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as exc:
            problems.append(f"{path}:{exc.lineno}: tidak dapat dibaca ({exc.msg})")
            continue
        for line, name in _imported(tree):
            if (name == "balai" or name.startswith("balai.")) and not any(
                    name == a or name.startswith(a + ".") for a in allowed):
                problems.append(f"{path}:{line}: mengimpor {name} (plugin hanya boleh memakai {', '.join(allowed)})")
    return problems


def plugin_import_problems(plugin) -> list[str]:
    """The imports of the plugin's package: the modules that ``pip install`` ships."""
    from balai.devtools import package_dir

    return import_problems(package_dir(plugin.module))


def translation_problems(plugin) -> list[str]:
    """Each string of the plugin's code and templates without an English translation."""
    from balai.devtools import plugin_catalogue, untranslated

    cat = plugin_catalogue(plugin)
    return [f"{line} (tidak ada terjemahan en di {cat.po('en')})" for line in untranslated(cat)]
