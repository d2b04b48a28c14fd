"""Fixtures shared by the PPID tests (the core's fixtures come from balai.testing)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # ppid_support beside the tests


@pytest.fixture
def clock_time(monkeypatch):
    """``clock_time(moment)`` fixes the moment the case and its clocks see as now, so that a deadline
    counted by hand on the 2026/2027 calendar can be asserted. The core's clock tests do the same."""
    from balai.workflow import store

    def set_now(moment):
        monkeypatch.setattr(store, "now", lambda: moment)

    return set_now
