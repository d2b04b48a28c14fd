from pathlib import Path

from piccolo.conf.apps import AppConfig

from balai.personaldata.tables import PersonalDataAccess, PersonalDataTombstone

APP_CONFIG = AppConfig(
    app_name="personaldata",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[PersonalDataAccess, PersonalDataTombstone],
    migration_dependencies=["balai.documents.piccolo_app"],
)
