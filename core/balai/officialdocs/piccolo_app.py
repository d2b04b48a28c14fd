from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.officialdocs.tables import IssuedDocument, NumberCounter

APP_CONFIG = AppConfig(
    app_name="officialdocs",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[NumberCounter, IssuedDocument],
    migration_dependencies=[],
)
