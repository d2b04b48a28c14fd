from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.notify.tables import JobLease, Notification

APP_CONFIG = AppConfig(
    app_name="notify",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Notification, JobLease],
    migration_dependencies=["balai.identity.piccolo_app"],
)
