from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.documents import tables

APP_CONFIG = AppConfig(
    app_name="documents",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[tables.Document, tables.DocumentVersion],
    migration_dependencies=["balai.identity.piccolo_app"],
)
