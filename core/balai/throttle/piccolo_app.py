from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.throttle.tables import Throttle

APP_CONFIG = AppConfig(
    app_name="throttle",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Throttle],
    migration_dependencies=[],
)
