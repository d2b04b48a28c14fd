"""Partial indexes for the inbox: only open and waiting tasks are ever listed there.

The same statements run on PostgreSQL and SQLite (both know partial indexes).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-28T12:19:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "inbox indexes"

OPEN = "state IN ('terbuka', 'menunggu')"
INDEXES = {
    "core_task_open_pool": f"core_task (role, unit, due_at) WHERE {OPEN}",
    "core_task_open_assignee": f"core_task (assignee, due_at) WHERE {OPEN}",
    "core_task_open_taken": f"core_task (taken_by, due_at) WHERE {OPEN}",
    "core_task_case_step": "core_task (\"case\", step)",
}


async def forwards():
    from balai.workflow.tables import Task

    manager = MigrationManager(migration_id=ID, app_name="workflow", description=DESCRIPTION)

    async def create():
        for name, spec in INDEXES.items():
            await Task.raw(f"CREATE INDEX IF NOT EXISTS {name} ON {spec}")

    async def drop():
        for name in INDEXES:
            await Task.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
