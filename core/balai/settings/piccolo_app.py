from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.settings.tables import Setting

APP_CONFIG = AppConfig(
    app_name="settings",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Setting],
    migration_dependencies=[],
)
