from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T00:42:30:730198"
VERSION = "1.38.0"
DESCRIPTION = "batas ke throttle inti"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="layanan", description=DESCRIPTION
    )

    manager.drop_table(class_name="Batas", tablename="layanan_batas", schema=None)

    return manager
