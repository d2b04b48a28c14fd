"""Per-install settings: one JSON value per key. The only code that touches ``core_setting``."""

from __future__ import annotations

from contextlib import asynccontextmanager

from balai.settings.tables import Setting


async def read(keys) -> dict[str, object]:
    """``{key: value}`` for those of ``keys`` that are set (one query)."""
    rows = await Setting.select(Setting.key, Setting.value).where(Setting.key.is_in(list(keys))).output(load_json=True)
    return {r["key"]: r["value"] for r in rows}


async def write(key: str, value) -> None:
    """Set ``key`` to ``value`` (any JSON value), creating the row the first time."""
    updated = await Setting.update({Setting.value: value}).where(Setting.key == key).returning(Setting.id)
    if not updated:
        await Setting.insert(Setting(key=key, value=value))


@asynccontextmanager
async def transaction():
    """Several writes that stand or fall together (and with the audit entry written inside)."""
    async with Setting._meta.db.transaction():
        yield
