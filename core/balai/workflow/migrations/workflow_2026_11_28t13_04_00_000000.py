"""The pool index covers only untaken tasks: the inbox asks for exactly those, and PostgreSQL
otherwise intersects it with the whole taken_by IS NULL index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-28T13:04:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "untaken pool index"

POOL = ("CREATE INDEX IF NOT EXISTS core_task_open_pool ON core_task (role, unit, due_at) "
        "WHERE state IN ('terbuka', 'menunggu') AND assignee IS NULL AND taken_by IS NULL")
OLD_POOL = ("CREATE INDEX IF NOT EXISTS core_task_open_pool ON core_task (role, unit, due_at) "
            "WHERE state IN ('terbuka', 'menunggu')")


async def forwards():
    from balai.workflow.tables import Task

    manager = MigrationManager(migration_id=ID, app_name="workflow", description=DESCRIPTION)

    async def swap(statement: str):
        await Task.raw("DROP INDEX IF EXISTS core_task_open_pool")
        await Task.raw(statement)

    async def create():
        await swap(POOL)

    async def restore():
        await swap(OLD_POOL)

    manager.add_raw(create)
    manager.add_raw_backwards(restore)
    return manager
