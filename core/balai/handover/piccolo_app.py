from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.handover.tables import CaseLink

APP_CONFIG = AppConfig(
    app_name="handover",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[CaseLink],
    migration_dependencies=["balai.workflow.piccolo_app"],
)
