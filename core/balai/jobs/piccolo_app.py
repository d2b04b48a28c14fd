from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.jobs.tables import JobLease

APP_CONFIG = AppConfig(
    app_name="jobs",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[JobLease],
    migration_dependencies=[],
)
