from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.clocks.tables import CaseClock, ClockEvent

APP_CONFIG = AppConfig(
    app_name="clocks",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[CaseClock, ClockEvent],
    migration_dependencies=["balai.workflow.piccolo_app"],
)
