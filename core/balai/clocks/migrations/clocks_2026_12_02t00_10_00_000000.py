"""A partial index on running clocks: the inbox asks each row's case for its nearest running
clock, the reminders and escalation ask for running clocks by deadline.

The same statement runs on PostgreSQL and SQLite (both know partial indexes).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "running clocks index"

INDEXES = {
    "core_case_clock_running": "core_case_clock (\"case\", due_at, id) WHERE state = 'berjalan'",
    "core_case_clock_running_due": "core_case_clock (due_at) WHERE state = 'berjalan'",
}


async def forwards():
    from balai.clocks.tables import CaseClock

    manager = MigrationManager(migration_id=ID, app_name="clocks", description=DESCRIPTION)

    async def create():
        for name, spec in INDEXES.items():
            await CaseClock.raw(f"CREATE INDEX IF NOT EXISTS {name} ON {spec}")

    async def drop():
        for name in INDEXES:
            await CaseClock.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
