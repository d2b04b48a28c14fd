from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai_pengaduan.tables import TABLES

APP_CONFIG = AppConfig(
    app_name="pengaduan",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=list(TABLES),
)
