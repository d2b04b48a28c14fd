from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.notifications.tables import Notification

APP_CONFIG = AppConfig(
    app_name="notifications",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Notification],
    migration_dependencies=['balai.identity.piccolo_app'],
)
