from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.sealed.tables import SealingKeyUse

APP_CONFIG = AppConfig(
    app_name="sealed",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[SealingKeyUse],
    migration_dependencies=[],
)
