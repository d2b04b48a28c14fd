"""Meta-tests, as Datasette keeps them: every hook is documented with its exact signature and tested."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from balai import hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "hooks.md").read_text()
HOOKS = {name: fn for name, fn in vars(hookspecs).items() if callable(fn) and hasattr(fn, "balai_spec")}
TEST_SOURCES = [
    p for pattern in ("tests/**/test_*.py", "plugins/*/tests/**/test_*.py", "examples/*/tests/**/test_*.py")
    for p in ROOT.glob(pattern)
]


def heading(name: str) -> str:
    return f"### {name}{inspect.signature(HOOKS[name])}"


def test_the_contract_has_hooks():
    assert {"page_routes", "roles", "menu_items", "startup"} <= set(HOOKS)


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_is_documented_with_its_signature(name):
    assert heading(name) in DOCS.splitlines(), f"docs/hooks.md needs the heading: {heading(name)}"


def test_docs_describe_no_hook_that_does_not_exist():
    documented = set(re.findall(r"^### (\w+)\(", DOCS, flags=re.M))
    assert documented - set(HOOKS) == set()


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_is_exercised_by_a_test(name):
    pattern = re.compile(rf"def test_hook_{name}(?:_\w+)?\(")
    users = [p for p in TEST_SOURCES if pattern.search(p.read_text())]
    assert users, f"no test named test_hook_{name} in tests/, plugins/*/tests or examples/*/tests"
