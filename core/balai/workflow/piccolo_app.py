from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.workflow.tables import Case, CaseEvent, Delegation, ReferenceCounter, Task

APP_CONFIG = AppConfig(
    app_name="workflow",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[Case, Task, CaseEvent, ReferenceCounter, Delegation],
    migration_dependencies=["balai.identity.piccolo_app"],
)
