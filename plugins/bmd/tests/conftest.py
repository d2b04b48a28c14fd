"""Fixtures shared by the BMD tests (the core's fixtures come from balai.testing)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # bmd_support beside the tests


@pytest.fixture
async def pengurus(make_user):
    return await make_user(roles=[("pengurus_barang", "umum")], unit="umum")
