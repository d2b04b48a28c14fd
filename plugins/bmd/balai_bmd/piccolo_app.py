from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai_bmd.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="bmd",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=list(TABLES),
)
